"""Pages of participants: lists, the participant's page, enrolment, corrections and the moves of a stay."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.errors import ConflictError
from kooperacja.core.exports import csv_response
from kooperacja.core.pagination import paginate
from kooperacja.core.text import short_date
from kooperacja.training import attendance_selectors, links, selectors, services
from kooperacja.training.forms import (
    CohortChoiceForm,
    CourseCompletionForm,
    EligibilityCheckForm,
    EnrolForm,
    ExtensionForm,
    ModuleForm,
    ParticipantFilterForm,
    PersonForm,
    PeselSearchForm,
    QualificationForm,
    TransitionForm,
    plan_reference_label,
    plan_signed_label,
)
from kooperacja.training.views.common import PER_PAGE, form_page
from kooperacja.training.views.outcomes import outcome_context

# --- participants ------------------------------------------------------------------------------------


def _participants_filters(request):
    """The filter form of the participants list and the filters it selects (list and export)."""
    organisations = list(selectors.staff_organisations_for(request.user))
    form = ParticipantFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = {
        "status": filters.get("status") or None,
        "organisation_id": int(filters["organisation"]) if filters.get("organisation") else None,
        "q": filters.get("q") or None,
    }
    return form, organisations, chosen


def participant_list(request):
    form, organisations, filters = _participants_filters(request)
    participations = selectors.participations_shown_to_staff(user=request.user, **filters)
    page_obj = paginate(request, participations, per_page=PER_PAGE)
    rows = selectors.participation_progress(list(page_obj.object_list))
    export_url = reverse("training:participant-export")
    if form.is_bound:
        export_url += "?" + urlencode({name: value for name, value in request.GET.items() if name in form.fields})
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "organisations": organisations,
        "export_url": export_url,
    }
    template = (
        "training/participant_list.html#results"
        if request.htmx and not request.htmx.boosted
        else "training/participant_list.html"
    )
    return render(request, template, context)


def participant_export(request):
    """The participants list with the list's filters, all pages, as CSV: names, home municipality, CIS/KIS,
    status and dates; never the PESEL or contact data."""
    _form, _organisations, filters = _participants_filters(request)
    participations = selectors.participations_for_export(user=request.user, **filters)
    header = (
        _("First name"),
        _("Last name"),
        _("Home municipality"),
        _("CIS or KIS"),
        _("Status"),
        _("Participation from"),
        _("Planned end"),
    )
    rows = (
        (
            p.person.first_name,
            p.person.last_name,
            p.person.home_municipality.name,
            p.organisation.name,
            p.get_status_display(),
            p.start_date,
            p.planned_end_date,
        )
        for p in participations
    )
    return csv_response(file_name=f"participants-{timezone.localdate().isoformat()}.csv", header=header, rows=rows)


def participant_detail(request, public_id):
    participation = selectors.participation_get_for_page(user=request.user, public_id=public_id)
    person = participation.person
    modules = selectors.participation_modules(participation=participation)
    open_modules = [item["module"].pk for item in modules if item["completion"] is None]

    context = {
        "participation": participation,
        "person": person,
        "events": labelled(selectors.participation_timeline(participation=participation)),
        "attendance": attendance_selectors.participation_attendance_days(participation=participation),
        "modules": modules,
        "qualifications": selectors.person_qualifications(person=person),
        "courses": selectors.person_courses(person=person),
        "course_form": CourseCompletionForm(programmes=_course_programmes(participation)),
        "cohorts": list(participation.cohorts.select_related("programme").order_by("start_date")),
        "transition_form": TransitionForm(participation=participation, user=request.user),
        "module_form": ModuleForm(modules=catalogue.programme_modules_with_ids(ids=open_modules)),
        "qualification_form": QualificationForm(),
        "cohort_form": CohortChoiceForm(cohorts=_open_cohorts(participation)),
        "plan_reference_label": plan_reference_label(participation.kind),
        "plan_signed_label": plan_signed_label(participation.kind),
        "categories": selectors.participation_category_labels(participation=participation),
        "extensions": selectors.participation_extensions(participation=participation),
        **_period_context(request, participation),
        "links": links.participation_links(),
        **outcome_context(request, participation),
    }
    return render(request, "training/participant_detail.html", context)


def _period_context(request, participation) -> dict:
    """The statutory periods of a CIS stay as applied to it, the notes of what they assume, and the extension
    form for those who may extend it."""
    try:
        rule = services.participation_period_rule(participation)
    except ValidationError:  # no dated parameter covers the stay's start: say so rather than guess
        return {"period_rule": None, "period_rule_missing": True}
    if rule is None:
        return {"period_rule": None}
    may_extend = request.user.has_perm("training.extend_participation", participation) and (
        participation.status not in services.FINISHED_STATES
    )
    return {
        "period_rule": rule,
        "period_notes": selectors.statutory_notes(codes=services.PERIOD_CODES, on_date=rule.law_date),
        "extension_form": ExtensionForm(initial={"decided_on": timezone.localdate()}) if may_extend else None,
    }


def participant_extend(request, public_id):
    """Record the decision extending a CIS stay (its date, the new planned end, the justification)."""
    participation = selectors.participation_get_for_extension(user=request.user, public_id=public_id)
    if not request.user.has_perm("training.extend_participation", participation):
        raise PermissionDenied
    form = ExtensionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.participation_extend(actor=request.user, participation=participation, **form.cleaned_data)
        )
    ):
        messages.success(request, _("The extension was recorded."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    rule = _period_context(request, participation).get("period_rule")
    intro = ""
    if rule is not None:
        intro = _("Planned end now %(end)s; base period to %(base)s; the law allows at most until %(max)s.") % {
            "end": short_date(participation.planned_end_date),
            "base": short_date(rule.base_end),
            "max": short_date(rule.max_end),
        }
    return form_page(
        request,
        form,
        title=_("Extend the participation of %(name)s") % {"name": participation.person},
        back_url=back,
        intro=intro,
    )


def participant_eligibility(request, public_id):
    """Record or correct the categories of art. 1 ust. 2 and the exclusions check of a stay."""
    participation = selectors.participation_get_for_eligibility(user=request.user, public_id=public_id)
    if not request.user.has_perm("training.move_participation", participation):
        raise PermissionDenied
    initial = {
        "categories": list(participation.categories.values_list("category", flat=True)),
        "exclusions": [participation.exclusion] if participation.exclusion else [],
        "exclusions_none": bool(participation.exclusions_checked_at and not participation.exclusion),
        "version": participation.version,
    }
    form = EligibilityCheckForm(
        request.POST or None, initial=initial, eligibility_notes=_rule_notes()["eligibility_notes"]
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.participation_eligibility_record(
                actor=request.user,
                participation=participation,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The eligibility check was recorded."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    return form_page(
        request,
        form,
        title=_("Eligibility of %(name)s (art. 1 of the act)") % {"name": participation.person},
        back_url=reverse("training:participant-detail", kwargs={"public_id": participation.public_id}),
    )


def _open_cohorts(participation):
    return (
        selectors.cohort_list(user=None, organisation_ids=[participation.organisation_id])
        .exclude(participations=participation)
        .filter(end_date__gte=timezone.localdate())
    )


def _rule_notes() -> dict:
    """The assumptions of the dated rules an enrolment applies (those in force today)."""
    today = timezone.localdate()
    return {
        "period_notes": selectors.statutory_notes(codes=services.PERIOD_CODES, on_date=today),
        "eligibility_notes": [
            *selectors.statutory_notes(codes=services.ELIGIBILITY_CODES, on_date=today),
            str(services.ELIGIBILITY_ASSUMPTION),
        ],
    }


def participant_enrol(request):
    organisations = selectors.staff_organisations_for(request.user)
    notes = _rule_notes()
    form = EnrolForm(request.POST or None, organisations=organisations, **notes)
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.participant_enrol(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                person_data=form.person_data(),
                participation_data=form.participation_data(),
                held_person=form.cleaned_data.get("held_person", ""),
            )
        except ValidationError as exc:
            if "held_person" in getattr(exc, "error_dict", {}):
                # The organisation's own record of this PESEL is shown to its staff, and the read is logged.
                selectors.person_held_shown(
                    user=request.user, organisation=form.cleaned_data["organisation"], pesel=form.cleaned_data["pesel"]
                )
                form = EnrolForm(request.POST, organisations=organisations, offer_held_choice=True, **notes)
                form.is_valid()
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The participant was enrolled."))
            return redirect("training:participant-detail", public_id=participation.public_id)
    return form_page(request, form, title=_("Enrol a participant"), back_url=reverse("training:participant-list"))


def participant_person(request, public_id):
    """Correct the data the CIS/KIS holds of the participant (names, home, contact, a mistyped PESEL)."""
    participation = selectors.participation_get_for_person_correction(user=request.user, public_id=public_id)
    person = participation.person
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial.update(home_municipality=person.home_municipality_id, version=person.version)
    form = PersonForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.person_update(
                actor=request.user, person=person, data=form.cleaned_data, expected_version=form.cleaned_data["version"]
            )
        )
    ):
        messages.success(request, _("The person's data were corrected."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    return form_page(request, form, title=_("Correct the data of %(name)s") % {"name": person}, back_url=back)


ACTIONS = {
    "start_trial": services.participation_start_trial,
    "activate": services.participation_activate,
    "confirm_ready": services.participation_confirm_ready,
    "back_to_active": services.participation_back_to_active,
}


def _message_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_POST
def participant_transition(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = TransitionForm(request.POST, participation=participation, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("training:participant-detail", public_id=public_id)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "exit":
            services.participation_exit(
                actor=request.user,
                participation=participation,
                reason=form.cleaned_data["reason"],
                exit_date=form.cleaned_data["exit_date"],
                note=note,
                outcome=form.outcome_input(),
            )
        else:
            ACTIONS[action](actor=request.user, participation=participation, note=note)
    except ValidationError as exc:
        messages.error(request, _message_of(exc))
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The status was changed."))
    return redirect("training:participant-detail", public_id=public_id)


@require_POST
def participant_consent(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    if request.POST.get("consent") == "1":
        services.consent_record(actor=request.user, participation=participation)
        messages.success(request, _("The consent to share the profile was recorded."))
    else:
        services.consent_withdraw(actor=request.user, participation=participation)
        messages.success(request, _("The consent was withdrawn."))
    return redirect("training:participant-detail", public_id=public_id)


@require_POST
def participant_cohort(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = CohortChoiceForm(request.POST, cohorts=_open_cohorts(participation))
    if form.is_valid():
        try:
            services.cohort_enrol(actor=request.user, cohort=form.cleaned_data["cohort"], participation=participation)
        except ValidationError as exc:
            messages.error(request, _message_of(exc))
        else:
            messages.success(request, _("The participant joined the cohort."))
    else:
        messages.error(request, _("Choose a cohort."))
    return redirect("training:participant-detail", public_id=public_id)


@require_POST
def participant_module(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    modules = [item["module"].pk for item in selectors.participation_modules(participation=participation)]
    form = ModuleForm(request.POST, modules=catalogue.programme_modules_with_ids(ids=modules))
    if form.is_valid():
        try:
            services.module_complete(
                actor=request.user,
                participation=participation,
                module=form.cleaned_data["module"],
                completed_on=form.cleaned_data["completed_on"],
            )
        except ValidationError as exc:
            messages.error(request, _message_of(exc))
        else:
            messages.success(request, _("The module was recorded as completed."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("training:participant-detail", public_id=public_id)


def _course_programmes(participation):
    return selectors.participation_course_programmes(participation=participation)


def _form_errors_text(form) -> str:
    """Every error of the form in one message, each with its field's label."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)


def _service_errors_text(form, exc: ValidationError) -> str:
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    return _form_errors_text(form)


@require_POST
def participant_course(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = CourseCompletionForm(request.POST, programmes=_course_programmes(participation))
    if form.is_valid():
        try:
            services.course_completion_record(actor=request.user, participation=participation, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _service_errors_text(form, exc))
        else:
            messages.success(request, _("The course was recorded as completed."))
    else:
        messages.error(request, _form_errors_text(form))
    return redirect("training:participant-detail", public_id=public_id)


@require_POST
def participant_qualification(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            services.qualification_gain(actor=request.user, participation=participation, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _service_errors_text(form, exc))
        else:
            messages.success(request, _("The qualification was recorded."))
    else:
        messages.error(request, _form_errors_text(form))
    return redirect("training:participant-detail", public_id=public_id)


def pesel_search(request):
    form = PeselSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        try:
            pesel = services.pesel_validate(form.cleaned_data["pesel"])
        except ValidationError as exc:
            form.add_error("pesel", exc.error_dict["pesel"])
        else:
            results = selectors.participation_find_by_pesel_for_staff(user=request.user, pesel=pesel)
    context = {"form": form, "results": results, "not_found": selectors.not_found_message()}
    return render(request, "training/pesel_search.html", context)
