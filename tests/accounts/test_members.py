import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.accounts.services import membership_grant, membership_revoke
from kooperacja.audit.models import PersonalDataAccess
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def members_url(organisation) -> str:
    return reverse("accounts:organisation-members", args=[organisation.public_id])


def grant_url(organisation) -> str:
    return reverse("accounts:organisation-member-grant", args=[organisation.public_id])


def revoke_url(membership) -> str:
    return reverse("accounts:organisation-member-revoke", args=[membership.organisation.public_id, membership.pk])


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
    assert client_for("register_officer").get(members_url(world.org_a)).status_code == 404
    assert client_for("coordinator").get(members_url(world.org_b)).status_code == 404


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
    client = client_for("coordinator")
    with django_assert_max_num_queries(8):
        response = client.get(members_url(world.org_a))
    assert response.status_code == 200 and response.content.decode().count("extra") >= 20


# Granting


def test_it_lets_a_coordinator_grant_a_role(client_for, world):
    newcomer = UserFactory(username="nowa.pracownica")
    response = client_for("coordinator").post(
        grant_url(world.org_a), {"username": "nowa.pracownica", "role": "pzs_staff"}
    )
    assert response.status_code == 302 and response["Location"] == members_url(world.org_a)
    membership = Membership.objects.get(user=newcomer, organisation=world.org_a)
    assert membership.role == Role.PZS_STAFF
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE


def test_it_grants_an_existing_membership_again_without_change(client_for, world):
    client = client_for("coordinator")
    data = {"username": "social_worker", "role": "social_worker"}
    assert client.post(grant_url(world.org_a), data).status_code == 302
    assert Membership.objects.filter(user=world.user("social_worker"), organisation=world.org_a).count() == 1


def test_it_reports_an_unknown_or_inactive_user_on_the_field(client_for, world):
    UserFactory(username="odeszla", is_active=False)
    client = client_for("coordinator")
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
    response = client_for("coordinator").post(grant_url(world.org_a), {"username": "ktos", "role": "analyst"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert client_for("admin").post(grant_url(world.org_a), {"username": "ktos", "role": "analyst"}).status_code == 302
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.user("coordinator"),
            organisation=world.org_a,
            user=someone,
            role=Role.CATALOGUE_EDITOR,
        )


def test_it_grants_the_register_officer_role_only_in_a_voivodes_office(world):
    clerk = UserFactory(username="urzednik")
    admin = world.user("admin")
    with pytest.raises(ValidationError) as error:
        membership_grant(actor=admin, organisation=world.org_a, user=clerk, role=Role.REGISTER_OFFICER)
    assert "role" in error.value.error_dict
    with pytest.raises(ValidationError):
        membership_grant(organisation=world.org_a, user=clerk, role=Role.REGISTER_OFFICER)
    membership = membership_grant(actor=admin, organisation=world.voivode_office, user=clerk, role="register_officer")
    assert membership.role == Role.REGISTER_OFFICER


def test_it_keeps_granting_without_an_actor_for_the_system(world):
    user = UserFactory(username="z.importu")
    membership = membership_grant(organisation=world.org_b, user=user, role=Role.CATALOGUE_EDITOR)
    assert membership_grant(organisation=world.org_b, user=user, role="catalogue_editor") == membership


# Revoking


def test_it_lets_a_coordinator_revoke_a_role(client_for, world):
    membership = membership_of(world, "social_worker")
    response = client_for("coordinator").post(revoke_url(membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(membership.pk), action=LogEntry.Action.DELETE).exists()


def test_it_refuses_revoking_to_a_read_only_member(client_for, world):
    membership = membership_of(world, "social_worker")
    assert client_for("partner_worker").post(revoke_url(membership)).status_code == 403
    assert client_for("member_b").post(revoke_url(membership)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_refuses_a_provider_manager_revoking_a_coordinator(client_for, world):
    membership = membership_of(world, "coordinator")
    assert client_for("pes_manager").post(revoke_url(membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_answers_404_for_a_membership_of_another_organisation(client_for, world):
    foreign = membership_of(world, "member_b", world.org_b)
    url = reverse("accounts:organisation-member-revoke", args=[world.org_a.public_id, foreign.pk])
    assert client_for("coordinator").post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_it_refuses_revoking_ones_own_last_managing_role(client_for, world):
    own = membership_of(world, "coordinator")
    client = client_for("coordinator")
    response = client.post(revoke_url(own), follow=True)
    assert "You cannot revoke your own last managing role" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    # With another managing role in the organisation the manager may give this one up.
    MembershipFactory(user=world.user("coordinator"), organisation=world.org_a, role=Role.PZS_STAFF)
    assert client.post(revoke_url(own)).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_it_lets_an_administrator_revoke_anything(world):
    admin = world.user("admin")
    MembershipFactory(user=admin, organisation=world.org_a, role=Role.COORDINATOR)
    for membership in Membership.objects.filter(organisation=world.org_a).select_related("organisation"):
        membership_revoke(actor=admin, membership=membership)
    assert not Membership.objects.filter(organisation=world.org_a).exists()


def test_it_speaks_polish(client_for, world, polish):
    body = client_for("coordinator").get(members_url(world.org_a)).content.decode()
    assert "Członkowie i role" in body and "Nadaj rolę" in body
