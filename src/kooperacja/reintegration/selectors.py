"""Reads of individual programmes; a participation of another institution answers 404 like a missing one."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from kooperacja.audit.reads import shows_personal_data
from kooperacja.reintegration.models import Action, Goal, IndividualProgramme, Instructor, PlannedClass
from kooperacja.training import report_selectors as training_reports
from kooperacja.training import selectors as training
from kooperacja.training.models import Participation

# What the programme's pages and documents show of the person.
PROGRAMME_FIELDS = ("first_name", "last_name", "birth_date", "home_municipality")


def programme_of(participation: Participation) -> IndividualProgramme | None:
    """The participation's programme with its goals, actions, changes and moves, or None before one is started."""
    return (
        IndividualProgramme.objects.filter(participation=participation)
        .select_related("prepared_by")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("actions", Action.objects.all()))),
            "changes__recorded_by",
            "events__actor",
        )
        .first()
    )


def _person_of(participation: Participation) -> list:
    return [participation.person]


@shows_personal_data(purpose="individual programme", fields=PROGRAMME_FIELDS, persons=_person_of)
def participation_get_for_programme(*, user, public_id) -> Participation:
    """The participation (of one of the user's CIS/KIS) whose programme is shown or printed."""
    return training.participation_get_for_staff(user=user, public_id=public_id)


def action_of(programme: IndividualProgramme, action_id: int) -> Action | None:
    return Action.objects.filter(goal__programme=programme, pk=action_id).first()


def goal_of(programme: IndividualProgramme, goal_id: int) -> Goal | None:
    return programme.goals.filter(pk=goal_id).first()


# --- instructors and the monthly programme of classes ----------------------------------------------------------


def instructors_for(user) -> QuerySet[Instructor]:
    """The instructors of the CIS/KIS where the user works with participants."""
    return Instructor.objects.filter(organisation_id__in=training.staff_organisation_ids(user)).select_related(
        "organisation"
    )


def instructor_load(*, user, month: date) -> list[Instructor]:
    """The user's centres' instructors with, for ``month``, how many participants and hours each has."""
    return list(
        instructors_for(user)
        .annotate(
            participants=Count("classes__participation", filter=Q(classes__month=month), distinct=True),
            hours=Sum("classes__hours", filter=Q(classes__month=month)),
        )
        .order_by("organisation__name", "name")
    )


def planned_classes(*, participation: Participation, month: date) -> list[PlannedClass]:
    return list(
        PlannedClass.objects.filter(participation=participation, month=month)
        .select_related("instructor")
        .order_by("kind", "id")
    )


def planned_class_of(*, participation: Participation, pk: int) -> PlannedClass | None:
    return PlannedClass.objects.filter(participation=participation, pk=pk).select_related("participation").first()


# --- counts for the yearly report of a CIS or KIS (read by reporting) ------------------------------------------


def programmes_of_year(*, organisation_id: int, year: int, event: str) -> QuerySet[IndividualProgramme]:
    """The organisation's individual programmes (IPZS / social contracts) signed, completed or terminated
    (``event``) in ``year``: signed = ``signed_on`` in the year; completed and terminated = that status with
    ``ended_on`` in the year."""
    programmes = IndividualProgramme.objects.filter(participation__organisation_id=organisation_id)
    if event == "signed":
        return programmes.filter(signed_on__year=year)
    return programmes.filter(status=event, ended_on__year=year)


def programme_counts(*, organisation_id: int, year: int) -> dict[str, int]:
    """Programmes signed, completed and terminated in ``year`` (one query)."""
    return IndividualProgramme.objects.filter(participation__organisation_id=organisation_id).aggregate(
        signed=Count("id", filter=Q(signed_on__year=year)),
        completed=Count("id", filter=Q(status="completed", ended_on__year=year)),
        terminated=Count("id", filter=Q(status="terminated", ended_on__year=year)),
    )


def participations_covered(*, organisation_id: int, year: int) -> QuerySet[Participation]:
    """The participations taking part in ``year`` (``training.report_selectors``) whose programme was signed by
    the end of the year: the participants covered by social and vocational reintegration."""
    signed = IndividualProgramme.objects.filter(signed_on__lte=date(year, 12, 31)).values("participation_id")
    return training_reports.participations_in_year(organisation_id=organisation_id, year=year).filter(pk__in=signed)


def classes_of_year(*, organisation_id: int, year: int, kind: str) -> QuerySet[PlannedClass]:
    """The classes of one kind planned for the organisation's participants in the months of ``year``."""
    return PlannedClass.objects.filter(
        participation__organisation_id=organisation_id, month__year=year, kind=kind
    ).select_related("participation")


def class_hours(*, organisation_id: int, year: int) -> dict[str, dict]:
    """Per kind of classes: the hours planned in the months of ``year`` and the rows recorded (one query)."""
    rows = (
        PlannedClass.objects.filter(participation__organisation_id=organisation_id, month__year=year)
        .order_by()
        .values("kind")
        .annotate(hours=Sum("hours"), rows=Count("id"))
        .values_list("kind", "hours", "rows")
    )
    return {kind: {"hours": hours, "rows": count} for kind, hours, count in rows}
