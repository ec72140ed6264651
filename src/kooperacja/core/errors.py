"""The errors services raise, and the one collector of field errors for services that validate many fields."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """Someone else changed the record since it was read; nothing was saved."""


class FieldErrors:
    """Every problem of a record, by field, raised together: a form or an API client sees all of them at once.

    errors = FieldErrors()
    if not name:
        errors.add("name", _("Enter a name."), code="required")
    errors.absorb(some_check)       # a ValidationError of another check, field keys kept
    errors.raise_if_any()
    """

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message, *, code: str | None = None, params: dict[str, Any] | None = None) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    def absorb(self, error: ValidationError, *, field: str = "", new_fields_only: bool = False) -> None:
        """Take the errors of ``error`` (by its field keys, or on ``field`` if it has none); with
        ``new_fields_only``, a field that has an error already keeps only its own (the more precise one)."""
        found = error.error_dict if hasattr(error, "error_dict") else {field or "__all__": error.error_list}
        for name, errors in found.items():
            if new_fields_only and name in self.by_field:
                continue
            self.by_field.setdefault(name, []).extend(errors)

    def update(self, errors: Mapping[str, list]) -> None:
        for name, field_errors in errors.items():
            self.by_field.setdefault(name, []).extend(field_errors)

    def __contains__(self, field: str) -> bool:
        return field in self.by_field

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(dict(self.by_field))
