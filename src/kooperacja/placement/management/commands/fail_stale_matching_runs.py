from django.core.management.base import BaseCommand

from kooperacja.placement.services import run_fail_stale


class Command(BaseCommand):
    help = "Mark matching runs whose background worker stopped (no heartbeat for 5 minutes) as failed."

    def handle(self, *args, **options):
        failed = run_fail_stale()
        self.stdout.write(f"{failed} stale matching run(s) marked as failed.")
