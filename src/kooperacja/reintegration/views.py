"""The individual programme of a participant: one page with its goals and actions, the forms that change it, and
its documents as PDF (the programme, the termination decision, the completion certificate)."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.dates import add_months
from kooperacja.law.parameters import PARTICIPANTS_PER_INSTRUCTOR_MAX
from kooperacja.law.selectors import statutory_parameter_get
from kooperacja.reintegration import documents, selectors, services
from kooperacja.reintegration.forms import (
    ActionDoneForm,
    ActionForm,
    ComplaintForm,
    EndForm,
    GoalForm,
    InstructorForm,
    MonthForm,
    PlannedClassForm,
    ProgrammeForm,
    SignForm,
)
from kooperacja.reintegration.models import CLASS_KINDS_OF, PROGRAMME_MACHINE, ProgrammeStatus
from kooperacja.training import selectors as training


def _url(participation) -> str:
    return reverse("reintegration:programme", args=[participation.public_id])


def _page(request, participation, programme, *, status: int = 200, **forms):
    in_force = programme is not None and programme.status == ProgrammeStatus.IN_FORCE
    goals = list(programme.goals.all()) if programme else []
    today = timezone.localdate()
    defaults = {
        "start_form": ProgrammeForm(),
        "edit_form": ProgrammeForm(
            initial=programme
            and {"situation": programme.situation, "agreed_with": programme.agreed_with, "version": programme.version}
        ),
        "goal_form": GoalForm(in_force=in_force),
        "action_form": ActionForm(in_force=in_force, goals=goals, initial={"due_on": today}),
        "done_form": ActionDoneForm(initial={"done_on": today}),
        "sign_form": SignForm(initial={"signed_on": today}),
        "end_form": EndForm(initial={"ended_on": today}),
        "complaint_form": ComplaintForm(initial={"version": programme.version if programme else None}),
    }
    may_change = programme is not None and request.user.has_perm("reintegration.change_programme", programme)
    context = {
        "participation": participation,
        "person": participation.person,
        "programme": programme,
        "goals": goals,
        "may_change": may_change,
        "moves": PROGRAMME_MACHINE.allowed_for(request.user, programme) if programme else [],
        **defaults,
        **forms,
    }
    return render(request, "reintegration/programme.html", context, status=status)


def programme(request, public_id):
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    return _page(request, participation, selectors.programme_of(participation))


def _for_change(request, public_id, *, existing: bool = True):
    """The participation (its person's name is on the page shown again after an error) and its programme."""
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    current = selectors.programme_of(participation)
    if existing and current is None:
        raise Http404("programme")
    return participation, current


def _done(request, participation, message: str):
    messages.success(request, message)
    return redirect(_url(participation))


@require_POST
def programme_start(request, public_id):
    participation, _current = _for_change(request, public_id, existing=False)
    form = ProgrammeForm(request.POST)
    if form.is_valid() and form.saved_by(
        lambda: services.programme_start(
            actor=request.user,
            participation=participation,
            situation=form.cleaned_data["situation"],
            agreed_with=form.cleaned_data["agreed_with"],
        )
    ):
        return _done(request, participation, _("The programme was started as a draft."))
    return _page(request, participation, selectors.programme_of(participation), status=422, start_form=form)


@require_POST
def programme_edit(request, public_id):
    participation, current = _for_change(request, public_id)
    form = ProgrammeForm(request.POST)
    if form.is_valid() and form.saved_by(
        lambda: services.programme_update(
            actor=request.user,
            programme=current,
            situation=form.cleaned_data["situation"],
            agreed_with=form.cleaned_data["agreed_with"],
            version=form.cleaned_data["version"] or 0,
        )
    ):
        return _done(request, participation, _("The draft was saved."))
    return _page(request, participation, current, status=422, edit_form=form)


@require_POST
def goal_add(request, public_id):
    participation, current = _for_change(request, public_id)
    form = GoalForm(request.POST, in_force=current.status == ProgrammeStatus.IN_FORCE)
    if form.is_valid() and form.saved_by(
        lambda: services.goal_add(
            actor=request.user,
            programme=current,
            area=form.cleaned_data["area"],
            description=form.cleaned_data["description"],
            change=form.cleaned_data.get("change", ""),
            requested_by=form.cleaned_data.get("requested_by", ""),
        )
    ):
        return _done(request, participation, _("The goal was added."))
    return _page(request, participation, current, status=422, goal_form=form)


@require_POST
def action_add(request, public_id):
    participation, current = _for_change(request, public_id)
    goals = list(current.goals.all())
    form = ActionForm(request.POST, in_force=current.status == ProgrammeStatus.IN_FORCE, goals=goals)
    if form.is_valid() and form.saved_by(
        lambda: services.action_add(
            actor=request.user,
            programme=current,
            goal=selectors.goal_of(current, form.cleaned_data["goal"]),
            description=form.cleaned_data["description"],
            responsible=form.cleaned_data["responsible"],
            due_on=form.cleaned_data["due_on"],
            change=form.cleaned_data.get("change", ""),
            requested_by=form.cleaned_data.get("requested_by", ""),
        )
    ):
        return _done(request, participation, _("The action was added."))
    return _page(request, participation, current, status=422, action_form=form)


@require_POST
def action_done(request, public_id):
    participation, current = _for_change(request, public_id)
    form = ActionDoneForm(request.POST)
    if form.is_valid() and form.saved_by(
        lambda: services.action_mark_done(
            actor=request.user,
            programme=current,
            action=selectors.action_of(current, form.cleaned_data["action"]),
            done_on=form.cleaned_data["done_on"],
        )
    ):
        return _done(request, participation, _("The action was marked done."))
    return _page(request, participation, current, status=422, done_form=form)


@require_POST
def programme_sign(request, public_id):
    participation, current = _for_change(request, public_id)
    form = SignForm(request.POST)
    if form.is_valid() and form.saved_by(
        lambda: services.programme_sign(actor=request.user, programme=current, signed_on=form.cleaned_data["signed_on"])
    ):
        return _done(request, participation, _("The programme is in force."))
    return _page(request, participation, current, status=422, sign_form=form)


@require_POST
def programme_end(request, public_id):
    participation, current = _for_change(request, public_id)
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["outcome"] == "complete":
            saved = form.saved_by(
                lambda: services.programme_complete(
                    actor=request.user,
                    programme=current,
                    ended_on=data["ended_on"],
                    reason=data["completion_reason"],
                    outcome=form.outcome_input(),
                )
            )
        else:
            saved = form.saved_by(
                lambda: services.programme_terminate(
                    actor=request.user,
                    programme=current,
                    ended_on=data["ended_on"],
                    reason=data["termination_reason"],
                    decision_number=data["decision_number"],
                    decision_reasons=data["decision_reasons"],
                    delivered_on=data["delivered_on"],
                    outcome=form.outcome_input(),
                )
            )
        if saved:
            return _done(request, participation, _("The programme has ended, and the stay with it."))
        # Nothing was saved: the moves tried on the records in memory are undone before the page is shown again.
        current.refresh_from_db()
        participation.refresh_from_db()
    return _page(request, participation, current, status=422, end_form=form)


@require_POST
def complaint(request, public_id):
    participation, current = _for_change(request, public_id)
    form = ComplaintForm(request.POST)
    if form.is_valid() and form.saved_by(
        lambda: services.programme_record_complaint(
            actor=request.user,
            programme=current,
            lodged_on=form.cleaned_data["lodged_on"],
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    ):
        return _done(request, participation, _("The complaint was recorded."))
    return _page(request, participation, current, status=422, complaint_form=form)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _printed(request, public_id):
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    current = selectors.programme_of(participation)
    if current is None:
        raise Http404("programme")
    return participation, current


def programme_pdf(request, public_id):
    participation, current = _printed(request, public_id)
    return _pdf(documents.programme_pdf(participation, current), "program-indywidualny.pdf")


def decision_pdf(request, public_id):
    participation, current = _printed(request, public_id)
    if current.status != ProgrammeStatus.TERMINATED or not current.decision_number:
        raise Http404("decision")
    return _pdf(documents.decision_pdf(participation, current), "decyzja.pdf")


def certificate_pdf(request, public_id):
    participation, current = _printed(request, public_id)
    if current.status != ProgrammeStatus.COMPLETED:
        raise Http404("certificate")
    return _pdf(documents.certificate_pdf(participation, current), "zaswiadczenie.pdf")


# --- the monthly programme of classes and the instructors --------------------------------------------------------


def _month(request) -> date:
    form = MonthForm(request.GET)
    chosen = form.cleaned_data.get("month") if form.is_valid() else None
    return (chosen or timezone.localdate()).replace(day=1)


def _classes_page(request, participation, month: date, *, form=None, status: int = 200):
    instructors = selectors.instructors_for(request.user).filter(
        organisation_id=participation.organisation_id, is_active=True
    )
    context = {
        "participation": participation,
        "person": participation.person,
        "month": month,
        "previous": add_months(month, -1),
        "next": add_months(month, 1),
        "classes": selectors.planned_classes(participation=participation, month=month),
        "form": form or PlannedClassForm(kinds=CLASS_KINDS_OF[participation.kind], instructors=instructors),
        "may_change": request.user.has_perm("training.move_participation", participation),
    }
    context["total"] = sum((line.hours for line in context["classes"]), Decimal(0))
    return render(request, "reintegration/classes.html", context, status=status)


def classes(request, public_id):
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    month = _month(request)
    if request.method != "POST":
        return _classes_page(request, participation, month)
    instructors = list(
        selectors.instructors_for(request.user).filter(organisation_id=participation.organisation_id, is_active=True)
    )
    form = PlannedClassForm(request.POST, kinds=CLASS_KINDS_OF[participation.kind], instructors=instructors)
    chosen = {instructor.pk: instructor for instructor in instructors}
    if form.is_valid() and form.saved_by(
        lambda: services.planned_class_add(
            actor=request.user,
            participation=participation,
            month=month,
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
            instructor=chosen.get(form.cleaned_data["instructor"]),
            hours=form.cleaned_data["hours"],
            place=form.cleaned_data["place"],
        )
    ):
        messages.success(request, _("The classes were added to the month's programme."))
        return redirect(f"{reverse('reintegration:classes', args=[participation.public_id])}?month={month:%Y-%m}")
    return _classes_page(request, participation, month, form=form, status=422)


@require_POST
def class_remove(request, public_id, class_id):
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    line = selectors.planned_class_of(participation=participation, pk=class_id)
    if line is None:
        raise Http404("planned class")
    month = line.month
    try:
        services.planned_class_remove(actor=request.user, planned_class=line)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The classes were removed from the month's programme."))
    return redirect(f"{reverse('reintegration:classes', args=[participation.public_id])}?month={month:%Y-%m}")


def classes_pdf(request, public_id):
    participation = selectors.participation_get_for_programme(user=request.user, public_id=public_id)
    month = _month(request)
    lines = selectors.planned_classes(participation=participation, month=month)
    return _pdf(documents.classes_pdf(participation, month, lines), f"program-zajec-{month:%Y-%m}.pdf")


def instructors(request):
    month = _month(request)
    organisations = list(training.staff_organisations_for(request.user))
    form = InstructorForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        chosen = {organisation.pk: organisation for organisation in organisations}
        if form.saved_by(
            lambda: services.instructor_create(
                actor=request.user,
                organisation=chosen[form.cleaned_data["organisation"]],
                name=form.cleaned_data["name"],
                specialty=form.cleaned_data["specialty"],
            )
        ):
            messages.success(request, _("The instructor was added."))
            return redirect("reintegration:instructors")
    limit = statutory_parameter_get(PARTICIPANTS_PER_INSTRUCTOR_MAX, month)
    context = {
        "form": form,
        "month": month,
        "previous": add_months(month, -1),
        "next": add_months(month, 1),
        "instructors": selectors.instructor_load(user=request.user, month=month),
        "limit": limit,
    }
    return render(request, "reintegration/instructors.html", context, status=422 if form.errors else 200)
