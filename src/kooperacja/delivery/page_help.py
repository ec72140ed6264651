"""The help shown on the pages of `delivery` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

GUIDE = "monitorowanie-realizacji-uslug"

register_help(
    "delivery:contract-list",
    purpose=_(
        "Plan against delivery of the commissioned services your organisation provides or commissioned: per "
        "contract and per service, with the open alerts."
    ),
    next_steps=_(
        "Open a contract to see its periods, report delivery (provider) or accept reports and set the drift "
        "threshold (commissioner); filter by municipality or service, sort by the shortfall."
    ),
    guide=GUIDE,
)
register_help(
    "delivery:municipality-list",
    purpose=_("Plan against delivery per municipality where the services are delivered."),
    next_steps=_("Download the periodic report of a municipality as PDF or XLSX."),
    guide=GUIDE,
)
register_help(
    "delivery:contract",
    purpose=_(
        "One contract's schedule with what was planned and delivered in each period, the card's quality "
        "indicators, the drift threshold and the alerts."
    ),
    next_steps=_(
        "Report a period that has begun, open a report to submit, accept or return it, or download the contract's "
        "delivery report (PDF, XLSX)."
    ),
    guide=GUIDE,
)
register_help(
    "delivery:report-list",
    purpose=_("The delivery reports of the contracts you are party to, newest period first."),
    next_steps=_("Filter by status: submitted reports wait for the commissioner, returned ones for the provider."),
    guide=GUIDE,
)
register_help(
    "delivery:report",
    purpose=_("One report of a contract period: the figures, the indicators, its versions and history."),
    next_steps=_(
        "The provider edits and submits a draft; the commissioner accepts it or returns it with a reason; an "
        "accepted report is corrected by a new version."
    ),
    guide=GUIDE,
)
register_help(
    "delivery:alert-list",
    purpose=_("Periods (or contracts so far) in which delivery fell below plan by more than the threshold."),
    next_steps=_("Open an alert, acknowledge it while you clarify it with the provider, and close it."),
    guide=GUIDE,
)
register_help(
    "delivery:alert",
    purpose=_("One drift alert with the figures that raised it."),
    next_steps=_("Acknowledge or close it, with a note of what was agreed."),
    guide=GUIDE,
)
register_help(
    "delivery:import-list",
    purpose=_("Files of delivery reports (XLSX or CSV) imported for your organisation, one row per contract period."),
    next_steps=_("Download the template, fill it and upload it: it is taken whole or not at all."),
    guide=GUIDE,
)
register_help(
    "delivery:import",
    purpose=_("One import of delivery reports: its progress and, if it was rejected, every wrong row."),
    next_steps=_("Correct the rows listed and upload the file again; nothing of a rejected file was imported."),
    guide=GUIDE,
)
register_help(
    "delivery:report-create",
    purpose=_("The figures of one period of the contract."),
    next_steps=_("Save the draft, then submit it to the commissioner from its page."),
    guide=GUIDE,
)
register_help(
    "delivery:report-edit",
    purpose=_("Change the figures of a draft or returned report."),
    next_steps=_("Save, then submit it again from its page."),
    guide=GUIDE,
)
register_help(
    "delivery:rule",
    purpose=_("The threshold below plan beyond which a submitted report raises an alert."),
    next_steps=_("Choose the percentage and whether each period or the contract so far is compared."),
    guide=GUIDE,
)
