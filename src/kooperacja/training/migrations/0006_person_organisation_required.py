"""Each CIS/KIS holds its own record of a person (3/3): every record belongs to one organisation, where a
PESEL identifies one record."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0005_person_records_split")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="persons",
                to="registry.organisation",
                verbose_name="CIS or KIS holding the record",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                fields=("organisation", "pesel_index"), name="person_unique_pesel_per_organisation"
            ),
        ),
    ]
