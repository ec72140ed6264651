# The parameters of the integration benefit (the unemployment benefit base amount, the motivation bonus ceiling,
# the deductions and the contributions) from the law app's data file.
from django.db import migrations


def apply(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    apply_parameters(apps.get_model("law", "StatutoryParameter"))


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial"), ("law", "0003_assumption")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
