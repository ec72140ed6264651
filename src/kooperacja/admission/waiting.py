"""What waits in admission (``core.waiting``): referrals issued to the user's CIS/KIS to accept or refuse, and
the user's OPS/CUS drafts not yet issued. Labels give the referral's number, dates and institutions, never the
person (the list they link to logs its reads)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.admission.models import AdmissionReferral, AdmissionStatus
from kooperacja.admission.rules import receiving_organisation_ids, referring_organisation_ids
from kooperacja.core import waiting
from kooperacja.core.text import short_date


def _detail(referral) -> str:
    return reverse("admission:detail", kwargs={"public_id": referral.public_id})


def incoming_to_decide(user, limit: int) -> waiting.Waiting:
    organisations = receiving_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    referrals = AdmissionReferral.objects.filter(
        target_organisation_id__in=organisations, status=AdmissionStatus.ISSUED
    )
    count = referrals.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = referrals.select_related("referring_organisation").only(
        "public_id", "number", "issued_on", "referring_organisation__name"
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Referral no. %(number)s from %(referrer)s, issued on %(date)s")
            % {
                "number": referral.number,
                "referrer": referral.referring_organisation.name,
                "date": short_date(referral.issued_on),
            },
            url=_detail(referral),
        )
        for referral in rows.order_by("issued_on", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("admission:incoming") + "?status=issued")


def drafts_to_issue(user, limit: int) -> waiting.Waiting:
    organisations = referring_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    referrals = AdmissionReferral.objects.filter(
        referring_organisation_id__in=organisations, status=AdmissionStatus.DRAFT
    )
    count = referrals.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = referrals.select_related("target_organisation").only("public_id", "created_at", "target_organisation__name")
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Draft to %(centre)s of %(date)s")
            % {
                "centre": referral.target_organisation.name,
                "date": short_date(timezone.localtime(referral.created_at)),
            },
            url=_detail(referral),
        )
        for referral in rows.order_by("created_at", "id")[:limit]
    )
    return waiting.Waiting(count, items, more_url=reverse("admission:sent") + "?status=draft")


KINDS = (
    waiting.Kind(
        "admission.incoming",
        _("Referrals to your CIS/KIS to accept or refuse"),
        incoming_to_decide,
        "admission:incoming",
        30,
    ),
    waiting.Kind("admission.drafts", _("Referrals to a CIS/KIS not yet issued"), drafts_to_issue, "admission:sent", 31),
)
