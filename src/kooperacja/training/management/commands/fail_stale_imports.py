from django.core.management.base import BaseCommand

from kooperacja.training.services import import_job_fail_stale


class Command(BaseCommand):
    help = (
        "Mark imports whose background worker stopped (no heartbeat for 5 minutes, or queued for over an hour) "
        "as failed."
    )

    def handle(self, *args, **options):
        failed = import_job_fail_stale()
        self.stdout.write(f"{failed} stale import(s) marked as failed.")
