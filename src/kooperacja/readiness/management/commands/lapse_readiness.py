from datetime import date

from django.core.management.base import BaseCommand

from kooperacja.readiness.services import decisions_lapse


class Command(BaseCommand):
    help = "Lapse readiness decisions whose validity has ended. Run daily (cron or the task schedule); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Treat this date (YYYY-MM-DD) as today.")

    def handle(self, *args, today=None, **options):
        lapsed = decisions_lapse(today=today)
        self.stdout.write(f"{lapsed} readiness decisions lapsed.")
