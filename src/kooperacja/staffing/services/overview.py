"""The territory overview computed in the background: one job per voivodeship or county (``core.jobs``).

``manage.py refresh_overviews`` (on a timer, see docs/deployment.md) queues a refresh of every voivodeship and
every county; the worker counts the figures with the same selector the page would use and
stores them. The page shows the newest done figures of a territory with their time.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kooperacja.core import jobs
from kooperacja.staffing import selectors
from kooperacja.staffing.models import Overview
from kooperacja.territory.models import Unit

logger = logging.getLogger(__name__)


def overview_refresh_queue(*, territory: Unit, actor=None) -> Overview | None:
    """Queue a refresh of ``territory``'s figures; None when one is already queued or running (the database
    decides: one active refresh per territory)."""
    jobs.job_fail_stale(Overview, within=Q(territory=territory))
    try:
        with transaction.atomic():
            overview = Overview.objects.create(
                territory=territory,
                stage=str(_("queued")),
                started_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            transaction.on_commit(lambda: _enqueue(overview.pk))
    except IntegrityError:
        return None
    return overview


def _enqueue(overview_id: int) -> None:
    from kooperacja.staffing.tasks import refresh_overview

    refresh_overview.enqueue(overview_id)


def overview_refresh_process(*, overview_id: int) -> Overview | None:
    """The worker's part: claim the refresh, count the territory's figures, store them, and delete the older
    figures of the territory. None when another worker claimed it first."""
    if not jobs.job_claim(Overview, overview_id, stage=str(_("counting"))):
        return None
    overview = Overview.objects.select_related("territory").get(pk=overview_id)
    try:
        rows = selectors.territory_overview(territory=overview.territory)
        figures = [
            {
                "service_type": row.service_type.pk,
                "open_positions": row.open_positions,
                "in_training": row.in_training,
                "ready": row.ready,
                "placed": row.placed,
            }
            for row in rows
        ]
        if jobs.job_finish(overview, figures=figures):
            Overview.objects.filter(territory=overview.territory, finished_at__lt=overview.finished_at).delete()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job
        logger.exception("overview %s failed", overview.pk)
        jobs.job_fail(overview, message=str(exc) or exc.__class__.__name__)
    overview.refresh_from_db()
    return overview
