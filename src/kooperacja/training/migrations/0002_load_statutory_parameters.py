from django.db import migrations


def load(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    apply_parameters(apps.get_model("training", "StatutoryParameter"))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
