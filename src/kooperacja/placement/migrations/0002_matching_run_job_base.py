"""Matching runs are jobs of the shared base (core.jobs.Job): its index of unfinished jobs and its bound on
progress. Every column was already there."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("placement", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="matchingrun",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=["status"],
                name="placement_matchingrun_active",
            ),
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.CheckConstraint(
                condition=models.Q(("progress__lte", 100)), name="placement_matchingrun_progress_0_100"
            ),
        ),
    ]
