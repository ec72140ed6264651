"""Web pages of the staffing app: access per persona, forms, transitions, the plan page and the overview."""

from datetime import date

import pytest
from django.urls import reverse

from kooperacja.accounts.roles import Role
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing import services
from kooperacja.staffing.models import NeedStatus, PlanSignoff, PlanStatus, StaffingNeed, StaffingPlan
from tests.factories import GRUDZIADZ, MembershipFactory, OrganisationFactory
from tests.staffing.factories import NeedFactory, in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(world):
    return provider_with_manager(world.user("member_b"))


def test_it_lists_needs_without_drafts_of_others_in_few_queries(
    world, english_client, provider, django_assert_max_num_queries
):
    card = make_card()
    for index in range(6):
        NeedFactory(provider=provider, card_version=card, position=f"Opiekun {index}", qualifications=["TQ-1"])
    NeedFactory(provider=provider, card_version=card, position="Szkic ukryty", status=NeedStatus.DRAFT)
    client = english_client("analyst")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staffing:need-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Opiekun 5" in body and "TQ-1" in body
    assert "Szkic ukryty" not in body
    assert "Szkic ukryty" in english_client("member_b").get(reverse("staffing:need-list")).content.decode()


def test_it_filters_needs_by_text_status_and_territory(english_client, provider):
    NeedFactory(provider=provider, position="Asystent osobisty", search_text="asystent osobisty")
    NeedFactory(provider=provider, position="Opiekunka", search_text="opiekunka", status=NeedStatus.WITHDRAWN)
    client = english_client("analyst")
    body = client.get(reverse("staffing:need-list"), {"q": "asystent"}).content.decode()
    assert "Asystent osobisty" in body and "Opiekunka" not in body
    body = client.get(reverse("staffing:need-list"), {"status": "withdrawn"}).content.decode()
    assert "Opiekunka" in body and "Asystent osobisty" not in body
    body = client.get(reverse("staffing:need-list"), {"territory": "06"}).content.decode()
    assert "Asystent osobisty" not in body
    response = client.get(reverse("staffing:need-list"), {"q": "asystent"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and "Asystent osobisty" in response.content.decode()


def test_it_shows_a_need_with_its_timeline(english_client, world, provider):
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    services.need_publish(actor=world.user("member_b"), need=need)
    body = english_client("member_b").get(reverse("staffing:need-detail", args=[need.public_id])).content.decode()
    assert "Withdraw the need" in body and "Edit" in body
    assert "draft" in body and "open" in body


def test_it_hides_another_providers_draft(english_client, provider):
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    assert english_client("pes_manager").get(reverse("staffing:need-detail", args=[need.public_id])).status_code == 404
    assert english_client("pes_manager").get(reverse("staffing:need-edit", args=[need.public_id])).status_code == 404


def test_it_refuses_an_edit_by_another_providers_member(english_client, provider):
    need = NeedFactory(provider=provider)
    assert english_client("pes_manager").get(reverse("staffing:need-edit", args=[need.public_id])).status_code == 403
    response = english_client("pes_manager").post(reverse("staffing:need-withdraw", args=[need.public_id]))
    assert response.status_code == 403
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_it_refuses_need_management_to_read_only_personas(english_client, provider):
    need = NeedFactory(provider=provider)
    for persona in ("analyst", "coordinator", "no_membership"):
        assert english_client(persona).get(reverse("staffing:need-create")).status_code == 403
        assert english_client(persona).get(reverse("staffing:need-edit", args=[need.public_id])).status_code == 403


def _form(provider, card, **changes):
    data = {
        "provider": provider.pk,
        "card_version": card.pk,
        "position": "Opiekunka środowiskowa",
        "headcount": "2",
        "required_qualifications": ["TQ-1"],
        "working_time": "full_time",
        "start_date": in_days(40).isoformat(),
        "municipality": GRUDZIADZ,
        "pay_min": "5000",
        "pay_max": "6000",
    }
    data.update(changes)
    return data


def test_it_declares_a_need_on_the_web(english_client, provider):
    card = make_card()
    response = english_client("member_b").post(reverse("staffing:need-create"), _form(provider, card))
    need = StaffingNeed.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staffing:need-detail", args=[need.public_id]
    )
    assert need.status == NeedStatus.DRAFT and need.provider == provider


def test_it_shows_the_unknown_qualification_on_the_web_form(english_client, provider):
    card = make_card()
    response = english_client("member_b").post(
        reverse("staffing:need-create"),
        _form(provider, card, required_qualifications=["TQ-1", "XX-7"], headcount="0", pay_min="7000"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "XX-7" in body
    assert "At least one person is needed." in body
    assert "below the lower end" in body
    assert not StaffingNeed.objects.exists()


def test_it_refreshes_the_qualifications_of_the_chosen_card(english_client, provider):
    card = make_card(qualifications=(("QQ-1", "Kwalifikacja testowa", True),))
    response = english_client("member_b").get(
        reverse("staffing:need-create"), {"card_version": card.pk}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "QQ-1" in body and "<html" not in body


def test_it_reports_a_stale_web_edit(english_client, provider, world):
    need = NeedFactory(provider=provider, qualifications=["TQ-1"])
    services.need_update(actor=world.user("member_b"), need=need, data={"headcount": 4}, expected_version=1)
    data = _form(provider, need.card_version, version="1", headcount="7")
    del data["provider"]
    response = english_client("member_b").post(reverse("staffing:need-edit", args=[need.public_id]), data)
    assert response.status_code == 200
    assert "Someone else saved this need" in response.content.decode()
    need.refresh_from_db()
    assert need.headcount == 4


def test_it_publishes_and_withdraws_with_buttons(english_client, provider):
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    client = english_client("member_b")
    client.post(reverse("staffing:need-publish", args=[need.public_id]))
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.OPEN
    response = client.post(reverse("staffing:need-publish", args=[need.public_id]), follow=True)
    assert "cannot move" in response.content.decode()
    client.post(reverse("staffing:need-withdraw", args=[need.public_id]), {"note": "Nieaktualne"})
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.WITHDRAWN
    assert client.get(reverse("staffing:need-edit", args=[need.public_id])).status_code == 302


def test_it_lists_my_needs_with_links_to_their_candidates(english_client, provider, django_assert_max_num_queries):
    for index in range(4):
        NeedFactory(provider=provider, position=f"Moja potrzeba {index}")
    NeedFactory(position="Cudza potrzeba")
    client = english_client("member_b")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("staffing:my-needs"))
    body = response.content.decode()
    assert "Moja potrzeba 3" in body and "Cudza potrzeba" not in body
    assert reverse("placement:provider-candidates") + "?need=" in body


# --- rounds and plans ------------------------------------------------------------------------------


@pytest.fixture
def round_setup(world):
    coordinator = world.user("coordinator")
    ops = OrganisationFactory(name="MOPS Grudziądz", kind=OrganisationKind.OPS, municipality_id=GRUDZIADZ)
    MembershipFactory(user=coordinator, organisation=ops, role=Role.COORDINATOR)
    partner = provider_with_manager(world.user("member_b"), name="Spółdzielnia Partner")
    card = make_card()
    diagnosis_round = services.round_open(
        actor=coordinator,
        data={
            "title": "Diagnoza Grudziądz",
            "territory": "0462",
            "period_start": date(2027, 1, 1),
            "period_end": date(2027, 12, 31),
            "coordinator_organisation": ops,
            "partners": [partner],
        },
    )
    return {"coordinator": coordinator, "ops": ops, "partner": partner, "card": card, "round": diagnosis_round}


def test_it_opens_a_round_on_the_web(english_client, world, round_setup):
    client = english_client("coordinator")
    response = client.post(
        reverse("staffing:round-create"),
        {
            "title": "Diagnoza 2028",
            "territory": "0462011",
            "period_start": "2028-01-01",
            "period_end": "2028-12-31",
            "coordinator_organisation": round_setup["ops"].pk,
            "partners": [world.org_a.pk],
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("staffing:round-create"),
        {
            "title": "Zła",
            "territory": "04",
            "period_start": "2028-02-01",
            "period_end": "2028-01-01",
            "coordinator_organisation": round_setup["ops"].pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "The period cannot end before it starts." in body


def test_it_shows_rounds_only_to_participants(english_client, world, round_setup, django_assert_max_num_queries):
    client = english_client("member_b")
    with django_assert_max_num_queries(15):
        body = client.get(reverse("staffing:round-list")).content.decode()
    assert "Diagnoza Grudziądz" in body
    assert "Diagnoza Grudziądz" not in english_client("pzs_staff").get(reverse("staffing:round-list")).content.decode()
    url = reverse("staffing:round-detail", args=[round_setup["round"].public_id])
    assert english_client("pzs_staff").get(url).status_code == 404
    assert english_client("analyst").get(url).status_code == 200


def test_it_lets_a_partner_contribute_and_refuses_the_coordinator_only_page_to_partners(english_client, round_setup):
    need = NeedFactory(provider=round_setup["partner"], start_date=date(2027, 3, 1), qualifications=["TQ-1"])
    url = reverse("staffing:round-contribute", args=[round_setup["round"].public_id])
    client = english_client("member_b")
    assert need.position in client.get(url).content.decode()
    assert client.post(url, {"needs": [need.pk]}).status_code == 302
    assert round_setup["round"].round_needs.count() == 1
    direction_url = reverse("staffing:direction-create", args=[round_setup["round"].public_id])
    assert client.get(direction_url).status_code == 403


def test_it_refuses_contribution_pages_to_non_partners(english_client, round_setup):
    url = reverse("staffing:round-contribute", args=[round_setup["round"].public_id])
    assert english_client("pes_manager").get(url).status_code == 404  # not a participant: the round is invisible
    assert english_client("analyst").get(url).status_code == 403


def test_it_validates_the_direction_quarter_on_the_web(english_client, round_setup):
    url = reverse("staffing:direction-create", args=[round_setup["round"].public_id])
    data = {
        "service_type": round_setup["card"].service_type.pk,
        "description": "Więcej",
        "additional_staff": "2",
        "quarter": "2027/1",
    }
    response = english_client("coordinator").post(url, data)
    assert response.status_code == 200 and "YYYY-Qn" in response.content.decode()
    assert english_client("coordinator").post(url, {**data, "quarter": "2027-Q3"}).status_code == 302


def _generated_plan(round_setup, client):
    need = NeedFactory(
        provider=round_setup["partner"],
        card_version=round_setup["card"],
        headcount=3,
        start_date=date(2027, 3, 1),
        qualifications=["TQ-1", "TQ-2"],
    )
    services.round_contribute_need(
        actor=need.provider.memberships.get().user, diagnosis_round=round_setup["round"], need=need
    )
    response = client.post(reverse("staffing:plan-generate", args=[round_setup["round"].public_id]))
    assert response.status_code == 302
    return StaffingPlan.objects.get()


def test_it_shows_the_plan_with_needed_numbers_and_progress_columns(english_client, round_setup):
    plan = _generated_plan(round_setup, english_client("coordinator"))
    response = english_client("member_b").get(reverse("staffing:plan-detail", args=[plan.public_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-column="needed">3<') == 2
    for column in ("in_training", "ready", "placed"):
        assert f'data-column="{column}"' in body
    assert "<svg" in body and "<title>" in body
    assert "Sign for Spółdzielnia Partner" in body


def test_it_signs_on_the_web_and_refuses_signing_an_amended_plan(english_client, round_setup):
    coordinator = english_client("coordinator")
    plan = _generated_plan(round_setup, coordinator)
    partner = english_client("member_b")
    sign_url = reverse("staffing:plan-sign", args=[plan.public_id])
    partner.post(sign_url, {"organisation": round_setup["partner"].public_id})
    coordinator.post(sign_url, {"organisation": round_setup["ops"].public_id})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    response = coordinator.post(
        reverse("staffing:plan-amend", args=[plan.public_id]), {"reason": "Korekta", "regenerate": "on"}
    )
    amendment = StaffingPlan.objects.get(number=2)
    assert response["Location"] == reverse("staffing:plan-detail", args=[amendment.public_id])
    signoffs = PlanSignoff.objects.count()
    response = partner.post(sign_url, {"organisation": round_setup["partner"].public_id}, follow=True)
    assert "was amended and replaced by version 2" in response.content.decode()
    assert PlanSignoff.objects.count() == signoffs
    history = english_client("member_b").get(reverse("staffing:plan-history", args=[round_setup["round"].public_id]))
    assert "Korekta" in history.content.decode()


def test_it_refuses_signing_for_an_organisation_of_someone_else(english_client, round_setup):
    plan = _generated_plan(round_setup, english_client("coordinator"))
    response = english_client("member_b").post(
        reverse("staffing:plan-sign", args=[plan.public_id]), {"organisation": round_setup["ops"].public_id}
    )
    assert response.status_code == 403
    assert not PlanSignoff.objects.exists()


def test_it_shows_the_territory_overview_with_a_chart_and_table(english_client, world, round_setup):
    plan_client = english_client("coordinator")
    _generated_plan(round_setup, plan_client)
    NeedFactory(provider=round_setup["partner"], card_version=round_setup["card"], headcount=5)
    response = english_client("analyst").get(reverse("staffing:index"), {"territory": "04"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Usługi opiekuńcze (test)" in body
    assert ">8</a></td>" in body  # open positions: 3 of the contributed need + 5, linked to the needs list
    assert "<svg" in body and "<caption>" in body
    partial = english_client("analyst").get(reverse("staffing:index"), {"territory": "0462"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert english_client("analyst").get(reverse("staffing:index"), {"territory": "nonsense"}).status_code == 200


def test_it_invites_a_partner_on_the_web(english_client, world, round_setup):
    url = reverse("staffing:round-invite", args=[round_setup["round"].public_id])
    english_client("coordinator").post(url, {"organisation": world.org_a.pk})
    assert round_setup["round"].round_partners.filter(organisation=world.org_a).exists()
    response = english_client("coordinator").post(url, {"organisation": world.org_b.pk}, follow=True)
    assert "voivodeship" in response.content.decode()
    assert not round_setup["round"].round_partners.filter(organisation=world.org_b).exists()


def test_the_need_form_shows_every_implausible_value_in_one_answer(client_for, provider, polish):
    card = make_card()
    response = client_for("member_b").post(
        reverse("staffing:need-create"),
        _form(
            provider,
            card,
            headcount="500",
            working_time="part_time",
            hours_per_week="90",
            pay_max="900000",
            start_date=in_days(5 * 365).isoformat(),
            required_qualifications=["TQ-1", "XX-7"],
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Liczba osób: od 1 do 100 osób.",
        "Godziny tygodniowo: od 1 do 60 godz.",
        "Wynagrodzenie do: od 0 do 50\xa0000 zł.",
        "Data rozpoczęcia: od ",
        "XX-7",
    ):
        assert message in body, message
    assert 'max="100"' in body and 'max="60"' in body
    assert not StaffingNeed.objects.exists()
