from django.core.management.base import BaseCommand

from kooperacja.staffing.services.overview import overview_refresh_queue
from kooperacja.territory.models import Level
from kooperacja.territory.selectors import unit_list


class Command(BaseCommand):
    help = (
        "Queue a refresh of the staffing overview's figures of every voivodeship (and with --counties of every "
        "county) for the background worker. Run on a timer (e.g. every 15 minutes); the overview shows the time "
        "of its figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--counties", action="store_true", help="Refresh every county's figures too.")

    def handle(self, *args, counties=False, **options):
        levels = [Level.VOIVODESHIP, Level.COUNTY] if counties else [Level.VOIVODESHIP]
        queued = skipped = 0
        for level in levels:
            for unit in unit_list(level=level).order_by("code"):
                if overview_refresh_queue(territory=unit) is None:
                    skipped += 1
                else:
                    queued += 1
        self.stdout.write(f"{queued} overview refresh(es) queued, {skipped} already in progress.")
