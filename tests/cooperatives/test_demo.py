import pytest

from kooperacja.cooperatives.models import Franchisee, FranchiseState
from kooperacja.cooperatives.selectors import replication_map
from kooperacja.demo.loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_franchisors_and_franchisees_in_every_state_and_loads_once():
    demo_load()
    assert set(Franchisee.objects.values_list("state", flat=True)) == set(FranchiseState.values)
    franchisee = Franchisee.objects.select_related("model__franchisor").get(organisation__name__contains="Leśny Krąg")
    assert franchisee.model.franchisor.name == "Spółdzielnia Socjalna „Dobra Opieka”"
    assert franchisee.state == FranchiseState.ACTIVE and franchisee.unit.name == "Janów Lubelski"
    voivodeships = {group.voivodeship.code for group in replication_map()}
    assert voivodeships == {"04", "06"}
    count = Franchisee.objects.count()
    demo_load()
    assert Franchisee.objects.count() == count
