"""The founding pages and API for each role: the launching organisation's coordinator, the OWES advisor of the
voivodeship, an analyst (no names), another organisation (404) and anonymous users (sign-in)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.founding.models import PlanState, StepKind
from kooperacja.launches.models import OrganisationalForm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.founding import factories

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name, group, **kwargs):
    return reverse(f"founding:{name}", kwargs={"public_id": group.public_id, **kwargs})


def test_the_coordinator_sees_the_founders_by_name_and_the_read_is_logged(world, english):
    group = factories.with_model(world)
    page = _client(world.user("coordinator")).get(_url("group", group)).content.decode()
    assert "Anna Nowak" in page and "Choose the model" in page
    assert (
        PersonalDataAccess.objects.filter(actor=world.user("coordinator"), purpose="founding group members").count()
        == 5
    )


def test_an_analyst_of_the_voivodeship_sees_codes_only(world, english):
    group = factories.group(world)
    analyst = UserFactory(username="analyst_kp")
    office = OrganisationFactory(name="Urząd Marszałkowski", kind="other", municipality_id="0463011")
    MembershipFactory(user=analyst, organisation=office, role="analyst")
    response = _client(analyst).get(_url("group", group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "K-001" in page and "Nowak" not in page
    api = _client(analyst).get(f"/api/v1/launches/{group.launch.public_id}/founding").json()
    assert api["names_shown"] is False and api["members"][0]["label"] == "K-001"


@pytest.mark.parametrize("name", ["group", "group-pdf", "steps", "plan", "plan-pdf", "model", "plan-edit"])
def test_another_organisation_gets_404_and_anonymous_users_sign_in(world, client_for, name):
    group = factories.group(world)
    elsewhere = OrganisationFactory(name="MOPS Janów", kind="ops", municipality_id="0605053")
    stranger = MembershipFactory(user=UserFactory(username="coordinator_janow"), organisation=elsewhere).user
    assert _client(stranger).get(_url(name, group)).status_code == 404
    if name in ("group", "group-pdf", "steps", "plan", "plan-pdf"):
        assert client_for("member_b").get(_url(name, group)).status_code == 404
    response = client_for("anonymous").get(_url(name, group))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_advisor_reads_but_may_not_edit_the_plan(world):
    group = factories.group(world)
    advisor = _client(factories.advisor(world))
    assert advisor.get(_url("plan", group)).status_code == 200
    assert advisor.get(_url("plan-edit", group)).status_code == 403


def test_the_composition_pdf_names_founders_only_for_those_allowed(world):
    group = factories.group(world)
    response = _client(world.user("coordinator")).get(_url("group-pdf", group))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_the_plan_form_saves_figures_and_shows_totals(world, english):
    group = factories.group(world)
    client = _client(world.user("coordinator"))
    data = {
        "version": group.plan.version,
        "services": [factories.CARE],
        "clients": "MOPS",
        "staff_0_position": "Opiekunka",
        "staff_0_fte": "1",
        "staff_0_pay": "5000",
        "cost_wages_1": "60000",
        "cost_wages_2": "61000",
        "cost_wages_3": "62000",
        "revenue_public_contracts_1": "70000",
        "funding_own": "5000",
    }
    response = client.post(_url("plan-edit", group), data)
    assert response.status_code == 302
    page = client.get(_url("plan", group)).content.decode()
    assert "183000.00" not in page  # totals per year, not over the years
    assert "60000.00" in page and "10000.00" in page  # year 1 result: 70000 - 60000
    pdf = client.get(_url("plan-pdf", group))
    assert pdf.content.startswith(b"%PDF")


def test_the_plan_form_refuses_negative_amounts(world, english):
    group = factories.group(world)
    response = _client(world.user("coordinator")).post(
        _url("plan-edit", group), {"version": group.plan.version, "cost_wages_1": "-5"}
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0" in response.content.decode()
    group.plan.refresh_from_db()
    assert group.plan.costs == {}


def test_the_advisor_comments_through_the_page(world, english):
    group = factories.with_model(world)
    coordinator, advisor = _client(world.user("coordinator")), _client(factories.advisor(world))
    plan = group.plan
    from kooperacja.founding import services

    services.plan_update(actor=world.user("coordinator"), plan=plan, data=factories.plan_data(), version=plan.version)
    coordinator.post(_url("plan-submit", group), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    advisor.post(_url("comment-add", group), {"section": "funding", "text": "Dodać wkład własny."})
    advisor.post(_url("plan-comments-done", group), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.state == PlanState.COMMENTED
    page = coordinator.get(_url("plan", group)).content.decode()
    assert "Dodać wkład własny." in page and "not resolved" in page
    assert coordinator.post(_url("comment-add", group), {"section": "funding", "text": "x"}).status_code == 403


def test_the_steps_page_records_the_next_step_and_refuses_bad_input(world, english):
    group = factories.with_model(world)
    client = _client(world.user("coordinator"))
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        _url("steps", group), {"kind": StepKind.STATUTE, "done_on": future, "version": group.version}
    )
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(_url("steps", group), {"kind": StepKind.STATUTE, "done_on": today, "version": group.version})
    assert response.status_code == 302
    assert group.steps.get().kind == StepKind.STATUTE


def test_the_model_page_offers_models_of_the_groups_kind_only(world, english):
    group = factories.group(world, form=OrganisationalForm.COOPERATIVE_LEGAL)
    page = _client(world.user("coordinator")).get(_url("model", group)).content.decode()
    legal = factories.model("legal_persons")
    natural = factories.model("natural_persons")
    assert legal.name in page and natural.name not in page


def test_the_api_gives_the_founding_progress_with_names_for_the_coordinator(world):
    group = factories.with_model(world)
    client = _client(world.user("coordinator"))
    answer = client.get(f"/api/v1/launches/{group.launch.public_id}/founding").json()
    assert answer["size"] == 5 and answer["names_shown"] is True
    assert answer["members"][0]["label"] == "Anna Nowak"
    assert answer["model"]["code"] == group.cooperative_model.code
    assert answer["plan"]["state"] == "draft" and answer["steps"] == []
    assert _client(world.user("member_b")).get(f"/api/v1/launches/{group.launch.public_id}/founding").status_code == 404


def test_the_registered_group_offers_the_readiness_assessment_only_to_those_who_may_start_one(world, english):
    made = factories.registered(world)
    start = reverse("readiness:start")
    coordinator_page = _client(world.user("coordinator")).get(_url("group", made)).content.decode()
    assert "The cooperative is registered" in coordinator_page and start not in coordinator_page
    admin_page = _client(world.user("admin")).get(_url("group", made)).content.decode()
    assert f"{start}?provider={made.organisation.pk}" in admin_page
