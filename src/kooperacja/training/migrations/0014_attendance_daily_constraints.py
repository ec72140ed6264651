# Attendance becomes daily (stage 3 of 3): the weekly column goes, one row per participation and day.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0013_attendance_weeks_to_days")]

    operations = [
        migrations.RemoveField(model_name="attendance", name="week_start"),
        migrations.AlterField(model_name="attendance", name="day", field=models.DateField(verbose_name="day")),
        migrations.AlterField(
            model_name="attendance",
            name="kind",
            field=models.CharField(
                choices=[
                    ("present", "present"),
                    ("excused", "excused absence"),
                    ("unexcused", "unexcused absence"),
                    ("sick", "sick leave"),
                    ("day_off", "day off (benefit kept)"),
                ],
                max_length=10,
                verbose_name="attendance",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="hours",
            field=models.DecimalField(decimal_places=1, default=0, max_digits=3, verbose_name="hours"),
        ),
        migrations.AlterModelOptions(name="attendance", options={"ordering": ["day"]}),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(fields=("participation", "day"), name="attendance_unique_day"),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("hours__gt", 0), ("kind", "present")),
                    models.Q(models.Q(("kind", "present"), _negated=True), ("hours", 0)),
                    _connector="OR",
                ),
                name="attendance_hours_only_when_present",
            ),
        ),
    ]
