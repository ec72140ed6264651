import pytest
from django.contrib.auth import get_user_model

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.core.demo import DEMO_PASSWORD, demo_load
from kooperacja.registry.models import Organisation, OrganisationKind, RegisterEntry, Workshop

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Organisation.objects.values_list("name", "nip", "version")),
        Membership.objects.count(),
        get_user_model().objects.count(),
        RegisterEntry.objects.count(),
        Workshop.objects.count(),
    )


def test_it_loads_the_demo_region_idempotently():
    demo_load()
    first = _snapshot()
    demo_load()
    assert _snapshot() == first


def test_it_covers_every_organisation_kind_and_role():
    demo_load()
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrganisationKind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    municipalities = set(Organisation.objects.values_list("municipality__parent_id", flat=True))
    assert {"0462", "0406", "0605"} <= municipalities
    assert get_user_model().objects.get(username="koordynator").check_password(DEMO_PASSWORD)


def test_every_cis_and_kis_of_the_demo_has_a_register_entry():
    demo_load()
    registered = Organisation.objects.filter(kind__in=["cis", "kis"])
    assert registered.count() == 4
    assert all(hasattr(organisation, "register_entry") for organisation in registered)
