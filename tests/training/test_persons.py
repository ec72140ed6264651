"""A person is in the records of one CIS/KIS. A PESEL typed by one institution reveals nothing of another's
records, a refused enrolment stores nothing, and an institution's own earlier record is shown to its staff
for correction instead of being silently reused."""

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils.formats import date_format

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.crypto import decrypt
from kooperacja.core.errors import ConflictError
from kooperacja.registry.models import OrganisationKind
from kooperacja.training import services
from kooperacja.training.models import Participation, Person
from kooperacja.training.selectors import person_find_by_pesel
from tests.factories import OrganisationFactory
from tests.training.factories import enrol, make_pesel, make_staff, participation_data, person_data

pytestmark = pytest.mark.django_db

KRAKOW = "1261011"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def other_cis(world):
    """An unrelated CIS in another voivodeship and a member of its staff."""
    organisation = OrganisationFactory(name="CIS Kraków", kind=OrganisationKind.CIS, municipality_id=KRAKOW)
    client = Client()
    client.force_login(make_staff(organisation, username="kadra.krakow"))
    return organisation, client


def services_pesel_of(person: Person) -> str:
    """The PESEL of a test person, decrypted as only the tests do."""
    return decrypt(person.pesel_encrypted)


def _enrol_form(organisation, pesel: str, **changes) -> dict:
    data = {
        "organisation": organisation.pk,
        **person_data(pesel=pesel, first_name="Ewa", last_name="Nowa", phone="", email=""),
        **participation_data(date(2025, 3, 3)),
    }
    data["home_municipality"] = KRAKOW
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _api_enrol(client, organisation, pesel: str, **changes):
    body = {
        "organisation": str(organisation.public_id),
        **person_data(pesel=pesel, first_name="Ewa", last_name="Nowa", phone="", email="", home_municipality=KRAKOW),
        **{
            key: value if isinstance(value, list | bool) else str(value)
            for key, value in participation_data(date(2025, 3, 3)).items()
        },
        "commute_limit_km": 25,
    }
    body.update(changes)
    return client.post("/api/v1/training/participants", body, content_type="application/json")


# The identifier is not an oracle


def test_it_answers_the_same_whether_or_not_another_institution_holds_the_pesel(world, other_cis):
    organisation, client = other_cis
    held = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    known_elsewhere = services_pesel_of(held.person)
    unknown = make_pesel(date(1985, 3, 14))

    answers = []
    for pesel in (known_elsewhere, unknown):
        response = client.post("/training/participants/new/", _enrol_form(organisation, pesel))
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        answers.append(page.replace(response["Location"], "<url>"))
    assert "Ewa Nowa" in answers[0]
    # Nothing of the other institution's record: names, contact, its own name.
    for value in (held.person.first_name + " " + held.person.last_name, held.person.phone, "CIS Grudziądz"):
        assert value not in answers[0]
    held.person.refresh_from_db()
    assert (held.person.first_name, held.person.organisation) == ("Jan", world.org_a)  # untouched
    assert Person.objects.filter(organisation=organisation).count() == 2


def test_it_answers_the_api_alike_for_a_pesel_known_elsewhere(world, other_cis, client_for):
    organisation, _client = other_cis
    held = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2025, 3, 3))
    client = Client()
    client.force_login(organisation.memberships.get().user)
    response = _api_enrol(client, organisation, services_pesel_of(held.person))
    assert response.status_code == 201
    body = response.json()
    assert (body["first_name"], body["last_name"], body["phone"]) == ("Ewa", "Nowa", "")
    assert "Grudziądz" not in response.content.decode() and held.person.email not in response.content.decode()


def test_it_never_finds_another_institutions_person_by_pesel(world, other_cis):
    organisation, client = other_cis
    held = enrol(actor=world.user("pzs_staff"), organisation=world.org_a)
    pesel = services_pesel_of(held.person)
    assert person_find_by_pesel(organisation=organisation, pesel=pesel) is None
    page = client.get("/training/participants/find/", {"pesel": pesel}).content.decode()
    assert "Jan" not in page and "No participant of your organisations has this PESEL." in page


# A refused enrolment stores nothing


def test_it_stores_nothing_of_a_refused_enrolment(world, client_for):
    pesel = make_pesel()
    client = client_for("pzs_staff")
    form = _enrol_form(world.org_a, pesel, plan_reference="", home_municipality="0462011")
    response = client.post("/training/participants/new/", form)
    assert response.status_code == 200 and "A CIS participation requires an IPZS" in response.content.decode()
    assert Person.objects.count() == 0 and Participation.objects.count() == 0
    # The same PESEL later, with other names: a new record with those names, nothing reused.
    form = _enrol_form(world.org_a, pesel, first_name="Zofia", home_municipality="0462011")
    assert client.post("/training/participants/new/", form).status_code == 302
    assert list(Person.objects.values_list("first_name", flat=True)) == ["Zofia"]


def test_it_reports_person_and_participation_errors_together(world):
    with pytest.raises(ValidationError) as caught:
        services.participant_enrol(
            actor=world.user("pzs_staff"),
            organisation=world.org_a,
            person_data=person_data(pesel="85031412345", first_name=""),
            participation_data=participation_data(plan_reference=""),
        )
    assert {"pesel", "first_name", "plan_reference"} <= set(caught.value.message_dict)
    assert caught.value.message_dict["pesel"] == ["Invalid PESEL"]
    assert Person.objects.count() == 0


# The institution's own record of a PESEL


def test_it_shows_its_own_record_of_the_pesel_and_lets_staff_keep_or_correct_it(world, client_for):
    first = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2024, 1, 8))
    services.participation_exit(
        actor=world.user("pzs_staff"), participation=first, reason="withdrew", exit_date=date(2024, 6, 28)
    )
    pesel = services_pesel_of(first.person)
    client = client_for("pzs_staff")
    form = _enrol_form(world.org_a, pesel, first_name="Janusz", home_municipality="0462011")
    response = client.post("/training/participants/new/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your records already hold a person with this PESEL: Jan Testowy" in page
    assert 'name="held_person"' in page
    assert Participation.objects.count() == 1  # nothing saved yet
    read = PersonalDataAccess.objects.get(purpose="enrolment: data held")
    assert read.actor == world.user("pzs_staff") and int(read.object_id) == first.person.pk

    response = client.post("/training/participants/new/", {**form, "held_person": "update"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.first_name == "Janusz" and person.version == 2
    assert Participation.objects.filter(person=person).count() == 2


def test_it_enrols_with_the_data_held_when_asked_to_keep_them(world):
    first = enrol(actor=world.user("pzs_staff"), organisation=world.org_a, start=date(2024, 1, 8))
    services.participation_exit(
        actor=world.user("pzs_staff"), participation=first, reason="withdrew", exit_date=date(2024, 6, 28)
    )
    data = person_data(pesel=services_pesel_of(first.person), first_name="Ktoś", phone="")
    with pytest.raises(ValidationError) as caught:
        services.participant_enrol(
            actor=world.user("pzs_staff"),
            organisation=world.org_a,
            person_data=data,
            participation_data=participation_data(date(2025, 3, 3)),
        )
    assert caught.value.error_dict["held_person"][0].code == "person_held"
    services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=world.org_a,
        person_data=data,
        participation_data=participation_data(date(2025, 3, 3)),
        held_person=services.HELD_KEEP,
    )
    assert list(Person.objects.values_list("first_name", "phone")) == [("Jan", "500 600 700")]


def test_it_corrects_a_persons_data_with_optimistic_locking(world, client_for):
    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a)
    other = enrol(actor=world.user("pzs_staff"), organisation=world.org_a)
    url = f"/training/participants/{participation.public_id}/person/"
    client = client_for("pzs_staff")
    assert client.get(url).status_code == 200
    data = {"first_name": "Jan", "last_name": "Poprawiony", "home_municipality": "0462011", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "last_name": "Inny"})
    assert "Someone else changed this person&#x27;s data" in stale.content.decode()
    taken = client.post(url, {**data, "version": 2, "pesel": services_pesel_of(other.person)})
    assert "already hold another person with this PESEL" in taken.content.decode()
    participation.person.refresh_from_db()
    assert participation.person.last_name == "Poprawiony"
    with pytest.raises(ConflictError):
        services.person_update(
            actor=world.user("pzs_staff"), person=participation.person, data=data, expected_version=1
        )
    assert client_for("member_b").get(url).status_code in (403, 404)


# The identifier at rest


def test_it_stores_the_pesel_only_encrypted_and_finds_it_by_exact_value_in_its_own_records(world):
    pesel = make_pesel(date(1985, 3, 14))
    participation = services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=world.org_a,
        person_data=person_data(pesel=pesel),
        participation_data=participation_data(),
    )
    person = participation.person
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM training_person WHERE id = %s", [person.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert pesel not in raw
    assert person_find_by_pesel(organisation=world.org_a, pesel=pesel) == person
    assert person_find_by_pesel(organisation=world.org_a, pesel=f"{pesel[:5]} {pesel[5:]}") == person
    assert person_find_by_pesel(organisation=world.org_a, pesel=make_pesel(date(1985, 3, 14))) is None
    assert person.birth_date == date(1985, 3, 14)


def test_it_derives_the_birth_date_of_people_born_after_2000(world):
    participation = services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=world.org_a,
        person_data=person_data(pesel=make_pesel(date(2003, 11, 2))),
        participation_data=participation_data(),
    )
    assert participation.person.birth_date == date(2003, 11, 2)


def test_it_logs_that_the_pesel_changed_but_never_its_value(world):
    pesel = make_pesel()
    participation = services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=world.org_a,
        person_data=person_data(pesel=pesel),
        participation_data=participation_data(),
    )
    entry = LogEntry.objects.get_for_object(participation.person).get()
    changes = entry.changes_dict
    assert changes["pesel_encrypted"][1] == "***"
    assert changes["pesel_index"][1] == "***"
    assert pesel not in str(entry.changes)


def test_it_shows_the_birth_date_but_no_digit_of_the_pesel(world, client_for):
    pesel = make_pesel(date(1985, 3, 14), serial=456)
    participation = services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=world.org_a,
        person_data=person_data(pesel=pesel),
        participation_data=participation_data(),
    )
    page = client_for("pzs_staff").get(f"/training/participants/{participation.public_id}/").content.decode()
    # The signed-in user's own name (a numbered factory name) is not the participant's data.
    page = page.replace(world.user("pzs_staff").last_name, "")
    # Records' random identifiers (in links) may hold any three digits by chance; they are not the person's data.
    page = UUID.sub("", page)
    assert date_format(date(1985, 3, 14), "SHORT_DATE_FORMAT") in page
    assert pesel[-4:] not in page and pesel[-3:] not in page
    body = client_for("pzs_staff").get(f"/api/v1/training/participants/{participation.public_id}").json()
    values = [UUID.sub("", str(value)) for value in body.values()]
    assert body["birth_date"] == "1985-03-14" and not any(pesel[-3:] in value for value in values)


def test_the_enrolment_form_shows_every_implausible_value_in_one_answer(world, client_for, polish):
    client = client_for("pzs_staff")
    response = client.post(
        "/training/participants/new/",
        _enrol_form(
            world.org_a,
            make_pesel(date(1900, 5, 5)),
            home_municipality="0462011",
            referral_date="1990-02-01",
            commute_limit_km="5000",
            available_from="2090-01-01",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Data urodzenia (z numeru PESEL): od ",
        "Data skierowania: od ",
        "Dojazd: od 0 do 200 km.",
        "Data gotowości do pracy: od ",
    ):
        assert message in body, message
    assert 'max="200"' in body
    assert not Person.objects.exists() and not Participation.objects.exists()
