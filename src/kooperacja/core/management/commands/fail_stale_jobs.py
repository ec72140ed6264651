from django.core.management.base import BaseCommand

from kooperacja.core.jobs import jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark background jobs of every kind (matching runs, imports, …) whose worker stopped as failed: running "
        "without a heartbeat for 5 minutes, or queued and never picked up for an hour. Run every 5 minutes."
    )

    def handle(self, *args, **options):
        for model, failed in jobs_fail_stale().items():
            self.stdout.write(f"{model._meta.label}: {failed} stale job(s) marked as failed.")
