# The hours of a participant with a moderate or significant disability (7 h a day, 35 h a week) and the
# notes on how the CIS weekly minimum and maximum are applied.
from django.db import migrations


def apply(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    apply_parameters(apps.get_model("law", "StatutoryParameter"))


class Migration(migrations.Migration):
    dependencies = [("training", "0014_attendance_daily_constraints"), ("law", "0003_assumption")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
