"""Staffing needs and labour law: the minimum wage in force on the start date (pro rata for part time) refuses a
lower offer everywhere a need is written, and hours above the Labour Code's 40 a week are flagged."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kooperacja.core.errors import FieldErrors
from kooperacja.staffing import services
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NeedStatus, StaffingNeed
from kooperacja.staffing.services.needs import need_rules
from kooperacja.staffing.services.needs_import import NeedsImport
from tests.factories import GRUDZIADZ
from tests.staffing.factories import NeedFactory, in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(world):
    return provider_with_manager(world.user("member_b"))


def _rules(**values) -> FieldErrors:
    base = {
        "headcount": 1,
        "working_time": "full_time",
        "hours_per_week": None,
        "pay_min": None,
        "pay_max": None,
        "start_date": in_days(30),
        "end_date": None,
    }
    errors = FieldErrors()
    need_rules({**base, **values}, errors, creating=False)
    return errors


def _codes(errors: FieldErrors) -> dict[str, list[str | None]]:
    return {field: [error.code for error in found] for field, found in errors.by_field.items()}


def test_the_minimum_wage_is_the_one_in_force_on_the_date():
    labour = LabourLaw()
    expected = {
        date(2023, 1, 1): 3490,
        date(2023, 7, 1): 3600,
        date(2024, 6, 30): 4242,
        date(2024, 7, 1): 4300,
        date(2025, 12, 31): 4666,
        date(2026, 1, 1): 4806,
    }
    assert {day: int(labour.minimum_wage(day).value) for day in expected} == expected
    assert labour.minimum_wage(date(2026, 1, 1)).valid_from == date(2026, 1, 1)
    assert labour.minimum_wage(date(2022, 6, 1)) is None
    # The 2026 amount is assumed to hold after 2026 until the next one is added, and the page says so.
    assert labour.minimum_wage(date(2027, 3, 1)).value == 4806 and labour.minimum_wage(date(2027, 3, 1)).assumption
    assert labour.standard_hours(date(2026, 1, 1)).value == 40


def test_an_offer_is_checked_against_the_minimum_of_its_start_date_2025_vs_2026():
    assert not _rules(pay_min=Decimal("4700"), start_date=date(2025, 12, 1))  # 2025: 4666
    assert _codes(_rules(pay_min=Decimal("4700"), start_date=date(2026, 1, 1))) == {"pay_min": ["below_minimum_wage"]}
    assert not _rules(pay_min=Decimal("4806"), start_date=date(2026, 1, 1))
    # Only an upper end given: it is the offer, and it is checked.
    assert _codes(_rules(pay_max=Decimal("4000"), start_date=date(2026, 2, 1))) == {"pay_max": ["below_minimum_wage"]}
    assert not _rules(start_date=date(2026, 2, 1))  # no pay offered: nothing to check


def test_part_time_pay_is_checked_pro_rata_and_needs_its_hours():
    labour = LabourLaw()
    assert labour.pay_floor(hours=20, on_date=date(2026, 3, 1)) == Decimal("2403.00")
    assert labour.pay_floor(hours=30, on_date=date(2025, 3, 1)) == Decimal("3499.50")
    assert labour.pay_floor(hours=48, on_date=date(2026, 3, 1)) == Decimal("4806")  # overtime is paid on top
    part = {"working_time": "part_time", "hours_per_week": 20, "start_date": date(2026, 3, 1)}
    assert not _rules(pay_min=Decimal("2403"), **part)
    assert _codes(_rules(pay_min=Decimal("2402.99"), **part)) == {"pay_min": ["below_minimum_wage"]}
    no_hours = {**part, "hours_per_week": None}
    assert _codes(_rules(pay_min=Decimal("3000"), **no_hours)) == {"hours_per_week": ["hours_for_minimum_wage"]}


def test_the_refusal_says_the_minimum_and_its_date_in_polish():
    with translation.override("pl"):
        errors = _rules(pay_min=Decimal("4700"), start_date=date(2026, 3, 2))
        message = errors.by_field["pay_min"][0].messages[0]
        part = _rules(working_time="part_time", hours_per_week=20, pay_min=Decimal("2000"), start_date=date(2026, 3, 2))
        part_message = part.by_field["pay_min"][0].messages[0]
    assert "minimalnego wynagrodzenia" in message
    assert "4\xa0806,00 zł" in message and "4\xa0700,00 zł" in message
    assert "01.01.2026" in message and "02.03.2026" in message
    assert "2\xa0403,00 zł" in part_message and "20" in part_message


def _form(provider, card, **changes):
    data = {
        "provider": provider.pk,
        "card_version": card.pk,
        "position": "Opiekunka środowiskowa",
        "headcount": "2",
        "working_time": "full_time",
        "hours_per_week": "40",
        "start_date": in_days(40).isoformat(),
        "municipality": GRUDZIADZ,
        "pay_min": "4500",
        "pay_max": "6000",
    }
    data.update(changes)
    return data


def test_the_web_form_refuses_a_wage_below_the_minimum_and_saves_nothing(client_for, provider, polish):
    card = make_card()
    response = client_for("member_b").post(reverse("staffing:need-create"), _form(provider, card))
    body = response.content.decode()
    assert response.status_code == 200
    assert "jest niższe od minimalnego wynagrodzenia" in body and "4\xa0806,00 zł" in body
    assert not StaffingNeed.objects.exists()


def test_the_web_edit_refuses_lowering_the_pay_and_keeps_the_need(client_for, provider, polish):
    need = NeedFactory(provider=provider, pay_min=Decimal("5000"), pay_max=Decimal("5500"), hours_per_week=40)
    data = _form(provider, need.card_version, pay_min="3000", pay_max="3500", version=str(need.version))
    response = client_for("member_b").post(reverse("staffing:need-edit", args=[need.public_id]), data)
    assert response.status_code == 200 and "minimalnego wynagrodzenia" in response.content.decode()
    need.refresh_from_db()
    assert need.pay_min == Decimal("5000") and need.version == 1


def test_the_api_refuses_a_wage_below_the_minimum_and_saves_nothing(client_for, provider, polish):
    card = make_card()
    payload = {
        "provider": str(provider.public_id),
        "service_type": card.service_type.code,
        "position": "Opiekunka środowiskowa",
        "headcount": 2,
        "working_time": "part_time",
        "hours_per_week": 20,
        "start_date": in_days(30).isoformat(),
        "municipality": GRUDZIADZ,
        "pay_min": "2000.00",
    }
    response = client_for("member_b").post(
        "/api/v1/staffing/needs", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert set(fields) == {"pay_min"} and "2\xa0403,00" in fields["pay_min"]
    assert not StaffingNeed.objects.exists()
    payload["pay_min"] = "2403.00"
    response = client_for("member_b").post(
        "/api/v1/staffing/needs", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_the_import_refuses_a_row_below_the_minimum_and_keeps_nothing_of_it(world, provider):
    card = make_card()
    importer = NeedsImport(actor=world.user("member_b"), provider=provider)
    row = {
        "service": card.service_type.code,
        "position": "Opiekunka",
        "headcount": 1,
        "working_time": "full_time",
        "hours_per_week": 40,
        "start_date": in_days(30),
        "end_date": None,
        "municipality": GRUDZIADZ,
        "pay_min": Decimal("4000"),
        "pay_max": None,
    }
    problems = importer.check(row)
    assert [field for field, _message in problems] == ["pay_min"] and importer.staged == 0
    assert importer.check({**row, "pay_min": Decimal("4806")}) == [] and importer.staged == 1


def test_a_draft_below_the_minimum_is_not_published(world, provider):
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT, pay_min=Decimal("4000"), hours_per_week=40)
    with pytest.raises(ValidationError) as caught:
        services.need_publish(actor=world.user("member_b"), need=need)
    assert "pay_min" in caught.value.error_dict
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.DRAFT


def test_hours_above_40_are_accepted_and_flagged_on_form_list_and_detail(world, client_for, provider, polish):
    card = make_card()
    client = client_for("member_b")
    long_week = services.need_create(
        actor=world.user("member_b"),
        data={**_form(provider, card, hours_per_week=45, pay_min=5000), "provider": provider, "card_version": card},
    )
    services.need_publish(actor=world.user("member_b"), need=long_week)
    NeedFactory(provider=provider, position="Zwykły etat", hours_per_week=40)
    flag = "ponad normę Kodeksu pracy"
    listed = client.get(reverse("staffing:need-list")).content.decode()
    assert listed.count(flag) == 1
    assert flag in client.get(reverse("staffing:my-needs")).content.decode()
    detail = client.get(reverse("staffing:need-detail", args=[long_week.public_id])).content.decode()
    assert flag in detail and "4\xa0806,00" in detail
    edit = client.get(reverse("staffing:need-edit", args=[long_week.public_id])).content.decode()
    assert flag in edit
    # A bound form with more than 40 hours shows the flag next to its other errors.
    response = client.post(reverse("staffing:need-create"), _form(provider, card, hours_per_week="50", headcount="0"))
    assert flag in response.content.decode()
