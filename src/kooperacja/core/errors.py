"""The errors services raise, and the one collector of field errors for services that validate many fields."""

from collections.abc import Mapping

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

    def add(self, field: str, message, *, code: str | None = None, params: Mapping | None = None) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    def absorb(self, error: ValidationError, *, field: str = "") -> None:
        """Take the errors of ``error`` (by its field keys, or on ``field`` if it has none)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.by_field.setdefault(name, []).extend(errors)
        else:
            self.by_field.setdefault(field or "__all__", []).extend(error.error_list)

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
