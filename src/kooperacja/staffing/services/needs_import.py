"""Many staffing needs of one provider at once (a file import): every row checked by the rules of
:func:`need_create` against the catalogue and the territory read once, and all needs written in one
transaction by ``core.bulk``, as drafts.

The caller (the import job, in ``training``) parses the cells; this module owns what a need is. Needs are
written without change-log entries of their own: the import job records who imported which file, when and how
many rows.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue
from kooperacja.core import bulk
from kooperacja.core.errors import FieldErrors
from kooperacja.core.text import fold
from kooperacja.registry.models import Organisation
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NeedStatus, StaffingNeed
from kooperacja.staffing.services.common import actor_or_none
from kooperacja.staffing.services.needs import (
    SEARCH_TEXT_LENGTH,
    _check_provider,
    need_rules,
    unknown_qualifications,
)
from kooperacja.territory import selectors as territory

NEED_COLUMNS = (
    "id",
    "public_id",
    "provider_id",
    "card_version_id",
    "position",
    "headcount",
    "filled_count",
    "working_time",
    "hours_per_week",
    "start_date",
    "end_date",
    "municipality_id",
    "pay_min",
    "pay_max",
    "conditions",
    "status",
    "search_text",
    "version",
    "created_by_id",
    "created_at",
    "updated_at",
)
# Numbers checked by their model field's own validators (range, digits), as ``full_clean`` does.
VALIDATED_FIELDS = ("headcount", "hours_per_week", "pay_min", "pay_max")


def _field(name: str) -> Field:
    field = StaffingNeed._meta.get_field(name)
    assert isinstance(field, Field)
    return field


class NeedsImport:
    """Check needs of ``provider`` one by one (:meth:`check`), then write all of them (:meth:`write`).

    Raises ValidationError (on ``provider``) at once when ``actor`` may not declare needs for ``provider``."""

    def __init__(self, *, actor: User | None, provider: Organisation):
        errors = FieldErrors()
        _check_provider(actor, provider, errors=errors)
        errors.raise_if_any()
        self.provider = provider
        self.created_by = actor_or_none(actor)
        self.cards = catalogue.current_cards_by_service_code()
        self.units = territory.UnitIndex()
        self.position_length = _field("position").max_length or 0
        self.needs: list[tuple] = []
        self.qualifications: list[list[int]] = []
        self.ranges = {
            name: connection.ops.integer_field_range(_field(name).get_internal_type())
            for name in ("headcount", "hours_per_week")
        }
        self._folds: dict[str, str] = {}
        self.today = timezone.localdate()
        self.labour = LabourLaw()  # the minimum wage on every start date, read once

    @property
    def staged(self) -> int:
        return len(self.needs)

    def check(self, values: Mapping[str, Any]) -> list[tuple[str, str]]:
        """The problems of one need (field, message), or none: then it is kept for :meth:`write`. ``values``
        hold ``service`` (a service code), ``municipality`` (a TERYT code), ``required_qualifications``
        (codes) and the need's own fields, parsed."""
        errors = FieldErrors()
        card, known = self.cards.get(values.get("service") or "", (None, {}))
        if card is None:
            errors.add("service", _("The catalogue has no service with this code."))
        municipality = self._municipality(values.get("municipality"), errors)
        position = (values.get("position") or "").strip()
        if not position:
            errors.add("position", _("This field cannot be blank."))
        for name in VALIDATED_FIELDS:
            value = values.get(name)
            if value is not None and not self._surely_valid(name, value):
                try:
                    _field(name).run_validators(value)
                except ValidationError as exc:
                    errors.absorb(exc, field=name)
        if len(position) > self.position_length:
            try:
                _field("position").run_validators(position)
            except ValidationError as exc:
                errors.absorb(exc, field="position")
        need_rules(values, errors, creating=True, today=self.today, labour=self.labour)
        qualifications: list[int] = []
        if card is not None:
            codes = list(dict.fromkeys(code.strip() for code in values.get("required_qualifications") or ()))
            unknown = [code for code in codes if code and code not in known]
            if unknown:
                unknown_qualifications(errors, card, unknown)
            qualifications = [known[code] for code in codes if code in known]
        if errors:
            return [(field, message) for field, found in errors.by_field.items() for message in _messages(found)]
        assert card is not None and municipality is not None  # each missing one left an error above
        code, name = municipality
        self.needs.append(
            (
                card.pk,
                position,
                values["headcount"],
                values["working_time"],
                values.get("hours_per_week"),
                values["start_date"],
                values.get("end_date"),
                code,
                values.get("pay_min"),
                values.get("pay_max"),
                (values.get("conditions") or "").strip(),
                self._search_text(position, name),
            )
        )
        self.qualifications.append(qualifications)
        return []

    def _surely_valid(self, name: str, value: Any) -> bool:
        """A quick test that ``value`` passes the field's validators (they run when it fails): an integer
        within the field's range, or pay with at most 7 whole digits and 2 decimal places."""
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            return isinstance(exponent, int) and exponent >= -2 and abs(value) < 10_000_000
        low, high = self.ranges[name]
        return low <= value <= high

    def _search_text(self, position: str, municipality: str) -> str:
        """As ``need_fill_derived``: fold() of the parts joined by spaces equals the folded parts joined, so
        each distinct part is folded once."""
        parts = [self._folded(part) for part in (position, self.provider.name, municipality) if part]
        return " ".join(parts)[:SEARCH_TEXT_LENGTH]

    def _folded(self, text: str) -> str:
        folded = self._folds.get(text)
        if folded is None:
            folded = fold(text)
            if len(self._folds) < 100_000:
                self._folds[text] = folded
        return folded

    def _municipality(self, value: Any, errors: FieldErrors) -> tuple[str, str] | None:
        """As ``resolve_unit(levels=[municipality])``, from the units read once: a code, or a name one
        municipality bears (a name several bear is refused, naming their codes)."""
        if not str(value or "").strip():
            errors.add("municipality", _("This field is required."), code="required")
            return None
        try:
            code = self.units.municipality(value)
        except ValidationError as exc:
            errors.absorb(exc, field="municipality")
            return None
        return code, self.units.by_code[code][1]

    def write(self) -> int:
        """Write every need checked (as drafts) and their qualifications, inside the caller's transaction."""
        now = bulk.db_datetime(timezone.now())
        ids = bulk.allocate_ids(StaffingNeed, len(self.needs))
        provider_id = self.provider.pk
        created_by = self.created_by.pk if self.created_by is not None else None
        bulk.insert_rows(
            StaffingNeed,
            NEED_COLUMNS,
            (
                (
                    pk,
                    public_id,
                    provider_id,
                    card,
                    position,
                    headcount,
                    0,
                    working_time,
                    hours,
                    start,
                    end,
                    municipality,
                    pay_min,
                    pay_max,
                    conditions,
                    NeedStatus.DRAFT,
                    search_text,
                    1,
                    created_by,
                    now,
                    now,
                )
                for pk, public_id, (
                    card,
                    position,
                    headcount,
                    working_time,
                    hours,
                    start,
                    end,
                    municipality,
                    pay_min,
                    pay_max,
                    conditions,
                    search_text,
                ) in zip(ids, bulk.new_public_ids(len(self.needs)), self.needs, strict=True)
            ),
        )
        through = StaffingNeed.required_qualifications.through
        bulk.insert_rows(
            through,
            ("staffingneed_id", "qualification_id"),
            (
                (pk, qualification)
                for pk, chosen in zip(ids, self.qualifications, strict=True)
                for qualification in chosen
            ),
        )
        return len(self.needs)


def _messages(errors: list[ValidationError]) -> list[str]:
    return [message for error in errors for message in error.messages]
