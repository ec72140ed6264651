from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection

from kooperacja.training.models import Person
from kooperacja.training.selectors import person_find_by_pesel
from kooperacja.training.services import person_register
from tests.training.factories import make_pesel, person_data

pytestmark = pytest.mark.django_db


def test_it_refuses_an_invalid_pesel_with_a_field_error(world):
    with pytest.raises(ValidationError) as caught:
        person_register(actor=world.user("pzs_staff"), data=person_data(pesel="85031412345"))
    assert caught.value.message_dict["pesel"] == ["Invalid PESEL"]
    assert Person.objects.count() == 0


def test_it_stores_the_pesel_only_encrypted_and_finds_it_by_exact_value(world):
    pesel = make_pesel(date(1985, 3, 14))
    person, created = person_register(actor=world.user("pzs_staff"), data=person_data(pesel=pesel))
    assert created
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM training_person WHERE id = %s", [person.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert pesel not in raw
    assert person_find_by_pesel(pesel=pesel) == person
    assert person_find_by_pesel(pesel=f"{pesel[:5]} {pesel[5:]}") == person
    assert person_find_by_pesel(pesel=make_pesel(date(1985, 3, 14))) is None
    assert person.birth_date == date(1985, 3, 14)


def test_it_derives_the_birth_date_of_people_born_after_2000(world):
    person, _ = person_register(actor=world.user("pzs_staff"), data=person_data(pesel=make_pesel(date(2003, 11, 2))))
    assert person.birth_date == date(2003, 11, 2)


def test_it_reuses_the_person_with_the_same_pesel(world):
    pesel = make_pesel()
    first, created = person_register(actor=world.user("pzs_staff"), data=person_data(pesel=pesel))
    second, created_again = person_register(
        actor=world.user("social_worker"), data=person_data(pesel=pesel, first_name="Inny")
    )
    assert created and not created_again
    assert first == second
    assert Person.objects.count() == 1


def test_it_logs_that_the_pesel_changed_but_never_its_value(world):
    pesel = make_pesel()
    person, _ = person_register(actor=world.user("pzs_staff"), data=person_data(pesel=pesel))
    entry = LogEntry.objects.get_for_object(person).get()
    changes = entry.changes_dict
    assert changes["pesel_encrypted"][1] == "***"
    assert changes["pesel_index"][1] == "***"
    assert pesel not in str(entry.changes)
