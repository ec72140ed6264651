from django.core.management.base import BaseCommand

from kooperacja.law.services import statutory_parameters_load


class Command(BaseCommand):
    help = "Load or refresh the date-versioned statutory parameters of social employment (idempotent)."

    def handle(self, *args, **options):
        counts = statutory_parameters_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Statutory parameters: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)
            )
        )
