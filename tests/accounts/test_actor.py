"""One actor per user and request: memberships read once, and read again after any change."""

import pytest

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.registry.services import membership_grant, membership_revoke
from tests.factories import JANOW_LUBELSKI, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Decyzja kierownika nr 7/2026"


def test_it_reads_the_memberships_once_for_every_check_of_a_request(world, django_assert_num_queries):
    user = world.user("coordinator")
    with django_assert_num_queries(1):
        assert user.has_perm("placement.match")
        assert user.has_perm("registry.change_organisation", world.org_a)  # in the coordinator's county
        assert not user.has_perm("registry.change_organisation", world.org_b)
        assert actor_of(user).counties_with(Role.COORDINATOR) == {"0462"}


def test_it_describes_what_the_user_holds_and_where(world):
    actor = actor_of(world.user("register_officer"))
    assert actor.roles == {"register_officer"} and actor.organisation_ids == {world.voivode_office.pk}
    assert actor.voivodeships_with(Role.REGISTER_OFFICER) == {"04"}
    assert actor.organisations_with(Role.REGISTER_OFFICER, kinds=["voivode_office"]) == {world.voivode_office.pk}
    assert actor.organisations_with(Role.REGISTER_OFFICER, kinds=["cis"]) == frozenset()
    anonymous = actor_of(None)
    assert not anonymous.is_authenticated and anonymous.roles == frozenset()


def test_it_sees_a_membership_change_on_the_next_check(world):
    someone = UserFactory(username="ktos")
    cis = OrganisationFactory(name="CIS Janów", kind="cis", municipality_id=JANOW_LUBELSKI)
    assert not someone.has_perm("training.edit_programmes")
    membership_grant(actor=world.user("admin"), organisation=cis, user=someone, role=Role.PZS_STAFF)
    assert someone.has_perm("training.edit_programmes")  # the same user object, in the same request
    assert actor_of(someone).organisations_with(Role.PZS_STAFF) == {cis.pk}
    membership = Membership.objects.select_related("organisation").get(user=someone)
    membership_revoke(actor=world.user("admin"), membership=membership, reason=REASON)
    assert not someone.has_perm("training.edit_programmes")
    # However the membership is written.
    Membership.objects.create(user=someone, organisation=cis, role=Role.PZS_STAFF)
    assert someone.has_perm("training.edit_programmes")
    Membership.objects.filter(user=someone).first().delete()
    assert not someone.has_perm("training.edit_programmes")


def test_it_reads_the_actor_once_for_the_lazy_request_user_and_the_user_inside(world, django_assert_num_queries):
    from django.utils.functional import SimpleLazyObject

    from kooperacja.accounts.actor import actor_of

    user = world.user("coordinator")
    lazy = SimpleLazyObject(lambda: user)
    with django_assert_num_queries(1):
        assert actor_of(lazy) is actor_of(user)
