from django.core.management.base import BaseCommand

from kooperacja.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo region (Grudziądz and Janów Lubelski): organisations, users for every role, sample data."

    def handle(self, *args, **options):
        counts = demo_load()
        self.stdout.write(
            self.style.SUCCESS(f"Demo region ready ({counts['organisations']} organisations, {counts['users']} users).")
        )
