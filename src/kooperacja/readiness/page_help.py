"""The help shown on the pages of `readiness` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "gotowosc-dostawcow-do-realizacji-uslug"

register_help(
    "readiness:list",
    purpose=_(
        "Readiness assessments of providers for services of the catalogue: your own organisation's, or those "
        "you review as an OWES advisor or a coordinator of cooperation."
    ),
    next_steps=_(
        "A provider starts a self-assessment against the service card, attaches evidence and submits it; the "
        "assessor takes it for review, records the visit and decides."
    ),
    guide=GUIDE,
)
register_help(
    "readiness:decisions",
    purpose=_("Decisions on readiness: ready, ready with conditions or not ready, with their validity."),
    next_steps=_("Open a decision to see its reasons and conditions and to download the decision letter."),
    guide=GUIDE,
)
register_help(
    "readiness:providers",
    purpose=_(
        "The public list of providers whose readiness to deliver a service is confirmed and in force today, "
        "open to anyone without signing in."
    ),
    next_steps=_(
        "Filter by service and by voivodeship, county or municipality; the same list is available as JSON at "
        "/api/v1/public/providers."
    ),
    guide=GUIDE,
)
register_help(
    "readiness:assessment",
    purpose=_(
        "One readiness assessment: the requirements of the pinned service card with the provider's answers, the "
        "evidence, the assessor's visit and the history of every move."
    ),
    next_steps=_(
        "The provider fills it in, attaches files and submits it; the assessor takes it for review, records the "
        "visit, returns it for completion or decides."
    ),
    guide=GUIDE,
)
register_help(
    "readiness:decision",
    purpose=_(
        "One decision on a provider's readiness for a service: outcome, reasons, conditions and validity, and "
        "whether it confirms the provider today."
    ),
    next_steps=_(
        "Download the decision letter (PDF). The assessor records conditions as met or withdraws the decision; "
        "it lapses by itself at the end of its validity."
    ),
    guide=GUIDE,
)
register_help(
    "readiness:self-assess",
    purpose=_("The self-assessment: each requirement of the service card met, partly met or not met."),
    next_steps=_("Say what is missing where a requirement is not fully met, save, then submit it for review."),
    guide=GUIDE,
)
