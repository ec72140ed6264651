"""Reading dated law: the value of a parameter in force on a date."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kooperacja.core.text import short_date
from kooperacja.law.models import StatutoryParameter


class StatutoryParameterMissing(LookupError):
    """No value of a statutory parameter covers the date asked about."""


def statutory_parameter_get(code: str, on_date: date) -> StatutoryParameter | None:
    """The row of ``code`` in force on ``on_date``, or None."""
    return (
        StatutoryParameter.objects.filter(code=code, valid_from__lte=on_date)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
        .order_by("-valid_from")
        .first()
    )


def statutory_value(code: str, on_date: date) -> Decimal:
    """The value of the statutory parameter ``code`` in force on ``on_date``."""
    parameter = statutory_parameter_get(code, on_date)
    if parameter is None:
        raise StatutoryParameterMissing(
            f"No value of the statutory parameter {code!r} covers {on_date.isoformat()}; "
            "load them with `manage.py load_statutory_parameters` or add a row for that date."
        )
    return parameter.value


def statutory_parameter_list() -> QuerySet[StatutoryParameter]:
    return StatutoryParameter.objects.order_by("code", "valid_from")


def statutory_or_error(code: str, on_date: date, *, field: str) -> Decimal:
    """The statutory value in force on ``on_date``, or a field error saying the parameters are missing."""
    try:
        return statutory_value(code, on_date)
    except StatutoryParameterMissing as exc:
        raise ValidationError(
            {
                field: _("No statutory value covers %(date)s; the statutory parameters must be loaded first.")
                % {"date": short_date(on_date)}
            }
        ) from exc


class StatutoryValues:
    """:func:`statutory_or_error` for many dates: every statutory parameter is read once (one query), and
    each answer — the value, or the field error — is kept per code, date and field."""

    def __init__(self) -> None:
        self._periods: dict[str, list[tuple[date, date | None, Decimal]]] = {}
        for code, valid_from, valid_to, value in StatutoryParameter.objects.order_by("code", "-valid_from").values_list(
            "code", "valid_from", "valid_to", "value"
        ):
            self._periods.setdefault(code, []).append((valid_from, valid_to, value))
        self._answers: dict[tuple[str, date], Decimal | None] = {}

    def __call__(self, code: str, on_date: date, *, field: str) -> Decimal:
        key = (code, on_date)
        if key not in self._answers:
            self._answers[key] = self._value(code, on_date)
        answer = self._answers[key]
        if answer is None:
            raise ValidationError(
                {
                    field: _("No statutory value covers %(date)s; the statutory parameters must be loaded first.")
                    % {"date": short_date(on_date)}
                }
            )
        return answer

    def _value(self, code: str, on_date: date) -> Decimal | None:
        for valid_from, valid_to, value in self._periods.get(code, ()):  # the latest start first
            if valid_from <= on_date and (valid_to is None or valid_to >= on_date):
                return value
        return None
