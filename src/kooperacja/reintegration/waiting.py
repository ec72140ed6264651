"""What waits in reintegration (``core.waiting``): individual programmes (IPZS, social contracts) drawn up but not
yet signed, of the stays in the user's CIS/KIS. Labels name the kind of programme and its date, not the person."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core import waiting
from kooperacja.core.text import short_date
from kooperacja.reintegration.models import IndividualProgramme, ProgrammeStatus
from kooperacja.training import selectors as training
from kooperacja.training.models import ParticipationKind


def programmes_to_sign(user, limit: int) -> waiting.Waiting:
    organisations = training.staff_organisation_ids(user)
    if not organisations:
        return waiting.NOTHING
    drafts = IndividualProgramme.objects.filter(
        status=ProgrammeStatus.DRAFT,
        participation_id__in=training.participation_ids_of_organisations(organisation_ids=organisations),
    )
    count = drafts.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = drafts.select_related("participation").only("created_at", "participation__public_id", "participation__kind")
    items = []
    for programme in rows.order_by("created_at", "id")[:limit]:
        if programme.participation.kind == ParticipationKind.CIS:
            text = gettext("IPZS drawn up on %(date)s")
        else:
            text = gettext("Social contract drawn up on %(date)s")
        items.append(
            waiting.WaitingItem(
                label=text % {"date": short_date(timezone.localtime(programme.created_at))},
                url=reverse("reintegration:programme", kwargs={"public_id": programme.participation.public_id}),
            )
        )
    return waiting.Waiting(count, tuple(items))


KINDS = (
    waiting.Kind(
        "reintegration.programmes_to_sign",
        _("Individual programmes to sign"),
        programmes_to_sign,
        "training:participant-list",
        45,
    ),
)
