"""The figures of a yearly report and, for each, the records it counts: the one place that says what a figure
means. The HTML page, the PDF (each row carries its key), the XLSX (a sheet "Records": figure key → record
references) and the API all read the figures from here, and the pages listing the records behind a figure ask
:func:`records_of` for the same set of rows the figure counted.

What is assumed where the template's exact rows could not be checked (the regulation of MRPiPS of 30.12.2016,
Dz.U. 2017 poz. 97, for a CIS; art. 18a ust. 6 of the act on social employment for a KIS) — the same text is shown
in the report's notes (:func:`notes_for`):

- Staff: the active accounts holding the role of CIS/KIS staff or social worker in the organisation when the
  figures are computed (memberships carry no dates, so not the staff during the year; working time and the basis
  of employment are not recorded).
- Participants: each stay taking part at some time in the year (begun by its last day, not ended before its
  first day; a stay still only referred is left out) counts once; a person with two stays in the year counts
  twice. In the rows by group of art. 1 ust. 2 a stay recorded under several groups counts in each of them, as
  the template counts people per group: the total is therefore not the sum of the rows.
- Covered by social and vocational reintegration: stays taking part in the year whose IPZS (CIS) or social
  contract / individual programme (KIS) was signed by the end of the year.
- Economically independent: stays that exited in the year with an outcome of paid work — supported employment
  (art. 16), employment with an employer, own business, founding or joining a social cooperative, other paid
  work (education and "other" are not counted).
- Services (classes): the hours of classes planned for the participants in the months of the year, by kind, as
  recorded in their monthly programmes (hours actually attended are not split by kind).
- Finances: only the integration benefits, motivation bonuses and contributions the CIS paid for months of the
  year (the latest paid version of each month) are recorded; the subsidies received, the other items of the
  financial plan and the preliminary plan (preliminarz) for the current year are not recorded in Kooperacja and
  are filled in on the official form by hand. A KIS pays no integration benefit: its settlement of subsidies is
  likewise not recorded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import reduce

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kooperacja.accounts import selectors as accounts
from kooperacja.accounts.roles import Role
from kooperacja.benefits import selectors as benefits
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import Organisation
from kooperacja.reintegration import selectors as reintegration
from kooperacja.reintegration.models import ClassKind
from kooperacja.reporting.models import ReportKind
from kooperacja.training import outcome_selectors as outcomes
from kooperacja.training import report_selectors as stays
from kooperacja.training.models import EligibilityCategory, ExitReason, OutcomeKind

# The roles counted as staff of a CIS or KIS.
STAFF_ROLES = (Role.PZS_STAFF, Role.SOCIAL_WORKER)
# Outcomes of paid work: the participant became economically independent.
INDEPENDENCE_OUTCOMES = (
    OutcomeKind.SUPPORTED_EMPLOYMENT,
    OutcomeKind.EMPLOYMENT,
    OutcomeKind.SELF_EMPLOYMENT,
    OutcomeKind.COOPERATIVE_FOUNDED,
    OutcomeKind.COOPERATIVE_JOINED,
    OutcomeKind.OTHER_PAID_WORK,
)
UNRECORDED = "unrecorded"  # the key part of exits without an outcome recorded

COUNT, HOURS, MONEY = "count", "hours", "money"
# What kind of records a figure lists.
USERS, STAYS, PROGRAMMES, CLASSES, MONTHS = "users", "stays", "programmes", "classes", "months"

BLOCKS = (
    ("staff", gettext_lazy("1. Staff")),
    ("participants", gettext_lazy("2. Participants by group of art. 1 ust. 2 of the act")),
    ("exits", gettext_lazy("3. Exits: effects of reintegration and economic independence")),
    ("reintegration", gettext_lazy("4. Social and vocational reintegration: programmes and classes (services)")),
    ("finance", gettext_lazy("5. Execution of the financial plan")),
)
BOTH = frozenset({ReportKind.CIS, ReportKind.KIS})
CIS_ONLY = frozenset({ReportKind.CIS})


@dataclass(frozen=True)
class Figure:
    key: str
    block: str
    label: str | Promise
    unit: str
    records: str
    kinds: frozenset[str] = BOTH
    prefix: str | Promise = ""  # "reason: %s", filled with the label when shown (in the language then active)

    @property
    def title(self) -> str:
        return str(self.prefix) % str(self.label) if self.prefix else str(self.label)


REASON_ROW = pgettext_lazy("exit reason row", "reason: %s")
OUTCOME_ROW = pgettext_lazy("outcome row", "outcome: %s")
CLASSES_ROW = pgettext_lazy("classes row", "hours of classes: %s")


def _figures() -> tuple[Figure, ...]:
    found = [
        Figure("staff", "staff", gettext_lazy("Staff (CIS/KIS staff and social workers)"), COUNT, USERS),
        Figure("participants.total", "participants", gettext_lazy("Participants in the year (total)"), COUNT, STAYS),
        Figure("participants.started", "participants", gettext_lazy("of whom began in the year"), COUNT, STAYS),
    ]
    found += [
        Figure(f"participants.category.{value}", "participants", label, COUNT, STAYS)
        for value, label in EligibilityCategory.choices
    ]
    found += [
        Figure(
            "participants.covered",
            "participants",
            gettext_lazy("Participants covered by social and vocational reintegration (programme signed)"),
            COUNT,
            STAYS,
        ),
        Figure("exits.total", "exits", gettext_lazy("Participants who left in the year"), COUNT, STAYS),
    ]
    found += [
        Figure(
            f"exits.reason.{value}", "exits", label, COUNT, STAYS, prefix=pgettext_lazy("exit reason row", "reason: %s")
        )
        for value, label in ExitReason.choices
    ]
    found += [
        Figure(
            f"exits.outcome.{value}", "exits", label, COUNT, STAYS, prefix=pgettext_lazy("outcome row", "outcome: %s")
        )
        for value, label in OutcomeKind.choices
    ]
    found += [
        Figure(f"exits.outcome.{UNRECORDED}", "exits", gettext_lazy("outcome not recorded"), COUNT, STAYS),
        Figure(
            "exits.independent",
            "exits",
            gettext_lazy("Participants who became economically independent (paid work after leaving)"),
            COUNT,
            STAYS,
        ),
        Figure(
            "programmes.signed",
            "reintegration",
            gettext_lazy("Individual programmes (IPZS / social contracts) signed"),
            COUNT,
            PROGRAMMES,
        ),
        Figure(
            "programmes.completed", "reintegration", gettext_lazy("Individual programmes completed"), COUNT, PROGRAMMES
        ),
        Figure(
            "programmes.terminated",
            "reintegration",
            gettext_lazy("Individual programmes terminated"),
            COUNT,
            PROGRAMMES,
        ),
    ]
    found += [
        Figure(
            f"classes.{value}",
            "reintegration",
            label,
            HOURS,
            CLASSES,
            prefix=CLASSES_ROW,
        )
        for value, label in ClassKind.choices
    ]
    found += [
        Figure(
            "finance.months", "finance", gettext_lazy("Months of integration benefit paid"), COUNT, MONTHS, CIS_ONLY
        ),
        Figure("finance.benefits", "finance", gettext_lazy("Integration benefits paid (zł)"), MONEY, MONTHS, CIS_ONLY),
        Figure("finance.bonuses", "finance", gettext_lazy("Motivation bonuses paid (zł)"), MONEY, MONTHS, CIS_ONLY),
        Figure(
            "finance.social",
            "finance",
            gettext_lazy("Social insurance contributions paid (zł)"),
            MONEY,
            MONTHS,
            CIS_ONLY,
        ),
        Figure(
            "finance.health",
            "finance",
            gettext_lazy("Health insurance contributions paid (zł)"),
            MONEY,
            MONTHS,
            CIS_ONLY,
        ),
    ]
    return tuple(found)


FIGURES: tuple[Figure, ...] = _figures()
BY_KEY: dict[str, Figure] = {figure.key: figure for figure in FIGURES}


def figures_for(kind: str) -> list[Figure]:
    return [figure for figure in FIGURES if kind in figure.kinds]


def figure_of(kind: str, key: str) -> Figure | None:
    figure = BY_KEY.get(key)
    return figure if figure is not None and kind in figure.kinds else None


# --- the values ----------------------------------------------------------------------------------------------


def _text(figure: Figure, value) -> str:
    if figure.unit == MONEY:
        return f"{Decimal(value):.2f}"
    if figure.unit == HOURS:
        return f"{Decimal(value):.1f}"
    return str(int(value))


def compute_values(*, organisation_id: int, year: int, kind: str) -> dict[str, str]:
    """Every figure of a report of ``kind`` for the organisation and year, as text (counts as integers, hours and
    amounts as decimals): about a dozen aggregate queries, whatever the number of records."""
    values: dict[str, object] = {
        "staff": accounts.users_with_roles_in(organisation_id=organisation_id, roles=STAFF_ROLES).count()
    }
    counts = stays.year_counts(organisation_id=organisation_id, year=year)
    values["participants.total"] = counts["total"]
    values["participants.started"] = counts["started"]
    categories = stays.category_counts(organisation_id=organisation_id, year=year)
    for value in EligibilityCategory.values:
        values[f"participants.category.{value}"] = categories.get(value, 0)
    values["participants.covered"] = reintegration.participations_covered(
        organisation_id=organisation_id, year=year
    ).count()
    values["exits.total"] = counts["exited"]
    reasons = stays.exit_reason_counts(organisation_id=organisation_id, year=year)
    for value in ExitReason.values:
        values[f"exits.reason.{value}"] = reasons.get(value, 0)
    by_outcome = outcomes.outcomes_by_kind(organisation_ids=[organisation_id], year=year)
    for value in OutcomeKind.values:
        values[f"exits.outcome.{value}"] = by_outcome.get(value, 0)
    values[f"exits.outcome.{UNRECORDED}"] = by_outcome.get("", 0)
    values["exits.independent"] = sum(by_outcome.get(str(value), 0) for value in INDEPENDENCE_OUTCOMES)
    programmes = reintegration.programme_counts(organisation_id=organisation_id, year=year)
    for event in ("signed", "completed", "terminated"):
        values[f"programmes.{event}"] = programmes[event]
    hours = reintegration.class_hours(organisation_id=organisation_id, year=year)
    for value in ClassKind.values:
        values[f"classes.{value}"] = hours.get(value, {}).get("hours") or Decimal("0")
    if kind == ReportKind.CIS:
        paid = benefits.paid_totals_of_year(organisation_id=organisation_id, year=year)
        values["finance.months"] = paid["months"]
        for name in ("benefits", "bonuses", "social", "health"):
            values[f"finance.{name}"] = paid[name]
    return {figure.key: _text(figure, values[figure.key]) for figure in figures_for(kind)}


# --- the records behind each figure ----------------------------------------------------------------------------


def _stays_of(key: str) -> Callable[[int, int], QuerySet]:
    parts = key.split(".")
    if key == "participants.total":
        return lambda org, year: stays.participations_in_year(organisation_id=org, year=year)
    if key == "participants.started":
        return lambda org, year: stays.participations_started_in_year(organisation_id=org, year=year)
    if key == "participants.covered":
        return lambda org, year: reintegration.participations_covered(organisation_id=org, year=year)
    if parts[:2] == ["participants", "category"]:
        return lambda org, year: stays.participations_of_category(organisation_id=org, year=year, category=parts[2])
    if key == "exits.total":
        return lambda org, year: stays.participations_exited_in_year(organisation_id=org, year=year)
    if parts[:2] == ["exits", "reason"]:
        return lambda org, year: stays.participations_exited_in_year(organisation_id=org, year=year, reason=parts[2])
    if key == "exits.independent":
        return lambda org, year: reduce(
            lambda left, right: left | right,
            (
                outcomes.outcome_participations(organisation_ids=[org], year=year, kind=str(kind))
                for kind in INDEPENDENCE_OUTCOMES
            ),
        )
    kind = "" if parts[2] == UNRECORDED else parts[2]
    return lambda org, year: outcomes.outcome_participations(organisation_ids=[org], year=year, kind=kind)


def records_of(*, organisation_id: int, year: int, figure: Figure) -> QuerySet:
    """The records a figure counts (for a count, as many rows as its value), in a stable order."""
    if figure.records == USERS:
        return accounts.users_with_roles_in(organisation_id=organisation_id, roles=STAFF_ROLES)
    if figure.records == STAYS:
        return stays.with_people(_stays_of(figure.key)(organisation_id, year))
    if figure.records == PROGRAMMES:
        event = figure.key.split(".")[1]
        return (
            reintegration.programmes_of_year(organisation_id=organisation_id, year=year, event=event)
            .select_related("participation", "participation__person")
            .order_by("participation__plan_reference", "id")
        )
    if figure.records == CLASSES:
        return (
            reintegration.classes_of_year(organisation_id=organisation_id, year=year, kind=figure.key.split(".")[1])
            .select_related("participation__person")
            .order_by("month", "participation__plan_reference", "id")
        )
    return benefits.paid_months_of_year(organisation_id=organisation_id, year=year)


def reference_of(figure: Figure, record) -> str:
    """What identifies a record without naming the person: the IPZS or contract number, the month, the
    account."""
    if figure.records == USERS:
        return _("account %(id)s") % {"id": record.pk}
    if figure.records == STAYS:
        return record.plan_reference
    if figure.records in (PROGRAMMES,):
        return record.participation.plan_reference
    if figure.records == CLASSES:
        return f"{record.participation.plan_reference} {record.month:%Y-%m}"
    return f"{record.year}-{record.month:02d} v{record.version}"


# --- the header and the notes ------------------------------------------------------------------------------------


def header_of(organisation: Organisation, year: int) -> dict[str, str]:
    """The organisation and its entry in the voivode's register (the term governing the end of the year, or else
    the latest one)."""
    term = organisation.register_term_on(date(year, 12, 31)) or registry.latest_register_term(organisation=organisation)
    return {
        "organisation": organisation.name,
        "address": ", ".join(
            part for part in (organisation.street, f"{organisation.postal_code} {organisation.city}".strip()) if part
        ),
        "register_number": term.number if term else "",
        "term_start": term.term_start.isoformat() if term else "",
        "term_end": term.term_end.isoformat() if term and term.term_end else "",
    }


def snapshot(*, organisation: Organisation, year: int, kind: str) -> dict:
    """The figures and header as frozen at approval."""
    return {
        "values": compute_values(organisation_id=organisation.pk, year=year, kind=kind),
        "header": header_of(organisation, year),
        "computed_at": timezone.now().isoformat(),
    }


def notes_for(kind: str) -> list[str]:
    """What the report assumes, shown with it (the same as this module's docstring)."""
    notes = [
        _(
            "Staff: the active accounts holding the role of CIS/KIS staff or social worker in the organisation when "
            "the figures were computed; working time and the basis of employment are not recorded."
        ),
        _(
            "Participants: each stay taking part at some time in the year counts once (a stay still only referred "
            "is left out); a person with two stays in the year counts twice."
        ),
        _(
            "Groups of art. 1 ust. 2: a participant recorded under several groups counts in each of them, as the "
            "template counts people per group, so the total is not the sum of the rows."
        ),
        _(
            "Economically independent: participants who left in the year for paid work — supported employment, "
            "employment with an employer, own business, founding or joining a social cooperative, other paid "
            "work."
        ),
        _("Classes: the hours planned in the participants' monthly programmes for the months of the year, by kind."),
    ]
    if kind == ReportKind.CIS:
        notes.append(
            _(
                "Finances: only the integration benefits, motivation bonuses and contributions paid for months of "
                "the year are recorded (the latest paid version of each month). The subsidies received, the other "
                "items of the financial plan and the preliminary plan for the current year are not recorded in "
                "Kooperacja: fill them in on the official form (Dz.U. 2017 poz. 97)."
            )
        )
    else:
        notes.append(
            _(
                "Finances: a KIS pays no integration benefit; the settlement of subsidies (art. 18a ust. 6) is not "
                "recorded in Kooperacja: fill it in on the report by hand."
            )
        )
    return notes


@dataclass
class Row:
    figure: Figure
    value: str


def blocks_of(kind: str, values: dict[str, str]) -> list[tuple[str, list[Row]]]:
    """The report's blocks with their rows, in the template's order."""
    blocks = []
    for block, title in BLOCKS:
        rows = [
            Row(figure=figure, value=values.get(figure.key, "0"))
            for figure in figures_for(kind)
            if figure.block == block
        ]
        if rows:
            blocks.append((str(title), rows))
    return blocks
