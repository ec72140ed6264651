"""Builders shared by the demo region and the tests: identifiers with correct check digits, and the rows that
only tests need to build directly (a service card of their own). One of each, so that the demo and the tests
never disagree on what a valid PESEL or a service card is."""

from collections.abc import Callable, Iterable
from datetime import date

from django.utils import timezone

from kooperacja.catalogue.models import ProgrammeModule, Qualification, ServiceCardVersion, ServiceType

_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel_for(birth: date, serial: int, female: bool = False) -> str:
    """A valid PESEL of a fictional person born on ``birth``. ``serial`` (0–4999) tells apart the people born
    that day: its last three digits are the serial digits, its thousands go into the sex digit."""
    month = birth.month + (20 if 2000 <= birth.year < 2100 else 0)
    sex = (serial // 1000 * 2 + (0 if female else 1)) % 10
    stem = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial % 1000:03d}{sex}"
    check = (10 - sum(int(d) * w for d, w in zip(stem, _PESEL_WEIGHTS, strict=True)) % 10) % 10
    return stem + str(check)


def identifier_with_check_digit(base: int, valid: Callable[[str], bool]) -> str:
    """``base`` followed by the digit that makes it valid (NIP, REGON, …); the next base if none does."""
    stem = str(base)
    for digit in "0123456789":
        if valid(stem + digit):
            return stem + digit
    return identifier_with_check_digit(base + 1, valid)


def service_card(
    *,
    code: str,
    name: str | None = None,
    qualifications: Iterable[str | tuple[str, str, bool] | tuple[str, str, bool, str]] = ("TST-OP",),
    modules: bool = True,
    met_by: str = "course_or_evidence",
) -> ServiceCardVersion:
    """A service type ``code`` with a published version 1: one qualification per item (a code, or a
    ``(code, name, mandatory)`` triple, or a ``(code, name, mandatory, met_by)`` quadruple; ``met_by`` otherwise
    for all) and, unless ``modules`` is false, three CIS and three KIS course modules."""
    name = name or f"Usługa testowa {code}"
    service_type = ServiceType.objects.create(code=code)
    card = ServiceCardVersion.objects.create(
        service_type=service_type,
        number=1,
        name=name,
        summary="Opis.",
        legal_basis="Ustawa.",
        target_groups="Seniorzy.",
        service_standard="Standard.",
        delivery_form="home",
        published_at=timezone.now(),
        change_note="Pierwsza wersja.",
        sort_name=name.lower(),
    )
    for order, item in enumerate(qualifications):
        row: tuple = (item, f"Kwalifikacja {item}", True) if isinstance(item, str) else tuple(item)
        row_met_by: str = row[3] if len(row) > 3 else met_by
        Qualification.objects.create(
            version=card,
            order=order,
            code=str(row[0]),
            name=str(row[1]),
            requirement="Zaświadczenie." if row_met_by == "evidence" else "Zaświadczenie albo kurs.",
            mandatory=bool(row[2]),
            met_by=row_met_by,
        )
    if modules:
        for variant in ("cis", "kis"):
            for order in range(3):
                ProgrammeModule.objects.create(
                    version=card,
                    variant=variant,
                    order=order,
                    title=f"Moduł {variant.upper()} {order + 1}",
                    hours=10,
                    learning_outcomes="– umie",
                )
    service_type.current_version = card
    service_type.save(update_fields=["current_version"])
    return card
