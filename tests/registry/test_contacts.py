"""Contact persons are personal data: those who work with an organisation see them all; any other signed-in
user sees only the contacts its members published as public."""

import pytest
from django.urls import reverse

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.registry.models import ContactPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(world):
    public = ContactPerson.objects.create(
        organisation=world.org_a, full_name="Joanna Publiczna", email="biuro@cis.example.org", is_public=True
    )
    private = ContactPerson.objects.create(
        organisation=world.org_a, full_name="Marek Prywatny", phone="+48 600 100 200", email="marek@example.org"
    )
    return public, private


def _page(client, organisation) -> str:
    return client.get(reverse("registry:detail", args=[organisation.public_id])).content.decode()


def _api(client, organisation) -> list[str]:
    return [c["full_name"] for c in client.get(f"/api/v1/organisations/{organisation.public_id}").json()["contacts"]]


def test_it_shows_only_public_contacts_to_someone_who_does_not_work_with_the_organisation(client_for, world, contacts):
    for persona in ("member_b", "no_membership"):
        client = client_for(persona)
        page = _page(client, world.org_a)
        assert "Joanna Publiczna" in page
        assert "Marek Prywatny" not in page and "600 100 200" not in page and "marek@example.org" not in page
        assert _api(client, world.org_a) == ["Joanna Publiczna"]
    reads = PersonalDataAccess.objects.filter(actor=world.user("member_b"))
    assert {int(read.object_id) for read in reads} == {contacts[0].pk}


def test_it_shows_every_contact_to_those_who_work_with_the_organisation(client_for, world, contacts):
    # A member, the coordinator of its county, the register officer of its voivodeship, an administrator.
    for persona in ("partner_worker", "coordinator", "register_officer", "admin"):
        client = client_for(persona)
        assert "Marek Prywatny" in _page(client, world.org_a)
        assert sorted(_api(client, world.org_a)) == ["Joanna Publiczna", "Marek Prywatny"]
    # The coordinator of Grudziądz does not work with a cooperative in Janów Lubelski.
    ContactPerson.objects.create(organisation=world.org_b, full_name="Piotr Z Janowa")
    assert "Piotr Z Janowa" not in _page(client_for("coordinator"), world.org_b)


def test_it_lets_members_publish_a_contact(client_for, world, contacts):
    _public, private = contacts
    url = reverse("registry:contact-edit", args=[world.org_a.public_id, private.pk])
    client = client_for("pzs_staff")
    assert 'name="is_public"' in client.get(url).content.decode()
    response = client.post(url, {"full_name": "Marek Prywatny", "phone": "+48 600 100 200", "is_public": "on"})
    assert response.status_code == 302
    assert "Marek Prywatny" in _page(client_for("member_b"), world.org_a)
