"""The minimum wage (2023-2026) and the Labour Code's 40-hour week as statutory parameters: staffing needs
refuse a pay offer below the minimum and flag hours above the standard."""

from django.db import migrations


def load(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    apply_parameters(apps.get_model("law", "StatutoryParameter"))


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0003_overview_figures"),
        ("law", "0003_assumption"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
