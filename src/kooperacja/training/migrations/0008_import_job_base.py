"""Imports are jobs of the shared base (core.jobs.Job): who uploaded the file is the one who started the job,
and the progress shown, computed until now from the rows checked, is stored like every job's."""

from django.db import migrations, models

FINISHED = ("done", "rejected", "failed")


def store_progress(apps, schema_editor):
    ImportJob = apps.get_model("training", "ImportJob")
    by_progress: dict[int, list[int]] = {}
    for pk, status, rows_done, rows_total in ImportJob.objects.values_list(
        "pk", "status", "rows_done", "rows_total"
    ).iterator():
        if rows_total:
            progress = min(100, round(100 * rows_done / rows_total))
        else:
            progress = 100 if status in FINISHED else 0
        by_progress.setdefault(progress, []).append(pk)
    for progress, pks in by_progress.items():
        for start in range(0, len(pks), 500):
            ImportJob.objects.filter(pk__in=pks[start : start + 500]).update(progress=progress)


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0007_importjob_content_encrypted"),
    ]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="created_by", new_name="started_by"),
        migrations.RenameIndex(
            model_name="importjob", new_name="training_importjob_active", old_name="import_job_unfinished"
        ),
        migrations.AddField(
            model_name="importjob",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="stage",
            field=models.CharField(blank=True, max_length=100, verbose_name="stage"),
        ),
        migrations.RunPython(store_progress, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("progress__lte", 100)), name="training_importjob_progress_0_100"
            ),
        ),
    ]
