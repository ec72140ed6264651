"""Each CIS/KIS holds its own record of a person (2/3): the data.

A person enrolled by several institutions used to be one shared row, so that one institution's enrolment
read (and reused) another's data. Each participation now points at a person record of its own
organisation: the first organisation keeps the row, every other one gets a copy with its participations and
the qualifications gained in them. A person without any participation is what a refused enrolment left
behind: it is deleted.
"""

import uuid

from django.db import migrations


def split_persons(apps, schema_editor):
    Person = apps.get_model("training", "Person")
    Participation = apps.get_model("training", "Participation")
    QualificationGained = apps.get_model("training", "QualificationGained")
    for person in Person.objects.order_by("pk").iterator():
        organisation_ids = list(
            Participation.objects.filter(person=person)
            .order_by("start_date", "pk")
            .values_list("organisation_id", flat=True)
            .distinct()
        )
        organisation_ids = list(dict.fromkeys(organisation_ids))
        if not organisation_ids:
            QualificationGained.objects.filter(person=person).delete()
            person.delete()
            continue
        person.organisation_id = organisation_ids[0]
        person.save(update_fields=["organisation"])
        for organisation_id in organisation_ids[1:]:
            copy = Person.objects.create(
                public_id=uuid.uuid4(),
                organisation_id=organisation_id,
                first_name=person.first_name,
                last_name=person.last_name,
                pesel_encrypted=person.pesel_encrypted,
                pesel_index=person.pesel_index,
                birth_date=person.birth_date,
                home_municipality_id=person.home_municipality_id,
                phone=person.phone,
                email=person.email,
            )
            participations = Participation.objects.filter(person=person, organisation_id=organisation_id)
            QualificationGained.objects.filter(person=person, participation__in=participations).update(person=copy)
            participations.update(person=copy)


class Migration(migrations.Migration):
    dependencies = [("training", "0004_person_per_organisation")]

    operations = [migrations.RunPython(split_persons, migrations.RunPython.noop)]
