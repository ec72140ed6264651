"""The modes of commissioning a social service (DOMAIN.md §6), each declared once as data: its legal basis, its
steps (what each state of an order means in that mode), the minimum period for offers, who may bid, the limits of
value and duration and the documents an offer must carry.

Services and pages read these entries; no other module decides by the mode's name. What is assumed where the law
could not be verified is said on the entry (``note``).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kooperacja.registry.models import OrganisationKind


class Mode(models.TextChoices):
    RESERVED = "reserved", _("reserved public contract (art. 94 of the Public Procurement Law)")
    OPEN_COMPETITION = "open_competition", _("open competition for a public task (art. 11 and 13 of the act)")
    SMALL_GRANT = "small_grant", _("small grant (art. 19a of the public-benefit act)")
    SOCIAL_CLAUSES = "social_clauses", _("tender with social clauses (Public Procurement Law)")
    DIRECT = "direct", _("direct commissioning below the procurement threshold")


@dataclass(frozen=True)
class RequiredDocument:
    code: str
    label: Promise


@dataclass(frozen=True)
class ModeRules:
    mode: Mode
    legal_basis: Promise
    # What each state of an order is called in this mode (states of ORDER_MACHINE by value).
    steps: tuple[tuple[str, Promise], ...]
    # Calendar days from publication to the offer deadline, at least.
    min_offer_days: int
    # Kinds of organisation that may bid (registry.OrganisationKind values).
    bidder_kinds: frozenset[str]
    required_documents: tuple[RequiredDocument, ...] = ()
    # The most the order may be worth (PLN, gross) and last (days from its start to its end), if limited.
    max_value: Decimal | None = None
    max_duration_days: int | None = None
    # A share of staff from groups at risk of exclusion the commissioner may require (art. 94 ust. 2 Pzp).
    asks_social_share: bool = False
    note: Promise | str = ""

    @property
    def label(self) -> str:
        return str(self.mode.label)

    def step_label(self, state: str) -> str:
        return str(dict(self.steps).get(state, ""))


SOCIAL_INTEGRATION_KINDS = frozenset(
    {OrganisationKind.SOCIAL_COOPERATIVE, OrganisationKind.ZAZ, OrganisationKind.CIS, OrganisationKind.KIS}
)
PUBLIC_BENEFIT_KINDS = frozenset(
    {OrganisationKind.NGO, OrganisationKind.SOCIAL_COOPERATIVE, OrganisationKind.CIS, OrganisationKind.KIS}
)
ANY_PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.CIS,
        OrganisationKind.KIS,
        OrganisationKind.ZAZ,
        OrganisationKind.WTZ,
        OrganisationKind.SOCIAL_COOPERATIVE,
        OrganisationKind.NGO,
        OrganisationKind.COMPANY,
    }
)

OFFER_FORM = RequiredDocument("offer_form", _("offer on the form of the commissioner"))
STATUTE = RequiredDocument("statute", _("statute or current register extract (KRS)"))
SOCIAL_SHARE = RequiredDocument(
    "social_share", _("statement of the share of staff from groups at risk of exclusion (art. 94 ust. 2)")
)
SIMPLIFIED_OFFER = RequiredDocument("simplified_offer", _("simplified offer (regulation of 24 October 2018)"))
BUDGET = RequiredDocument("budget", _("cost estimate of the task"))
SOCIAL_CLAUSE = RequiredDocument(
    "employment_statement", _("statement on employing persons named in the social clauses")
)
PRICE_OFFER = RequiredDocument("price_offer", _("price offer"))

MODES: dict[str, ModeRules] = {
    Mode.RESERVED: ModeRules(
        mode=Mode.RESERVED,
        legal_basis=_("Art. 94 of the Public Procurement Law of 11 September 2019 (reserved contracts)."),
        steps=(
            ("published", _("notice published (BZP): only the entities of art. 94 may bid")),
            ("offers_closed", _("offers opened")),
            ("evaluated", _("offers examined and evaluated")),
            ("awarded", _("choice of the most advantageous offer")),
            ("contracted", _("public contract concluded")),
        ),
        min_offer_days=7,
        bidder_kinds=SOCIAL_INTEGRATION_KINDS,
        required_documents=(OFFER_FORM, SOCIAL_SHARE),
        asks_social_share=True,
        note=_("Assumed: the basic procedure's minimum of 7 days for offers for services."),
    ),
    Mode.OPEN_COMPETITION: ModeRules(
        mode=Mode.OPEN_COMPETITION,
        legal_basis=_("Art. 11 and 13 of the act of 24 April 2003 on public-benefit activity and volunteering."),
        steps=(
            ("published", _("competition announced (BIP, office, website)")),
            ("offers_closed", _("offers received, formal check")),
            ("evaluated", _("competition committee's assessment")),
            ("awarded", _("results published")),
            ("contracted", _("agreement on the public task concluded")),
        ),
        min_offer_days=21,
        bidder_kinds=PUBLIC_BENEFIT_KINDS,
        required_documents=(OFFER_FORM, STATUTE, BUDGET),
        note=_("A CIS or KIS may bid when run by an NGO (assumed from its kind in the registry)."),
    ),
    Mode.SMALL_GRANT: ModeRules(
        mode=Mode.SMALL_GRANT,
        legal_basis=_("Art. 19a of the act on public-benefit activity and volunteering: up to 10,000 PLN, 90 days."),
        steps=(
            ("published", _("offer published for 7 days for comments")),
            ("offers_closed", _("comment period over")),
            ("evaluated", _("expediency assessed")),
            ("awarded", _("decision on the grant")),
            ("contracted", _("agreement concluded")),
        ),
        min_offer_days=7,
        bidder_kinds=frozenset({OrganisationKind.NGO, OrganisationKind.SOCIAL_COOPERATIVE}),
        required_documents=(SIMPLIFIED_OFFER,),
        max_value=Decimal("10000.00"),
        max_duration_days=90,
    ),
    Mode.SOCIAL_CLAUSES: ModeRules(
        mode=Mode.SOCIAL_CLAUSES,
        legal_basis=_("Art. 96 and 359 of the Public Procurement Law (social clauses, social services)."),
        steps=(
            ("published", _("notice published with the social clauses")),
            ("offers_closed", _("offers opened")),
            ("evaluated", _("offers examined and evaluated")),
            ("awarded", _("choice of the most advantageous offer")),
            ("contracted", _("public contract concluded")),
        ),
        min_offer_days=7,
        bidder_kinds=ANY_PROVIDER_KINDS,
        required_documents=(OFFER_FORM, SOCIAL_CLAUSE),
        note=_("Assumed: the basic procedure's minimum of 7 days for offers for services."),
    ),
    Mode.DIRECT: ModeRules(
        mode=Mode.DIRECT,
        legal_basis=_("Art. 2 ust. 1 pkt 1 of the Public Procurement Law: below 130,000 PLN the act does not apply."),
        steps=(
            ("published", _("inquiry sent")),
            ("offers_closed", _("inquiry closed")),
            ("evaluated", _("offers compared")),
            ("awarded", _("provider chosen")),
            ("contracted", _("order placed")),
        ),
        min_offer_days=1,
        bidder_kinds=ANY_PROVIDER_KINDS,
        required_documents=(PRICE_OFFER,),
        max_value=Decimal("130000.00"),
        note=_("The threshold is net; the platform compares it with the order's maximum value as entered."),
    ),
}


def rules_of(mode: str) -> ModeRules:
    return MODES[mode]
