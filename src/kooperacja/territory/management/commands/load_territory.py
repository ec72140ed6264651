from django.core.management.base import BaseCommand

from kooperacja.territory.services import territory_load


class Command(BaseCommand):
    help = "Load or refresh the TERYT units and municipality statistics shipped with Kooperacja."

    def handle(self, *args, **options):
        counts = territory_load()
        summary = ", ".join(f"{level}: {count}" for level, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Territory loaded ({summary})."))
