"""What the staffing services share: who acts, territorial units from codes, the round's coordinator check and
field errors."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from kooperacja.staffing.models import DiagnosisRound
from kooperacja.territory.forms import UnitField
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import unit_resolve


def field_error(field: str, message, code: str, **params) -> dict[str, list]:
    return {field: [ValidationError(message, code=code, params=params or None)]}


def raise_if(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def resolve_unit(value: Any, *, levels: Iterable[str], field: str) -> Unit:
    """A territorial unit from a Unit or a TERYT code, checked to be of one of ``levels``."""
    messages = UnitField.default_error_messages
    if value in (None, ""):
        raise ValidationError(field_error(field, _("This field is required."), "required"))
    unit = unit_resolve(value)
    if unit is None:
        raise ValidationError(field_error(field, messages["invalid_choice"], "invalid_choice"))
    levels = tuple(levels)
    if unit.level not in levels:
        label = " / ".join(str(Level(level).label) for level in levels)
        raise ValidationError(field_error(field, messages["wrong_level"], "wrong_level", level=label))
    return unit


def is_admin(actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def check_coordinator(actor, diagnosis_round: DiagnosisRound) -> None:
    if not (actor is not None and actor.has_perm("staffing.coordinate_round", diagnosis_round)):
        raise PermissionDenied
