"""Exit outcomes counted for reports: where the participations of some CIS/KIS that ended in a year went.

An exit is a participation whose ``exit_date`` falls in the calendar year; its outcome is its ``ExitOutcome``
(one per participation), and an exit without a recorded outcome is counted under ``""``.
"""

from django.db.models import Count, QuerySet

from kooperacja.training.models import Participation


def _exits(*, organisation_ids, year: int) -> QuerySet[Participation]:
    return Participation.objects.filter(organisation_id__in=list(organisation_ids), exit_date__year=year)


def outcomes_by_kind(*, organisation_ids, year: int) -> dict[str, int]:
    """Participations of these organisations that exited in ``year``, counted by outcome kind ("" = no outcome
    recorded). One query."""
    rows = (
        _exits(organisation_ids=organisation_ids, year=year)
        .order_by()
        .values("outcome__kind")
        .annotate(count=Count("id"))
        .values_list("outcome__kind", "count")
    )
    return {kind or "": count for kind, count in rows}


def outcome_participations(*, organisation_ids, year: int, kind: str) -> QuerySet[Participation]:
    """The participations counted under ``kind`` by :func:`outcomes_by_kind` (kind "" = exited without an
    outcome recorded)."""
    exits = _exits(organisation_ids=organisation_ids, year=year)
    if kind:
        return exits.filter(outcome__kind=kind)
    return exits.filter(outcome__isnull=True)
