"""The daily job of agreements: published offers past their validity expire, agreements in force past theirs end."""

from django.core.management.base import BaseCommand

from kooperacja.agreements.agreement_services import agreements_lapse
from kooperacja.agreements.services import offers_expire


class Command(BaseCommand):
    help = "Expire offers and end agreements whose validity is over."

    def handle(self, *args, **options):
        offers = offers_expire()
        agreements = agreements_lapse()
        self.stdout.write(f"offers expired: {offers}; agreements ended: {agreements}")
