"""Pages of admission referrals: the referring side ("referred by us", the draft, issue and withdrawal) and the
receiving CIS/KIS (incoming referrals, accepting by enrolment, refusing)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.admission import documents, selectors, services
from kooperacja.admission.forms import (
    AdmissionEnrolForm,
    IssueForm,
    NoteForm,
    ReferralFilterForm,
    ReferralForm,
    RefuseForm,
)
from kooperacja.admission.models import ADMISSION_MACHINE, AdmissionStatus
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import long_date
from kooperacja.registry import selectors as registry
from kooperacja.training import selectors as training
from kooperacja.training import services as training_services
from kooperacja.training.models import EligibilityCategory

PER_PAGE = 25


def _filters(request) -> tuple[ReferralFilterForm, dict]:
    form = ReferralFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    return form, {"status": chosen.get("status") or None, "sort": chosen.get("sort") or None}


def _list(request, *, referrals, template: str, extra: dict):
    page_obj = paginate(request, referrals, per_page=PER_PAGE)
    context = {"page_obj": page_obj, **extra}
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def sent_list(request):
    """ "Referred by us": the referrals of the user's OPS/CUS/PUP with the progress of those admitted."""
    form, filters = _filters(request)
    referrals = selectors.referrals_sent(user=request.user, **filters)
    page_obj = paginate(request, referrals, per_page=PER_PAGE)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.with_progress(list(page_obj.object_list)),
        "may_create": selectors.referring_organisations_for(request.user).exists(),
    }
    template = "admission/sent_list.html"
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def incoming_list(request):
    form, filters = _filters(request)
    referrals = selectors.referrals_received(user=request.user, **filters)
    return _list(request, referrals=referrals, template="admission/incoming_list.html", extra={"form": form})


def _form_page(request, form, *, title: str, back_url: str, intro: str = ""):
    context = {"form": form, "title": title, "back_url": back_url, "intro": intro}
    return render(request, "admission/form.html", context)


def referral_create(request):
    referring = selectors.referring_organisations_for(request.user)
    form = ReferralForm(request.POST or None, referring=referring, targets=selectors.target_organisations())
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(actor=request.user, data=form.to_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft referral was saved."))
            return redirect("admission:detail", public_id=referral.public_id)
    intro = "" if referring.exists() else _("You refer people on behalf of none of your organisations (OPS, CUS, PUP).")
    return _form_page(
        request, form, title=_("New referral to a CIS or KIS"), back_url=reverse("admission:sent"), intro=intro
    )


def referral_edit(request, public_id):
    referral = selectors.referral_get_for_edit(user=request.user, public_id=public_id)
    initial = {
        name: getattr(referral, name)
        for name in ("first_name", "last_name", "phone", "applied_on", "applicant", "applicant_name")
    }
    initial |= {
        "referring_organisation": referral.referring_organisation_id,
        "target_organisation": referral.target_organisation_id,
        "home_municipality": referral.home_municipality_id,
        "consent_given": referral.consent_given,
        "categories": referral.categories,
        "interview_date": referral.interview_date,
        "opinion": referral.opinion,
        "version": referral.version,
    }
    form = ReferralForm(
        request.POST or None,
        initial=initial,
        referring=selectors.referring_organisations_for(request.user),
        targets=selectors.target_organisations(),
        editing=True,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.referral_update(
                actor=request.user,
                referral=referral,
                data=form.to_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        )
    ):
        messages.success(request, _("The draft referral was saved."))
        return redirect("admission:detail", public_id=referral.public_id)
    back = reverse("admission:detail", kwargs={"public_id": referral.public_id})
    return _form_page(request, form, title=_("Edit the draft referral"), back_url=back)


def referral_detail(request, public_id):
    referral = selectors.referral_get_for_page(user=request.user, public_id=public_id)
    user = request.user
    refers = user.has_perm("admission.issue_referral", referral)
    context = {
        "referral": referral,
        "events": labelled(selectors.referral_timeline(referral=referral)),
        "categories": referral_category_labels(referral),
        "moves": ADMISSION_MACHINE.allowed_for(user, referral),
        "may_edit": refers and referral.status == AdmissionStatus.DRAFT,
        "progress": selectors.referral_progress(referral=referral) if refers else None,
        "withdraw_form": NoteForm(),
    }
    return render(request, "admission/detail.html", context)


def referral_category_labels(referral) -> list[str]:
    labels = dict(EligibilityCategory.choices)
    return [str(labels.get(code, code)) for code in referral.categories]


def referral_issue(request, public_id):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.issue_referral"
    )
    back = reverse("admission:detail", kwargs={"public_id": referral.public_id})
    if referral.status != AdmissionStatus.DRAFT:
        messages.error(request, _("Only a draft referral can be issued."))
        return redirect(back)
    form = IssueForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.referral_issue(
                actor=request.user,
                referral=referral,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        )
    ):
        messages.success(request, _("The referral was issued."))
        return redirect(back)
    return _form_page(request, form, title=_("Issue the referral"), back_url=back)


@require_POST
def referral_withdraw(request, public_id):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.issue_referral"
    )
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.referral_withdraw(actor=request.user, referral=referral, note=note)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The referral was withdrawn."))
    return redirect("admission:detail", public_id=referral.public_id)


def referral_refuse(request, public_id):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.decide_referral"
    )
    back = reverse("admission:detail", kwargs={"public_id": referral.public_id})
    form = RefuseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.referral_refuse(actor=request.user, referral=referral, reason=form.cleaned_data["reason"])
        )
    ):
        messages.success(request, _("The referral was refused."))
        return redirect(back)
    return _form_page(request, form, title=_("Refuse the referral"), back_url=back)


def referral_accept(request, public_id):
    """Accept an issued referral by enrolling the person: the training enrolment form prefilled from it."""
    referral = selectors.referral_get_for_enrolment(user=request.user, public_id=public_id)
    back = reverse("admission:detail", kwargs={"public_id": referral.public_id})
    if referral.status != AdmissionStatus.ISSUED:
        messages.error(request, _("This referral has already been decided: it cannot be accepted again."))
        return redirect(back)
    organisations = registry.organisations(ids=[referral.target_organisation_id])
    initial = {
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "home_municipality": referral.home_municipality_id,
        "phone": referral.phone,
        "categories": referral.categories,
    }
    notes = {
        "period_notes": training.statutory_notes(codes=training_services.PERIOD_CODES, on_date=referral.issued_on),
        "eligibility_notes": [str(training_services.ELIGIBILITY_ASSUMPTION)],
    }
    form = AdmissionEnrolForm(request.POST or None, initial=initial, organisations=organisations, **notes)
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.referral_accept(
                actor=request.user,
                referral=referral,
                person_data=form.person_data(),
                participation_data=form.participation_data(),
                held_person=form.cleaned_data.get("held_person", ""),
            )
        except ValidationError as exc:
            if "held_person" in getattr(exc, "error_dict", {}):
                form = AdmissionEnrolForm(
                    request.POST, initial=initial, organisations=organisations, offer_held_choice=True, **notes
                )
                form.is_valid()
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The referral was accepted and the person enrolled."))
            return redirect("training:participant-detail", public_id=participation.public_id)
    intro = _(
        "%(name)s, born %(born)s, referred by %(referrer)s (no. %(number)s of %(date)s). The PESEL, the referring "
        "institution and the referral date are taken from the referral."
    ) % {
        "name": f"{referral.first_name} {referral.last_name}",
        "born": long_date(referral.birth_date),
        "referrer": referral.referring_organisation.name,
        "number": referral.number,
        "date": long_date(referral.issued_on) if referral.issued_on else "",
    }
    return _form_page(request, form, title=_("Accept the referral and enrol"), back_url=back, intro=intro)


def referral_pdf(request, public_id):
    referral = selectors.referral_get_for_document(user=request.user, public_id=public_id)
    data = documents.referral_pdf(referral, categories=referral_category_labels(referral))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="skierowanie.pdf"'
    response["Cache-Control"] = "no-store"
    return response
