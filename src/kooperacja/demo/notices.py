"""The demo's notifications: the services wrote them as the demo region was built (a referral issued, a candidate
sent, a provider's answer, a matching run finished); those about referrals to a CIS/KIS decided since are marked
read, as their staff would have read them when deciding, so that what is unread still waits. Of sphere 2's partners'
answers and calls to score, which the launch's owner and assessors read as the story went on, the newest of each kind
per user stays unread."""

from django.utils import timezone

from kooperacja.admission.models import AdmissionReferral, AdmissionStatus
from kooperacja.notifications.models import Notification

SPHERE_2_STORY = ("launches.answer", "launches.invitation", "selection_scoring")


def demo_notifications_settle() -> int:
    decided = {
        f"/admission/{public_id}/"
        for public_id in AdmissionReferral.objects.exclude(status=AdmissionStatus.ISSUED).values_list(
            "public_id", flat=True
        )
    }
    stale = Notification.objects.filter(kind="admission.issued", read_at__isnull=True, link__in=decided)
    settled = stale.update(read_at=timezone.now())
    newest: dict[tuple[int, str], int] = {}
    for pk, recipient, kind in (
        Notification.objects.filter(kind__in=SPHERE_2_STORY, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("pk", "recipient_id", "kind")
    ):
        newest.setdefault((recipient, kind), pk)
    earlier = Notification.objects.filter(kind__in=SPHERE_2_STORY, read_at__isnull=True).exclude(pk__in=newest.values())
    return settled + earlier.update(read_at=timezone.now())
