"""What the staffing services share: who acts, territorial units from codes and the round's coordinator check."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import FieldErrors
from kooperacja.staffing.models import DiagnosisRound
from kooperacja.territory.models import Unit
from kooperacja.territory.selectors import unit_lookup


def resolve_unit(value: Any, *, levels: Iterable[str], field: str, errors: FieldErrors) -> Unit | None:
    """A territorial unit from a Unit, a TERYT code or a name borne by one unit only, checked to be of one of
    ``levels``; None, with the problem added to ``errors`` on ``field``, when there is none (a name several
    units bear is refused, naming their codes)."""
    if value in (None, ""):
        errors.add(field, _("This field is required."), code="required")
        return None
    try:
        return unit_lookup(value, levels=levels)
    except ValidationError as exc:
        errors.absorb(exc, field=field)
        return None


def is_admin(actor: User | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def actor_or_none(actor: User | None) -> User | None:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def check_coordinator(actor: User | None, diagnosis_round: DiagnosisRound) -> None:
    if not (actor is not None and actor.has_perm("staffing.coordinate_round", diagnosis_round)):
        raise PermissionDenied
