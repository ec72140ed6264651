import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.audit.models import PersonalDataAccess
from kooperacja.registry.models import OrganisationKind, ReachChange, ReachChangeKind
from kooperacja.registry.services import membership_grant, membership_revoke
from tests.factories import LUBLIN, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Decyzja kierownika nr 7/2026"


def members_url(organisation) -> str:
    return reverse("registry:members", args=[organisation.public_id])


def grant_url(organisation) -> str:
    return reverse("registry:member-grant", args=[organisation.public_id])


def revoke_url(membership) -> str:
    return reverse("registry:member-revoke", args=[membership.organisation.public_id, membership.pk])


def membership_of(world, persona: str, organisation=None) -> Membership:
    return Membership.objects.get(user=world.user(persona), organisation=organisation or world.org_a)


# Visibility


def test_it_lists_the_members_to_a_member_of_the_organisation(client_for, world):
    response = client_for("partner_worker").get(members_url(world.org_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "social_worker" in body and "Social worker" in body and "Kowalska" in body
    assert "member_b" not in body  # a member of another organisation only
    assert "Grant a role" not in body and "Revoke" not in body  # read-only member


def test_it_logs_each_display_of_the_members_names(client_for, world):
    client_for("partner_worker").get(members_url(world.org_a))
    user_type = ContentType.objects.get_for_model(world.user("coordinator"))
    reads = PersonalDataAccess.objects.filter(actor=world.user("partner_worker"), content_type=user_type)
    members = set(Membership.objects.filter(organisation=world.org_a).values_list("user_id", flat=True))
    assert {int(read.object_id) for read in reads} == members and reads.count() == len(members)
    read = reads.first()
    assert read.fields == ["first_name", "last_name", "username"] and read.purpose == "organisation members"


def test_it_shows_the_members_to_an_administrator(client_for, world):
    assert client_for("admin").get(members_url(world.org_b)).status_code == 200


def test_it_answers_404_to_another_organisations_member(client_for, world):
    assert client_for("member_b").get(members_url(world.org_a)).status_code == 404
    assert client_for("register_officer").get(members_url(world.org_a)).status_code == 404  # not a public body
    assert client_for("coordinator").get(members_url(world.org_b)).status_code == 404
    assert client_for("coordinator").get(members_url(world.org_a)).status_code == 404  # its county, not its staff


def test_it_refuses_users_without_any_membership_and_redirects_anonymous(client_for, world):
    assert client_for("no_membership").get(members_url(world.org_a)).status_code == 403
    response = client_for("anonymous").get(members_url(world.org_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_links_the_members_page_from_the_organisation_only_for_those_who_may_see_it(client_for, world):
    detail = reverse("registry:detail", args=[world.org_a.public_id])
    assert members_url(world.org_a) in client_for("partner_worker").get(detail).content.decode()
    assert members_url(world.org_a) not in client_for("member_b").get(detail).content.decode()


def test_it_lists_members_in_a_bounded_number_of_queries(client_for, world, django_assert_max_num_queries):
    for number in range(20):
        MembershipFactory(user=UserFactory(username=f"extra{number}"), organisation=world.org_a, role=Role.PZS_STAFF)
    client = client_for("pzs_staff")
    with django_assert_max_num_queries(8):
        response = client.get(members_url(world.org_a))
    assert response.status_code == 200 and response.content.decode().count("extra") >= 20


# Granting


def test_it_lets_a_managing_member_grant_a_role(client_for, world):
    newcomer = UserFactory(username="nowa.pracownica")
    response = client_for("pzs_staff").post(
        grant_url(world.org_a), {"username": "nowa.pracownica", "role": "pzs_staff"}
    )
    assert response.status_code == 302 and response["Location"] == members_url(world.org_a)
    membership = Membership.objects.get(user=newcomer, organisation=world.org_a)
    assert membership.role == Role.PZS_STAFF
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE


def test_it_grants_an_existing_membership_again_without_change(client_for, world):
    client = client_for("pzs_staff")
    data = {"username": "social_worker", "role": "social_worker"}
    assert client.post(grant_url(world.org_a), data).status_code == 302
    assert Membership.objects.filter(user=world.user("social_worker"), organisation=world.org_a).count() == 1


def test_it_reports_an_unknown_or_inactive_user_on_the_field(client_for, world):
    UserFactory(username="odeszla", is_active=False)
    client = client_for("pzs_staff")
    for username in ("nie.istnieje", "odeszla"):
        response = client.post(grant_url(world.org_a), {"username": username, "role": "social_worker"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "There is no active user with this username." in body and 'aria-invalid="true"' in body
    assert not Membership.objects.filter(user__username__in=["nie.istnieje", "odeszla"]).exists()


def test_it_refuses_granting_to_a_read_only_member(client_for, world):
    UserFactory(username="ktos")
    response = client_for("partner_worker").post(grant_url(world.org_a), {"username": "ktos", "role": "social_worker"})
    assert response.status_code == 403
    # A managing member of another organisation does not learn that this one exists.
    response = client_for("member_b").post(grant_url(world.org_a), {"username": "ktos", "role": "social_worker"})
    assert response.status_code == 404
    assert not Membership.objects.filter(user__username="ktos").exists()


def test_it_lets_a_provider_manager_grant_only_the_roles_of_daily_work(client_for, world):
    UserFactory(username="ktos")
    client = client_for("pes_manager")
    page = client.get(members_url(world.org_a)).content.decode()
    assert 'value="social_worker"' in page and 'value="coordinator"' not in page
    response = client.post(grant_url(world.org_a), {"username": "ktos", "role": "coordinator"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert client.post(grant_url(world.org_a), {"username": "ktos", "role": "social_worker"}).status_code == 302
    assert list(Membership.objects.filter(user__username="ktos").values_list("role", flat=True)) == ["social_worker"]


def test_it_reserves_regional_roles_to_administrators(client_for, world):
    someone = UserFactory(username="ktos")
    response = client_for("pzs_staff").post(grant_url(world.org_a), {"username": "ktos", "role": "analyst"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client_for("admin").post(grant_url(world.org_a), {"username": "ktos", "role": "analyst"})
    assert response.status_code == 200 and "Give the reason for this change" in response.content.decode()
    data = {"username": "ktos", "role": "analyst", "reason": "Analityk ROPS na czas pilotażu"}
    assert client_for("admin").post(grant_url(world.org_a), data).status_code == 302
    record = ReachChange.objects.get(kind=ReachChangeKind.ROLE_GRANTED, subject_user=someone)
    assert record.actor == world.user("admin") and record.reason == "Analityk ROPS na czas pilotażu"
    for manager in ("pzs_staff", "pes_manager"):
        with pytest.raises(PermissionDenied):
            membership_grant(
                actor=world.user(manager),
                organisation=world.org_a,
                user=someone,
                role=Role.CATALOGUE_EDITOR,
                reason="Chcę redagować katalog",
            )


def test_it_grants_the_register_officer_role_only_in_a_voivodes_office(world):
    clerk = UserFactory(username="urzednik")
    admin = world.user("admin")
    with pytest.raises(ValidationError) as error:
        membership_grant(actor=admin, organisation=world.org_a, user=clerk, role=Role.REGISTER_OFFICER, reason=REASON)
    assert "role" in error.value.error_dict
    with pytest.raises(ValidationError):
        membership_grant(organisation=world.org_a, user=clerk, role=Role.REGISTER_OFFICER)
    membership = membership_grant(
        actor=admin, organisation=world.voivode_office, user=clerk, role="register_officer", reason=REASON
    )
    assert membership.role == Role.REGISTER_OFFICER


def test_it_grants_the_coordinator_role_only_in_the_public_bodies_that_coordinate(world):
    clerk = UserFactory(username="urzednik")
    for organisation in (world.org_a, world.org_b, world.voivode_office):
        with pytest.raises(ValidationError) as error:
            membership_grant(actor=world.user("admin"), organisation=organisation, user=clerk, role="coordinator")
        assert "role" in error.value.error_dict
    membership_grant(actor=world.user("admin"), organisation=world.ops, user=clerk, role="coordinator", reason=REASON)
    assert Membership.objects.filter(user=clerk, role=Role.COORDINATOR).count() == 1


def test_it_never_lets_anyone_grant_a_role_to_themselves(client_for, world):
    for persona, organisation, role in (
        ("pzs_staff", world.org_a, "social_worker"),
        ("coordinator", world.ops, "social_worker"),
        ("admin", world.ops, "coordinator"),
    ):
        response = client_for(persona).post(
            grant_url(organisation), {"username": persona, "role": role, "reason": REASON}
        )
        assert response.status_code == 200
        assert "No one grants a role to themselves" in response.content.decode()
        assert not Membership.objects.filter(user=world.user(persona), organisation=organisation, role=role).exists()


def test_it_lets_the_register_officer_grant_the_coordinator_role_in_public_bodies_of_its_voivodeship(client_for, world):
    clerk = UserFactory(username="nowy.koordynator")
    officer = client_for("register_officer")
    page = officer.get(members_url(world.ops))
    assert page.status_code == 200 and 'value="coordinator"' in page.content.decode()
    assert 'value="social_worker"' not in page.content.decode()  # the OPS's own staff is its own business
    data = {"username": "nowy.koordynator", "role": "coordinator", "reason": REASON}
    assert officer.post(grant_url(world.ops), data).status_code == 302
    assert ReachChange.objects.get(subject_user=clerk).actor == world.user("register_officer")
    # Not in a CIS, not in another voivodeship.
    assert officer.post(grant_url(world.org_a), data).status_code == 404
    ops_lublin = OrganisationFactory(name="MOPS Lublin", kind=OrganisationKind.OPS, municipality_id=LUBLIN)
    assert officer.post(grant_url(ops_lublin), data).status_code == 404
    assert Membership.objects.filter(user=clerk).count() == 1


def test_it_keeps_the_coordinator_from_handing_out_its_own_powers(client_for, world):
    UserFactory(username="zastepca")
    client = client_for("coordinator")
    for role in ("coordinator", "register_officer", "analyst"):
        response = client.post(grant_url(world.ops), {"username": "zastepca", "role": role, "reason": REASON})
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user__username="zastepca").exists()


def test_it_keeps_granting_without_an_actor_for_the_system(world):
    user = UserFactory(username="z.importu")
    membership = membership_grant(organisation=world.org_b, user=user, role=Role.CATALOGUE_EDITOR)
    assert membership_grant(organisation=world.org_b, user=user, role="catalogue_editor") == membership


# Revoking


def test_it_lets_a_managing_member_revoke_a_role(client_for, world):
    membership = membership_of(world, "social_worker")
    response = client_for("pzs_staff").post(revoke_url(membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(membership.pk), action=LogEntry.Action.DELETE).exists()


def test_it_refuses_revoking_to_a_read_only_member(client_for, world):
    membership = membership_of(world, "social_worker")
    assert client_for("partner_worker").post(revoke_url(membership)).status_code == 403
    assert client_for("member_b").post(revoke_url(membership)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_refuses_revoking_a_role_that_reaches_beyond_the_organisation_without_authority(client_for, world):
    analyst = membership_of(world, "analyst")
    assert client_for("pes_manager").post(revoke_url(analyst)).status_code == 403
    coordinator = membership_of(world, "coordinator", world.ops)
    assert client_for("coordinator").post(revoke_url(coordinator), {"reason": REASON}).status_code == 403
    assert Membership.objects.filter(pk__in=[analyst.pk, coordinator.pk]).count() == 2
    # The register officer of the voivodeship may, with a reason on record.
    officer = client_for("register_officer")
    response = officer.post(revoke_url(coordinator), follow=True)
    assert "Give the reason for this change" in response.content.decode()
    assert officer.post(revoke_url(coordinator), {"reason": REASON}).status_code == 302
    assert not Membership.objects.filter(pk=coordinator.pk).exists()
    record = ReachChange.objects.get(kind=ReachChangeKind.ROLE_REVOKED)
    assert record.subject_user == world.user("coordinator") and record.changes == {"role": "coordinator"}


def test_it_answers_404_for_a_membership_of_another_organisation(client_for, world):
    foreign = membership_of(world, "member_b", world.org_b)
    url = reverse("registry:member-revoke", args=[world.org_a.public_id, foreign.pk])
    assert client_for("pzs_staff").post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_it_refuses_revoking_ones_own_last_managing_role(client_for, world):
    own = membership_of(world, "pzs_staff")
    client = client_for("pzs_staff")
    response = client.post(revoke_url(own), follow=True)
    assert "You cannot revoke your own last managing role" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    # With another managing role in the organisation the manager may give this one up.
    MembershipFactory(user=world.user("pzs_staff"), organisation=world.org_a, role=Role.PES_MANAGER)
    assert client.post(revoke_url(own)).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_it_lets_an_administrator_revoke_anything(world):
    admin = world.user("admin")
    MembershipFactory(user=admin, organisation=world.org_a, role=Role.PZS_STAFF)
    for membership in Membership.objects.filter(organisation=world.org_a).select_related("organisation"):
        membership_revoke(actor=admin, membership=membership, reason=REASON)
    assert not Membership.objects.filter(organisation=world.org_a).exists()


def test_it_speaks_polish(client_for, world, polish):
    body = client_for("pzs_staff").get(members_url(world.org_a)).content.decode()
    assert "Członkowie i role" in body and "Nadaj rolę" in body
