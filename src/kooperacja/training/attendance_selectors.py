"""Reads of daily attendance: the rows of the weekly grid, a participation's latest days, and the CIS stays of a
month with their days (what the benefits app computes the integration benefit from)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from kooperacja.audit.reads import shows_personal_data
from kooperacja.training.models import Attendance, AttendanceKind, Participation, ParticipationKind, ParticipationStatus
from kooperacja.training.selectors import NAME_FIELDS, participation_list_for_staff


def _person_of(participation) -> list:
    return [participation.person]


def participations_in_week(*, user, organisation_id: int, monday: date) -> QuerySet[Participation]:
    """The participations of one of the user's CIS/KIS whose stay overlaps the week of ``monday`` (not those
    only referred), by name: the rows of the weekly attendance grid."""
    sunday = monday + timedelta(days=6)
    return (
        participation_list_for_staff(user=user, organisation_id=organisation_id)
        .exclude(status=ParticipationStatus.REFERRED)
        .filter(Q(trial_start__lte=sunday) | Q(start_date__lte=sunday))
        .filter(Q(exit_date__gte=monday) | Q(exit_date__isnull=True, planned_end_date__gte=monday))
    )


@shows_personal_data(purpose="attendance grid", fields=NAME_FIELDS, persons=_person_of)
def participations_for_attendance_grid(*, user, organisation_id: int, monday: date) -> QuerySet[Participation]:
    """:func:`participations_in_week`; the page of it shown is logged."""
    return participations_in_week(user=user, organisation_id=organisation_id, monday=monday)


@dataclass(frozen=True)
class StayMonth:
    """A CIS stay in one month, with what the integration benefit is computed from."""

    participation: Participation
    period: tuple[date, date]
    days: dict[date, tuple[str, Decimal]]
    days_off_before: int  # days off recorded earlier in the same calendar year


def cis_stays_in_month(*, organisation_id: int, first: date, last: date) -> list[StayMonth]:
    """The CIS stays of an organisation overlapping ``first``–``last`` (not those only referred), by name, with
    their attendance of those days and the days off taken before in the year. For the benefits app, whose
    services check the actor's role first."""
    participations = list(
        Participation.objects.filter(organisation_id=organisation_id, kind=ParticipationKind.CIS)
        .exclude(status=ParticipationStatus.REFERRED)
        .filter(Q(trial_start__lte=last) | Q(start_date__lte=last))
        .filter(Q(exit_date__gte=first) | Q(exit_date__isnull=True, planned_end_date__gte=first))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    ids = [participation.pk for participation in participations]
    days: dict[int, dict[date, tuple[str, Decimal]]] = defaultdict(dict)
    for pk, day, kind, hours in Attendance.objects.filter(
        participation_id__in=ids, day__range=(first, last)
    ).values_list("participation_id", "day", "kind", "hours"):
        days[pk][day] = (kind, hours)
    days_off = dict(
        Attendance.objects.filter(
            participation_id__in=ids, kind=AttendanceKind.DAY_OFF, day__gte=first.replace(month=1, day=1), day__lt=first
        )
        .values("participation_id")
        .annotate(count=Count("id"))
        .values_list("participation_id", "count")
    )
    result = []
    for participation in participations:
        start = participation.trial_start or participation.start_date
        if participation.trial_start:
            start = min(participation.trial_start, participation.start_date)
        end = participation.exit_date or participation.planned_end_date
        result.append(
            StayMonth(
                participation, (start, end), dict(days.get(participation.pk, {})), days_off.get(participation.pk, 0)
            )
        )
    return result


def participation_attendance_days(*, participation: Participation, limit: int = 31) -> list:
    """The latest days recorded of a participation (for its page)."""
    return list(participation.attendance.order_by("-day")[:limit])
