"""Hooks for the apps above ``launches``.

``founding`` appends to :data:`FOUNDING_GROUP_CONFIRMED` in its ``AppConfig.ready()``; each callable is called with
the launch inside the transaction that confirms the founding group (after the launch moved to "founding").
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kooperacja.launches.models import Launch

FOUNDING_GROUP_CONFIRMED: list[Callable[["Launch"], None]] = []
