"""Rows built once per module: every test starts from them, whatever the test before it changed."""

import pytest

from kooperacja.registry.models import Organisation
from tests.factories import GRUDZIADZ, OrganisationFactory
from tests.once import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    yield from built_once(
        django_db_blocker, lambda: OrganisationFactory(name="Zbudowana raz", municipality_id=GRUDZIADZ)
    )


@pytest.mark.parametrize("round_", [1, 2, 3])
def test_each_test_starts_from_the_built_rows(built, round_):
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Zbudowana raz"]
    Organisation.objects.filter(pk=built.pk).update(name=f"Zmieniona {round_}")
    OrganisationFactory(name=f"Dodana {round_}", municipality_id=GRUDZIADZ)
    assert Organisation.objects.count() == 2
