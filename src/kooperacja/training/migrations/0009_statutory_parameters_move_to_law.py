# The statutory parameters now belong to the law app (its 0001 took the model over; the table is kept).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("training", "0008_import_job_base"), ("law", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatutoryParameter")],
            database_operations=[],
        ),
    ]
