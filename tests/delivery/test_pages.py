"""The pages, documents and API of delivery: who sees what, fixed query counts of the lists, the documents listed
on the contract and readable, and the demo region's reports in every state."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kooperacja.commissioning import contracts
from kooperacja.commissioning.models import Order
from kooperacja.delivery import services
from kooperacja.delivery.models import AlertStatus, DeliveryReport, DriftAlert, ReportStatus
from tests.delivery.factories import accepted, draft, make_contract, periods, submitted

pytestmark = pytest.mark.django_db


def _several(world, count: int):
    for _ in range(count):
        contract = make_contract(world, with_indicator=True)
        accepted(world, contract, index=0)
        submitted(world, contract, index=1, units_delivered=40)


@pytest.mark.parametrize(
    "name", ["delivery:contract-list", "delivery:report-list", "delivery:alert-list", "delivery:municipality-list"]
)
def test_the_lists_take_the_same_queries_for_2_or_12_contracts(world, client_for, django_assert_num_queries, name):
    client = client_for("coordinator")
    _several(world, 2)
    for contract in services.ContractDelivery.objects.all():
        services.rule_set(actor=None, contract_id=contract.contract_id, threshold_percent=10, basis="period")
    client.get(reverse(name))  # warm the caches (session, memberships)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _several(world, 10)
    with django_assert_num_queries(len(small)):
        assert client.get(reverse(name)).status_code == 200


def test_the_commissioner_and_the_provider_see_the_contract_others_do_not(world, client_for):
    contract = make_contract(world, with_indicator=True)
    report = accepted(world, contract, index=0)
    url = reverse("delivery:contract", args=[contract.public_id])
    for persona in ("coordinator", "pes_manager", "pzs_staff", "admin"):
        page = client_for(persona).get(url)
        assert page.status_code == 200, persona
        content = page.content.decode()
        assert reverse("delivery:contract-pdf", args=[contract.public_id]) in content
        assert reverse("delivery:contract-xlsx", args=[contract.public_id]) in content
        assert reverse("delivery:report", args=[report.public_id]) in content
    assert client_for("member_b").get(url).status_code == 404
    assert client_for("analyst").get(url).status_code == 403
    assert client_for("member_b").get(reverse("delivery:report", args=[report.public_id])).status_code == 404
    listed = client_for("member_b").get(reverse("delivery:contract-list")).content.decode()
    assert contract.number not in listed


def test_a_contract_the_provider_signs_is_listed_with_its_periods_to_report_before_any_report(world, client_for):
    contract = make_contract(world, status="to_sign")
    Order.objects.filter(pk=contract.order_id).update(status="awarded")  # awarded, the contract to sign
    assert contract.number not in client_for("pes_manager").get(reverse("delivery:contract-list")).content.decode()
    contracts.contract_sign(actor=world.user("pes_manager"), contract=contract)
    for persona in ("pes_manager", "coordinator"):
        listed = client_for(persona).get(reverse("delivery:contract-list")).content.decode()
        assert reverse("delivery:contract", args=[contract.public_id]) in listed, persona
    page = client_for("pes_manager").get(reverse("delivery:contract", args=[contract.public_id])).content.decode()
    assert reverse("delivery:report-create", args=[contract.public_id]) in page


def test_the_provider_reports_and_the_commissioner_accepts_through_the_pages(world, client_for):
    contract = make_contract(world)
    period = periods(contract)[0]
    provider = client_for("pes_manager")
    url = reverse("delivery:report-create", args=[contract.public_id]) + f"?period={period.pk}"
    refused = provider.post(url, {"units_delivered": "-3", "people_served": "", "staff_assigned": "2"})
    assert refused.status_code == 200 and not DeliveryReport.objects.exists()
    response = provider.post(url, {"units_delivered": "95", "people_served": "10", "staff_assigned": "2"})
    report = DeliveryReport.objects.get()
    assert response.status_code == 302 and report.status == ReportStatus.DRAFT
    provider.post(reverse("delivery:report-submit", args=[report.public_id]))
    commissioner = client_for("coordinator")
    assert commissioner.post(reverse("delivery:report-accept", args=[report.public_id])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    # the provider cannot accept, the commissioner cannot submit (route level)
    assert provider.post(reverse("delivery:report-accept", args=[report.public_id])).status_code == 403
    assert commissioner.post(reverse("delivery:report-submit", args=[report.public_id])).status_code == 403


def test_a_closed_contract_offers_no_report_and_refuses_one(world, client_for):
    contract = make_contract(world, status="terminated")
    period = periods(contract)[0]
    page = client_for("pes_manager").get(reverse("delivery:contract", args=[contract.public_id])).content.decode()
    assert "take no delivery reports" in page and "new-report" not in page
    url = reverse("delivery:report-create", args=[contract.public_id]) + f"?period={period.pk}"
    response = client_for("pes_manager").post(
        url, {"units_delivered": "9", "people_served": "1", "staff_assigned": "1"}
    )
    assert "take no delivery reports" in response.content.decode()
    assert not DeliveryReport.objects.exists()


def test_the_documents_name_the_issuer_and_hold_the_figures(world, client_for):
    contract = make_contract(world, with_indicator=True)
    accepted(world, contract, index=0)
    client = client_for("coordinator")
    pdf = client.get(reverse("delivery:contract-pdf", args=[contract.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("delivery:contract-xlsx", args=[contract.public_id]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert world.ops.name in cells and "90" in " ".join(cells)
    unit = world.ops.municipality_id
    assert client.get(reverse("delivery:municipality-pdf") + f"?unit={unit}").content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get(reverse("delivery:municipality-xlsx") + f"?unit={unit}").content))
    assert [sheet.title for sheet in book.worksheets] == ["Per service", "Per contract"]
    assert client.get(reverse("delivery:municipality-pdf") + "?unit=xx").status_code == 404


def test_alerts_are_acknowledged_and_closed_on_their_page(world, client_for):
    contract = make_contract(world)
    services.rule_set(actor=None, contract_id=contract.pk, threshold_percent=10, basis="period")
    submitted(world, contract, index=0, units_delivered=50)
    alert = DriftAlert.objects.get()
    client = client_for("coordinator")
    assert alert.public_id.hex[:8] in client.get(reverse("delivery:alert-list")).content.decode().replace("-", "")
    client.post(reverse("delivery:alert-acknowledge", args=[alert.public_id]), {"note": "called"})
    client.post(reverse("delivery:alert-close", args=[alert.public_id]), {"note": "done"})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert client_for("pes_manager").post(reverse("delivery:alert-close", args=[alert.public_id])).status_code == 403


def test_the_api_lists_creates_and_shows_reports(world, client_for):
    contract = make_contract(world)
    draft(world, contract, index=0)
    client = client_for("pes_manager")
    url = reverse("api:delivery-reports")
    body = {
        "contract": str(contract.public_id),
        "period_start": periods(contract)[1].period_start.isoformat(),
        "units_delivered": "80",
        "people_served": 9,
        "staff_assigned": 2,
        "submit": True,
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "submitted" and created.json()["contract"] == str(contract.public_id)
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 422 and "period" in again.content.decode()
    bad = client.post(
        url,
        {
            **body,
            "period_start": periods(contract)[2].period_start.isoformat(),
            "units_delivered": "-1",
            "satisfaction": "9",
        },
        content_type="application/json",
    )
    fields = {error["field"] for error in bad.json()["errors"]} if "errors" in bad.json() else bad.content.decode()
    assert bad.status_code == 422 and "units_delivered" in str(fields) and "satisfaction" in str(fields)
    listed = client.get(url + "?limit=10").json()
    assert listed["count"] == 2
    detail = client.get(reverse("api:delivery-report", args=[created.json()["public_id"]]))
    assert detail.status_code == 200
    assert client_for("member_b").get(url).json()["count"] == 0
    other = client_for("member_b").post(
        url, {**body, "period_start": periods(contract)[3].period_start.isoformat()}, content_type="application/json"
    )
    assert other.status_code == 422 and "contract" in other.content.decode()
    assert (
        client_for("member_b").get(reverse("api:delivery-report", args=[created.json()["public_id"]])).status_code
        == 404
    )
    assert client_for("coordinator").post(url, body, content_type="application/json").status_code == 403


def test_the_demo_region_has_reports_in_every_state_and_an_alert(db):
    from kooperacja.demo.loader import demo_load

    demo_load()
    states = set(DeliveryReport.objects.values_list("status", flat=True))
    assert states == {"draft", "submitted", "accepted", "returned"}
    assert DeliveryReport.objects.filter(revision=2, is_current=False).exists()
    # seed 002: the alert on the respite-care contract commissioning's demo made is acknowledged; the Janów
    # Lubelski contract's threshold raised one closed and one open alert
    alerts = {
        alert.contract.service_type.code: alert
        for alert in DriftAlert.objects.select_related("contract__service_type").filter(status=AlertStatus.ACKNOWLEDGED)
    }
    assert set(alerts) == {"opieka-wytchnieniowa"}
    assert alerts["opieka-wytchnieniowa"].contract.number == "UM/MOPR/2026/01"
    assert set(DriftAlert.objects.values_list("status", flat=True)) == set(AlertStatus.values)
    assert DeliveryReport.objects.filter(units_delivered__gt=Decimal(0)).exists()
