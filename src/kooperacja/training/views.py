from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kooperacja.audit.services import personal_data_read_log
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.errors import ConflictError
from kooperacja.core.exports import csv_response
from kooperacja.core.jobs import job_restart
from kooperacja.core.pagination import paginate
from kooperacja.training import imports, selectors, services
from kooperacja.training.forms import (
    AttendanceForm,
    CohortChoiceForm,
    CohortForm,
    EnrolForm,
    ImportForm,
    ModuleForm,
    ParticipantFilterForm,
    PersonForm,
    PeselSearchForm,
    PlanLinesForm,
    ProgrammeForm,
    QualificationForm,
    TransitionForm,
)
from kooperacja.training.models import ImportKind

PER_PAGE = 25
# Fields of a person shown to the CIS/KIS staff on the participant's page. Never the PESEL, nor any of its
# digits: next to the date of birth even the last digits would narrow it to a handful of numbers.
STAFF_DETAIL_FIELDS = ("first_name", "last_name", "birth_date", "home_municipality", "phone", "email")
LIST_FIELDS = ("first_name", "last_name", "home_municipality")


def _form_page(request, form, *, title: str, back_url: str, multipart: bool = False, intro: str = ""):
    context = {"form": form, "title": title, "back_url": back_url, "multipart": multipart, "intro": intro}
    return render(request, "training/form.html", context)


# --- statutory parameters ----------------------------------------------------------------------------


def parameter_list(request):
    parameters = list(selectors.statutory_parameter_list())
    today = timezone.localdate()
    for parameter in parameters:
        parameter.in_force = parameter.valid_from <= today and (
            parameter.valid_to is None or parameter.valid_to >= today
        )
    return render(request, "training/parameters.html", {"parameters": parameters, "today": today})


# --- programmes and cohorts --------------------------------------------------------------------------


def programme_list(request):
    mine = request.GET.get("mine") == "1"
    page_obj = paginate(request, selectors.programme_list(user=request.user, mine=mine), per_page=PER_PAGE)
    context = {
        "page_obj": page_obj,
        "mine": mine,
        "can_create": selectors.programme_organisations_for(request.user).exists(),
    }
    return render(request, "training/programme_list.html", context)


def programme_detail(request, public_id):
    programme = selectors.programme_get_for_view(user=request.user, public_id=public_id)
    context = {
        "programme": programme,
        "modules": sorted(programme.modules.all(), key=lambda m: (m.order, m.pk)),
        "cohorts": list(programme.cohorts.all()),
        "can_edit": selectors.may_edit_programmes_of(request.user, programme.organisation),
    }
    return render(request, "training/programme_detail.html", context)


def programme_create(request):
    organisations = selectors.programme_organisations_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, organisations=organisations)
    if request.method == "POST" and "choose" in request.POST:
        # First step (also without JavaScript): the card and organisation are chosen; offer all modules ticked.
        initial = {"organisation": request.POST.get("organisation"), "card_version": request.POST.get("card_version")}
        form = ProgrammeForm(initial=initial, organisations=organisations)
        form.fields["modules"].initial = list(form.fields["modules"].queryset.values_list("pk", flat=True))
        form.initial.update(initial, name=request.POST.get("name", ""))
    elif request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create_from_card(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                card_version=form.cleaned_data["card_version"],
                name=form.cleaned_data["name"],
                modules=form.cleaned_data["modules"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The programme was created."))
            return redirect("training:programme-detail", public_id=programme.public_id)
    return render(request, "training/programme_form.html", {"form": form})


def cohort_create(request, public_id):
    programme = selectors.programme_get_for_edit(user=request.user, public_id=public_id)
    form = CohortForm(request.POST or None, initial={"municipality": programme.organisation.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(actor=request.user, programme=programme, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The cohort was created."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:programme-detail", kwargs={"public_id": programme.public_id})
    return _form_page(request, form, title=_("New cohort of “%(name)s”") % {"name": programme.name}, back_url=back)


def cohort_edit(request, public_id):
    cohort = selectors.cohort_get_for_edit(user=request.user, public_id=public_id)
    initial = {name: getattr(cohort, name) for name in services.COHORT_FIELDS}
    initial["municipality"] = cohort.municipality_id
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(actor=request.user, cohort=cohort, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:cohort-detail", kwargs={"public_id": cohort.public_id})
    return _form_page(request, form, title=_("Edit “%(name)s”") % {"name": cohort.name}, back_url=back)


def cohort_plan_lines(request, public_id):
    cohort = selectors.cohort_get_for_edit(user=request.user, public_id=public_id)
    lines = selectors.plan_lines_linkable(cohort=cohort)
    form = PlanLinesForm(
        request.POST or None, lines=lines, initial={"plan_lines": list(cohort.plan_lines.values_list("pk", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_link_plan_lines(actor=request.user, cohort=cohort, lines=form.cleaned_data["plan_lines"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The staffing plan lines were linked."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:cohort-detail", kwargs={"public_id": cohort.public_id})
    intro = "" if lines.exists() else _("No draft or signed staffing plan has lines for this card's service yet.")
    return _form_page(
        request, form, title=_("Link “%(name)s” to plan lines") % {"name": cohort.name}, back_url=back, intro=intro
    )


def cohort_detail(request, public_id):
    cohort = selectors.cohort_get_for_view(user=request.user, public_id=public_id)
    participants = selectors.cohort_participants_for(user=request.user, cohort=cohort)
    if participants:
        personal_data_read_log(
            actor=request.user,
            records=[p.person for p in participants],
            fields=("first_name", "last_name"),
            purpose="cohort participants",
        )
    lines = list(cohort.plan_lines.all())
    progress = selectors.plan_line_progress(lines=lines)
    for line in lines:
        line.progress = progress.get(line.pk, {"in_training": 0, "ready": 0})
    context = {
        "cohort": cohort,
        "participants": participants,
        "is_staff_of": cohort.programme.organisation_id in selectors.staff_organisation_ids(request.user),
        # Instructors are the CIS/KIS's staff, named for those who work with it.
        "show_instructors": request.user.has_perm("registry.works_with", cohort.programme.organisation),
        "taken": cohort.participations.count(),
        "lines": lines,
        "can_edit": selectors.may_edit_programmes_of(request.user, cohort.programme.organisation),
    }
    return render(request, "training/cohort_detail.html", context)


# --- participants ------------------------------------------------------------------------------------


def _participants_filtered(request):
    """The filter form of the participants list and the participations it selects (list and export)."""
    organisations = list(selectors.staff_organisations_for(request.user))
    form = ParticipantFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    participations = selectors.participation_list_for_staff(
        user=request.user,
        status=filters.get("status") or None,
        organisation_id=int(filters["organisation"]) if filters.get("organisation") else None,
        q=filters.get("q") or None,
    )
    return form, organisations, participations


def participant_list(request):
    form, organisations, participations = _participants_filtered(request)
    page_obj = paginate(request, participations, per_page=PER_PAGE)
    rows = selectors.participation_progress(list(page_obj.object_list))
    if rows:
        personal_data_read_log(
            actor=request.user, records=[p.person for p in rows], fields=LIST_FIELDS, purpose="participants list"
        )
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
    _form, _organisations, participations = _participants_filtered(request)
    participations = list(participations)
    if participations:
        personal_data_read_log(
            actor=request.user,
            records=[p.person for p in participations],
            fields=LIST_FIELDS,
            purpose="participants export",
        )
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
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    person = participation.person
    personal_data_read_log(actor=request.user, records=[person], fields=STAFF_DETAIL_FIELDS, purpose="participant page")
    modules = selectors.participation_modules(participation=participation)
    open_modules = [item["module"].pk for item in modules if item["completion"] is None]

    context = {
        "participation": participation,
        "person": person,
        "events": list(selectors.participation_timeline(participation=participation)),
        "attendance": list(participation.attendance.order_by("-week_start")[:26]),
        "modules": modules,
        "qualifications": list(person.qualifications.order_by("issued_on", "id")),
        "cohorts": list(participation.cohorts.select_related("programme").order_by("start_date")),
        "transition_form": TransitionForm(participation=participation, user=request.user),
        "attendance_form": AttendanceForm(),
        "module_form": ModuleForm(modules=catalogue.programme_modules_with_ids(ids=open_modules)),
        "qualification_form": QualificationForm(),
        "cohort_form": CohortChoiceForm(cohorts=_open_cohorts(participation)),
        "plan_reference_label": services.plan_reference_label(participation.kind),
        "plan_signed_label": services.plan_signed_label(participation.kind),
    }
    return render(request, "training/participant_detail.html", context)


def _open_cohorts(participation):
    return (
        selectors.cohort_list(user=None, organisation_ids=[participation.organisation_id])
        .exclude(participations=participation)
        .filter(end_date__gte=timezone.localdate())
    )


def participant_enrol(request):
    organisations = selectors.staff_organisations_for(request.user)
    form = EnrolForm(request.POST or None, organisations=organisations)
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
                held = selectors.person_find_by_pesel(
                    organisation=form.cleaned_data["organisation"], pesel=form.cleaned_data["pesel"]
                )
                personal_data_read_log(
                    actor=request.user, records=[held], fields=services.PERSON_FIELDS, purpose="enrolment: data held"
                )
                form = EnrolForm(request.POST, organisations=organisations, offer_held_choice=True)
                form.is_valid()
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The participant was enrolled."))
            return redirect("training:participant-detail", public_id=participation.public_id)
    return _form_page(request, form, title=_("Enrol a participant"), back_url=reverse("training:participant-list"))


def participant_person(request, public_id):
    """Correct the data the CIS/KIS holds of the participant (names, home, contact, a mistyped PESEL)."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    person = participation.person
    personal_data_read_log(
        actor=request.user, records=[person], fields=services.PERSON_FIELDS, purpose="person correction"
    )
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
    return _form_page(request, form, title=_("Correct the data of %(name)s") % {"name": person}, back_url=back)


def participant_attendance(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = AttendanceForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.attendance_record(
                actor=request.user,
                participation=participation,
                week_start=form.cleaned_data["week_start"],
                hours=form.cleaned_data["hours"],
                expected_hours=form.cleaned_data.get("expected_hours"),
            )
        )
    ):
        messages.success(request, _("The attendance was recorded."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    personal_data_read_log(
        actor=request.user,
        records=[participation.person],
        fields=("first_name", "last_name"),
        purpose="attendance form",
    )
    return _form_page(
        request, form, title=_("Record attendance of %(name)s") % {"name": participation.person}, back_url=back
    )


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


@require_POST
def participant_qualification(request, public_id):
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            services.qualification_gain(actor=request.user, participation=participation, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message_of(exc))
        else:
            messages.success(request, _("The qualification was recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
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
            if results:
                personal_data_read_log(
                    actor=request.user,
                    records=[results[0].person],
                    fields=("first_name", "last_name"),
                    purpose="search by PESEL",
                )
    context = {"form": form, "results": results, "not_found": selectors.not_found_message()}
    return render(request, "training/pesel_search.html", context)


# --- imports -----------------------------------------------------------------------------------------

IMPORT_TITLES = {
    ImportKind.PARTICIPANTS: _("Import participants"),
    ImportKind.ATTENDANCE: _("Import attendance"),
    ImportKind.NEEDS: _("Import staffing needs"),
}


def import_list(request):
    page_obj = paginate(request, selectors.import_job_list(user=request.user), per_page=PER_PAGE)
    kinds = [
        {"kind": kind, "title": IMPORT_TITLES[kind], "url": reverse(f"training:import-{kind}")}
        for kind in ImportKind.values
        if request.user.has_perm("training.import_participants" if kind != ImportKind.NEEDS else "training.import_data")
    ]
    return render(request, "training/import_list.html", {"page_obj": page_obj, "kinds": kinds})


def _import_create(request, kind: str):
    organisations = selectors.import_organisations_for(user=request.user, kind=kind)
    # "Start again" of an ended import leads here with its organisation chosen (?organisation=<id>).
    initial = {"organisation": request.GET["organisation"]} if request.GET.get("organisation", "").isdigit() else {}
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                actor=request.user,
                kind=kind,
                organisation=form.cleaned_data["organisation"],
                file_name=upload.name,
                content=upload.read(),
                language=get_language() or "pl",
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied:
            form.add_error("organisation", _("You may not import this for the organisation chosen."))
        else:
            return redirect("training:import-detail", public_id=job.public_id)
    context = {
        "form": form,
        "kind": kind,
        "title": IMPORT_TITLES[kind],
        "columns": imports.COLUMNS[kind],
        "required": imports.REQUIRED[kind],
        "has_organisations": organisations.exists(),
    }
    return render(request, "training/import_form.html", context)


def import_participants(request):
    return _import_create(request, ImportKind.PARTICIPANTS)


def import_attendance(request):
    return _import_create(request, ImportKind.ATTENDANCE)


def import_needs(request):
    return _import_create(request, ImportKind.NEEDS)


def import_template(request, kind: str):
    if kind not in imports.COLUMNS:
        raise Http404("kind")
    response = HttpResponse(imports.template_csv(kind).encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kooperacja-{kind}.csv"'
    return response


def import_detail(request, public_id):
    """The job's status, polled while it is unfinished. Only reads: a job whose worker stopped is shown as not
    answering until ``manage.py fail_stale_jobs`` fails it."""
    job = selectors.import_job_get_for_view(user=request.user, public_id=public_id)
    may_restart = job.may_restart and selectors.import_job_may_restart(user=request.user, job=job)
    template = "training/import_detail.html#status" if request.htmx else "training/import_detail.html"
    return render(request, template, {"job": job, "title": IMPORT_TITLES[job.kind], "may_restart": may_restart})


def _upload_again_url(job) -> str:
    url = reverse(f"training:import-{job.kind}")
    return f"{url}?{urlencode({'organisation': job.organisation_id})}"


@require_safe
def import_restart(request, public_id):
    """The upload form of the failed job's kind, its organisation chosen: the file is not kept once an
    import has ended, so it is asked for again."""
    job = selectors.import_job_get_for_restart(user=request.user, public_id=public_id)
    try:
        url = job_restart(job, again=lambda: _upload_again_url(job))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("training:import-detail", public_id=job.public_id)
    messages.info(
        request,
        _("Files are not kept once an import has ended. Choose the file “%(name)s” again to start the import.")
        % {"name": job.file_name},
    )
    return redirect(url)
