"""Explicit state machines: each workflow declares its states, allowed transitions and who may make them in
one place.

Services move a record with :func:`transition`, which checks the permission the machine declares for the target
state, settles races in the database (a conditional UPDATE on the expected state) and writes an event row;
timelines are rendered from those rows. Pages offer the moves :meth:`StateMachine.allowed_for` the user — the
same declaration, so a button is never shown for a move the service would refuse.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.errors import ConflictError
from kooperacja.core.models import choice_labels


@dataclass(frozen=True)
class StateMachine:
    transitions: Mapping[str, frozenset[str]]
    # The permission (a ``rules`` name, checked on the record) an actor needs to move a record into a state. A
    # state without one is entered by services that decide it themselves (e.g. "placed" when a hire is recorded).
    permissions: Mapping[str, str] = field(default_factory=dict)

    def allowed(self, current: str) -> frozenset[str]:
        return self.transitions.get(current, frozenset())

    def allowed_for(self, user, record, *, field: str = "status") -> list[str]:
        """The states ``user`` may move ``record`` into now, in the order the permissions are declared."""
        allowed = self.allowed(getattr(record, field))
        return [
            target
            for target, permission in self.permissions.items()
            if target in allowed and user.has_perm(permission, record)
        ]

    def check_permission(self, actor: User | None, record, target: str) -> None:
        """Refuse an actor without the target state's permission (``actor`` None: the system itself)."""
        permission = self.permissions.get(target)
        if actor is not None and permission is not None and not actor.has_perm(permission, record):
            raise PermissionDenied

    def check(self, current: str, target: str, labels: Mapping[str, str] | None = None) -> None:
        if target not in self.allowed(current):
            names = labels or {}
            raise ValidationError(
                _("A record in state “%(current)s” cannot move to “%(target)s”.")
                % {"current": names.get(current, current), "target": names.get(target, target)},
                code="invalid_transition",
            )


M = TypeVar("M", bound=models.Model)


def transition(
    record: M,
    *,
    machine: StateMachine,
    target: str,
    actor: User | None,
    event_model: type[models.Model],
    note: str = "",
    field: str = "status",
    extra_updates: Mapping[str, object] | None = None,
    **event_fields,
) -> M:
    """Move ``record`` to ``target`` if it is still in the state we read, and log the event.

    Raises ValidationError for a transition the machine does not allow and ConflictError when someone
    else moved the record first (the conditional UPDATE matched no row). Call inside a transaction.
    """
    current = getattr(record, field)
    labels = choice_labels(record, field)
    machine.check_permission(actor, record, target)
    machine.check(current, target, labels)
    updates = {field: target, **(extra_updates or {})}
    if hasattr(record, "updated_at"):
        updates["updated_at"] = timezone.now()
    changed = type(record)._default_manager.filter(pk=record.pk, **{field: current}).update(**updates)
    if changed != 1:
        raise ConflictError(_("Someone else changed this record in the meantime. Reload the page and try again."))
    for name, value in updates.items():
        setattr(record, name, value)
    event_model._default_manager.create(
        from_state=current,
        to_state=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        **event_fields,
    )
    return record
