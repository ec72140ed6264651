"""Reads of exit outcomes and their follow-ups: the participant page, the follow-ups due, and the yearly counts the
statutory reports take (``outcomes_by_kind``, ``outcome_participations``)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from kooperacja.audit.reads import shows_personal_data
from kooperacja.training.models import ExitOutcome, OutcomeFollowUp, Participation
from kooperacja.training.outcome_coverage import Coverage, outcome_coverage
from kooperacja.training.selectors import NAME_FIELDS, participation_get_for_staff, staff_organisation_ids
from kooperacja.training.services.common import FINISHED_STATES

# The filters of the follow-ups page: not recorded and due today or later, not recorded and past their date,
# recorded. None: all not yet recorded.
FOLLOW_UP_STATES = ("due", "overdue", "recorded")
FOLLOW_UP_ORDERS = {"due_on": ("due_on", "id"), "-due_on": ("-due_on", "-id")}


def participation_outcome(participation: Participation) -> ExitOutcome | None:
    """The outcome of the stay with its follow-ups (``outcome.follow_ups.all()``, by due date) and who recorded
    them, or None when none is recorded."""
    return (
        ExitOutcome.objects.select_related("recorded_by")
        .prefetch_related("follow_ups__recorded_by")
        .filter(participation=participation)
        .first()
    )


def outcome_covered(participation: Participation, outcome: ExitOutcome | None) -> Coverage | None:
    """The follow-ups another app keeps for this outcome (a referral's, when the platform placed the person in
    this job), shown on the participant page instead of the outcome's own."""
    if outcome is None:
        return None
    return outcome_coverage(
        participation,
        kind=outcome.kind,
        organisation_name=outcome.organisation_name,
        started_on=outcome.started_on,
    )


def outcome_follow_ups_due(
    *, user, on: date | None = None, state: str | None = None, order: str = "due_on"
) -> QuerySet[OutcomeFollowUp]:
    """Follow-ups of outcomes of the stays in the CIS/KIS where the user works with participants (staff, social
    workers; an administrator sees all): by default those not recorded yet; ``state`` picks ``due`` (from ``on``,
    today by default, onwards), ``overdue`` (before ``on``) or ``recorded``. Ordered by due date (``order``
    ``-due_on``: latest first)."""
    on = on or timezone.localdate()
    follow_ups = OutcomeFollowUp.objects.select_related(
        "outcome", "outcome__participation", "outcome__participation__person", "outcome__participation__organisation"
    )
    if not user.is_superuser:
        follow_ups = follow_ups.filter(outcome__participation__organisation_id__in=staff_organisation_ids(user))
    if state == "recorded":
        follow_ups = follow_ups.filter(still_there__isnull=False)
    else:
        follow_ups = follow_ups.filter(still_there__isnull=True)
        if state == "due":
            follow_ups = follow_ups.filter(due_on__gte=on)
        elif state == "overdue":
            follow_ups = follow_ups.filter(due_on__lt=on)
    return follow_ups.order_by(*FOLLOW_UP_ORDERS.get(order, FOLLOW_UP_ORDERS["due_on"]))


def _person_of_follow_up(follow_up: OutcomeFollowUp) -> list:
    return [follow_up.outcome.participation.person]


@shows_personal_data(purpose="outcome follow-ups", fields=NAME_FIELDS, persons=_person_of_follow_up)
def outcome_follow_ups_shown(*, user, on: date | None = None, state: str | None = None, order: str = "due_on"):
    """The follow-ups page (see :func:`outcome_follow_ups_due`); the page taken of it is logged."""
    return outcome_follow_ups_due(user=user, on=on, state=state, order=order)


def outcome_follow_up_get_for_record(*, user, public_id, months: int) -> OutcomeFollowUp:
    """The 3- or 6-month follow-up of the outcome of a stay in one of the user's CIS/KIS (404 otherwise: another
    institution's stay, no outcome, or an outcome without this follow-up)."""
    participation = participation_get_for_staff(user=user, public_id=public_id)
    follow_up = (
        OutcomeFollowUp.objects.select_related("outcome")
        .filter(outcome__participation=participation, months_after=months)
        .first()
    )
    if follow_up is None:
        raise Http404("follow-up")
    follow_up.outcome.participation = participation
    return follow_up


# --- the statutory reports -------------------------------------------------------------------------------------


def _exits(*, organisation_ids: Iterable[int], year: int) -> QuerySet[Participation]:
    return Participation.objects.filter(
        organisation_id__in=list(organisation_ids),
        status__in=FINISHED_STATES,
        exit_date__year=year,
    )


def outcomes_by_kind(*, organisation_ids: Iterable[int], year: int) -> dict[str, int]:
    """Stays of these CIS/KIS that ended in ``year``, counted by the outcome's kind (key "": no outcome
    recorded). One aggregate query."""
    rows = (
        _exits(organisation_ids=organisation_ids, year=year)
        .order_by()
        .values("outcome__kind")
        .annotate(stays=Count("id"))
        .values_list("outcome__kind", "stays")
    )
    counts: dict[str, int] = {}
    for kind, stays in rows:
        counts[kind or ""] = counts.get(kind or "", 0) + stays
    return counts


def outcome_participations(*, organisation_ids: Iterable[int], year: int, kind: str) -> QuerySet[Participation]:
    """The stays counted under ``kind`` by :func:`outcomes_by_kind` (kind "": those without an outcome), for
    tracing a figure back to its people."""
    exits = _exits(organisation_ids=organisation_ids, year=year)
    exits = exits.filter(outcome__isnull=True) if kind == "" else exits.filter(outcome__kind=kind)
    return exits.select_related("person", "organisation", "outcome").order_by("exit_date", "id")
