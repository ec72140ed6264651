from django.core.management.base import BaseCommand

from kooperacja.commissioning.services import orders_close_due


class Command(BaseCommand):
    help = "Close the offers of published orders whose deadline has passed. Run every 5 minutes; idempotent."

    def handle(self, *args, **options):
        closed = orders_close_due()
        self.stdout.write(f"{closed} orders closed for offers.")
