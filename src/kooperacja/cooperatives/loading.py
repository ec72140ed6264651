"""Loading the shipped catalogue of cooperative models (``data/models.json``), idempotently."""

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kooperacja.catalogue.selectors import service_type_list
from kooperacja.cooperatives.models import (
    CooperativeModel,
    ModelEvent,
    ModelStatus,
    ReplicationDocument,
)
from kooperacja.cooperatives.validation import CONTENT_FIELDS, index_model, validate_model_data

DATA_FILE = Path(__file__).parent / "data" / "models.json"


def shipped_models() -> list[dict[str, Any]]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["models"]


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def models_load(*, models: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Create or refresh the shipped models; a new model is published at once.

    Idempotent: a model whose shipped content did not change since it was last loaded is left alone. A model
    edited in the application since (its ``source_hash`` cleared by the editor's save) keeps the editor's text.
    Returns counts of created, updated, unchanged and kept (edited here) models.
    """
    entries = shipped_models() if models is None else models
    service_ids = dict(service_type_list().values_list("code", "id"))
    existing = {model.code: model for model in CooperativeModel.objects.filter(code__in=[e["code"] for e in entries])}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    now = timezone.now()
    for raw in entries:
        data = validate_model_data(raw, service_codes=set(service_ids))
        digest = fingerprint(raw)
        model = existing.get(raw["code"])
        if model is not None and model.source_hash == digest:
            counts["unchanged"] += 1
            continue
        if model is not None and not model.source_hash:
            counts["kept"] += 1
            continue
        created = model is None
        if created:
            model = CooperativeModel(code=raw["code"], status=ModelStatus.PUBLISHED, published_at=now)
        for name in CONTENT_FIELDS:
            setattr(model, name, data[name])
        model.source_hash = digest
        index_model(model)
        if not created:
            model.version += 1
        model.save()
        model.service_types.set([service_ids[code] for code in data["service_types"]])
        model.documents.all().delete()
        ReplicationDocument.objects.bulk_create(
            ReplicationDocument(model=model, order=order, **document)
            for order, document in enumerate(data["documents"])
        )
        if created:
            ModelEvent.objects.create(
                model=model, from_state="", to_state=ModelStatus.PUBLISHED, note="Model z katalogu platformy."
            )
        counts["created" if created else "updated"] += 1
    return counts


def check_shipped() -> None:
    """Raise ValidationError if the shipped file has a bad entry (used by tests and the command)."""
    codes = set(service_type_list().values_list("code", flat=True))
    seen: set[str] = set()
    for raw in shipped_models():
        validate_model_data(raw, service_codes=codes)
        if raw["code"] in seen:
            raise ValidationError({"code": f"duplicate code {raw['code']}"})
        seen.add(raw["code"])
