from django.core.management.base import BaseCommand

from kooperacja.staffing.services.overview import overview_refresh_queue
from kooperacja.territory.models import Level
from kooperacja.territory.selectors import unit_list

LEVELS = {"voivodeship": Level.VOIVODESHIP, "county": Level.COUNTY}


class Command(BaseCommand):
    help = (
        "Queue a refresh of the staffing overview's figures of every voivodeship and every county for the background "
        "worker. Run on a timer (e.g. every 15 minutes); the overview shows the time of its figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--level", choices=sorted(LEVELS), action="append", help="Only this level (may be repeated)."
        )

    def handle(self, *args, level=None, **options):
        levels = [LEVELS[name] for name in level] if level else [Level.VOIVODESHIP, Level.COUNTY]
        queued = skipped = 0
        for unit_level in levels:
            for unit in unit_list(level=unit_level).order_by("code"):
                if overview_refresh_queue(territory=unit) is None:
                    skipped += 1
                else:
                    queued += 1
        self.stdout.write(f"{queued} overview refresh(es) queued, {skipped} already in progress.")
