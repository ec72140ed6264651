"""The printed confirmation of an application, handed to the candidate: the call, the entry's code, the access code
(shown only here, once) and where to see the result and appeal; in Polish by default."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date
from kooperacja.launches.calls import CONSENT_VERSION
from kooperacja.launches.models import Application


def confirmation_pdf(application: Application, *, access_code: str) -> bytes:
    call = application.call
    launch = call.launch
    document = PdfDocument(_("Confirmation of an application"), subtitle=launch.title)
    document.key_values(
        [
            (_("Launched by"), launch.owner.name),
            (_("Candidate"), f"{application.first_name} {application.last_name}"),
            (_("Submitted at"), timezone.localtime(application.submitted_at).strftime("%d.%m.%Y %H:%M")),
            (_("Deadline for applications"), timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M")),
            (_("Code of the application"), application.entry_code),
            (_("Access code"), access_code),
            (
                _("Consent to the processing of data"),
                _("given (text version %(version)s)") % {"version": CONSENT_VERSION},
            ),
        ]
    )
    document.heading(_("Your result"))
    document.paragraph(
        _(
            "Keep this access code: it is printed only once. After the ranking you will see your position and score, "
            "and may appeal within the deadline, at %(url)s — enter the access code there."
        )
        % {"url": settings.SITE_URL.rstrip("/") + reverse("selection:result")}
    )
    document.paragraph(_("Date: %(date)s") % {"date": long_date(timezone.localdate())}, small=True)
    document.signatures([_("Candidate"), _("For the launching institution")])
    return document.render()
