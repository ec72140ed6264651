from django.core.management.base import BaseCommand

from kooperacja.notifications.services import digests_enqueue


class Command(BaseCommand):
    help = "Queue today's daily e-mail summary for every user who asked for it (once a day; safe to run again)."

    def handle(self, *args, **options):
        queued = digests_enqueue()
        self.stdout.write(f"Daily summaries queued: {queued}")
