"""What decides someone's reach — an organisation's territory and kind — is changed only from above the
organisation, with a recorded reason; its own members (and the county's coordinator) cannot move it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.registry import services
from kooperacja.registry.models import Organisation, OrganisationKind, ReachChange, ReachChangeKind
from tests.factories import JANOW_LUBELSKI, LUBLIN, MembershipFactory, OrganisationFactory, UserFactory
from tests.registry.helpers import organisation_data
from tests.registry.test_api import api_body, item_url, send

pytestmark = pytest.mark.django_db

REASON = "Błąd przy rejestracji: siedziba jest w innej gminie."
BIALE_BLOTA = "0403012"  # a municipality of another county of kujawsko-pomorskie


def _reach(organisation: Organisation) -> tuple[str, str]:
    organisation.refresh_from_db()
    return organisation.kind, organisation.municipality_id


def _edit_form(organisation: Organisation, **changes) -> dict:
    data = {**organisation_data(name=organisation.name, nip="", regon="", krs=""), "version": organisation.version}
    data.update(changes)
    return data


# The holders of a scope cannot move it


def test_it_refuses_a_member_changing_its_organisations_territory_or_kind_through_the_service(world):
    before = _reach(world.org_a)
    for data in ({"municipality": JANOW_LUBELSKI}, {"kind": OrganisationKind.VOIVODE_OFFICE}):
        with pytest.raises(ValidationError) as caught:
            services.organisation_update(
                actor=world.user("pzs_staff"), organisation=world.org_a, data=data, expected_version=1
            )
        assert {error.code for errors in caught.value.error_dict.values() for error in errors} == {"reach_locked"}
    assert _reach(world.org_a) == before and not ReachChange.objects.exists()


def test_it_ignores_territory_and_kind_sent_in_the_edit_form(client_for, world):
    """The coordinator of a social-assistance centre moving it to another county (the way it would read that
    county's referrals) and a CIS making itself a voivode's office: both fields are shown, never taken."""
    for persona, organisation in (("coordinator", world.ops), ("pzs_staff", world.org_a)):
        before = _reach(organisation)
        url = reverse("registry:edit", args=[organisation.public_id])
        page = client_for(persona).get(url).content.decode()
        assert 'name="municipality"' in page and "disabled" in page
        data = _edit_form(
            organisation, kind=OrganisationKind.VOIVODE_OFFICE, municipality=JANOW_LUBELSKI, name="Nowa nazwa"
        )
        response = client_for(persona).post(url, data)
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.name == "Nowa nazwa"  # the rest of the edit is saved
        assert _reach(organisation) == before


def test_it_refuses_a_territory_or_kind_change_through_the_api_with_422(client_for, world):
    before = _reach(world.ops)
    client = client_for("coordinator")
    for changes in ({"municipality": JANOW_LUBELSKI}, {"kind": "voivode_office"}):
        world.ops.refresh_from_db()
        response = send(client, "PUT", item_url(world.ops), api_body(world.ops, **changes))
        assert response.status_code == 422
        field = next(iter(changes))
        assert [error["field"] for error in response.json()["errors"]] == [field]
    assert _reach(world.ops) == before
    # Repeating the values as they are is an ordinary edit.
    world.ops.refresh_from_db()
    response = send(client, "PUT", item_url(world.ops), api_body(world.ops, phone="+48 56 111 22 33"))
    assert response.status_code == 200 and response.json()["phone"] == "+48 56 111 22 33"


def test_it_keeps_the_reach_pages_from_those_below(client_for, world):
    url = reverse("registry:reach", args=[world.ops.public_id])
    for persona in ("coordinator", "social_worker", "pzs_staff", "member_b"):
        assert client_for(persona).get(url).status_code == 403
        response = client_for(persona).post(url, {"kind": "ops", "municipality": JANOW_LUBELSKI, "reason": REASON})
        assert response.status_code == 403
    api = reverse("api:registry-organisation-reach", args=[world.ops.public_id])
    body = {"kind": "ops", "municipality": JANOW_LUBELSKI, "reason": REASON, "version": world.ops.version}
    assert send(client_for("coordinator"), "POST", api, body).status_code == 403
    assert _reach(world.ops) == (OrganisationKind.OPS, world.ops.municipality_id)


# From above, with a reason


def test_it_lets_an_administrator_change_territory_and_kind_with_a_recorded_reason(client_for, world):
    url = reverse("registry:reach", args=[world.org_b.public_id])
    client = client_for("admin")
    data = {"kind": "ngo", "municipality": LUBLIN, "version": world.org_b.version}
    response = client.post(url, {**data, "reason": "bo tak"})
    assert response.status_code == 200 and "Give the reason for this change" in response.content.decode()
    assert _reach(world.org_b) == ("social_cooperative", JANOW_LUBELSKI)
    assert client.post(url, {**data, "reason": REASON}).status_code == 302
    assert _reach(world.org_b) == ("ngo", LUBLIN)
    record = ReachChange.objects.get(organisation=world.org_b)
    assert record.kind == ReachChangeKind.TERRITORY_KIND and record.actor == world.user("admin")
    assert record.changes == {"kind": ["social_cooperative", "ngo"], "municipality": [JANOW_LUBELSKI, LUBLIN]}
    assert record.reason == REASON
    # The members of the organisation read who changed it and why.
    page = client_for("member_b").get(reverse("registry:detail", args=[world.org_b.public_id])).content.decode()
    assert REASON in page and "Kind: Social cooperative → NGO or foundation" in page


def test_it_lets_the_register_officer_move_a_public_body_within_its_voivodeship_only(world):
    officer = world.user("register_officer")
    services.organisation_reach_change(
        actor=officer,
        organisation=world.ops,
        data={"municipality": BIALE_BLOTA, "kind": OrganisationKind.CUS},
        reason=REASON,
        expected_version=world.ops.version,
    )
    assert _reach(world.ops) == (OrganisationKind.CUS, BIALE_BLOTA)
    for data, field in (
        ({"municipality": LUBLIN}, "municipality"),
        ({"kind": OrganisationKind.VOIVODE_OFFICE}, "kind"),
        ({"kind": OrganisationKind.CIS}, "kind"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.organisation_reach_change(
                actor=officer, organisation=world.ops, data=data, reason=REASON, expected_version=world.ops.version
            )
        assert field in caught.value.error_dict
        world.ops.refresh_from_db()
    assert _reach(world.ops) == (OrganisationKind.CUS, BIALE_BLOTA)
    # A CIS is not a public body, a voivode's office is above the officer: only an administrator changes them.
    for organisation in (world.org_a, world.voivode_office):
        with pytest.raises(PermissionDenied):
            services.organisation_reach_change(
                actor=officer,
                organisation=organisation,
                data={"municipality": BIALE_BLOTA},
                reason=REASON,
                expected_version=organisation.version,
            )


def test_it_refuses_a_kind_whose_members_hold_roles_it_cannot_have(world):
    with pytest.raises(ValidationError) as caught:
        services.organisation_reach_change(
            actor=world.user("admin"),
            organisation=world.ops,
            data={"kind": OrganisationKind.CIS},
            reason=REASON,
            expected_version=world.ops.version,
        )
    assert "Coordinator of cooperation" in str(caught.value.error_dict["kind"])
    assert _reach(world.ops)[0] == OrganisationKind.OPS


def test_it_refuses_a_stale_version_of_a_reach_change(world):
    from kooperacja.core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.organisation_reach_change(
            actor=world.user("admin"),
            organisation=world.org_b,
            data={"municipality": LUBLIN},
            reason=REASON,
            expected_version=world.org_b.version + 5,
        )
    assert _reach(world.org_b)[1] == JANOW_LUBELSKI and not ReachChange.objects.exists()


# Registering organisations


def test_it_lets_only_an_administrator_register_a_voivodes_office(client_for, world):
    page = client_for("coordinator").get(reverse("registry:create")).content.decode()
    assert 'value="voivode_office"' not in page
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(
            actor=world.user("coordinator"), data=organisation_data(kind=OrganisationKind.VOIVODE_OFFICE)
        )
    assert "kind" in caught.value.error_dict
    response = send(
        client_for("owes_advisor"), "POST", "/api/v1/organisations", organisation_data(kind="voivode_office")
    )
    assert response.status_code == 422
    assert not Organisation.objects.filter(kind=OrganisationKind.VOIVODE_OFFICE).exclude(pk=world.voivode_office.pk)
    created = services.organisation_create(
        actor=world.user("admin"), data=organisation_data(kind=OrganisationKind.VOIVODE_OFFICE)
    )
    assert created.kind == OrganisationKind.VOIVODE_OFFICE


def test_it_shows_a_new_organisation_to_whoever_registered_it(client_for, world):
    client = client_for("coordinator")
    response = client.post(reverse("registry:create"), {**organisation_data(), "is_active": ""})
    assert response.status_code == 302
    created = Organisation.objects.get(name="Fundacja Wsparcia Rodziny")
    assert created.is_active  # a new organisation is active; only an edit deactivates it
    assert client.get(response["Location"]).status_code == 200
    # The author does not become a member: roles there are granted like anywhere else.
    assert not created.memberships.exists()


def test_it_does_not_let_a_members_organisation_become_a_voivodes_office_to_grant_itself_the_officer_role(
    client_for, world
):
    """The finding: a member sets its kind to a voivode's office, then grants itself the register officer role."""
    owner = UserFactory(username="wlasciciel")
    organisation = OrganisationFactory(name="Stowarzyszenie", kind=OrganisationKind.NGO, municipality_id=LUBLIN)
    MembershipFactory(user=owner, organisation=organisation, role="pes_manager")
    client = client_for("anonymous")
    client.force_login(owner)
    client.post(
        reverse("registry:edit", args=[organisation.public_id]), _edit_form(organisation, kind="voivode_office")
    )
    grant = reverse("registry:member-grant", args=[organisation.public_id])
    client.post(grant, {"username": "wlasciciel", "role": "register_officer", "reason": REASON})
    assert _reach(organisation)[0] == OrganisationKind.NGO
    assert list(owner.memberships.values_list("role", flat=True)) == ["pes_manager"]
