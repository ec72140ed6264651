from django.core.management.base import BaseCommand

from kooperacja.accounts.throttle import sign_in_records_purge


class Command(BaseCommand):
    help = "Delete sign-in throttle counters that ended and devices unused for longer than their cookie lives."

    def handle(self, *args, **options):
        counters, devices = sign_in_records_purge()
        self.stdout.write(f"{counters} throttle counters and {devices} sign-in devices deleted.")
