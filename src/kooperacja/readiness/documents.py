"""The decision letter on a provider's readiness ("Potwierdzenie gotowości do realizacji usługi"), in Polish by
default: the issuer's details, the provider's, the service and its card version, the outcome with reasons,
conditions and the validity period."""

from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import short_date
from kooperacja.readiness.models import Outcome, ReadinessDecision
from kooperacja.registry.models import Organisation


def _address(organisation: Organisation) -> str:
    town = " ".join(part for part in (organisation.postal_code, organisation.city) if part)
    return ", ".join(part for part in (organisation.street, town) if part)


def _identifiers(organisation: Organisation) -> str:
    pairs = (("NIP", organisation.nip), ("REGON", organisation.regon), ("KRS", organisation.krs))
    return ", ".join(f"{label} {value}" for label, value in pairs if value)


def decision_pdf(decision: ReadinessDecision) -> bytes:
    issuer = decision.issuer
    provider = decision.provider
    card = decision.assessment.card_version
    title = _("Decision on readiness no. %(number)s") % {"number": decision.number}
    document = PdfDocument(title, subtitle=issuer.name if issuer else _("Kooperacja platform"))
    if issuer is not None:
        document.key_values(
            [
                (_("Issued by"), issuer.name),
                (_("Address"), _address(issuer)),
                (_("Identifiers"), _identifiers(issuer)),
            ]
        )
    document.heading(_("Provider"))
    document.key_values(
        [
            (_("Name"), provider.name),
            (_("Kind"), str(provider.get_kind_display())),
            (_("Address"), _address(provider)),
            (_("Municipality"), provider.municipality.display_name),
            (_("Identifiers"), _identifiers(provider)),
        ]
    )
    document.heading(_("Service"))
    document.key_values(
        [
            (_("Service"), card.name),
            (_("Card version"), str(card.number)),
        ]
    )
    document.heading(_("Decision"))
    pairs = [
        (_("Decided on"), short_date(decision.decided_on)),
        (_("Outcome"), str(decision.get_outcome_display())),
        (_("Status"), str(decision.get_status_display())),
    ]
    if decision.valid_from and decision.valid_until:
        pairs.append(
            (
                _("Valid"),
                _("from %(start)s to %(end)s")
                % {"start": short_date(decision.valid_from), "end": short_date(decision.valid_until)},
            )
        )
    document.key_values(pairs)
    document.heading(_("Reasons"))
    document.paragraph(decision.reasons)
    if decision.outcome == Outcome.READY_WITH_CONDITIONS:
        document.heading(_("Conditions"))
        document.paragraph(decision.conditions)
        if decision.conditions_due:
            document.paragraph(_("To be met by %(date)s.") % {"date": short_date(decision.conditions_due)})
        if decision.conditions_met_on:
            document.paragraph(_("Met on %(date)s.") % {"date": short_date(decision.conditions_met_on)})
    assessment = decision.assessment
    if assessment.visit_date:
        document.heading(_("Visit"))
        document.key_values(
            [
                (_("Visit on"), short_date(assessment.visit_date)),
                (_("Present"), assessment.visit_present),
            ]
        )
        document.paragraph(assessment.visit_findings)
    decided_by = decision.decided_by.get_full_name() if decision.decided_by else ""
    document.signatures([_("Assessor") + (f": {decided_by}" if decided_by else "")])
    document.paragraph(
        _(
            "The readiness of the provider was confirmed against the minimum resources, staff qualifications and "
            "readiness criteria of the service card. For a CIS or KIS the decision is in force only while its "
            "entry in the voivode's register is in force."
        ),
        small=True,
    )
    return document.render()
