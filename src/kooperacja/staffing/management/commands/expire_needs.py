from datetime import date

from django.core.management.base import BaseCommand

from kooperacja.staffing.services import needs_expire_due


class Command(BaseCommand):
    help = "Expire open staffing needs whose “open until” date has passed. Run daily (cron or the task schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Treat this date (YYYY-MM-DD) as today.")

    def handle(self, *args, today=None, **options):
        expired = needs_expire_due(today=today)
        self.stdout.write(f"{expired} staffing needs expired.")
