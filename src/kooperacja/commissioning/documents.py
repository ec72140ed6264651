"""The order's specification and the contract with its schedule as PDF documents (core.pdf), in Polish by
default, each with the issuer's details from the registry (name, address, NIP, REGON, KRS where recorded)."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kooperacja.commissioning.models import Contract, ContractPeriod, Order
from kooperacja.commissioning.modes import rules_of
from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, long_datetime, short_date
from kooperacja.registry.models import OrganisationKind


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{number_format(value, decimal_pos=2, force_grouping=True)} zł"


def quantity(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def issuer_details(organisation) -> str:
    """Name, address and identifiers of an organisation as the registry holds them."""
    parts = [organisation.name]
    address = ", ".join(
        p for p in (organisation.street, f"{organisation.postal_code} {organisation.city}".strip()) if p
    )
    if address:
        parts.append(address)
    identifiers = [
        f"{label} {value}"
        for label, value in (("NIP", organisation.nip), ("REGON", organisation.regon), ("KRS", organisation.krs))
        if value
    ]
    if identifiers:
        parts.append(", ".join(identifiers))
    return "\n".join(parts)


def order_pdf(order: Order) -> bytes:
    rules = rules_of(order.mode)
    document = PdfDocument(
        _("Order specification %(number)s") % {"number": order.number}, subtitle=order.commissioner.name
    )
    document.paragraph(issuer_details(order.commissioner), small=True)
    document.key_values(
        [
            (_("Title"), order.title),
            (_("Mode of commissioning"), rules.label),
            (_("Legal basis"), str(rules.legal_basis)),
            (_("Service"), f"{order.card_version.name} ({order.service_type.code}, v. {order.card_version.number})"),
            (_("Volume"), f"{quantity(order.volume)} {order.get_unit_display()}"),
            (_("Expected price per unit"), money(order.unit_price)),
            (_("Maximum value"), money(order.max_value)),
            (_("Period"), f"{short_date(order.period_start)} – {short_date(order.period_end)}"),
            (_("Place of the service"), order.place.display_name),
            (
                _("Deadline for offers"),
                long_datetime(order.offer_deadline),
            ),
            (_("Status"), str(order.get_status_display())),
        ]
    )
    if order.social_share_percent:
        document.paragraph(
            _("Required share of staff from groups at risk of exclusion: %(percent)s%%.")
            % {"percent": order.social_share_percent}
        )
    document.heading(_("Expectations of the commissioner"))
    document.paragraph(order.expectations)
    document.heading(_("Evaluation criteria"))
    document.table(
        [_("Criterion"), _("Kind"), _("Weight")],
        [(c.name, str(c.get_kind_display()), str(c.weight)) for c in order.criteria.all()],
        widths=(110, 40, 30),
        align=("LEFT", "LEFT", "RIGHT"),
    )
    document.paragraph(
        _(
            "Price points: the lowest price offered divided by the offer's price, times the weight. Other "
            "criteria: the mean of the evaluators' points (0–10) divided by 10, times the weight. Ties: the lower "
            "price first, then the offer submitted earlier."
        ),
        small=True,
    )
    document.heading(_("Who may bid"))
    document.paragraph(", ".join(sorted(str(_kind_label(kind)) for kind in rules.bidder_kinds)))
    document.paragraph(
        _(
            "Readiness for the service confirmed on the day of the offer; a CIS or KIS with its entry in the "
            "voivode's register in force."
        )
    )
    if rules.required_documents:
        document.heading(_("Documents required with the offer"))
        for required in rules.required_documents:
            document.paragraph(f"– {required.label}")
    document.heading(_("Steps of the procedure"))
    for _state, label in rules.steps:
        document.paragraph(f"– {label}")
    return document.render()


def _kind_label(kind: str) -> str:
    return str(OrganisationKind(kind).label)


def contract_pdf(contract: Contract, periods: Sequence[ContractPeriod]) -> bytes:
    document = PdfDocument(_("Contract %(number)s") % {"number": contract.number}, subtitle=contract.commissioner.name)
    document.key_values(
        [
            (_("Commissioner"), issuer_details(contract.commissioner)),
            (_("Provider"), issuer_details(contract.provider)),
            (_("Order"), f"{contract.order.number} — {contract.order.title}"),
            (_("Mode of commissioning"), rules_of(contract.order.mode).label),
            (
                _("Service"),
                f"{contract.card_version.name} ({contract.service_type.code}, v. {contract.card_version.number})",
            ),
            (_("Place of the service"), contract.municipality.display_name),
            (_("Period"), f"{long_date(contract.start_date)} – {long_date(contract.end_date)}"),
            (_("Price per unit"), money(contract.unit_price)),
            (_("Value"), money(contract.value)),
            (_("Status"), str(contract.get_status_display())),
        ]
    )
    document.heading(_("Schedule"))
    unit = str(contract.get_unit_display())
    document.table(
        [_("Period"), _("Planned units (%(unit)s)") % {"unit": unit}, _("People"), _("Planned value")],
        [
            (
                f"{short_date(p.period_start)} – {short_date(p.period_end)}",
                quantity(p.planned_units),
                str(p.planned_people or ""),
                money(p.planned_value),
            )
            for p in periods
        ],
        widths=(60, 45, 25, 50),
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        footer=(
            _("Total"),
            quantity(sum((p.planned_units for p in periods), Decimal(0))),
            "",
            money(sum((p.planned_value for p in periods), Decimal(0))),
        ),
    )
    document.signatures([_("For the commissioner"), _("For the provider")])
    return document.render()
