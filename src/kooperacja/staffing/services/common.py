"""What the staffing services share: who acts, territorial units from codes and the round's coordinator check."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import FieldErrors
from kooperacja.staffing.models import DiagnosisRound
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import unit_resolve


def resolve_unit(value: Any, *, levels: Iterable[str], field: str, errors: FieldErrors) -> Unit | None:
    """A territorial unit from a Unit or a TERYT code, checked to be of one of ``levels``; None, with the
    problem added to ``errors`` on ``field``, when there is none."""
    messages = UnitField.default_error_messages
    if value in (None, ""):
        errors.add(field, _("This field is required."), code="required")
        return None
    unit = unit_resolve(value)
    if unit is None:
        errors.add(field, messages["invalid_choice"], code="invalid_choice")
        return None
    levels = tuple(levels)
    if unit.level not in levels:
        label = " / ".join(str(Level(level).label) for level in levels)
        errors.add(field, messages["wrong_level"], code="wrong_level", params={"level": label})
        return None
    return unit


def is_admin(actor: User | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def actor_or_none(actor: User | None) -> User | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def check_coordinator(actor: User | None, diagnosis_round: DiagnosisRound) -> None:
    if not (actor is not None and actor.has_perm("staffing.coordinate_round", diagnosis_round)):
        raise PermissionDenied
