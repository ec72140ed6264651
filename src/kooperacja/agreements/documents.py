"""The cooperation agreement as a document, in Polish by default: "Porozumienie o współpracy" with the parties'
details from the registry, the obligations table, the amendments and a signature line per signatory."""

from django.utils.translation import gettext as _

from kooperacja.agreements.models import Agreement
from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, short_date


def _identifiers(organisation) -> str:
    parts = [organisation.get_kind_display()]
    address = ", ".join(
        p for p in (organisation.street, f"{organisation.postal_code} {organisation.city}".strip()) if p
    )
    if address:
        parts.append(address)
    for label, value in (("NIP", organisation.nip), ("REGON", organisation.regon), ("KRS", organisation.krs)):
        if value:
            parts.append(f"{label} {value}")
    return "; ".join(parts)


def agreement_pdf(agreement: Agreement, *, content: dict) -> bytes:
    parties = content["parties"]
    document = PdfDocument(_("Cooperation agreement"), subtitle=agreement.subject)
    document.key_values(
        [
            (_("Status"), str(agreement.get_status_display())),
            (_("Valid"), f"{long_date(agreement.valid_from)} – {long_date(agreement.valid_to)}"),
            (_("Review on"), long_date(agreement.review_on)),
            (_("Agreed on"), long_date(agreement.agreed_on) if agreement.agreed_on else ""),
        ]
    )
    document.heading(_("Parties"))
    for index, party in enumerate(parties, start=1):
        document.paragraph(f"{index}. {party.organisation.name} — {_identifiers(party.organisation)}")
    if agreement.scope:
        document.heading(_("Scope of cooperation"))
        document.paragraph(agreement.scope)
    document.heading(_("Obligations of the parties"))
    document.table(
        [_("No."), _("Party"), _("What"), _("By when"), _("Status")],
        [
            [
                str(number),
                obligation.party.organisation.name,
                obligation.description,
                short_date(obligation.due_on),
                str(obligation.get_status_display()),
            ]
            for number, obligation in enumerate(content["obligations"], start=1)
        ],
        widths=(10, 45, 80, 22, 23),
    )
    if content["amendments"]:
        document.heading(_("Amendments"))
        for amendment in content["amendments"]:
            document.paragraph(f"{amendment.number}. {amendment.summary}")
    document.heading(_("Signatures"))
    labels = [
        f"{signatory.name}, {signatory.function}\n{party.organisation.name}"
        for party in parties
        for signatory in party.listed_signatories
    ] or [party.organisation.name for party in parties]
    for start in range(0, len(labels), 3):
        document.signatures(labels[start : start + 3])
    return document.render()
