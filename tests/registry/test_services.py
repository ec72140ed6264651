import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.registry import services
from kooperacja.registry.models import Organisation
from tests.factories import GRUDZIADZ, JANOW_LUBELSKI
from tests.registry.helpers import organisation_data, valid_nip, valid_regon

pytestmark = pytest.mark.django_db


def field_errors(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_it_creates_an_organisation_with_compact_identifiers_and_search_keys(world):
    organisation = services.organisation_create(actor=world.user("coordinator"), data=organisation_data())
    organisation.refresh_from_db()
    assert organisation.nip == "5260250274"
    assert organisation.regon == "123456785"
    assert organisation.krs == "0000123456"
    assert organisation.municipality_id == GRUDZIADZ
    assert organisation.version == 1
    assert "grudziadz" in organisation.search_text and "5260250274" in organisation.search_text
    assert organisation.sort_name


def test_it_stores_null_for_empty_identifiers_so_many_organisations_may_lack_them(world):
    for name in ("Koło Gospodyń", "Klub Seniora"):
        organisation = services.organisation_create(
            actor=None, data=organisation_data(name=name, nip="", regon=" ", krs=None)
        )
        organisation.refresh_from_db()
        assert (organisation.nip, organisation.regon, organisation.krs) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [("nip", "5260250275"), ("regon", "123456786"), ("krs", "12345"), ("postal_code", "863000")],
)
def test_it_refuses_invalid_identifiers_and_saves_nothing(world, field, value):
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=None, data=organisation_data(**{field: value}))
    assert list(field_errors(caught)) == [field]
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(("field", "label"), [("nip", "NIP"), ("regon", "REGON"), ("krs", "KRS")])
def test_it_names_the_organisation_that_already_has_the_identifier(world, field, label):
    services.organisation_create(actor=None, data=organisation_data(name="Pierwsza Fundacja"))
    other = organisation_data(name="Druga Fundacja", nip=valid_nip(5), regon=valid_regon(5), krs="0000999999")
    other[field] = organisation_data()[field]
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=None, data=other)
    errors = field_errors(caught)
    assert list(errors) == [field]
    assert label in errors[field][0] and "Pierwsza Fundacja" in errors[field][0]
    assert not Organisation.objects.filter(name="Druga Fundacja").exists()


@pytest.mark.parametrize("code", ["0406", "04", "9999999"])
def test_it_refuses_a_territorial_unit_that_is_not_a_municipality(world, code):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=None, data=organisation_data(municipality=code))
    assert list(field_errors(caught)) == ["municipality"]


def test_it_refuses_over_long_text_with_a_field_error(world):
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=None, data=organisation_data(name="x" * 256, short_name="y" * 81))
    assert set(field_errors(caught)) == {"name", "short_name"}


def test_it_updates_when_the_version_is_current_and_refuses_a_stale_one(world):
    organisation = services.organisation_create(actor=None, data=organisation_data())
    first = Organisation.objects.get(pk=organisation.pk)
    second = Organisation.objects.get(pk=organisation.pk)
    services.organisation_update(
        actor=None, organisation=first, data={"name": "Nazwa pierwsza"}, expected_version=first.version
    )
    with pytest.raises(ConflictError):
        services.organisation_update(
            actor=None, organisation=second, data={"name": "Nazwa druga"}, expected_version=second.version
        )
    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.name == "Nazwa pierwsza"
    assert stored.version == 2


def test_it_refuses_a_duplicate_identifier_on_update(world):
    services.organisation_create(actor=None, data=organisation_data(name="Pierwsza"))
    second = services.organisation_create(
        actor=None, data=organisation_data(name="Druga", nip=valid_nip(3), regon=valid_regon(3), krs=None)
    )
    with pytest.raises(ValidationError) as caught:
        services.organisation_update(actor=None, organisation=second, data={"nip": "5260250274"}, expected_version=1)
    assert "Pierwsza" in field_errors(caught)["nip"][0]
    assert Organisation.objects.get(pk=second.pk).version == 1


def test_it_keeps_every_change_in_the_audit_log(world):
    organisation = services.organisation_create(actor=None, data=organisation_data())
    services.organisation_update(actor=None, organisation=organisation, data={"city": "Toruń"}, expected_version=1)
    entries = LogEntry.objects.get_for_object(organisation)
    assert entries.count() == 2
    assert "city" in entries.first().changes_dict


def cis(world, municipality=GRUDZIADZ):
    return services.organisation_create(
        actor=None,
        data=organisation_data(
            name="CIS Testowy", kind="cis", nip=None, regon=None, krs=None, municipality=municipality
        ),
    )


def test_it_manages_workshops_and_contacts(world):
    organisation = cis(world)
    workshop = services.workshop_create(
        actor=None, organisation=organisation, data={"name": "Warsztat gastronomiczny", "capacity": 12}
    )
    assert workshop.municipality_id == GRUDZIADZ
    services.workshop_update(actor=None, workshop=workshop, data={"municipality": JANOW_LUBELSKI})
    with pytest.raises(ValidationError) as caught:
        services.workshop_update(actor=None, workshop=workshop, data={"municipality": "0605", "capacity": -1})
    assert set(field_errors(caught)) == {"municipality", "capacity"}
    contact = services.contact_create(
        actor=None, organisation=organisation, data={"full_name": "Anna Nowak", "email": "a@example.org"}
    )
    with pytest.raises(ValidationError) as caught:
        services.contact_update(actor=None, contact=contact, data={"email": "not-an-address"})
    assert list(field_errors(caught)) == ["email"]
    services.contact_delete(actor=None, contact=contact)
    services.workshop_delete(actor=None, workshop=workshop)
    assert not organisation.contacts.exists() and not organisation.workshops.exists()
    assert LogEntry.objects.filter(object_repr="Anna Nowak").count() == 2
