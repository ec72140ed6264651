"""Outcomes whose 3- and 6-month follow-ups an app above already keeps.

A person hired through the platform (``placement``: a referral marked hired) is followed up by the referral's own
follow-ups 3 and 6 months after the hire. When the stay's outcome is that same job, a second pair of follow-ups
would ask the staff the same question twice. This app cannot ask placement (it sits below it), so placement
registers a provider here in its ``AppConfig.ready()``: given a participation and its outcome, it answers with the
follow-ups that already cover it (``Coverage``), or None. :func:`training.services.outcomes.outcome_record` then
plans no ``OutcomeFollowUp`` rows, and the participant page shows the referral's follow-ups instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from kooperacja.training.models import Participation


@dataclass(frozen=True)
class CoveringFollowUp:
    """One follow-up of the covering record, as the participant page shows it."""

    months_after: int
    due_on: date
    still_there: bool | None
    recorded_at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class Coverage:
    """Follow-ups kept elsewhere for this outcome: what they belong to (a label for the page) and the rows."""

    label: str | Promise
    follow_ups: tuple[CoveringFollowUp, ...]


# (participation, outcome kind, organisation name, started on) -> the covering follow-ups or None
CoverageProvider = Callable[["Participation", str, str, date | None], Coverage | None]

_PROVIDERS: list[CoverageProvider] = []


def provide(provider: CoverageProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def outcome_coverage(
    participation: "Participation", *, kind: str, organisation_name: str, started_on: date | None
) -> Coverage | None:
    """The follow-ups another app keeps for this outcome of ``participation``, or None (then this app plans
    its own)."""
    for provider in _PROVIDERS:
        coverage = provider(participation, kind, organisation_name, started_on)
        if coverage is not None:
            return coverage
    return None
