"""The product's rules are decided by the roles alone; Django's model permissions remain for the admin."""

import pytest
from django.contrib.auth.models import Group, Permission

from kooperacja.accounts.backends import model_permission_names

pytestmark = pytest.mark.django_db


def test_it_refuses_a_rule_without_reading_groups_or_permissions(world, django_assert_num_queries):
    user = world.user("analyst")
    with django_assert_num_queries(1):  # the actor's memberships, nothing else
        assert not user.has_perm("placement.match")
        assert not user.has_perm("training.edit_programmes")


def test_it_still_grants_a_model_permission_held_through_a_group(world):
    user = world.user("analyst")
    user.is_staff = True
    user.save()
    assert not user.has_perm("catalogue.view_servicetype")
    group = Group.objects.create(name="Podgląd katalogu")
    group.permissions.add(Permission.objects.get(content_type__app_label="catalogue", codename="view_servicetype"))
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)  # permissions are cached on the user object
    assert user.has_perm("catalogue.view_servicetype")


def test_it_lets_a_group_grant_no_rule_that_is_not_also_a_model_permission(world):
    user = world.user("analyst")
    assert "placement.match" not in model_permission_names()
    assert "registry.view_organisation" in model_permission_names()  # a rule and a model permission at once
    user.user_permissions.add(Permission.objects.get(content_type__app_label="registry", codename="add_organisation"))
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("registry.add_organisation")  # both backends answer a name that is both, as before
