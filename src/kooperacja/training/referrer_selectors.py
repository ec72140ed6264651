"""What an institution that referred a person to a CIS/KIS (the OPS, CUS or PUP of ``admission``) may read of the
stay: ``training`` owns the data and decides what leaves it, as plain values."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from kooperacja.training.models import ExitOutcome, ExitReason, OutcomeKind, Participation, ParticipationStatus


@dataclass(frozen=True)
class ReferrerProgress:
    """What the OPS/CUS/PUP that referred a person may know of the stay: its status and dates, the number of
    extensions, the exit and its outcome kind. Never attendance, health data, benefits or the programme's
    contents."""

    participation_id: int
    status: str
    status_label: str
    start_date: date
    planned_end_date: date
    extensions: int
    exit_date: date | None
    exit_reason: str
    exit_reason_label: str
    outcome: str
    outcome_label: str


def participations_progress_for_referrer(*, participation_ids: Iterable[int]) -> dict[int, ReferrerProgress]:
    """The progress of these stays, by participation id (callers decide who may see which; two queries)."""
    ids = list(participation_ids)
    if not ids:
        return {}
    outcomes = dict(ExitOutcome.objects.filter(participation_id__in=ids).values_list("participation_id", "kind"))
    rows = (
        Participation.objects.filter(pk__in=ids)
        .annotate(extension_count=Count("extensions"))
        .values_list("pk", "status", "start_date", "planned_end_date", "exit_date", "exit_reason", "extension_count")
    )
    statuses, reasons, kinds = dict(ParticipationStatus.choices), dict(ExitReason.choices), dict(OutcomeKind.choices)
    return {
        pk: ReferrerProgress(
            participation_id=pk,
            status=status,
            status_label=str(statuses.get(status, status)),
            start_date=start,
            planned_end_date=planned_end,
            extensions=extensions,
            exit_date=exit_date,
            exit_reason=exit_reason,
            exit_reason_label=str(reasons.get(exit_reason, "")) if exit_reason else "",
            outcome=outcomes.get(pk, ""),
            outcome_label=str(kinds.get(outcomes[pk], "")) if pk in outcomes else "",
        )
        for pk, status, start, planned_end, exit_date, exit_reason, extensions in rows
    }
