"""The staffing API: shapes, errors, optimistic locking and access."""

import json
from datetime import date

import pytest

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing import services
from kooperacja.staffing.models import NeedStatus, StaffingNeed
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory
from tests.staffing.factories import NeedFactory, in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db
NEEDS = "/api/v1/staffing/needs"


@pytest.fixture
def provider(world):
    return provider_with_manager(world.user("member_b"))


def _send(client, method, url, body=None):
    return client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")


def _payload(provider, card, **changes):
    data = {
        "provider": str(provider.public_id),
        "service_type": card.service_type.code,
        "position": "Opiekunka środowiskowa",
        "headcount": 2,
        "required_qualifications": ["TQ-1"],
        "working_time": "full_time",
        "start_date": in_days(30).isoformat(),
        "municipality": GRUDZIADZ,
        "pay_min": "5000.00",
        "pay_max": "6000.00",
    }
    data.update(changes)
    return data


def test_it_lists_needs_with_their_shape_in_few_queries(client_for, provider, django_assert_max_num_queries):
    card = make_card()
    for index in range(5):
        NeedFactory(provider=provider, card_version=card, position=f"Opiekun {index}", qualifications=["TQ-1", "TQ-2"])
    NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    client = client_for("analyst")
    with django_assert_max_num_queries(10):
        response = client.get(NEEDS, {"limit": 3})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 5 and len(body["items"]) == 3
    item = body["items"][0]
    assert set(item) >= {
        "public_id",
        "provider",
        "service_type",
        "card_version",
        "position",
        "headcount",
        "filled_count",
        "open_positions",
        "required_qualifications",
        "municipality",
        "status",
        "version",
    }
    assert item["required_qualifications"] == [
        {"code": "TQ-1", "name": "Opiekunka środowiskowa"},
        {"code": "TQ-2", "name": "Pierwsza pomoc"},
    ]
    assert item["municipality"]["code"] == GRUDZIADZ
    assert item["provider"]["name"] == provider.name


def test_it_filters_the_list(client_for, provider):
    card = make_card()
    NeedFactory(provider=provider, card_version=card)
    NeedFactory(provider=provider, status=NeedStatus.WITHDRAWN)
    client = client_for("analyst")
    assert client.get(NEEDS, {"status": "withdrawn"}).json()["count"] == 1
    assert client.get(NEEDS, {"service_type": card.service_type.code}).json()["count"] == 1
    assert client.get(NEEDS, {"territory": "06"}).json()["count"] == 0
    assert client.get(NEEDS, {"provider": str(provider.public_id)}).json()["count"] == 2


def test_it_creates_a_need(client_for, provider):
    card = make_card()
    response = _send(client_for("member_b"), "POST", NEEDS, _payload(provider, card))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["card_version"] == 1 and body["version"] == 1
    assert StaffingNeed.objects.get().provider == provider


def test_it_answers_bad_needs_with_field_errors(client_for, provider):
    card = make_card()
    response = _send(
        client_for("member_b"),
        "POST",
        NEEDS,
        _payload(provider, card, required_qualifications=["TQ-1", "ZZ-9"], headcount=0, pay_min="9000"),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    fields = {error["field"]: error["message"] for error in body["errors"]}
    assert "ZZ-9" in fields["required_qualifications"]
    assert {"headcount", "pay_max"} <= fields.keys()
    response = _send(client_for("member_b"), "POST", NEEDS, _payload(provider, card, service_type="no-such-service"))
    assert response.json()["errors"][0]["field"] == "service_type"
    assert not StaffingNeed.objects.exists()


def test_it_refuses_creating_for_another_provider(client_for, provider):
    response = _send(client_for("pes_manager"), "POST", NEEDS, _payload(provider, make_card()))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "provider"
    assert _send(client_for("analyst"), "POST", NEEDS, _payload(provider, make_card())).status_code == 403


def test_it_updates_with_the_version_and_answers_409_when_stale(client_for, provider):
    need = NeedFactory(provider=provider, qualifications=["TQ-1"])
    url = f"{NEEDS}/{need.public_id}"
    client = client_for("member_b")
    body = client.get(url).json()
    update = {key: body[key] for key in ("position", "headcount", "working_time", "start_date", "pay_min", "pay_max")}
    update.update(
        service_type=body["service_type"],
        municipality=body["municipality"]["code"],
        required_qualifications=["TQ-2"],
        version=body["version"],
        headcount=5,
    )
    response = _send(client, "PUT", url, update)
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["headcount"] == 5
    stale = _send(client, "PUT", url, {**update, "headcount": 9})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert StaffingNeed.objects.get(pk=need.pk).headcount == 5


def test_it_refuses_another_providers_member(client_for, provider):
    need = NeedFactory(provider=provider)
    draft = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    client = client_for("pes_manager")
    assert _send(client, "POST", f"{NEEDS}/{need.public_id}/withdraw").status_code == 403
    assert _send(client, "POST", f"{NEEDS}/{draft.public_id}/publish").status_code == 404
    assert client.get(f"{NEEDS}/{draft.public_id}").status_code == 404


def test_it_publishes_and_withdraws(client_for, provider):
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    client = client_for("member_b")
    assert _send(client, "POST", f"{NEEDS}/{need.public_id}/publish").json()["status"] == "open"
    again = _send(client, "POST", f"{NEEDS}/{need.public_id}/publish")
    assert again.status_code == 422
    response = _send(client, "POST", f"{NEEDS}/{need.public_id}/withdraw", {"note": "Koniec"})
    assert response.json()["status"] == "withdrawn"
    assert need.events.last().note == "Koniec"


@pytest.fixture
def plan_setup(world):
    coordinator = world.user("coordinator")
    ops = OrganisationFactory(name="MOPS", kind=OrganisationKind.OPS, municipality_id=GRUDZIADZ)
    MembershipFactory(user=coordinator, organisation=ops, role=Role.COORDINATOR)
    partner = provider_with_manager(world.user("member_b"), name="Partner")
    diagnosis_round = services.round_open(
        actor=coordinator,
        data={
            "title": "Diagnoza API",
            "territory": "0462",
            "period_start": date(2027, 1, 1),
            "period_end": date(2027, 12, 31),
            "coordinator_organisation": ops,
            "partners": [partner],
        },
    )
    need = NeedFactory(provider=partner, headcount=2, start_date=date(2027, 4, 1), qualifications=["TQ-1"])
    services.round_contribute_need(actor=world.user("member_b"), diagnosis_round=diagnosis_round, need=need)
    plan = services.plan_generate(actor=coordinator, diagnosis_round=diagnosis_round)
    services.plan_sign(actor=world.user("member_b"), plan=plan, organisation=partner)
    return {"round": diagnosis_round, "plan": plan, "need": need, "partner": partner, "ops": ops}


def test_it_reads_a_plan_with_lines_and_signoffs(client_for, plan_setup):
    response = client_for("member_b").get(f"/api/v1/staffing/plans/{plan_setup['plan'].public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1 and body["status"] == "draft" and body["amends"] is None
    assert [(line["qualification_code"], line["quarter"], line["needed"]) for line in body["lines"]] == [
        ("TQ-1", "2027-Q2", 2)
    ]
    signed = {row["organisation"]["name"]: row["signed_at"] is not None for row in body["signoffs"]}
    assert signed == {"Partner": True, "MOPS": False}
    assert client_for("pzs_staff").get(f"/api/v1/staffing/plans/{plan_setup['plan'].public_id}").status_code == 404


def test_it_lists_and_reads_rounds(client_for, plan_setup, django_assert_max_num_queries):
    client = client_for("member_b")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/staffing/rounds")
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["territory"] == {"code": "0462", "name": body["items"][0]["territory"]["name"]}
    detail = client.get(f"/api/v1/staffing/rounds/{plan_setup['round'].public_id}").json()
    assert [p["organisation"]["name"] for p in detail["partners"]] == ["Partner"]
    assert detail["contributed_needs"] == [str(plan_setup["need"].public_id)]
    assert detail["plans"] == [{"public_id": str(plan_setup["plan"].public_id), "number": 1, "status": "draft"}]
    assert client_for("pzs_staff").get("/api/v1/staffing/rounds").json()["count"] == 0
    assert client_for("no_membership").get("/api/v1/staffing/rounds").status_code == 403


def test_it_answers_every_implausible_field_of_a_need_at_once(client_for, provider):
    card = make_card()
    response = _send(
        client_for("member_b"),
        "POST",
        NEEDS,
        _payload(
            provider,
            card,
            headcount=1000,
            working_time="part_time",
            hours_per_week=99,
            pay_max="900000.00",
            start_date=date(2062, 1, 1).isoformat(),
            end_date=date(2062, 2, 1).isoformat(),
        ),
    )
    assert response.status_code == 422
    fields = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert fields.keys() >= {"headcount", "hours_per_week", "pay_max", "start_date", "end_date"}
    assert fields["headcount"] == "Number of people: from 1 to 100 people."
    assert fields["hours_per_week"] == "Hours per week: from 1 to 60 h."
    assert not StaffingNeed.objects.exists()
