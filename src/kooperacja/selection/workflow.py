"""The shared steps of the selection's services: the lock, the version check and the move of the state."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.errors import ConflictError
from kooperacja.selection.models import SELECTION_MACHINE, Selection, SelectionEvent, State
from kooperacja.selection.rules import manages


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def who(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def require_manager(actor, selection: Selection) -> None:
    if actor is not None and not manages(actor, selection):
        raise PermissionDenied


def lock(selection: Selection) -> Selection:
    """The selection row, locked for the rest of the transaction, read afresh."""
    return Selection.objects.select_for_update().select_related("owner").get(pk=selection.pk)


def refresh(target: Selection, source: Selection) -> Selection:
    for field in Selection._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target.__dict__.pop("_assessor_ids", None)
    return target


def state_error(selection: Selection, message) -> ValidationError:
    return ValidationError({"state": [ValidationError(message, code="invalid_state")]})


def check_version(selection: Selection, version) -> None:
    if version is None or int(version) != selection.version:
        if selection.state == State.CONFIRMED:
            raise ConflictError(
                _("This selection was already confirmed by %(name)s.") % {"name": who(selection.confirmed_by)}
            )
        raise ConflictError(_("Someone else changed this selection in the meantime. Reload the page and try again."))


def move(*, actor, selection: Selection, target: str, version, note: str = "", extra: dict | None = None) -> Selection:
    """Move the selection to ``target`` if it is still in the state and version we read; log the event."""
    SELECTION_MACHINE.check_permission(user_or_none(actor), selection, target)
    current = selection.state
    SELECTION_MACHINE.check(current, target, {value: str(label) for value, label in State.choices})
    updates = {"state": target, "updated_at": timezone.now(), **(extra or {})}
    changed = Selection.objects.filter(pk=selection.pk, state=current, version=int(version)).update(
        version=F("version") + 1, **updates
    )
    if changed != 1:
        fresh = Selection.objects.select_related("confirmed_by").get(pk=selection.pk)
        check_version(fresh, None)
    for name, value in updates.items():
        setattr(selection, name, value)
    selection.version = int(version) + 1
    SelectionEvent.objects.create(
        selection=selection, from_state=current, to_state=target, actor=user_or_none(actor), note=note[:500]
    )
    return selection


def bump(selection: Selection) -> None:
    Selection.objects.filter(pk=selection.pk).update(version=F("version") + 1, updated_at=timezone.now())
    selection.version += 1
