"""Pages of the preparation: the sessions of a launch (training modules of the launched services' programme and
workshops) and, per session, the attendance and result of each candidate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.launches import partners, preparation, selectors
from kooperacja.launches.forms import ResultForm, SessionForm
from kooperacja.launches.models import ApplicationState, PartnerState


def session_list(request, public_id):
    user = request.user
    launch = selectors.launch_get_for_view(user=user, public_id=public_id)
    manages = user.has_perm("launches.manage_launch", launch)
    committed = [row for row in selectors.partners_of(launch) if row.state == PartnerState.COMMITTED]
    form = (
        SessionForm(request.POST or None, modules=partners.modules_for(launch), partners=committed) if manages else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            preparation.session_add(actor=user, launch=launch, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The session was added."))
            return redirect("launches:sessions", public_id=launch.public_id)
    context = {"launch": launch, "sessions": selectors.sessions_of(launch), "form": form, "manages": manages}
    return render(request, "launches/session_list.html", context)


def session_results(request, public_id, session_id):
    user = request.user
    launch = selectors.launch_get_for_manage(user=user, public_id=public_id)
    session = selectors.session_get_for_manage(user=user, launch=launch, session_id=session_id)
    applications = list(selectors.applications_shown(user=user, launch=launch, state=ApplicationState.SUBMITTED))
    results = selectors.results_of(session)
    errors = {}
    if request.method == "POST":
        application = next((a for a in applications if str(a.public_id) == request.POST.get("application")), None)
        form = ResultForm(request.POST)
        if application is not None and form.is_valid():
            try:
                preparation.result_set(actor=user, session=session, application=application, data=form.cleaned_data)
            except ValidationError as exc:
                errors[application.pk] = " ".join(exc.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("launches:session-results", public_id=launch.public_id, session_id=session.pk)
        elif application is not None:
            errors[application.pk] = " ".join(str(e) for field in form.errors.values() for e in field)
    rows = [
        {"application": application, "result": results.get(application.pk), "error": errors.get(application.pk, "")}
        for application in applications
    ]
    context = {"launch": launch, "session": session, "rows": rows}
    return render(request, "launches/session_results.html", context)
