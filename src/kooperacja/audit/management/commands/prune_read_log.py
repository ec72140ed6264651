from django.conf import settings
from django.core.management.base import BaseCommand

from kooperacja.audit.services import PRUNE_BATCH_SIZE, personal_data_reads_prune
from kooperacja.audit.tasks import read_log_prune


class Command(BaseCommand):
    help = (
        "Delete logged reads of personal data older than READ_LOG_RETENTION_DAYS (two years by default), in "
        "batches. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=PRUNE_BATCH_SIZE, help="Rows deleted per statement.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the pruning to the background worker instead of running it."
        )

    def handle(self, *args, batch_size: int, enqueue: bool, **options):
        days = settings.READ_LOG_RETENTION_DAYS
        if enqueue:
            result = read_log_prune.enqueue()
            self.stdout.write(f"Pruning of reads older than {days} days queued as task {result.id}.")
            return
        deleted = personal_data_reads_prune(batch_size=batch_size)
        self.stdout.write(f"{deleted} read(s) of personal data older than {days} days deleted.")
