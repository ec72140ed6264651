from datetime import date

import pytest
from django.urls import reverse

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.registry import services
from kooperacja.registry.models import ContactPerson, Organisation, OrganisationKind
from tests.factories import BYDGOSZCZ, GRUDZIADZ, JANOW_LUBELSKI, LUBLIN, OrganisationFactory
from tests.registry.helpers import organisation_data, valid_nip, valid_regon

pytestmark = pytest.mark.django_db

LIST = reverse("registry:list")
CREATE = reverse("registry:create")


def edit_url(organisation) -> str:
    return reverse("registry:edit", kwargs={"public_id": organisation.public_id})


def detail_url(organisation) -> str:
    return reverse("registry:detail", kwargs={"public_id": organisation.public_id})


def form_data(organisation: Organisation | None = None, **overrides) -> dict:
    data = organisation_data(**overrides)
    data["is_active"] = "on" if data["is_active"] else ""
    data = {key: ("" if value is None else value) for key, value in data.items()}
    if organisation is not None:
        data["version"] = organisation.version
    return data


def names_in(response) -> list[str]:
    return [organisation.name for organisation in response.context["page_obj"]]


# --- list, filters, sorting -----------------------------------------------------------------------------


def test_it_finds_organisations_without_polish_diacritics(world, client_for):
    response = client_for("analyst").get(LIST, {"q": "grudziadz"})
    assert response.status_code == 200
    assert names_in(response) == ["CIS Grudziądz", "MOPS Grudziądz"]
    assert "1" in response.content.decode()


def test_it_finds_an_organisation_by_an_identifier_typed_with_dashes(world, client_for):
    services.organisation_create(actor=None, data=organisation_data(name="Fundacja Numer"))
    response = client_for("analyst").get(LIST, {"q": "526-025-02-74"})
    assert names_in(response) == ["Fundacja Numer"]


def test_it_filters_by_kind_and_territory(world, client_for):
    client = client_for("analyst")
    assert names_in(client.get(LIST, {"kind": OrganisationKind.SOCIAL_COOPERATIVE})) == ["Spółdzielnia Socjalna Janów"]
    assert names_in(client.get(LIST, {"voivodeship": "06"})) == ["Spółdzielnia Socjalna Janów"]
    assert names_in(client.get(LIST, {"voivodeship": "04", "county": "0462"})) == ["CIS Grudziądz", "MOPS Grudziądz"]
    assert names_in(client.get(LIST, {"county": "0462", "kind": OrganisationKind.OPS})) == ["MOPS Grudziądz"]
    assert names_in(client.get(LIST, {"municipality": BYDGOSZCZ})) == ["Kujawsko-Pomorski Urząd Wojewódzki"]
    assert names_in(client.get(LIST, {"municipality": "Janów Lubelski"})) == ["Spółdzielnia Socjalna Janów"]


def test_it_ignores_a_county_from_another_voivodeship_and_reports_an_unknown_municipality(world, client_for):
    client = client_for("analyst")
    assert len(names_in(client.get(LIST, {"voivodeship": "06", "county": "0462"}))) == 1
    response = client.get(LIST, {"municipality": "9999999"})
    assert response.context["form"].errors["municipality"]
    assert len(names_in(response)) == 4


def test_it_sorts_names_in_polish_alphabetical_order(world, client_for):
    Organisation.objects.all().delete()
    for name in ("Żak", "Zorza", "Łąka", "Lipa", "Ćma", "Cis", "Źródło", "Mak", "Ąbel", "Azyl"):
        services.organisation_create(actor=None, data=organisation_data(name=name, nip=None, regon=None, krs=None))
    client = client_for("admin")
    expected = ["Azyl", "Ąbel", "Cis", "Ćma", "Lipa", "Łąka", "Mak", "Zorza", "Źródło", "Żak"]
    assert names_in(client.get(LIST)) == expected
    assert names_in(client.get(LIST, {"sort": "-name"})) == list(reversed(expected))


def test_it_sorts_by_municipality(world, client_for):
    names = names_in(client_for("analyst").get(LIST, {"sort": "municipality"}))
    assert names == [
        "Kujawsko-Pomorski Urząd Wojewódzki",
        "CIS Grudziądz",
        "MOPS Grudziądz",
        "Spółdzielnia Socjalna Janów",
    ]


def test_it_paginates_the_list_with_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries):
    for index in range(40):
        OrganisationFactory(name=f"Stowarzyszenie {index:02d}", municipality_id=LUBLIN if index % 2 else GRUDZIADZ)
    client = client_for("coordinator")
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"page": 2})
    assert response.context["page_obj"].paginator.count == 44
    assert len(names_in(response)) == 19
    assert "Strona 2 z 2" in response.content.decode() or "Page 2 of 2" in response.content.decode()


def test_it_answers_htmx_with_the_results_partial_only(world, client_for):
    client = client_for("analyst")
    response = client.get(LIST, {"q": "janow"}, headers={"HX-Request": "true", "HX-Target": "organisation-results"})
    body = response.content.decode()
    assert "<html" not in body and "Spółdzielnia Socjalna Janów" in body and "CIS Grudziądz" not in body
    assert "hx-swap-oob" not in body
    response = client.get(LIST, {"voivodeship": "04"}, headers={"HX-Request": "true", "HX-Trigger": "id_voivodeship"})
    body = response.content.decode()
    assert 'hx-swap-oob="true"' in body and "grudziądzki" in body


def test_it_hides_inactive_organisations_of_others(world, client_for):
    hidden = OrganisationFactory(name="Zamknięta Fundacja", is_active=False, municipality_id=JANOW_LUBELSKI)
    assert "Zamknięta Fundacja" not in names_in(client_for("coordinator").get(LIST))
    assert client_for("coordinator").get(detail_url(hidden)).status_code == 404
    assert client_for("coordinator").get(edit_url(hidden)).status_code == 404
    assert client_for("admin").get(detail_url(hidden)).status_code == 200


def test_it_sends_anonymous_visitors_to_sign_in(world, client_for):
    response = client_for("anonymous").get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- detail ---------------------------------------------------------------------------------------------


def test_it_shows_the_detail_with_hierarchy_and_logs_the_contacts_read(world, client_for):
    ContactPerson.objects.create(organisation=world.org_a, full_name="Maria Kowalczyk", email="m@example.org")
    client = client_for("analyst")
    response = client.get(detail_url(world.org_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Maria Kowalczyk" in body
    assert reverse("territory:detail", kwargs={"code": "0462"}) in body
    assert reverse("territory:detail", kwargs={"code": "04"}) in body
    assert edit_url(world.org_a) not in body
    access = PersonalDataAccess.objects.get()
    assert access.actor == world.user("analyst")
    assert access.purpose == "organisation detail" and access.channel == "web"
    assert access.fields == ["full_name", "email", "phone"]


def test_it_warns_when_a_cis_has_no_active_register_entry(world, client_for):
    client = client_for("coordinator")
    assert "voivode's register" in client.get(detail_url(world.org_a), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.get(detail_url(world.org_a))
    assert response.context["organisation"].lacks_active_register_entry
    services.register_term_grant(
        actor=None,
        organisation=world.org_a,
        data={
            "number": "1/2025",
            "term_start": date(2025, 1, 10),
            "decision_number": "D/1",
            "decision_date": date(2025, 1, 3),
        },
    )
    response = client.get(detail_url(world.org_a))
    assert response.context["register_in_force"]
    assert 'role="alert"' not in response.content.decode()


def test_it_shows_edit_links_only_to_those_allowed(world, client_for):
    assert edit_url(world.org_a) in client_for("coordinator").get(detail_url(world.org_a)).content.decode()
    assert edit_url(world.org_a) not in client_for("member_b").get(detail_url(world.org_a)).content.decode()


# --- create and edit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "coordinator", "register_officer", "owes_advisor"])
def test_it_lets_those_allowed_register_an_organisation(world, client_for, persona):
    response = client_for(persona).post(CREATE, form_data(name=f"Fundacja {persona}"))
    organisation = Organisation.objects.get(name=f"Fundacja {persona}")
    assert response.status_code == 302 and response["Location"] == detail_url(organisation)
    assert organisation.nip == "5260250274"


@pytest.mark.parametrize("persona", ["pes_manager", "member_b", "partner_worker", "no_membership"])
def test_it_refuses_registration_to_others(world, client_for, persona):
    assert client_for(persona).post(CREATE, form_data()).status_code == 403
    assert not Organisation.objects.filter(name="Fundacja Wsparcia Rodziny").exists()


def test_it_shows_clear_errors_and_saves_nothing_on_bad_input(world, client_for):
    services.organisation_create(actor=None, data=organisation_data(name="Pierwsza"))
    client = client_for("coordinator")
    response = client.post(
        CREATE,
        form_data(name="x" * 300, regon="123456786", municipality="0406", postal_code="1234"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"name", "regon", "municipality", "postal_code"}
    assert "Choose a municipality" in errors["municipality"][0]
    response = client.post(CREATE, form_data(name="Druga", regon=valid_regon(2), krs=None), HTTP_ACCEPT_LANGUAGE="en")
    assert "already registered: Pierwsza" in response.context["form"].errors["nip"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert Organisation.objects.filter(name__in=["Druga", "x" * 300]).count() == 0


@pytest.mark.parametrize(
    "persona", ["admin", "coordinator", "register_officer", "pzs_staff", "pes_manager", "owes_advisor", "social_worker"]
)
def test_it_lets_managers_and_regional_officers_edit(world, client_for, persona):
    client = client_for(persona)
    assert client.get(edit_url(world.org_a)).status_code == 200
    response = client.post(edit_url(world.org_a), form_data(world.org_a, name="CIS Grudziądz — nowa nazwa", kind="cis"))
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.name == "CIS Grudziądz — nowa nazwa" and world.org_a.version == 2


@pytest.mark.parametrize("persona", ["member_b", "coordinator", "register_officer"])
def test_it_refuses_an_edit_of_another_institutions_organisation(world, client_for, persona):
    # org_b is in another county and voivodeship than every persona except member_b's own
    target = world.org_a if persona == "member_b" else world.org_b
    client = client_for(persona)
    assert client.get(edit_url(target)).status_code == 403
    assert client.post(edit_url(target), form_data(target, name="Przejęta")).status_code == 403
    assert not Organisation.objects.filter(name="Przejęta").exists()


@pytest.mark.parametrize("persona", ["partner_worker", "analyst", "no_membership"])
def test_it_refuses_an_edit_to_read_only_users(world, client_for, persona):
    assert client_for(persona).get(edit_url(world.org_a)).status_code == 403


def test_it_refuses_the_second_of_two_edits_from_the_same_version(world, client_for):
    read_version = world.org_a.version
    first = client_for("coordinator").post(
        edit_url(world.org_a), form_data(world.org_a, name="Wersja koordynatora", kind="cis")
    )
    assert first.status_code == 302
    data = form_data(world.org_a, name="Wersja pracownika", kind="cis")
    data["version"] = read_version
    second = client_for("pzs_staff").post(edit_url(world.org_a), data, HTTP_ACCEPT_LANGUAGE="en")
    assert second.status_code == 200
    assert "Someone else saved this organisation" in second.content.decode()
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Wersja koordynatora" and world.org_a.version == read_version + 1
    # the form now carries the current version: saving again is a deliberate choice
    assert second.context["form"]["version"].value() == str(read_version + 1)


# --- register entry, workshops, contacts -----------------------------------------------------------------


def test_it_adds_edits_and_removes_workshops_and_contacts(world, client_for):
    client = client_for("pzs_staff")
    base = {"public_id": world.org_a.public_id}
    response = client.post(
        reverse("registry:workshop-create", kwargs=base),
        {"name": "Warsztat krawiecki", "kind": "workshop", "capacity": "8", "municipality": GRUDZIADZ},
    )
    assert response.status_code == 302
    workshop = world.org_a.workshops.get()
    response = client.post(
        reverse("registry:workshop-edit", kwargs={**base, "workshop_id": workshop.pk}),
        {"name": "Warsztat krawiecki", "kind": "workshop", "capacity": "abc", "municipality": "0406"},
    )
    assert set(response.context["form"].errors) == {"capacity", "municipality"}
    client.post(
        reverse("registry:contact-create", kwargs=base), {"full_name": "Piotr Zieliński", "phone": "600 100 200"}
    )
    contact = world.org_a.contacts.get()
    assert (
        client_for("member_b")
        .post(reverse("registry:contact-delete", kwargs={**base, "contact_id": contact.pk}))
        .status_code
        == 403
    )
    client.post(reverse("registry:contact-delete", kwargs={**base, "contact_id": contact.pk}))
    client.post(reverse("registry:workshop-delete", kwargs={**base, "workshop_id": workshop.pk}))
    assert not world.org_a.contacts.exists() and not world.org_a.workshops.exists()


def test_it_answers_404_for_a_workshop_of_another_organisation(world, client_for):
    workshop = services.workshop_create(actor=None, organisation=world.org_b, data={"name": "Sekcja"})
    url = reverse("registry:workshop-edit", kwargs={"public_id": world.org_a.public_id, "workshop_id": workshop.pk})
    assert client_for("coordinator").get(url).status_code == 404


def test_it_registers_new_organisations_with_unique_identifiers(world, client_for):
    client = client_for("coordinator")
    for index in range(3):
        data = form_data(name=f"Stowarzyszenie Nowe {index}", nip=valid_nip(index), regon=valid_regon(index), krs="")
        assert client.post(CREATE, data).status_code == 302
    assert Organisation.objects.filter(name__startswith="Stowarzyszenie Nowe ").count() == 3


def test_it_shows_the_registry_read_only_in_the_admin(world, client_for):
    client = client_for("admin")
    response = client.get(reverse("admin:registry_organisation_changelist"))
    assert response.status_code == 200 and "CIS Grudziądz" in response.content.decode()
    assert client.get(reverse("admin:registry_organisation_add")).status_code == 403
