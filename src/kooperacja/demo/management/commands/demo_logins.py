import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kooperacja.demo.loader import DEMO_PASSWORD, demo_logins
from kooperacja.demo.start import start_of

# scripts/serve.sh serves on the same address, with the same default.
DEFAULT_ADDR = "127.0.0.1:8000"


def demo_address() -> str:
    return f"http://{os.environ.get('KOOPERACJA_ADDR') or DEFAULT_ADDR}"


class Command(BaseCommand):
    help = "Print the demo users, their roles, where each begins and the shared demo password."

    def handle(self, *args, **options):
        address = demo_address()
        self.stdout.write(_("Demo logins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for username, role, organisation in demo_logins():
            self.stdout.write(f"  {username:32} {role:45} {organisation}")
            start = start_of(username)
            if start is not None:
                path, what = start
                self.stdout.write(f"  {'':32} → {address}{path}  {what}")
        self.stdout.write(_("Open %(address)s") % {"address": address})
