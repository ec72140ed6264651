"""The month's list: its states, the lock of a paid month, corrections, who may act, the pages and exports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.benefits import services
from kooperacja.benefits.models import BenefitMonth, BenefitMonthEvent
from kooperacja.training import services as training
from tests.benefits.factories import computed_march, participant_with_march

pytestmark = pytest.mark.django_db


def _pay(world, month):
    staff = world.user("pzs_staff")
    services.benefit_month_move(actor=staff, benefit_month=month, target="approved")
    return services.benefit_month_move(actor=staff, benefit_month=month, target="paid")


def test_a_paid_month_is_locked_and_a_correction_is_a_new_version(world):
    staff = world.user("pzs_staff")
    month = computed_march(world)
    _pay(world, month)
    assert list(BenefitMonthEvent.objects.filter(benefit_month=month).values_list("to_state", "actor")) == [
        ("draft", staff.pk),
        ("approved", staff.pk),
        ("paid", staff.pk),
    ]
    with pytest.raises(ValidationError) as caught:
        services.benefit_month_compute(actor=staff, organisation=world.org_a, year=2025, month=3)
    assert "locked" in caught.value.message_dict["month"][0]
    with pytest.raises(ValidationError):
        services.benefit_line_set_bonus(actor=staff, line=month.lines.get(), amount="10")
    with pytest.raises(ValidationError):
        services.benefit_month_move(actor=staff, benefit_month=month, target="draft")
    # An absence recorded late: the correction shows it, the paid version stays as paid.
    participation = month.lines.get().participation
    training.attendance_record(
        actor=staff,
        participation=participation,
        day=date(2025, 3, 31),
        kind="unexcused",
        expected_kind="present",
        expected_hours=7,
    )
    correction = services.benefit_month_correct(actor=staff, benefit_month=month, note="nieobecność 31.03")
    assert (correction.version, correction.corrects, correction.state) == (2, month, "draft")
    assert month.lines.get().benefit == Decimal("1994.64")
    assert correction.lines.get().benefit == Decimal("1994.64") - Decimal("94.98")
    with pytest.raises(ValidationError):
        services.benefit_month_correct(actor=staff, benefit_month=month)  # already corrected
    assert BenefitMonth.objects.count() == 2


def test_a_month_with_unrecorded_working_days_cannot_be_approved(world):
    month = computed_march(world, kinds={5: None, 6: None})
    line = month.lines.get()
    assert line.unrecorded_days == 2 and line.benefit == Decimal("1994.64")
    with pytest.raises(ValidationError) as caught:
        services.benefit_month_move(actor=world.user("pzs_staff"), benefit_month=month, target="approved")
    assert "without attendance recorded" in caught.value.message_dict["state"][0]
    month.refresh_from_db()
    assert month.state == "draft"


def test_only_the_staff_of_the_cis_compute_and_move_its_months(world):
    participant_with_march(world)
    with pytest.raises(PermissionDenied):
        services.benefit_month_compute(actor=world.user("social_worker"), organisation=world.org_a, year=2025, month=3)
    month = services.benefit_month_compute(actor=world.user("pzs_staff"), organisation=world.org_a, year=2025, month=3)
    with pytest.raises(PermissionDenied):
        services.benefit_month_move(actor=world.user("member_b"), benefit_month=month, target="approved")
    with pytest.raises(ValidationError):
        services.benefit_month_compute(actor=world.user("pzs_staff"), organisation=world.org_b, year=2025, month=3)


def test_the_pages_show_every_step_export_xlsx_and_log_the_names_read(world, client_for):
    month = computed_march(world)
    line = month.lines.get()
    client = client_for("pzs_staff")
    page = client.get(f"/benefits/months/{month.public_id}/").content.decode()
    assert line.participation.person.last_name in page and "1994.64" in page and "179.52" in page
    assert PersonalDataAccess.objects.filter(purpose="integration benefit list").exists()
    response = client.get(f"/benefits/months/{month.public_id}/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    first, steps = workbook.worksheets
    assert first.max_row == 2 and first.cell(2, 11).value == pytest.approx(1994.64)
    assert steps.max_row > 20
    assert "1994.64" in client.get(f"/benefits/months/{month.public_id}/print/").content.decode()
    # Another organisation's member does not see it.
    assert client_for("member_b").get(f"/benefits/months/{month.public_id}/").status_code in (403, 404)


def test_the_page_computes_approves_and_pays_and_the_refund_claim_sums_paid_months(world, client_for):
    participant_with_march(world)
    client = client_for("pzs_staff")
    response = client.post("/benefits/compute/", {"organisation": world.org_a.pk, "year": 2025, "month": 3})
    assert response.status_code == 302
    month = BenefitMonth.objects.get()
    base = f"/benefits/months/{month.public_id}/"
    assert client.post(f"/benefits/lines/{month.lines.get().public_id}/bonus/", {"bonus": "100"}).status_code == 302
    client.post(base + "state/", {"target": "approved"})
    client.post(base + "state/", {"target": "paid"})
    month.refresh_from_db()
    assert month.state == "paid"
    page = client.get(f"/benefits/refund/?organisation={world.org_a.pk}&year=2025").content.decode()
    # Benefits 1994.64 + bonus 100 + social contributions of 2094.64 (408.87 + 167.57 + 34.98).
    assert "1994.64" in page and "100.00" in page, page[page.find("<table") :][:3000]
    assert "611.42" in page and "2706.06" in page


def test_the_api_lists_the_months_and_shows_a_month_with_its_steps(world, client_for):
    month = computed_march(world)
    client = client_for("pzs_staff")
    listed = client.get("/api/v1/benefits/months").json()
    assert [item["public_id"] for item in listed["items"]] == [str(month.public_id)]
    detail = client.get(f"/api/v1/benefits/months/{month.public_id}").json()
    assert detail["state"] == "draft" and detail["lines"][0]["to_pay"] == "1994.64"
    assert {step["code"] for step in detail["lines"][0]["steps"]} >= {"base", "rate", "deduct_sick", "to_pay"}
    assert PersonalDataAccess.objects.filter(purpose="integration benefit list", channel="api").exists()
    assert client_for("member_b").get(f"/api/v1/benefits/months/{month.public_id}").status_code in (403, 404)
    assert client_for("social_worker").get("/api/v1/benefits/months").status_code == 403


def test_the_month_prints_as_a_pdf_with_totals_and_every_step(world, client_for, polish):
    from pypdf import PdfReader

    month = computed_march(world)
    line = month.lines.get()
    response = client_for("pzs_staff").get(f"/benefits/months/{month.public_id}/list.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lista świadczeń integracyjnych: marzec" in text
    assert line.participation.person.last_name in text and "994,64" in text and "Razem" in text
    assert "Podstawa i założenia" in text
    assert client_for("member_b").get(f"/benefits/months/{month.public_id}/list.pdf").status_code in (403, 404)
