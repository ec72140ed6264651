"""What waits in delivery (``core.waiting``): for the commissioner, reports to accept or return and open drift
alerts; for the provider, reports returned for correction. Labels name the period and the organisation."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.core.text import short_date
from kooperacja.delivery import selectors


def _reports(rows, limit: int, *, more_url: str, party: str) -> waiting.Waiting:
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Report for %(start)s – %(end)s, %(organisation)s")
            % {
                "start": short_date(report.period_start),
                "end": short_date(report.period_end),
                "organisation": getattr(report, party).name,
            },
            url=reverse("delivery:report", kwargs={"public_id": report.public_id}),
        )
        for report in rows.select_related(party)[:limit]
    )
    return waiting.Waiting(count, items, more_url=more_url)


def reports_to_decide(user, limit: int) -> waiting.Waiting:
    rows = selectors.reports_to_decide_for(user=user)
    return _reports(rows, limit, more_url=reverse("delivery:report-list") + "?status=submitted", party="provider")


def reports_returned(user, limit: int) -> waiting.Waiting:
    rows = selectors.reports_returned_for(user=user)
    return _reports(rows, limit, more_url=reverse("delivery:report-list") + "?status=returned", party="commissioner")


def open_alerts(user, limit: int) -> waiting.Waiting:
    rows = selectors.open_alerts_for(user=user)
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Delivery %(shortfall)s%% below plan, %(provider)s, %(start)s – %(end)s")
            % {
                "shortfall": alert.shortfall_percent,
                "provider": alert.provider.name,
                "start": short_date(alert.period_start),
                "end": short_date(alert.period_end),
            },
            url=reverse("delivery:alert", kwargs={"public_id": alert.public_id}),
        )
        for alert in rows.select_related("provider")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("delivery:alert-list") + "?status=open")


KINDS = (
    waiting.Kind(
        "delivery.reports_to_decide",
        _("Delivery reports to accept or return"),
        reports_to_decide,
        "delivery:report-list",
        60,
    ),
    waiting.Kind("delivery.alerts", _("Delivery alerts to handle"), open_alerts, "delivery:alert-list", 61),
    waiting.Kind(
        "delivery.reports_returned",
        _("Delivery reports returned for correction"),
        reports_returned,
        "delivery:report-list",
        62,
    ),
)
