"""What waits in agreements (``core.waiting``): obligations of the user's organisations' agreements due within 14
days or overdue, agreements whose review date is within 30 days, and contact requests about the user's offers to
answer. Labels name agreements, organisations and dates, never a person."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.agreements import selectors
from kooperacja.agreements.rules import party_organisation_ids, publishing_organisation_ids
from kooperacja.core import waiting
from kooperacja.core.text import short_date

OBLIGATION_DAYS = 14
REVIEW_DAYS = 30


def _detail(agreement) -> str:
    return reverse("agreements:agreement-detail", kwargs={"public_id": agreement.public_id})


def obligations_due(user, limit: int) -> waiting.Waiting:
    organisations = party_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    until = timezone.localdate() + timedelta(days=OBLIGATION_DAYS)
    rows = selectors.obligations_due(organisation_ids=organisations, until=until)
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(party)s: %(what)s (agreement “%(subject)s”)")
            % {"party": row.party.organisation.name, "what": row.description, "subject": row.agreement.subject},
            url=_detail(row.agreement),
            due=row.due_on,
        )
        for row in rows.order_by("due_on", "id")[:limit]
    )
    return waiting.Waiting(count, items)


def reviews_due(user, limit: int) -> waiting.Waiting:
    organisations = party_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    until = timezone.localdate() + timedelta(days=REVIEW_DAYS)
    rows = selectors.reviews_due(organisation_ids=organisations, until=until)
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Review of the agreement “%(subject)s” on %(date)s")
            % {"subject": row.subject, "date": short_date(row.review_on)},
            url=_detail(row),
            due=row.review_on,
        )
        for row in rows.order_by("review_on", "id")[:limit]
    )
    return waiting.Waiting(count, items)


def requests_to_answer(user, limit: int) -> waiting.Waiting:
    organisations = publishing_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    rows = selectors.pending_requests_to(organisation_ids=organisations)
    count = rows.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(requester)s about “%(offer)s”, sent on %(date)s")
            % {
                "requester": row.requester.name,
                "offer": row.offer.title,
                "date": short_date(timezone.localtime(row.created_at)),
            },
            url=reverse("agreements:request-detail", kwargs={"public_id": row.public_id}),
        )
        for row in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("agreements:request-list") + "?status=pending")


KINDS = (
    waiting.Kind(
        "agreements.obligations",
        _("Obligations of your agreements due within 14 days or overdue"),
        obligations_due,
        "agreements:agreement-list",
        40,
    ),
    waiting.Kind(
        "agreements.reviews", _("Agreements to review within 30 days"), reviews_due, "agreements:agreement-list", 41
    ),
    waiting.Kind(
        "agreements.requests",
        _("Contact requests about your offers"),
        requests_to_answer,
        "agreements:request-list",
        42,
    ),
)
