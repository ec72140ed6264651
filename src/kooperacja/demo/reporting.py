"""The demo's previous year, for its yearly reports: the other demo stays all began within the last months, so the
CIS and the KIS of Grudziądz get a few former participants whose stays began and ended in the previous year (one
with two groups of art. 1 ust. 2, exits for work, a social cooperative and a withdrawal, with their outcomes), the
CIS with its April attendance, classes and integration benefit paid; then each gets its report for the previous
year, prepared and approved by its staff."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.admission import services as admission
from kooperacja.benefits import services as benefits
from kooperacja.benefits.calculation import public_holidays
from kooperacja.demo.builders import pesel_for
from kooperacja.demo.referrals import demo_referral
from kooperacja.registry.models import Organisation
from kooperacja.reintegration import services as reintegration
from kooperacja.reporting import services as reporting
from kooperacja.reporting.models import AnnualReport
from kooperacja.training import services as training
from kooperacja.training.models import Participation

# (first name, last name, organisation, groups, began (month, day), left (month, day), exit reason, outcome, where)
FORMER = (
    (
        "Teresa",
        "Wróblewska",
        "cis-grudziadz",
        "long_term_unemployed,disabled",
        (1, 8),
        (9, 30),
        "employment",
        "employment",
        "Przedsiębiorstwo Gospodarki Komunalnej w Grudziądzu Sp. z o.o.",
    ),
    (
        "Krystyna",
        "Zawadzka",
        "cis-grudziadz",
        "homeless",
        (2, 3),
        (11, 28),
        "cooperative",
        "cooperative_joined",
        "Spółdzielnia Socjalna „Nadwiślańskie Usługi”",
    ),
    ("Henryk", "Baran", "cis-grudziadz", "alcohol", (3, 3), (6, 30), "withdrew", "", ""),
    (
        "Janina",
        "Szczepańska",
        "kis-grudziadz",
        "long_term_unemployed",
        (2, 3),
        (10, 31),
        "employment",
        "employment",
        "Hurtownia „Pomorze” w Grudziądzu",
    ),
    ("Roman", "Wilk", "kis-grudziadz", "mental", (3, 3), (9, 30), "period_expired", "none", ""),
)
STAFF = {"cis-grudziadz": "kadra.cis", "kis-grudziadz": "kadra.kis"}
BENEFIT_MONTH = 4  # April: every former CIS participant took part; the current demo stays began months later


def _user(username):
    return get_user_model().objects.get(username=username)


def previous_year() -> int:
    return timezone.localdate().year - 1


def _reference(organisation: Organisation, year: int, index: int) -> str:
    return f"{'IPZS' if organisation.kind == 'cis' else 'KS'}/{year}/{901 + index:03d}"


def demo_former_participants_load(organisations: dict[str, Organisation]) -> list[Participation]:
    """The former participants of the previous year (loaded once), their attendance in April and April's
    integration benefit (approved and paid) and classes. Their stays end after the benefit month is paid."""
    year = previous_year()
    made: list[Participation] = []
    if Participation.objects.filter(plan_reference=_reference(organisations["cis-grudziadz"], year, 0)).exists():
        return made
    for index, (first, last, key, groups, began, *_rest) in enumerate(FORMER):
        organisation, actor = organisations[key], _user(STAFF[key])
        start = date(year, *began)
        referral = demo_referral(
            organisations,
            home="0462011",
            target=organisation,
            person={
                "pesel": pesel_for(date(1968 + index * 3, 2 + index, 10 + index), 200 + index, first.endswith("a")),
                "first_name": first,
                "last_name": last,
                "phone": f"+48 600 000 {200 + index}",
            },
            categories=groups.split(","),
            issued_on=start - timedelta(days=14),
            number=900 + index,
        )
        participation = admission.referral_accept(
            actor=actor,
            referral=referral,
            person_data={},
            participation_data={
                "categories": groups.split(","),
                "exclusions": [],
                "exclusions_none": True,
                "plan_reference": _reference(organisation, year, index),
                "plan_signed_on": start - timedelta(days=3),
                "start_date": start,
                "planned_end_date": start + timedelta(days=300),
                "commute_limit_km": 20,
                "working_time": "full_time",
                "consent_to_share": False,
                "preferred_services": [],
            },
        )
        if organisation.kind == "cis":
            training.participation_start_trial(actor=actor, participation=participation)
        training.participation_activate(actor=actor, participation=participation)
        made.append(participation)
    cis = organisations["cis-grudziadz"]
    _april_attendance(cis, [p for p in made if p.organisation_id == cis.pk], year)
    staff = _user(STAFF["cis-grudziadz"])
    month = benefits.benefit_month_compute(actor=staff, organisation=cis, year=year, month=BENEFIT_MONTH)
    line = month.lines.order_by("id").first()
    if line is not None:
        benefits.benefit_line_set_bonus(actor=staff, line=line, amount="120.00")
    benefits.benefit_month_move(actor=staff, benefit_month=month, target="approved")
    benefits.benefit_month_move(actor=staff, benefit_month=month, target="paid")
    _april_classes(made)
    for participation, (*_names, key, _groups, _began, left, reason, outcome, where) in zip(made, FORMER, strict=True):
        exit_date = date(year, *left)
        training.participation_exit(
            actor=_user(STAFF[key]),
            participation=participation,
            reason=reason,
            exit_date=exit_date,
            outcome=training.OutcomeInput(
                kind=outcome, started_on=exit_date if outcome != "none" else None, organisation_name=where
            )
            if outcome
            else None,
        )
    return made


def _april_attendance(cis: Organisation, participations: list[Participation], year: int) -> None:
    """Every working day of April (public holidays excepted), 7 hours."""
    holidays = public_holidays(year)
    staff = _user(STAFF["cis-grudziadz"])
    day = date(year, BENEFIT_MONTH, 1)
    weeks: dict[date, dict] = {}
    while day.month == BENEFIT_MONTH:
        if day.weekday() < 5 and day not in holidays:
            monday = day - timedelta(days=day.weekday())
            for participation in participations:
                weeks.setdefault(monday, {})[(participation.pk, day)] = ("present", "7")
        day += timedelta(days=1)
    for monday, cells in weeks.items():
        training.attendance_week_save(
            actor=staff, organisation=cis, monday=monday, participations=participations, cells=cells
        )


def _april_classes(participations: list[Participation]) -> None:
    """April's classes of the former CIS participants (a vocational workshop and therapy)."""
    admin = _user("admin")
    for participation in participations:
        if participation.kind != "cis":
            continue
        for kind, description, hours in (
            ("vocational_workshop", "Warsztat opiekuńczy", Decimal(80)),
            ("therapy", "Terapia grupowa", Decimal(8)),
        ):
            reintegration.planned_class_add(
                actor=admin,
                participation=participation,
                month=date(participation.start_date.year, BENEFIT_MONTH, 1),
                kind=kind,
                description=description,
                instructor=None,
                hours=hours,
            )


def demo_reports_load(organisations: dict[str, Organisation]) -> list[AnnualReport]:
    """The previous year's reports of the CIS and the KIS of Grudziądz, prepared and approved by their staff."""
    year = previous_year()
    made = []
    for key, username in STAFF.items():
        organisation = organisations[key]
        if AnnualReport.objects.filter(organisation=organisation, year=year).exists():
            continue
        staff = _user(username)
        report = reporting.annual_report_prepare(actor=staff, organisation=organisation, year=year)
        made.append(reporting.annual_report_approve(actor=staff, report=report))
    return made
