from django.core.management.base import BaseCommand

from kooperacja.cooperatives.loading import models_load


class Command(BaseCommand):
    help = "Load or refresh the social cooperative models shipped with Kooperacja (idempotent)."

    def handle(self, *args, **options):
        counts = models_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Cooperative models loaded: {created} created, {updated} updated, {unchanged} unchanged, "
                "{kept} kept as edited.".format(**counts)
            )
        )
