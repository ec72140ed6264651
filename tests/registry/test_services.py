from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from kooperacja.core.errors import ConflictError
from kooperacja.registry import services
from kooperacja.registry.models import Organisation, ReachChange, ReachChangeKind, RegisterEntry, RegisterStatus
from tests.factories import BYDGOSZCZ, GRUDZIADZ, JANOW_LUBELSKI
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


def test_it_fills_in_five_years_of_cis_status(world):
    entry = services.register_entry_save(
        actor=None, organisation=cis(world), data={"number": "1/2024", "entry_date": date(2024, 3, 1)}
    )
    assert entry.voivodeship_id == "04"
    assert entry.valid_until == date(2029, 2, 28)
    assert entry.is_in_force(date(2025, 1, 1)) and not entry.is_in_force(date(2029, 3, 1))
    assert services.cis_status_end(date(2024, 2, 29)) == date(2029, 2, 28)


def test_it_refuses_a_register_entry_of_another_voivodeship_or_longer_than_five_years(world):
    with pytest.raises(ValidationError) as caught:
        services.register_entry_save(
            actor=None,
            organisation=cis(world),
            data={
                "number": "1/2024",
                "entry_date": date(2024, 3, 1),
                "valid_until": date(2030, 1, 1),
                "voivodeship": "06",
            },
        )
    assert set(field_errors(caught)) == {"voivodeship", "valid_until"}
    assert not RegisterEntry.objects.exists()


def test_it_refuses_a_register_number_already_used_in_the_voivodeship(world):
    services.register_entry_save(
        actor=None, organisation=cis(world), data={"number": "7/2020", "entry_date": date(2020, 1, 1)}
    )
    other = services.organisation_create(
        actor=None,
        data=organisation_data(
            name="KIS Bydgoszcz", kind="kis", nip=None, regon=None, krs=None, municipality=BYDGOSZCZ
        ),
    )
    with pytest.raises(ValidationError) as caught:
        services.register_entry_save(
            actor=None, organisation=other, data={"number": "7/2020", "entry_date": date(2021, 1, 1)}
        )
    assert "CIS Testowy" in field_errors(caught)["number"][0]


def test_it_refuses_a_register_entry_for_an_organisation_that_is_not_cis_or_kis(world):
    with pytest.raises(ValidationError):
        services.register_entry_save(
            actor=None, organisation=world.org_b, data={"number": "1", "entry_date": date(2024, 1, 1)}
        )


def test_it_withdraws_a_confirmation_when_an_organisation_changes_its_entry(world):
    organisation = cis(world)
    officer = world.user("register_officer")
    entry = services.register_entry_save(
        actor=officer, organisation=organisation, data={"number": "1/2024", "entry_date": date(2024, 1, 1)}
    )
    assert entry.confirmed_by == officer and entry.is_confirmed
    entry = services.register_entry_save(
        actor=world.user("pzs_staff"),
        organisation=organisation,
        data={"number": "1/2024", "entry_date": date(2024, 2, 1)},
    )
    assert not entry.is_confirmed and entry.status == RegisterStatus.ACTIVE


def test_it_leaves_the_register_status_to_the_register_officer_with_a_recorded_reason(world):
    organisation = cis(world)
    officer, staff = world.user("register_officer"), world.user("pzs_staff")
    data = {"number": "1/2024", "entry_date": date(2024, 1, 1)}
    services.register_entry_save(actor=staff, organisation=organisation, data=data)
    services.register_entry_save(
        actor=officer,
        organisation=organisation,
        data={**data, "status": "struck_off"},
        reason="Decyzja wojewody nr 12/2025",
    )
    # The organisation cannot put itself back in force, nor change its status at all.
    with pytest.raises(ValidationError) as caught:
        services.register_entry_save(actor=staff, organisation=organisation, data={**data, "status": "active"})
    assert set(field_errors(caught)) == {"status"}
    entry = RegisterEntry.objects.get(organisation=organisation)
    assert entry.status == RegisterStatus.STRUCK_OFF
    assert Organisation.objects.get(pk=organisation.pk).lacks_active_register_entry
    # The officer's change needs a reason, and leaves a record of who, what and why.
    with pytest.raises(ValidationError) as caught:
        services.register_entry_save(actor=officer, organisation=organisation, data={**data, "status": "active"})
    assert set(field_errors(caught)) == {"reason"}
    record = ReachChange.objects.get(organisation=organisation, kind=ReachChangeKind.REGISTER_STATUS)
    assert record.actor == officer and record.changes == {"status": ["active", "struck_off"]}
    assert record.reason == "Decyzja wojewody nr 12/2025"


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
