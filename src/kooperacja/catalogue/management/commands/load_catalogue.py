from django.core.management.base import BaseCommand

from kooperacja.catalogue.services import catalogue_load


class Command(BaseCommand):
    help = "Load or refresh the service cards shipped with Kooperacja (a changed card becomes a new version)."

    def handle(self, *args, **options):
        counts = catalogue_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Catalogue loaded: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)
            )
        )
