"""Writes of the catalogue: publishing card versions and loading the shipped catalogue.

A card's content is handled as one plain dict (see :data:`CARD_FIELDS` and :data:`CHILD_FIELDS`): the
loader reads it from ``catalogue/data``, the edit form produces it, and :func:`card_data` turns a stored
version back into it. Versions are never updated in place.
"""

import hashlib
import json
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kooperacja.catalogue.models import (
    DeliveryForm,
    MetBy,
    MinimumResource,
    MonitoringIndicator,
    ProgrammeModule,
    ProgrammeVariant,
    Qualification,
    ReadinessCriterion,
    ResourceCategory,
    ServiceCardVersion,
    ServiceType,
)
from kooperacja.core.errors import ConflictError
from kooperacja.core.text import fold, polish_sort_key

EDIT_PERMISSION = "catalogue.edit_cards"

CARD_FIELDS = (
    "name",
    "summary",
    "legal_basis",
    "target_groups",
    "service_standard",
    "delivery_form",
    "is_cus_social_service",
)
REQUIRED_TEXT_FIELDS = ("name", "summary", "legal_basis", "target_groups", "service_standard")

# Child collection key -> the fields of one row.
CHILD_FIELDS: dict[str, tuple[str, ...]] = {
    "qualifications": ("code", "name", "requirement", "hours", "mandatory", "met_by"),
    "cis_modules": ("title", "hours", "learning_outcomes"),
    "kis_modules": ("title", "hours", "learning_outcomes"),
    "minimum_resources": ("category", "description"),
    "readiness_criteria": ("description", "evidence"),
    "indicators": ("name", "unit", "description"),
}
# Row fields that must not be blank.
CHILD_REQUIRED: dict[str, tuple[str, ...]] = {
    "qualifications": ("code", "name", "requirement", "met_by"),
    "cis_modules": ("title", "hours", "learning_outcomes"),
    "kis_modules": ("title", "hours", "learning_outcomes"),
    "minimum_resources": ("category", "description"),
    "readiness_criteria": ("description", "evidence"),
    "indicators": ("name", "unit"),
}
# Collections every published card must have at least one row of.
CHILD_NON_EMPTY = tuple(CHILD_FIELDS)

RESERVED_CODES = frozenset({"new", "edit", "compare"})


# --- reading a version back into card data -------------------------------------------------------------


def card_data(version: ServiceCardVersion) -> dict[str, Any]:
    """The content of ``version`` as a card dict (children from prefetched rows when available)."""
    data: dict[str, Any] = {field: getattr(version, field) for field in CARD_FIELDS}
    data["qualifications"] = [
        {field: getattr(row, field) for field in CHILD_FIELDS["qualifications"]} for row in version.qualifications.all()
    ]
    modules = list(version.programme_modules.all())
    for key, variant in (("cis_modules", ProgrammeVariant.CIS), ("kis_modules", ProgrammeVariant.KIS)):
        data[key] = [
            {field: getattr(row, field) for field in CHILD_FIELDS[key]} for row in modules if row.variant == variant
        ]
    data["minimum_resources"] = [
        {field: getattr(row, field) for field in CHILD_FIELDS["minimum_resources"]}
        for row in version.minimum_resources.all()
    ]
    data["readiness_criteria"] = [
        {field: getattr(row, field) for field in CHILD_FIELDS["readiness_criteria"]}
        for row in version.readiness_criteria.all()
    ]
    data["indicators"] = [
        {field: getattr(row, field) for field in CHILD_FIELDS["indicators"]} for row in version.indicators.all()
    ]
    return data


def card_fingerprint(data: dict[str, Any]) -> str:
    canonical = json.dumps(normalise_card(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- validation ------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """Trimmed text with Unix line endings (browsers send textarea lines with CRLF)."""
    return "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_card(data: dict[str, Any]) -> dict[str, Any]:
    """Trimmed text, integer hours, booleans; unknown keys dropped. Does not validate."""
    card: dict[str, Any] = {}
    for field in CARD_FIELDS:
        value = data.get(field)
        card[field] = bool(value) if field == "is_cus_social_service" else _text(value)
    for key, fields in CHILD_FIELDS.items():
        rows = []
        for row in data.get(key) or []:
            clean: dict[str, Any] = {}
            for field in fields:
                value = row.get(field)
                if field == "mandatory":
                    clean[field] = bool(value) if value is not None else True
                elif field == "hours":
                    clean[field] = None if value in (None, "") else value
                elif field == "met_by":
                    clean[field] = _text(value) or MetBy.EVIDENCE
                else:
                    clean[field] = _text(value)
            rows.append(clean)
        card[key] = rows
    return card


def validate_card(data: dict[str, Any]) -> dict[str, Any]:
    """The normalised card, or ValidationError with messages keyed by field ("cis_modules.2.hours")."""
    card = normalise_card(data)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in REQUIRED_TEXT_FIELDS:
        if not card[field]:
            add(field, _("This field is required."))
    if card["delivery_form"] not in DeliveryForm.values:
        add("delivery_form", _("Choose a form of delivery."))
    for key, rows in card.items():
        if key not in CHILD_FIELDS:
            continue
        if key in CHILD_NON_EMPTY and not rows:
            add(key, _("Add at least one row."))
        for index, row in enumerate(rows):
            for field in CHILD_REQUIRED[key]:
                if row[field] in ("", None):
                    add(f"{key}.{index}.{field}", _("This field is required."))
            if "hours" in row and row["hours"] is not None:
                try:
                    row["hours"] = int(row["hours"])
                except (TypeError, ValueError):
                    add(f"{key}.{index}.hours", _("Enter a whole number of hours."))
                    continue
                if row["hours"] <= 0 or row["hours"] > 2000:
                    add(f"{key}.{index}.hours", _("Enter a number of hours between 1 and 2000."))
            if key == "qualifications" and row["met_by"] not in MetBy.values:
                add(f"{key}.{index}.met_by", _("Choose how the qualification is met."))
            if key == "minimum_resources" and row["category"] and row["category"] not in ResourceCategory.values:
                add(f"{key}.{index}.category", _("Choose a category."))
    if errors:
        raise ValidationError(errors)
    return card


# --- building rows -------------------------------------------------------------------------------------


def _new_version(
    *, service_type: ServiceType, number: int, card: dict[str, Any], actor: User | None, change_note: str, now
) -> ServiceCardVersion:
    searchable = " ".join(
        [
            service_type.code.replace("-", " "),
            card["name"],
            card["summary"],
            card["target_groups"],
            card["legal_basis"],
            " ".join(row["name"] for row in card["qualifications"]),
        ]
    )
    return ServiceCardVersion(
        service_type=service_type,
        number=number,
        **{field: card[field] for field in CARD_FIELDS},
        published_at=now,
        published_by=actor if actor is not None and actor.is_authenticated else None,
        change_note=change_note,
        search_text=fold(searchable),
        name_search=fold(card["name"]),
        target_groups_search=fold(card["target_groups"]),
        sort_name=polish_sort_key(card["name"]),
    )


def _child_rows(version: ServiceCardVersion, card: dict[str, Any]) -> dict[type[models.Model], list]:
    rows: dict[type[models.Model], list] = {
        Qualification: [
            Qualification(version=version, order=index, **row) for index, row in enumerate(card["qualifications"])
        ],
        ProgrammeModule: [],
        MinimumResource: [
            MinimumResource(version=version, order=index, **row) for index, row in enumerate(card["minimum_resources"])
        ],
        ReadinessCriterion: [
            ReadinessCriterion(version=version, order=index, **row)
            for index, row in enumerate(card["readiness_criteria"])
        ],
        MonitoringIndicator: [
            MonitoringIndicator(version=version, order=index, **row) for index, row in enumerate(card["indicators"])
        ],
    }
    for key, variant in (("cis_modules", ProgrammeVariant.CIS), ("kis_modules", ProgrammeVariant.KIS)):
        rows[ProgrammeModule].extend(
            ProgrammeModule(version=version, variant=variant, order=index, **row) for index, row in enumerate(card[key])
        )
    return rows


def _save_children(versions_and_cards: list[tuple[ServiceCardVersion, dict[str, Any]]]) -> None:
    batches: dict[type[models.Model], list] = {}
    for version, card in versions_and_cards:
        for model, rows in _child_rows(version, card).items():
            batches.setdefault(model, []).extend(rows)
    for model, rows in batches.items():
        model._default_manager.bulk_create(rows, batch_size=500)


def _check_editor(actor: User | None) -> None:
    if actor is not None and not actor.has_perm(EDIT_PERMISSION):
        raise PermissionDenied


def _change_note(change_note: str) -> str:
    note = _text(change_note)
    if not note:
        raise ValidationError({"change_note": [_("Describe what changed in this version.")]})
    if len(note) > 500:
        raise ValidationError({"change_note": [_("Keep the change note under 500 characters.")]})
    return note


# --- public services -----------------------------------------------------------------------------------


def service_card_publish(
    *, actor: User, service_type: ServiceType, data: dict[str, Any], base_number: int, change_note: str
) -> ServiceCardVersion:
    """Publish a new version of ``service_type``: the current content with ``data`` applied on top.

    ``base_number`` is the version the editor started from; if another version was published since,
    :class:`ConflictError` is raised and nothing is saved. Keys missing from ``data`` keep the content
    of the current version, so a caller may change a single field.
    """
    _check_editor(actor)
    note = _change_note(change_note)
    with transaction.atomic():
        locked = ServiceType.objects.select_for_update().get(pk=service_type.pk)
        current = None
        if locked.current_version_id is not None:
            current = (
                ServiceCardVersion.objects.prefetch_related(
                    "qualifications", "programme_modules", "minimum_resources", "readiness_criteria", "indicators"
                )
                .filter(pk=locked.current_version_id)
                .first()
            )
        if current is None or current.number != base_number:
            raise ConflictError(
                _(
                    "Version %(current)s of this card was published after you started editing version %(base)s. "
                    "Nothing was saved: open the card again and repeat your changes."
                )
                % {"current": current.number if current else "—", "base": base_number}
            )
        merged = card_data(current)
        merged.update({key: value for key, value in data.items() if key in CARD_FIELDS or key in CHILD_FIELDS})
        card = validate_card(merged)
        if card == normalise_card(card_data(current)):
            raise ValidationError({"__all__": [_("Nothing has changed: there is no new version to publish.")]})
        version = _new_version(
            service_type=locked,
            number=current.number + 1,
            card=card,
            actor=actor,
            change_note=note,
            now=timezone.now(),
        )
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError as exc:  # a concurrent publisher took this number first
            raise ConflictError(_("Another version of this card was published at the same time.")) from exc
        _save_children([(version, card)])
        locked.current_version = version
        locked.save(update_fields=["current_version"])
    service_type.current_version = version
    return version


def service_type_create(*, actor: User, code: str, data: dict[str, Any], change_note: str) -> ServiceType:
    """A new service type with its first version."""
    _check_editor(actor)
    note = _change_note(change_note)
    code = _text(code)
    if not code or slugify(code) != code:
        raise ValidationError({"code": [_("Use lower-case letters without diacritics, digits and hyphens.")]})
    if code in RESERVED_CODES:
        raise ValidationError({"code": [_("This code is reserved; choose another.")]})
    card = validate_card(data)
    with transaction.atomic():
        if ServiceType.objects.filter(code=code).exists():
            raise ValidationError({"code": [_("A service with this code already exists.")]})
        service_type = ServiceType.objects.create(code=code)
        version = _new_version(
            service_type=service_type, number=1, card=card, actor=actor, change_note=note, now=timezone.now()
        )
        version.save()
        _save_children([(version, card)])
        service_type.current_version = version
        service_type.save(update_fields=["current_version"])
    return service_type


@transaction.atomic
def catalogue_load(*, cards: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Create or update the cards shipped in ``catalogue/data``.

    Idempotent: a card whose shipped content did not change since it was last loaded is left alone
    (including edits made in the UI since); a card whose shipped content changed gets a new version.
    Returns counts of created, updated and unchanged cards.
    """
    if cards is None:
        from kooperacja.catalogue.data import CARDS

        cards = CARDS
    existing = {
        service_type.code: service_type
        for service_type in ServiceType.objects.select_related("current_version").filter(
            code__in=[card["code"] for card in cards]
        )
    }
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new_types = []
    pending: list[tuple[ServiceType, int, dict[str, Any], str, str]] = []
    for raw in cards:
        card = validate_card(raw)
        fingerprint = card_fingerprint(card)
        note = raw.get("change_note") or "Karta z katalogu wzorcowego platformy."
        service_type = existing.get(raw["code"])
        if service_type is None:
            service_type = ServiceType(code=raw["code"], source_hash=fingerprint)
            new_types.append(service_type)
            pending.append((service_type, 1, card, note, fingerprint))
            counts["created"] += 1
        elif service_type.source_hash == fingerprint:
            counts["unchanged"] += 1
        else:
            number = service_type.current_version.number + 1 if service_type.current_version else 1
            pending.append((service_type, number, card, "Aktualizacja katalogu wzorcowego platformy.", fingerprint))
            counts["updated"] += 1
    if not pending:
        return counts
    ServiceType.objects.bulk_create(new_types)
    versions = [
        _new_version(service_type=service_type, number=number, card=card, actor=None, change_note=note, now=now)
        for service_type, number, card, note, _fingerprint in pending
    ]
    ServiceCardVersion.objects.bulk_create(versions)
    _save_children([(version, entry[2]) for version, entry in zip(versions, pending, strict=True)])
    changed_types = []
    for version, (service_type, _number, _card, _note, fingerprint) in zip(versions, pending, strict=True):
        service_type.current_version = version
        service_type.source_hash = fingerprint
        changed_types.append(service_type)
    ServiceType.objects.bulk_update(changed_types, ["current_version", "source_hash"])
    return counts
