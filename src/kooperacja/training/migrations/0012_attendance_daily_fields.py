# Attendance becomes daily (stage 1 of 3): the new columns next to the weekly ones, and the degree of disability
# of a participation (which sets the shorter hours of the rehabilitation act).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0011_statutory_periods_in_force")]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="disability_degree",
            field=models.CharField(
                choices=[
                    ("none", "none"),
                    ("light", "light"),
                    ("moderate", "moderate"),
                    ("significant", "significant"),
                ],
                db_default="none",
                default="none",
                max_length=12,
                verbose_name="degree of disability",
            ),
        ),
        migrations.RemoveConstraint(model_name="attendance", name="attendance_unique_week"),
        migrations.AddField(
            model_name="attendance", name="day", field=models.DateField(null=True, verbose_name="day")
        ),
        migrations.AddField(
            model_name="attendance",
            name="kind",
            field=models.CharField(default="present", max_length=10, verbose_name="attendance"),
        ),
    ]
