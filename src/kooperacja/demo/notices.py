"""The demo's notifications: the services wrote them as the demo region was built (a referral issued, a candidate
sent, a provider's answer, a matching run finished); those about referrals to a CIS/KIS decided since are marked
read, as their staff would have read them when deciding, so that what is unread still waits."""

from django.utils import timezone

from kooperacja.admission.models import AdmissionReferral, AdmissionStatus
from kooperacja.notifications.models import Notification


def demo_notifications_settle() -> int:
    decided = {
        f"/admission/{public_id}/"
        for public_id in AdmissionReferral.objects.exclude(status=AdmissionStatus.ISSUED).values_list(
            "public_id", flat=True
        )
    }
    stale = Notification.objects.filter(kind="admission.issued", read_at__isnull=True, link__in=decided)
    return stale.update(read_at=timezone.now())
