"""Writes of the catalogue of cooperative models and of its franchise records.

The catalogue editor (or an administrator) creates, edits, publishes and withdraws models; a franchisee is
recorded by the editor or by a PES manager of the model's franchisor — never by the franchisee itself.
Every write is one transaction with an event row; concurrent edits are refused by the ``version`` check."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue.selectors import service_type_list
from kooperacja.cooperatives.models import (
    FRANCHISE_MACHINE,
    MODEL_MACHINE,
    CooperativeModel,
    Franchisee,
    FranchiseeEvent,
    FranchiseState,
    ModelEvent,
    ModelStatus,
    ReplicationDocument,
)
from kooperacja.cooperatives.rules import franchisor_organisation_ids
from kooperacja.cooperatives.validation import CONTENT_FIELDS, index_model, validate_model_data
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.registry.models import Organisation
from kooperacja.territory.models import Level, Unit

# Codes that are the addresses of pages of the catalogue (/cooperatives/new/, …).
RESERVED_CODES = frozenset({"new", "map", "recommend"})


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_editor(actor) -> None:
    if actor is not None and not actor.has_perm("cooperatives.edit_models"):
        raise PermissionDenied


def _service_ids() -> dict[str, int]:
    return dict(service_type_list().values_list("code", "id"))


def _checked(data: Mapping[str, Any], franchisor: Organisation | None) -> tuple[dict[str, Any], dict[str, int]]:
    service_ids = _service_ids()
    errors = FieldErrors()
    content: dict[str, Any] = {}
    try:
        content = validate_model_data(dict(data), service_codes=set(service_ids))
    except ValidationError as exc:
        errors.absorb(exc)
    if franchisor is not None and not franchisor.is_active:
        errors.add("franchisor", _("The franchisor must be an active organisation."))
    errors.raise_if_any()
    return content, service_ids


def _save_content(model: CooperativeModel, content: dict[str, Any], service_ids: dict[str, int]) -> None:
    model.service_types.set([service_ids[code] for code in content["service_types"]])
    if "documents" in content:
        model.documents.all().delete()
        ReplicationDocument.objects.bulk_create(
            ReplicationDocument(model=model, order=order, **document)
            for order, document in enumerate(content["documents"])
        )


def model_create(
    *, actor, code: str, data: Mapping[str, Any], franchisor: Organisation | None = None
) -> CooperativeModel:
    """A new model, as a draft (the editor publishes it when it is complete)."""
    _check_editor(actor)
    code = (code or "").strip()
    errors = FieldErrors()
    if not code:
        errors.add("code", _("Enter a code."), code="required")
    elif code in RESERVED_CODES:
        errors.add("code", _("This code is reserved; choose another."), code="reserved")
    elif CooperativeModel.objects.filter(code=code).exists():
        errors.add("code", _("A model with this code exists already."), code="unique")
    try:
        content, service_ids = _checked(data, franchisor)
    except ValidationError as exc:
        errors.absorb(exc)
    errors.raise_if_any()
    model = CooperativeModel(code=code, franchisor=franchisor, updated_by=_user(actor))
    for name in CONTENT_FIELDS:
        setattr(model, name, content[name])
    index_model(model)
    try:
        with transaction.atomic():
            model.save()
            _save_content(model, content, service_ids)
            ModelEvent.objects.create(model=model, from_state="", to_state=ModelStatus.DRAFT, actor=_user(actor))
    except IntegrityError as exc:
        raise ValidationError({"code": [_("A model with this code exists already.")]}) from exc
    return model


def model_update(
    *,
    actor,
    model: CooperativeModel,
    data: Mapping[str, Any],
    expected_version: int,
    franchisor: Organisation | None = None,
) -> CooperativeModel:
    """Edit a model's content and franchisor; it no longer follows the shipped file (``source_hash`` cleared)."""
    _check_editor(actor)
    if "documents" not in data:
        data = {**data, "documents": [_document_data(d) for d in model.documents.all()]}
    content, service_ids = _checked(data, franchisor)
    with transaction.atomic():
        claimed = CooperativeModel.objects.filter(pk=model.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this model in the meantime. Nothing was saved; check and repeat.")
            )
        for name in CONTENT_FIELDS:
            setattr(model, name, content[name])
        model.franchisor = franchisor
        model.source_hash = ""
        model.updated_by = _user(actor)
        model.version = expected_version + 1
        index_model(model)
        model.save()
        _save_content(model, content, service_ids)
    return model


def model_set_franchisor(*, actor, model: CooperativeModel, franchisor: Organisation | None) -> CooperativeModel:
    """Name the organisation that passes the model on as a social franchise (the shipped content is untouched,
    so the model still follows the shipped catalogue)."""
    _check_editor(actor)
    if franchisor is not None and not franchisor.is_active:
        raise ValidationError({"franchisor": [_("The franchisor must be an active organisation.")]})
    with transaction.atomic():
        CooperativeModel.objects.filter(pk=model.pk).update(
            franchisor=franchisor, version=model.version + 1, updated_at=timezone.now()
        )
    model.franchisor, model.version = franchisor, model.version + 1
    return model


def _document_data(document: ReplicationDocument) -> dict[str, str]:
    return {"kind": document.kind, "title": document.title, "description": document.description}


def _move_model(model: CooperativeModel, target: str, *, actor, note: str = "", extra=None) -> CooperativeModel:
    with transaction.atomic():
        return transition(
            model,
            machine=MODEL_MACHINE,
            target=target,
            actor=actor,
            event_model=ModelEvent,
            note=note,
            extra_updates={**(extra or {}), "version": model.version + 1},
            model=model,
        )


def model_publish(*, actor, model: CooperativeModel, note: str = "") -> CooperativeModel:
    """Publish a draft or publish again a withdrawn model: founding groups may choose it."""
    MODEL_MACHINE.check_permission(actor, model, ModelStatus.PUBLISHED)
    if not model.target_groups or not model.service_areas:
        raise ValidationError(_("Fill in the model's target groups and service areas before publishing it."))
    return _move_model(model, ModelStatus.PUBLISHED, actor=actor, note=note, extra={"published_at": timezone.now()})


def model_withdraw(*, actor, model: CooperativeModel, note: str) -> CooperativeModel:
    """Withdraw a published model (with reasons): it is no longer offered to founding groups."""
    MODEL_MACHINE.check_permission(actor, model, ModelStatus.WITHDRAWN)
    if not (note or "").strip():
        raise ValidationError({"note": [_("Say why the model is withdrawn.")]})
    return _move_model(model, ModelStatus.WITHDRAWN, actor=actor, note=note.strip())


# --- franchise -------------------------------------------------------------------------------------------------


def _check_franchise(actor, record) -> None:
    if actor is not None and not actor.has_perm("cooperatives.manage_franchise", record):
        raise PermissionDenied


def _franchise_checked(
    *, model: CooperativeModel, organisation, unit, since: date | None, until: date | None
) -> FieldErrors:
    errors = FieldErrors()
    if organisation is None:
        errors.add("organisation", _("Choose the franchisee organisation."), code="required")
    elif model.franchisor_id is not None and organisation.pk == model.franchisor_id:
        errors.add("organisation", _("The franchisor cannot be its own franchisee."), code="invalid")
    if not isinstance(unit, Unit) or unit.level != Level.MUNICIPALITY:
        errors.add("unit", _("Choose the municipality where the model runs."), code="required")
    if since and until and since > until:
        errors.add("until", _("The end is before the start."), code="invalid")
    return errors


def franchisee_add(
    *,
    actor,
    model: CooperativeModel,
    organisation: Organisation | None,
    unit: Unit | None,
    since: date | None = None,
    until: date | None = None,
    note: str = "",
) -> Franchisee:
    """Record an organisation negotiating to run ``model`` in a municipality."""
    _check_franchise(actor, model)
    editor = actor is None or actor.has_perm("cooperatives.edit_models")
    if organisation is not None and not editor and organisation.pk in franchisor_organisation_ids(actor):
        raise PermissionDenied
    errors = _franchise_checked(model=model, organisation=organisation, unit=unit, since=since, until=until)
    if model.status != ModelStatus.PUBLISHED:
        errors.add("__all__", _("Only a published model is passed on as a franchise."), code="invalid")
    errors.raise_if_any()
    try:
        with transaction.atomic():
            franchisee = Franchisee.objects.create(
                model=model,
                organisation=organisation,
                unit=unit,
                since=since,
                until=until,
                note=(note or "").strip(),
                created_by=_user(actor),
            )
            FranchiseeEvent.objects.create(
                franchisee=franchisee, from_state="", to_state=FranchiseState.NEGOTIATING, actor=_user(actor)
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"organisation": [_("This organisation already runs or negotiates this model in this municipality.")]}
        ) from exc
    return franchisee


def franchisee_update(
    *,
    actor,
    franchisee: Franchisee,
    since: date | None,
    until: date | None,
    note: str,
    expected_version: int,
) -> Franchisee:
    """Correct the dates and note of a franchise that has not ended."""
    _check_franchise(actor, franchisee)
    if franchisee.state == FranchiseState.ENDED:
        raise ValidationError(_("An ended franchise is kept as it was."))
    if since and until and since > until:
        raise ValidationError({"until": [_("The end is before the start.")]})
    if franchisee.state == FranchiseState.ACTIVE and since is None:
        raise ValidationError({"since": [_("An active franchise has a start date.")]})
    with transaction.atomic():
        claimed = (
            Franchisee.objects.filter(pk=franchisee.pk, version=expected_version)
            .exclude(state=FranchiseState.ENDED)
            .update(since=since, until=until, note=(note or "").strip(), version=expected_version + 1)
        )
        if claimed != 1:
            raise ConflictError(_("Someone else changed this record in the meantime. Reload the page and try again."))
    franchisee.refresh_from_db()
    return franchisee


def _move_franchise(franchisee: Franchisee, target: str, *, actor, note: str = "", extra=None) -> Franchisee:
    with transaction.atomic():
        return transition(
            franchisee,
            machine=FRANCHISE_MACHINE,
            field="state",
            target=target,
            actor=actor,
            event_model=FranchiseeEvent,
            note=note,
            extra_updates={**(extra or {}), "version": franchisee.version + 1},
            franchisee=franchisee,
        )


def franchisee_activate(*, actor, franchisee: Franchisee, since: date | None = None, note: str = "") -> Franchisee:
    """The franchise agreement is made: the organisation runs the model from ``since`` (today by default)."""
    since = since or franchisee.since or timezone.localdate()
    if franchisee.until and since > franchisee.until:
        raise ValidationError({"since": [_("The start is after the planned end.")]})
    return _move_franchise(franchisee, FranchiseState.ACTIVE, actor=actor, note=note, extra={"since": since})


def franchisee_end(*, actor, franchisee: Franchisee, until: date | None = None, note: str = "") -> Franchisee:
    """End a franchise (or negotiations that came to nothing) on ``until`` (today by default)."""
    until = until or timezone.localdate()
    if franchisee.since and until < franchisee.since:
        raise ValidationError({"until": [_("The end is before the start.")]})
    return _move_franchise(franchisee, FranchiseState.ENDED, actor=actor, note=note, extra={"until": until})
