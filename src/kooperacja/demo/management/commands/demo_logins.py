from django.core.management.base import BaseCommand

from kooperacja.demo.loader import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo users, their roles and the shared demo password."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, role, organisation in demo_logins():
            self.stdout.write(f"  {username:28} {role:45} {organisation}")
        self.stdout.write("Open http://127.0.0.1:8000")
