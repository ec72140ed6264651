# The statutory parameters move from the training app to this one: the table stays, only the model's
# owner changes (state only); 0002 then gives the table this app's name.
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("training", "0008_import_job_base")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatutoryParameter",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(db_index=True, max_length=60, verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("value", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="value")),
                        ("unit", models.CharField(max_length=40, verbose_name="unit")),
                        ("valid_from", models.DateField(verbose_name="valid from")),
                        ("valid_to", models.DateField(blank=True, null=True, verbose_name="valid to")),
                        ("legal_basis", models.CharField(max_length=500, verbose_name="legal basis")),
                    ],
                    options={
                        "verbose_name": "statutory parameter",
                        "verbose_name_plural": "statutory parameters",
                        "ordering": ["code", "valid_from"],
                        "db_table": "training_statutoryparameter",
                        "constraints": [
                            models.UniqueConstraint(fields=("code", "valid_from"), name="parameter_unique_start")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
