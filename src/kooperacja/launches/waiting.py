"""What waits in launches (``core.waiting``): invitations to answer (a CIS/KIS's staff, an OWES's advisors),
applications to decide in launches whose founding group is being selected (the launching organisation), and calls
closing within 7 days (the launching organisation and the committed partners). Labels name launches, organisations
and dates, never a candidate."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.core.text import short_date
from kooperacja.launches.models import ApplicationState, Call, Launch, LaunchPartner, LaunchState, PartnerState
from kooperacja.launches.rules import launcher_organisation_ids, partner_organisation_ids

CLOSING_DAYS = 7


def _detail(launch) -> str:
    return reverse("launches:detail", kwargs={"public_id": launch.public_id})


def invitations(user, limit: int) -> waiting.Waiting:
    organisations = partner_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    rows = LaunchPartner.objects.filter(
        organisation_id__in=organisations,
        state=PartnerState.INVITED,
        launch__state__in=[LaunchState.ANNOUNCED, LaunchState.RECRUITING],
    ).select_related("launch", "launch__owner", "organisation")
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(owner)s invites %(partner)s to “%(title)s”")
            % {"owner": row.launch.owner.name, "partner": row.organisation.name, "title": row.launch.title},
            url=_detail(row.launch),
        )
        for row in rows.order_by("invited_at", "id")[:limit]
    )
    return waiting.Waiting(count, items)


def applications_to_decide(user, limit: int) -> waiting.Waiting:
    organisations = launcher_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    rows = (
        Launch.objects.filter(owner_id__in=organisations, state=LaunchState.SELECTION)
        .annotate(open=Count("call__applications", filter=Q(call__applications__state=ApplicationState.SUBMITTED)))
        .filter(open__gt=0)
    )
    count = sum(row.open for row in rows)
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(count)s applications to “%(title)s”") % {"count": row.open, "title": row.title},
            url=_detail(row),
        )
        for row in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items)


def calls_closing(user, limit: int) -> waiting.Waiting:
    owned = launcher_organisation_ids(user)
    partners = partner_organisation_ids(user)
    if not owned and not partners:
        return waiting.NOTHING
    now = timezone.now()
    rows = (
        Call.objects.filter(
            Q(launch__owner_id__in=owned)
            | Q(launch__partners__organisation_id__in=partners, launch__partners__state=PartnerState.COMMITTED),
            published_at__isnull=False,
            deadline__gt=now,
            deadline__lte=now + timedelta(days=CLOSING_DAYS),
            launch__state__in=[LaunchState.RECRUITING, LaunchState.TRAINING],
        )
        .select_related("launch")
        .distinct()
    )
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("The call of “%(title)s” closes on %(date)s")
            % {"title": row.launch.title, "date": short_date(timezone.localtime(row.deadline))},
            url=_detail(row.launch),
            due=timezone.localdate(row.deadline),
        )
        for row in rows.order_by("deadline", "id")[:limit]
    )
    return waiting.Waiting(count, items)


KINDS = (
    waiting.Kind(
        "launches.invitations", _("Invitations to launches to answer"), invitations, "launches:launch-list", 50
    ),
    waiting.Kind(
        "launches.applications",
        _("Applications to decide in the selection of a founding group"),
        applications_to_decide,
        "launches:launch-list",
        51,
    ),
    waiting.Kind(
        "launches.calls", _("Calls for candidates closing within 7 days"), calls_closing, "launches:launch-list", 52
    ),
)
