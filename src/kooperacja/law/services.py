"""Writing dated law: the shipped parameters are loaded from the data file (idempotent)."""

from django.db import transaction

from kooperacja.law import parameters
from kooperacja.law.models import StatutoryParameter


def statutory_parameters_load() -> dict[str, int]:
    """Write the shipped statutory parameters (idempotent): created / updated / unchanged counts."""
    with transaction.atomic():
        return parameters.apply_parameters(StatutoryParameter)
