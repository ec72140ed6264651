# The statutory parameters start on the day each rule entered into force (the act of 13.06.2003 on
# 14.08.2003), not the day the act was adopted; the periods of a CIS stay get their base period and whether
# the trial month counts into it, and the disability-pension rule of art. 1 ust. 3a.
import datetime

from django.db import migrations

OLD_START = datetime.date(2003, 6, 13)


def reapply(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    model = apps.get_model("law", "StatutoryParameter")
    model.objects.filter(valid_from=OLD_START).delete()
    apply_parameters(model)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0010_participation_categories_exclusions_extensions"),
        ("law", "0003_assumption"),
    ]

    operations = [migrations.RunPython(reapply, migrations.RunPython.noop)]
