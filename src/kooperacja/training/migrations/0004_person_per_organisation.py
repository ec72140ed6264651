"""Each CIS/KIS holds its own record of a person (1/3): the columns; see 0005 for the data."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_reach_changes_and_public_contacts"),
        ("training", "0003_importjob_heartbeat"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="persons",
                to="registry.organisation",
                verbose_name="CIS or KIS holding the record",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AlterField(
            model_name="person",
            name="pesel_index",
            field=models.CharField(editable=False, max_length=64),
        ),
    ]
