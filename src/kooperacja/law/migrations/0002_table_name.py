from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial"), ("training", "0009_statutory_parameters_move_to_law")]

    operations = [migrations.AlterModelTable(name="statutoryparameter", table=None)]
