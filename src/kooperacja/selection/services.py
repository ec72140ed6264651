"""Writes of selections. Each service is one transaction, raises ``ValidationError`` with field keys when the
input or the state does not allow it (nothing written), records every move of the selection as a
``SelectionEvent`` and leaves notifications to ``on_commit`` (``notifications.notify``)."""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.core.errors import FieldErrors
from kooperacja.notifications.services import notify
from kooperacja.selection.codes import hash_code, new_access_code
from kooperacja.selection.hosts import host_of
from kooperacja.selection.models import (
    Assessor,
    Criterion,
    Entry,
    Score,
    Selection,
    SelectionEvent,
    State,
    TieRule,
)
from kooperacja.selection.workflow import (
    bump,
    check_version,
    lock,
    move,
    refresh,
    require_manager,
    state_error,
    user_or_none,
    who,
)

ENTRY_STATES = (State.DRAFT, State.PUBLISHED)
WITHDRAW_STATES = (State.DRAFT, State.PUBLISHED, State.SCORING)
ASSESSOR_STATES = (State.DRAFT, State.PUBLISHED, State.SCORING)
MAX_CRITERIA = 30


# Selections -------------------------------------------------------------------------------------------------


def selection_create(
    *, actor, kind, owner, subject_key, title, places, threshold=None, tie_rule, appeal_days
) -> Selection:
    """A draft selection of ``kind`` (a registered host) owned by ``owner`` about the host's ``subject_key``."""
    errors = FieldErrors()
    try:
        host_of(kind)
    except LookupError:
        errors.add("kind", _("Unknown kind of selection."))
    title = (title or "").strip()
    if not title:
        errors.add("title", _("Give the selection a title."))
    if not subject_key:
        errors.add("subject_key", _("Say what the selection is about."))
    if places is None or int(places) < 1:
        errors.add("places", _("There must be at least one place."))
    if threshold not in (None, ""):
        try:
            threshold = Decimal(str(threshold))
            if threshold < 0:
                errors.add("threshold", _("The minimum total cannot be negative."))
        except InvalidOperation:
            errors.add("threshold", _("Enter the minimum total as a number."))
    else:
        threshold = None
    if tie_rule not in TieRule.values:
        errors.add("tie_rule", _("Choose how ties are decided."))
    if appeal_days is None or not 0 <= int(appeal_days) <= 90:
        errors.add("appeal_days", _("Appeals may be open for 0 to 90 days."))
    if owner is None:
        errors.add("owner", _("Choose the organisation that runs the selection."))
    errors.raise_if_any()
    with transaction.atomic():
        selection = Selection.objects.create(
            kind=kind,
            owner=owner,
            subject_key=subject_key,
            title=title[:200],
            places=int(places),
            threshold=threshold,
            tie_rule=tie_rule,
            appeal_days=int(appeal_days),
            created_by=user_or_none(actor),
        )
        SelectionEvent.objects.create(
            selection=selection, from_state="", to_state=State.DRAFT, actor=user_or_none(actor), note=""
        )
    return selection


def selection_update(*, actor, selection: Selection, version, title, places, threshold, tie_rule, appeal_days):
    """Change the terms of a draft selection."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        if locked.state != State.DRAFT:
            raise state_error(locked, _("The terms are frozen once the selection is published."))
        errors = FieldErrors()
        title = (title or "").strip()
        if not title:
            errors.add("title", _("Give the selection a title."))
        if places is None or int(places) < 1:
            errors.add("places", _("There must be at least one place."))
        if threshold is not None and Decimal(str(threshold)) < 0:
            errors.add("threshold", _("The minimum total cannot be negative."))
        if tie_rule not in TieRule.values:
            errors.add("tie_rule", _("Choose how ties are decided."))
        if appeal_days is None or not 0 <= int(appeal_days) <= 90:
            errors.add("appeal_days", _("Appeals may be open for 0 to 90 days."))
        errors.raise_if_any()
        locked.title, locked.places, locked.threshold = title[:200], int(places), threshold
        locked.tie_rule, locked.appeal_days = tie_rule, int(appeal_days)
        locked.version += 1
        locked.save()
        return refresh(selection, locked)


def selection_publish(*, actor, selection: Selection, version) -> Selection:
    """Draft → published: the criteria, their weights and the tie rule are frozen; the seed of a lot is drawn."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        if locked.state == State.DRAFT and not locked.criteria.exists():
            raise ValidationError({"criteria": _("Add at least one criterion before publishing.")})
        move(
            actor=actor,
            selection=locked,
            target=State.PUBLISHED,
            version=version,
            extra={"lot_seed": secrets.token_hex(16)},
        )
        return refresh(selection, locked)


def selection_start_scoring(*, actor, selection: Selection, version) -> Selection:
    """Published → scoring (at least one assessor and one entry); the assessors are told."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        if locked.state == State.PUBLISHED:
            errors = FieldErrors()
            if not locked.assessors.exists():
                errors.add("assessors", _("Name at least one assessor before scoring starts."))
            if not locked.entries.filter(withdrawn_at__isnull=True).exists():
                errors.add("entries", _("There are no entries to score yet."))
            errors.raise_if_any()
        move(actor=actor, selection=locked, target=State.SCORING, version=version)
        _notify_assessors(locked)
        return refresh(selection, locked)


def _notify_assessors(selection: Selection) -> None:
    notify(
        recipients=[assessor.user for assessor in selection.assessors.select_related("user")],
        kind="selection_scoring",
        title=gettext_noop("Scoring has started: %(title)s"),
        params={"title": selection.title},
        link=reverse("selection:score", args=[selection.public_id]),
    )


def selection_cancel(*, actor, selection: Selection, version, reason) -> Selection:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the selection is cancelled.")})
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        move(actor=actor, selection=locked, target=State.CANCELLED, version=version, note=reason)
        return refresh(selection, locked)


# Criteria ---------------------------------------------------------------------------------------------------


def _criterion_values(*, name, description, weight, max_points) -> dict:
    errors = FieldErrors()
    name = (name or "").strip()
    description = (description or "").strip()
    if not name:
        errors.add("name", _("Name the criterion."))
    elif len(name) > 200:
        errors.add("name", _("A criterion's name has at most 200 characters."))
    if len(description) > 2000:
        errors.add("description", _("The description has at most 2000 characters."))
    try:
        weight = Decimal(str(weight)).quantize(Decimal("0.01"))
        if not Decimal("0.01") <= weight <= Decimal(1000):
            errors.add("weight", _("The weight must be more than 0 and at most 1000."))
    except (InvalidOperation, TypeError):
        errors.add("weight", _("Enter the weight as a number."))
    try:
        max_points = int(max_points)
        if not 1 <= max_points <= 1000:
            errors.add("max_points", _("The maximum must be between 1 and 1000 points."))
    except (TypeError, ValueError):
        errors.add("max_points", _("Enter the maximum points as a whole number."))
    errors.raise_if_any()
    return {"name": name, "description": description, "weight": weight, "max_points": max_points}


def _draft_for_criteria(actor, selection: Selection) -> Selection:
    locked = lock(selection)
    require_manager(actor, locked)
    if locked.state != State.DRAFT:
        raise ValidationError(
            {"criteria": _("The criteria and their weights are frozen once the selection is published.")}
        )
    return locked


def criterion_add(*, actor, selection: Selection, name, description, weight, max_points) -> Criterion:
    """A new criterion at the end of the list (only in draft)."""
    values = _criterion_values(name=name, description=description, weight=weight, max_points=max_points)
    with transaction.atomic():
        locked = _draft_for_criteria(actor, selection)
        if locked.criteria.count() >= MAX_CRITERIA:
            raise ValidationError({"criteria": _("A selection has at most %(n)s criteria.") % {"n": MAX_CRITERIA}})
        position = (locked.criteria.aggregate(top=Max("position"))["top"] or 0) + 1
        criterion = Criterion.objects.create(selection=locked, position=position, **values)
        bump(locked)
        refresh(selection, locked)
    return criterion


def criterion_update(*, actor, criterion: Criterion, name, description, weight, max_points) -> Criterion:
    values = _criterion_values(name=name, description=description, weight=weight, max_points=max_points)
    with transaction.atomic():
        locked = _draft_for_criteria(actor, criterion.selection)
        for field, value in values.items():
            setattr(criterion, field, value)
        criterion.save(update_fields=list(values))
        bump(locked)
        refresh(criterion.selection, locked)
    return criterion


def criterion_remove(*, actor, criterion: Criterion) -> None:
    with transaction.atomic():
        locked = _draft_for_criteria(actor, criterion.selection)
        criterion.delete()
        bump(locked)
        refresh(criterion.selection, locked)


# Assessors --------------------------------------------------------------------------------------------------


def assessor_add(*, actor, selection: Selection, user) -> Assessor:
    """Name ``user`` an assessor (until the ranking)."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        if locked.state not in ASSESSOR_STATES:
            raise ValidationError({"user": _("Assessors are named until the ranking.")})
        if user is None or not user.is_active:
            raise ValidationError({"user": _("Choose an active user.")})
        if locked.assessors.filter(user=user).exists():
            raise ValidationError({"user": _("%(name)s is already an assessor.") % {"name": who(user)}})
        assessor = Assessor.objects.create(selection=locked, user=user, added_by=user_or_none(actor))
        if locked.state == State.SCORING:
            notify(
                recipients=[user],
                kind="selection_scoring",
                title=gettext_noop("Scoring has started: %(title)s"),
                params={"title": locked.title},
                link=reverse("selection:score", args=[locked.public_id]),
            )
    selection.__dict__.pop("_assessor_ids", None)
    return assessor


def assessor_remove(*, actor, selection: Selection, user) -> None:
    """Remove an assessor (until the ranking); their scores go with them."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        if locked.state not in ASSESSOR_STATES:
            raise ValidationError({"user": _("Assessors are changed only until the ranking.")})
        deleted, _rows = Assessor.objects.filter(selection=locked, user=user).delete()
        if not deleted:
            raise ValidationError({"user": _("This user is not an assessor.")})
        Score.objects.filter(entry__selection=locked, assessor=user).delete()
    selection.__dict__.pop("_assessor_ids", None)


# Entries ----------------------------------------------------------------------------------------------------


def entry_add(*, selection: Selection, subject_key, label, submitted_at) -> tuple[Entry, str]:
    """The host's candidate ``subject_key`` enters the selection (until scoring starts). Returns the entry and its
    access code in plain text — shown once to the candidate; only its hash is kept."""
    errors = FieldErrors()
    if not subject_key:
        errors.add("subject_key", _("Say which candidate this is."))
    label = (label or "").strip()
    if not label:
        errors.add("label", _("Give the entry a label."))
    if submitted_at is None:
        errors.add("submitted_at", _("Give the time of the submission."))
    errors.raise_if_any()
    with transaction.atomic():
        locked = lock(selection)
        if locked.state not in ENTRY_STATES:
            raise state_error(locked, _("Entries are accepted only until scoring starts."))
        if locked.entries.filter(subject_key=subject_key).exists():
            raise ValidationError({"subject_key": _("This candidate has already entered the selection.")})
        number = (locked.entries.aggregate(top=Max("number"))["top"] or 0) + 1
        code = new_access_code()
        entry = Entry.objects.create(
            selection=locked,
            subject_key=subject_key,
            number=number,
            code=f"K-{number:03d}",
            label=label[:200],
            submitted_at=submitted_at,
            access_code_hash=hash_code(code),
        )
    return entry, code


def entry_withdraw(*, selection: Selection, subject_key, reason) -> Entry:
    """The candidate leaves the selection (before the ranking); the entry is kept, marked withdrawn."""
    with transaction.atomic():
        locked = lock(selection)
        if locked.state not in WITHDRAW_STATES:
            raise state_error(locked, _("An entry can be withdrawn only before the ranking."))
        entry = locked.entries.select_for_update().filter(subject_key=subject_key).first()
        if entry is None:
            raise ValidationError({"subject_key": _("There is no such entry.")})
        if entry.withdrawn_at is not None:
            raise ValidationError({"subject_key": _("This entry has already been withdrawn.")})
        entry.withdrawn_at = timezone.now()
        entry.withdrawn_reason = (reason or "").strip()[:500]
        entry.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    return entry


from kooperacja.selection.outcome import (  # noqa: E402  (re-exported: one place for the host apps)
    appeal_decide,
    appeal_submit,
    entry_scores_set,
    score_set,
    selection_confirm,
    selection_rank,
)

__all__ = [
    "appeal_decide",
    "appeal_submit",
    "assessor_add",
    "assessor_remove",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "entry_add",
    "entry_scores_set",
    "entry_withdraw",
    "score_set",
    "selection_cancel",
    "selection_confirm",
    "selection_create",
    "selection_publish",
    "selection_rank",
    "selection_start_scoring",
    "selection_update",
]
