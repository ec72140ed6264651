"""Pages of applications: the list (with names for the launching organisation and a CIS/KIS's own candidates,
codes for the other readers), a direct application entered from the paper form, a participant put forward by a
CIS/KIS, the confirmation with the access code shown once (and its PDF), and withdrawing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.launches import calls, documents, selectors
from kooperacja.launches.forms import DirectApplicationForm, ParticipantApplicationForm, ReasonForm
from kooperacja.launches.models import ApplicationState
from kooperacja.launches.rules import referring_organisation_ids, sees_personal_data
from kooperacja.training import selectors as training

SESSION_KEY = "launches_access_codes"


def _keep_code(request, application, code: str) -> None:
    codes = dict(request.session.get(SESSION_KEY, {}))
    codes[str(application.public_id)] = code
    request.session[SESSION_KEY] = codes


def application_list(request, public_id):
    user = request.user
    launch = selectors.launch_get_for_view(user=user, public_id=public_id)
    state = request.GET.get("state") or None
    own = sees_personal_data(user, launch) or bool(referring_organisation_ids(user))
    named = selectors.applications_shown(user=user, launch=launch, state=state) if own else None
    page_obj = paginate(
        request, named if named is not None else selectors.application_codes(launch=launch, state=state)
    )
    context = {
        "launch": launch,
        "page_obj": page_obj,
        "rows": list(page_obj.object_list),
        "named": named is not None,
        "all_named": sees_personal_data(user, launch),
        "states": ApplicationState.choices,
        "state": state or "",
    }
    return render(request, "launches/application_list.html", context)


def _consent_context(launch) -> dict:
    return {"consent_version": calls.CONSENT_VERSION, "launch": launch}


def application_create(request, public_id):
    launch = selectors.launch_get_for_manage(user=request.user, public_id=public_id)
    form = DirectApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, code = calls.application_add_direct(actor=request.user, launch=launch, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            _keep_code(request, application, code)
            return redirect(
                "launches:application-confirmation", public_id=launch.public_id, application_id=application.public_id
            )
    context = {**_consent_context(launch), "form": form, "title": _("Application from the paper form")}
    return render(request, "launches/application_form.html", context)


def application_propose(request, public_id):
    user = request.user
    launch = selectors.launch_get_for_candidates(user=user, public_id=public_id)
    organisation_ids = sorted(referring_organisation_ids(user))
    participations = []
    for organisation_id in organisation_ids:
        for participation in training.participations_for_candidacy(user=user, organisation_id=organisation_id)[:200]:
            outcome = getattr(participation, "outcome", None)
            participation.label = f"{participation.person.first_name} {participation.person.last_name}" + (
                f" — {outcome.get_kind_display()}" if outcome is not None else ""
            )
            participations.append(participation)
    form = ParticipantApplicationForm(request.POST or None, participations=participations)
    if request.method == "POST" and form.is_valid():
        chosen = next((p for p in participations if str(p.public_id) == form.cleaned_data["participation"]), None)
        if chosen is None:
            raise Http404("participation")
        try:
            application, code = calls.application_add_participant(
                actor=user, launch=launch, participation=chosen, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied:
            form.add_error("participation", _("Choose a participant of your own CIS/KIS."))
        else:
            _keep_code(request, application, code)
            return redirect(
                "launches:application-confirmation", public_id=launch.public_id, application_id=application.public_id
            )
    context = {
        **_consent_context(launch),
        "form": form,
        "title": _("Put a participant forward"),
        "intro": _("Participants whose exit outcome is founding or joining a social cooperative are listed first."),
    }
    return render(request, "launches/application_form.html", context)


def application_confirmation(request, public_id, application_id):
    launch = selectors.launch_get_for_view(user=request.user, public_id=public_id)
    application = selectors.application_get_for_view(user=request.user, public_id=application_id)
    if application.call.launch_id != launch.pk:
        raise Http404("application")
    code = request.session.get(SESSION_KEY, {}).get(str(application.public_id))
    context = {"launch": launch, "application": application, "has_code": code is not None}
    return render(request, "launches/application_confirmation.html", context)


def application_confirmation_pdf(request, public_id, application_id):
    """The printed confirmation with the access code; the code leaves the session with it (shown once)."""
    launch = selectors.launch_get_for_view(user=request.user, public_id=public_id)
    application = selectors.application_get_for_view(user=request.user, public_id=application_id)
    if application.call.launch_id != launch.pk:
        raise Http404("application")
    codes = dict(request.session.get(SESSION_KEY, {}))
    code = codes.pop(str(application.public_id), None)
    if code is None:
        messages.error(request, _("The access code was printed already; it is not kept anywhere."))
        return redirect("launches:applications", public_id=launch.public_id)
    request.session[SESSION_KEY] = codes
    response = HttpResponse(documents.confirmation_pdf(application, access_code=code), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="zgloszenie-{application.entry_code}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def application_withdraw(request, public_id, application_id):
    launch = selectors.launch_get_for_view(user=request.user, public_id=public_id)
    application = selectors.application_get_for_view(user=request.user, public_id=application_id)
    if application.call.launch_id != launch.pk or not request.user.has_perm(
        "launches.withdraw_application", application
    ):
        raise Http404("application")
    form = ReasonForm(request.POST or None, initial={"version": application.version})
    if request.method == "POST" and form.is_valid():
        try:
            calls.application_withdraw(
                actor=request.user,
                application=application,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The application was withdrawn."))
            return redirect("launches:applications", public_id=launch.public_id)
    back = reverse("launches:applications", kwargs={"public_id": launch.public_id})
    return render(
        request, "launches/form.html", {"form": form, "title": _("Withdraw the application"), "back_url": back}
    )
