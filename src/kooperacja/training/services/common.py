"""What the training services share: reasons that end a stay, the role check, municipalities and statutory
values with their field errors, the period of a stay."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kooperacja.accounts.actor import actor_of
from kooperacja.core.dates import add_months
from kooperacja.core.errors import FieldErrors
from kooperacja.law import parameters as statutory
from kooperacja.registry.models import Organisation
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import unit_lookup
from kooperacja.training.models import (
    ExitReason,
    Participation,
    ParticipationStatus,
)

COMPLETED_REASONS = frozenset(
    {ExitReason.EMPLOYMENT, ExitReason.COOPERATIVE, ExitReason.BUSINESS, ExitReason.PERIOD_EXPIRED}
)
TERMINATED_REASONS = frozenset({ExitReason.BREACH, ExitReason.ABANDONED, ExitReason.WITHDREW})
FINISHED_STATES = (ParticipationStatus.COMPLETED, ParticipationStatus.TERMINATED)
# Answers like law.selectors.statutory_or_error(code, date, field=...); an import passes StatutoryValues.
StatutoryLookup = Callable[..., Decimal]


def require_role(actor: User | None, organisation: Organisation, roles: Iterable[str]) -> None:
    """Defence in depth behind the fetch helpers: the actor must hold one of ``roles`` there. ``actor`` None
    is the system itself (the demo loader; an import whose author's account is gone was authorised when
    it was uploaded)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if organisation.pk not in actor_of(actor).organisations_with(*roles):
        raise PermissionDenied


def municipality_of(value: Any, *, field: str, errors: FieldErrors, required: bool = True) -> Unit | None:
    """The municipality given as a Unit, a TERYT code or a name one municipality bears; a problem goes to
    ``errors`` on ``field``."""
    if value in (None, ""):
        if required:
            errors.add(field, _("Choose a municipality."))
        return None
    try:
        return unit_lookup(value, levels=[Level.MUNICIPALITY])
    except ValidationError as exc:
        errors.absorb(exc, field=field)
        return None


class Stay(Protocol):
    """What the period of a stay is computed from: a Participation, or its dates read alone (an import)."""

    trial_start: date | None
    start_date: date
    exit_date: date | None
    planned_end_date: date


class StayDates:
    """The dates of a stay as read with ``values_list(*StayDates.FIELDS)`` (cheaper than a model instance)."""

    FIELDS = ("trial_start", "start_date", "exit_date", "planned_end_date")
    __slots__ = FIELDS

    def __init__(self, trial_start: date | None, start_date: date, exit_date: date | None, planned_end_date: date):
        self.trial_start = trial_start
        self.start_date = start_date
        self.exit_date = exit_date
        self.planned_end_date = planned_end_date


def participation_period(participation: Stay | Participation) -> tuple[date, date]:
    """First and last day of a stay: from the trial month (if earlier) to the exit or the planned end."""
    start = participation.trial_start or participation.start_date
    if participation.start_date and participation.trial_start:
        start = min(participation.trial_start, participation.start_date)
    end = participation.exit_date or participation.planned_end_date
    return start, end


# --- the statutory period of a CIS stay --------------------------------------------------------------


class PeriodRule(NamedTuple):
    """The periods the law in force on ``law_date`` (the first day of the stay) gives a CIS stay."""

    law_date: date
    trial_counted: bool  # before 15.02.2022 the trial month counts into the periods
    counted_from: date  # the day the base period and the maximum run from
    base_months: int
    max_months: int
    base_end: date  # the latest planned end without an extension decision
    max_end: date  # the latest planned end with one


def cis_period_rule(
    *, trial_start: date | None, trial_end: date | None, start_date: date, lookup: StatutoryLookup
) -> PeriodRule:
    """The base period and the maximum of a CIS stay, from the dated parameters: with the trial month counted
    in them from the first day (before 15.02.2022), or from the day after the trial month ends (since).
    ``lookup`` answers like :func:`kooperacja.law.selectors.statutory_or_error` (field errors on ``start_date``)."""
    first_day = min(trial_start, start_date) if trial_start else start_date
    trial_counted = lookup(statutory.CIS_TRIAL_COUNTED_IN_PERIOD, first_day, field="start_date") == 1
    base_months = int(lookup(statutory.CIS_BASE_PARTICIPATION_MONTHS, first_day, field="start_date"))
    max_months = int(lookup(statutory.CIS_MAX_PARTICIPATION_MONTHS, first_day, field="start_date"))
    counted_from = first_day if trial_counted or not trial_end else trial_end + timedelta(days=1)
    return PeriodRule(
        law_date=first_day,
        trial_counted=trial_counted,
        counted_from=counted_from,
        base_months=base_months,
        max_months=max_months,
        base_end=add_months(counted_from, base_months) - timedelta(days=1),
        max_end=add_months(counted_from, max_months) - timedelta(days=1),
    )


PERIOD_CODES = (
    statutory.CIS_TRIAL_COUNTED_IN_PERIOD,
    statutory.CIS_BASE_PARTICIPATION_MONTHS,
    statutory.CIS_MAX_PARTICIPATION_MONTHS,
)
