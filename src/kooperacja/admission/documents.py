"""The referral as a document, in Polish by default: "Skierowanie do Centrum Integracji Społecznej" (or to a Social
Integration Club) with the application and the social worker's opinion. The PESEL is not printed: the date of birth
identifies the person together with the name, as on the pages."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from kooperacja.admission.models import AdmissionKind, AdmissionReferral
from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, short_date


def title_of(referral: AdmissionReferral) -> str:
    if referral.kind == AdmissionKind.KIS:
        return _("Referral to a Social Integration Club")
    return _("Referral to a Social Integration Centre")


def referral_pdf(referral: AdmissionReferral, *, categories: Sequence[str]) -> bytes:
    title = title_of(referral)
    if referral.number:
        title = _("%(title)s no. %(number)s") % {"title": title, "number": referral.number}
    document = PdfDocument(title, subtitle=referral.referring_organisation.name)
    if not referral.issued_on:
        document.paragraph(_("Draft: not issued yet."))
    document.key_values(
        [
            (_("Referring institution"), referral.referring_organisation.name),
            (_("Referred to"), referral.target_organisation.name),
            (_("Date of issue"), short_date(referral.issued_on) if referral.issued_on else ""),
            (_("Person referred"), f"{referral.first_name} {referral.last_name}"),
            (_("Date of birth"), short_date(referral.birth_date)),
            (_("Home municipality"), referral.home_municipality.display_name),
            (_("Status"), str(referral.get_status_display())),
        ]
    )
    document.heading(_("Application"))
    applicant = str(referral.get_applicant_display())
    if referral.applicant_name:
        applicant = f"{applicant}: {referral.applicant_name}"
    pairs = [(_("Submitted on"), short_date(referral.applied_on)), (_("Applied"), applicant)]
    if referral.consent_given:
        pairs.append((_("Consent of the person"), _("given")))
    document.key_values(pairs)
    document.heading(_("Categories of art. 1 ust. 2 of the act on social employment"))
    for label in categories:
        document.paragraph(f"– {label}")
    document.heading(_("Opinion of the social worker after the community interview"))
    if referral.interview_date:
        document.paragraph(_("Community interview on %(date)s.") % {"date": long_date(referral.interview_date)})
    document.paragraph(referral.opinion or _("No opinion recorded."))
    worker = referral.social_worker.get_full_name() if referral.social_worker else ""
    document.signatures(
        [
            _("Social worker") + (f": {worker}" if worker else ""),
            _("Head of the referring institution"),
        ]
    )
    document.paragraph(
        _(
            "Issued on the basis of art. 12 of the act of 13 June 2003 on social employment. Residents of the "
            "municipality where the centre or club works have priority; others are admitted under an agreement "
            "between municipalities or to free places."
        ),
        small=True,
    )
    return document.render()
