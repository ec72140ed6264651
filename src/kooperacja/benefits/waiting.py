"""What waits in benefits (``core.waiting``): months of the integration benefit of the user's CIS computed but not
approved, and approved but not paid (the latest version of each month)."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.benefits.models import BenefitMonth, MonthState
from kooperacja.benefits.selectors import benefit_organisation_ids
from kooperacja.core import waiting
from kooperacja.core.text import month_in_sentence


def months_to_settle(user, limit: int) -> waiting.Waiting:
    organisations = benefit_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    months = BenefitMonth.objects.filter(
        organisation_id__in=organisations,
        state__in=(MonthState.DRAFT, MonthState.APPROVED),
        corrected_by__isnull=True,
    )
    count = months.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = months.select_related("organisation").only("public_id", "year", "month", "state", "organisation__name")
    items = []
    for month in rows.order_by("year", "month", "id")[:limit]:
        if month.state == MonthState.DRAFT:
            text = gettext("%(month)s, %(organisation)s: to approve")
        else:
            text = gettext("%(month)s, %(organisation)s: to pay")
        items.append(
            waiting.WaitingItem(
                label=text
                % {
                    "month": month_in_sentence(date(month.year, month.month, 1)),
                    "organisation": month.organisation.name,
                },
                url=reverse("benefits:month-detail", kwargs={"public_id": month.public_id}),
            )
        )
    return waiting.Waiting(count, tuple(items))


KINDS = (
    waiting.Kind(
        "benefits.months",
        _("Integration benefit months to approve or pay"),
        months_to_settle,
        "benefits:month-list",
        50,
    ),
)
