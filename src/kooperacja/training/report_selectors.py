"""The participations a yearly report of a CIS or KIS counts, and their counts, for the apps above (reporting).

Every count here is one aggregate query over the same queryset the matching ``*_participations`` function
returns, so a figure and the list of records behind it cannot drift apart.

What counts as "taking part in the year": a participation of the organisation whose stay began on or before the
year's last day and had not ended before its first day (no exit date, or an exit on or after 1 January), leaving
out participations still only referred (the stay never began). Each stay is one row: a person with two stays in
the same year is counted twice.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet

from kooperacja.training.models import Participation, ParticipationCategory, ParticipationStatus


def participations_in_year(*, organisation_id: int, year: int) -> QuerySet[Participation]:
    """The participations of the organisation taking part at some time in ``year``."""
    return (
        Participation.objects.filter(
            organisation_id=organisation_id,
            start_date__lte=date(year, 12, 31),
        )
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=date(year, 1, 1)))
        .exclude(status=ParticipationStatus.REFERRED)
    )


def participations_started_in_year(*, organisation_id: int, year: int) -> QuerySet[Participation]:
    return participations_in_year(organisation_id=organisation_id, year=year).filter(start_date__year=year)


def participations_of_category(*, organisation_id: int, year: int, category: str) -> QuerySet[Participation]:
    """Participations taking part in ``year`` recorded under one category of art. 1 ust. 2 (among others)."""
    return participations_in_year(organisation_id=organisation_id, year=year).filter(
        pk__in=ParticipationCategory.objects.filter(category=category).values("participation_id")
    )


def participations_exited_in_year(*, organisation_id: int, year: int, reason: str | None = None):
    exits = Participation.objects.filter(organisation_id=organisation_id, exit_date__year=year)
    if reason is not None:
        exits = exits.filter(exit_reason=reason)
    return exits


def year_counts(*, organisation_id: int, year: int) -> dict[str, int]:
    """Taking part, started in the year and exited in the year: one query."""
    in_year = participations_in_year(organisation_id=organisation_id, year=year)
    counted = in_year.aggregate(
        total=Count("id"),
        started=Count("id", filter=Q(start_date__year=year)),
    )
    exited = participations_exited_in_year(organisation_id=organisation_id, year=year).count()
    return {"total": counted["total"], "started": counted["started"], "exited": exited}


def category_counts(*, organisation_id: int, year: int) -> dict[str, int]:
    """Per category of art. 1 ust. 2: the participations taking part in ``year`` recorded under it. A
    participation with several categories counts once in each of them (one query)."""
    rows = (
        ParticipationCategory.objects.filter(
            participation__in=participations_in_year(organisation_id=organisation_id, year=year)
        )
        .order_by()
        .values("category")
        .annotate(count=Count("participation_id", distinct=True))
        .values_list("category", "count")
    )
    return dict(rows)


def exit_reason_counts(*, organisation_id: int, year: int) -> dict[str, int]:
    """Participations that exited in ``year``, counted by the reason recorded (one query)."""
    rows = (
        participations_exited_in_year(organisation_id=organisation_id, year=year)
        .order_by()
        .values("exit_reason")
        .annotate(count=Count("id"))
        .values_list("exit_reason", "count")
    )
    return {reason or "": count for reason, count in rows}


def participation_ids_in_year(*, organisation_id: int, year: int) -> QuerySet:
    """The ids (a subquery) of the participations taking part in ``year``: for reintegration's counts."""
    return participations_in_year(organisation_id=organisation_id, year=year).values("pk")


def with_people(participations: QuerySet[Participation]) -> QuerySet[Participation]:
    """A record list of participations: the IPZS or contract number and the person's name, by number."""
    return participations.select_related("person").order_by("plan_reference", "id")
