"""Uploaded files are kept only encrypted and only while their import is unfinished.

Existing databases hold every uploaded file in clear: the content of finished jobs is cleared, and the
content of queued or running jobs is encrypted the way the import now stores it."""

from django.db import migrations, models

FINISHED = ("done", "rejected", "failed")


def clear_finished_and_encrypt_unfinished(apps, schema_editor):
    from kooperacja.core.crypto import encrypt_bytes

    ImportJob = apps.get_model("training", "ImportJob")
    ImportJob.objects.filter(status__in=FINISHED).exclude(content_encrypted=None).update(content_encrypted=None)
    for pk, public_id, content in (
        ImportJob.objects.exclude(status__in=FINISHED)
        .exclude(content_encrypted=None)
        .values_list("pk", "public_id", "content_encrypted")
        .iterator()
    ):
        encrypted = encrypt_bytes(bytes(content), associated_data=public_id.bytes)
        ImportJob.objects.filter(pk=pk).update(content_encrypted=encrypted)


def decrypt_unfinished(apps, schema_editor):
    from kooperacja.core.crypto import decrypt_bytes

    ImportJob = apps.get_model("training", "ImportJob")
    ImportJob.objects.filter(content_encrypted=None).update(content_encrypted=b"")
    for pk, public_id, content in (
        ImportJob.objects.exclude(status__in=FINISHED)
        .exclude(content_encrypted=b"")
        .values_list("pk", "public_id", "content_encrypted")
        .iterator()
    ):
        clear = decrypt_bytes(bytes(content), associated_data=public_id.bytes)
        ImportJob.objects.filter(pk=pk).update(content_encrypted=clear)


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0006_person_organisation_required"),
    ]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="content", new_name="content_encrypted"),
        migrations.AlterField(
            model_name="importjob",
            name="content_encrypted",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.RunPython(clear_finished_and_encrypt_unfinished, decrypt_unfinished),
    ]
