"""The two sides of the attacker suite.

The victim is the demo region (Grudziądz, kujawsko-pomorskie, and Janów Lubelski, lubelskie) built by
``kooperacja.demo.loader.demo_load`` through the product's own services; as the demo grows, so does what the
suite attacks. The attackers are ordinary accounts of unrelated institutions in Kraków (małopolskie), one
per role, each with a second account it controls and an API token, built through the same services as any
legitimate set-up. Nothing here bypasses a service except reading the database to take fingerprints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.accounts.models import ApiToken, Membership
from kooperacja.accounts.roles import Role
from kooperacja.accounts.services import api_token_create
from kooperacja.admission.models import AdmissionReferral
from kooperacja.agreements.models import (
    Agreement,
    AgreementParty,
    Amendment,
    ContactRequest,
    Obligation,
    ProgrammeOffer,
    Signatory,
)
from kooperacja.benefits.models import BenefitLine, BenefitMonth
from kooperacja.catalogue.models import ServiceType
from kooperacja.commissioning.models import Contract, ContractPeriod, Offer, Order, Score
from kooperacja.cooperatives.models import Franchisee
from kooperacja.core.crypto import decrypt
from kooperacja.core.jobs import job_fail_stale
from kooperacja.delivery.models import DeliveryReport, DriftAlert, DriftRule, ReportImport
from kooperacja.demo.builders import pesel_for
from kooperacja.demo.loader import ORGANISATIONS, demo_load
from kooperacja.founding.models import BusinessPlan, FoundingGroup, FoundingMember, PlanComment, RegistrationStep
from kooperacja.launches.models import Application as LaunchApplication
from kooperacja.launches.models import Launch, LaunchPartner, PreparationSession, SessionResult
from kooperacja.notifications.models import Notification
from kooperacja.placement.models import FollowUp, MatchingRun, Proposal, Referral, ReferralStatus
from kooperacja.readiness.models import AssessmentItem, EvidenceFile, ReadinessAssessment, ReadinessDecision
from kooperacja.registry import services as registry
from kooperacja.registry.models import (
    ContactPerson,
    Organisation,
    OrganisationKind,
    RegisterTerm,
    SocialEnterpriseStatus,
    Workshop,
)
from kooperacja.registry.services import membership_grant
from kooperacja.reintegration.models import Action, Goal, IndividualProgramme, PlannedClass, ProgrammeChange
from kooperacja.reporting.models import AnnualReport
from kooperacja.selection import hosts as selection_hosts
from kooperacja.selection import services as selection_services
from kooperacja.selection.models import Appeal as SelectionAppeal
from kooperacja.selection.models import Assessor as SelectionAssessor
from kooperacja.selection.models import Criterion as SelectionCriterion
from kooperacja.selection.models import Entry as SelectionEntry
from kooperacja.selection.models import Score as SelectionScore
from kooperacja.selection.models import Selection
from kooperacja.staffing import services as staffing
from kooperacja.staffing.models import (
    DevelopmentDirection,
    DiagnosisRound,
    PlanSignoff,
    RoundNeed,
    RoundPartner,
    StaffingNeed,
    StaffingPlan,
)
from kooperacja.training import services as training
from kooperacja.training.models import (
    Attendance,
    Cohort,
    CourseCompletion,
    ImportJob,
    ModuleCompletion,
    Participation,
    Person,
    QualificationGained,
    TrainingProgramme,
)
from tests.selection.hosts import make_host as make_selection_host

KRAKOW = "1261011"  # city of Kraków (małopolskie): far from both demo counties
GRUDZIADZ = "0462011"
JANOW = "0605053"

K = OrganisationKind
# key -> (kind, name) of the attacker institutions, all in Kraków.
ATTACKER_ORGANISATIONS = {
    "cis": (K.CIS, "Centrum Integracji Społecznej „Podgórze” (atak)"),
    "kis": (K.KIS, "Klub Integracji Społecznej „Nowa Huta” (atak)"),
    "coop": (K.SOCIAL_COOPERATIVE, "Spółdzielnia Socjalna „Kazimierz” (atak)"),
    "ops": (K.OPS, "Miejski Ośrodek Pomocy Społecznej w Krakowie (atak)"),
    "pup": (K.PUP, "Grodzki Urząd Pracy w Krakowie (atak)"),
    "owes": (K.OWES, "Małopolski Ośrodek Wsparcia Ekonomii Społecznej (atak)"),
    "uw": (K.VOIVODE_OFFICE, "Małopolski Urząd Wojewódzki (atak)"),
}
# role -> the attacker institutions where the persona holding it works.
ROLE_ORGANISATIONS = {
    Role.COORDINATOR: ("ops",),
    Role.SOCIAL_WORKER: ("ops",),
    Role.PZS_STAFF: ("cis", "kis"),
    Role.PES_MANAGER: ("coop",),
    Role.OWES_ADVISOR: ("owes",),
    Role.PARTNER_WORKER: ("pup",),
    Role.REGISTER_OFFICER: ("uw",),
    Role.PILOT_EXPERT: ("cis",),
    Role.QUALITY_SPECIALIST: ("owes",),
    Role.LEARNING_OUTCOMES_EXPERT: ("owes",),
    Role.ANALYST: ("uw",),
    Role.CATALOGUE_EDITOR: ("owes",),
}
# The second account each persona controls holds this role next to it (the humblest one).
SECOND_ACCOUNT_ROLE = Role.PARTNER_WORKER
NO_MEMBERSHIP = "no_membership"
ANONYMOUS = "anonymous"
PERSONAS = [role.value for role in Role] + [NO_MEMBERSHIP, ANONYMOUS]

# The demo institutions whose records the URL table points at (keys of ``kooperacja.demo.loader``).
SAMPLE_ORGANISATION_KEYS = ("cis-grudziadz", "kis-modliborzyce", "ss-opiekunka", "mops-grudziadz", "uw-bydgoszcz")


@dataclass
class Persona:
    name: str
    user: object | None  # None: anonymous
    second: object | None  # the second account it controls
    organisations: list  # its own (attacker) organisations
    token: str | None  # an API token of its own


@dataclass
class Victims:
    """The demo institutions and the objects of theirs that attackers aim at, by kind and state."""

    organisation_ids: set[int]
    organisations: dict[str, Organisation]  # demo key -> organisation
    samples: dict[str, list]  # kind -> [(label, object)]
    territory_prefixes: tuple[str, ...]  # counties and voivodeships of the victims


@dataclass
class SecurityWorld:
    victims: Victims
    personas: dict[str, Persona]
    attacker_organisations: dict[str, Organisation]
    attacker_person_pesel: str
    extra: dict = field(default_factory=dict)

    def persona(self, name: str) -> Persona:
        return self.personas[name]


# --- the victim ------------------------------------------------------------------------------------------


def _victim_import_jobs(organisation: Organisation, staff) -> list[ImportJob]:
    """A finished and a failed participants import of the victim CIS, through the import services."""
    today = timezone.localdate()
    header = "pesel;first_name;last_name;home_municipality;eligibility;exclusions;referral_date;plan_reference;"
    header += "plan_signed_on;start_date;planned_end_date;phone;email\n"
    jobs = []
    for serial, (first, last) in enumerate((("Weronika", "Zawadzka"), ("Bożena", "Jasińska"))):
        pesel = pesel_for(date(1975 + serial, 4, 9), 700 + serial, True)
        start = today + timedelta(days=400 + serial)
        row = (
            f"{pesel};{first};{last};{GRUDZIADZ};homeless;none;{start - timedelta(days=14)};IPZS/IMP/{serial};"
            f"{start - timedelta(days=3)};{start};{start + timedelta(days=300)};+48 600 000 9{serial}1;"
            f"{last.lower()}.import@example.org\n"
        )
        job = training.import_job_create(
            actor=staff,
            kind="participants",
            organisation=organisation,
            file_name=f"uczestnicy-{serial}.csv",
            content=(header + row).encode("utf-8"),
            language="en",
        )
        jobs.append(job)
    training.import_job_process(job_id=jobs[0].pk)
    # The second import's worker never picked it up: the stale-import sweep marks it failed.
    job_fail_stale(ImportJob, now=timezone.now() + timedelta(days=1))
    for job in jobs:
        job.refresh_from_db()
    return jobs


# A selection host of the attacker's suite (the selection app is generic; its hosts come later): the victim's
# CIS staff manage its selections, and an entry's label is a victim participant's name.
PROBE_KIND = "probe"
selection_hosts.register(make_selection_host(PROBE_KIND))


def _victim_selections(organisation: Organisation, staff, person) -> list[Selection]:
    """A draft selection and a ranked one with a pending appeal, of the victim's CIS."""
    made = []
    for title, ranked in (("Nabór w przygotowaniu", False), ("Nabór grupy założycielskiej", True)):
        selection = selection_services.selection_create(
            actor=staff,
            kind=PROBE_KIND,
            owner=organisation,
            subject_key=f"probe:{title}",
            title=title,
            places=1,
            tie_rule="criteria_order",
            appeal_days=14,
        )
        criterion = selection_services.criterion_add(
            actor=staff, selection=selection, name="Motywacja", description="", weight=1, max_points=10
        )
        made.append(selection)
        if not ranked:
            continue
        selection_services.selection_publish(actor=staff, selection=selection, version=selection.version)
        entries = [
            selection_services.entry_add(
                selection=selection,
                subject_key=f"person:{person.pk}:{number}",
                label=f"{person.first_name} {person.last_name}",
                submitted_at=timezone.now() - timedelta(days=number),
            )
            for number in (1, 2)
        ]
        selection_services.assessor_add(actor=staff, selection=selection, user=staff)
        selection_services.selection_start_scoring(actor=staff, selection=selection, version=selection.version)
        for points, (entry, _code) in zip((7, 4), entries, strict=True):
            selection_services.score_set(actor=staff, entry=entry, criterion=criterion, points=points)
        selection_services.selection_rank(actor=staff, selection=selection, version=selection.version)
        entry, code = entries[1]
        selection_services.appeal_submit(entry=entry, reason="Proszę o ponowną ocenę.", access_code=code)
    return made


def _one_per(queryset, attribute: str, label=None) -> list:
    """The first row of each value of ``attribute`` (each state, each organisation), with a label."""
    seen, picked = set(), []
    for row in queryset:
        value = getattr(row, attribute)
        if value not in seen:
            seen.add(value)
            picked.append((label(row) if label else f"{attribute}={value}", row))
    return picked


def _victims() -> Victims:
    demo_load()
    by_name = {name: key for key, _kind, name, *_rest in ORGANISATIONS}
    organisations = {by_name[o.name]: o for o in Organisation.objects.filter(name__in=by_name)}
    organisation_ids = {o.pk for o in organisations.values()}
    user_model = get_user_model()
    users = {u.username: u for u in user_model.objects.filter(memberships__organisation_id__in=organisation_ids)}

    # Records the demo does not make yet, made for the victim through the services: an API token of its
    # coordinator and two imports of its CIS (one done, one failed).
    api_token_create(user=users["koordynator"], name="raporty gminy")
    _victim_import_jobs(organisations["cis-grudziadz"], users["kadra.cis"])
    ReportImport.objects.create(
        provider=organisations["ss-opiekunka"],
        file_name="realizacja.csv",
        started_by=users["manager.pes"],
        status="done",
    )
    # The services notify on commit, which never comes while the world is built: notifications of two victims.
    Notification.objects.bulk_create(
        Notification(
            recipient=users[username],
            kind="demo",
            title="A notification of %(who)s.",
            params={"who": username},
            link="/",
        )
        for username in ("koordynator", "kadra.cis")
    )

    victim_person = Person.objects.filter(organisation=organisations["cis-grudziadz"]).order_by("id").first()
    selections = _victim_selections(organisations["cis-grudziadz"], users["kadra.cis"], victim_person)

    sample_orgs = [(key, organisations[key]) for key in SAMPLE_ORGANISATION_KEYS]
    orgs = Organisation.objects.filter(pk__in=organisation_ids)
    samples = {
        "organisation": sample_orgs,
        "workshop": _one_per(
            Workshop.objects.filter(organisation__in=orgs).select_related("organisation").order_by("id"),
            "organisation_id",
            lambda w: f"{w.organisation.name}: {w.name}",
        ),
        "contact": _one_per(
            ContactPerson.objects.filter(organisation__in=orgs).select_related("organisation").order_by("id"),
            "organisation_id",
            lambda c: f"{c.organisation.name}: contact {c.pk}",
        ),
        "register_term": _one_per(
            RegisterTerm.objects.filter(organisation__in=orgs).select_related("organisation").order_by("id"),
            "organisation_id",
            lambda t: f"{t.organisation.name}: register term {t.number}",
        ),
        "social_enterprise_status": _one_per(
            SocialEnterpriseStatus.objects.filter(organisation__in=orgs).select_related("organisation").order_by("id"),
            "organisation_id",
            lambda t: f"{t.organisation.name}: social enterprise status {t.pk}",
        ),
        "membership": [
            (f"{key}: membership {m.pk} ({m.role})", m)
            for key, organisation in sample_orgs
            for m in Membership.objects.filter(organisation=organisation).select_related("organisation")[:1]
        ],
        "token": [(f"token of {t.user.username}", t) for t in ApiToken.objects.filter(user__in=users.values())],
        "notification": _one_per(
            Notification.objects.filter(recipient__in=users.values()).select_related("recipient").order_by("id"),
            "recipient_id",
            lambda n: f"notification of {n.recipient.username}",
        ),
        "need": _one_per(StaffingNeed.objects.filter(provider__in=orgs).order_by("id"), "status"),
        "round": [(r.title, r) for r in DiagnosisRound.objects.filter(coordinator_organisation__in=orgs)],
        "plan": [
            (f"plan v{p.number} ({p.status})", p)
            for p in StaffingPlan.objects.filter(round__coordinator_organisation__in=orgs).order_by("id")
        ],
        "programme": [(p.name, p) for p in TrainingProgramme.objects.filter(organisation__in=orgs).order_by("id")],
        "cohort": [(c.name, c) for c in Cohort.objects.filter(programme__organisation__in=orgs).order_by("id")],
        "participation": _one_per(
            Participation.objects.filter(organisation__in=orgs).order_by("organisation__municipality_id", "id"),
            "status",
        )
        + [
            (f"participation in {p.organisation.name}", p)
            for p in Participation.objects.filter(organisation=organisations["kis-modliborzyce"])[:1]
        ],
        "import_job": _one_per(ImportJob.objects.filter(organisation__in=orgs).order_by("id"), "status"),
        "planned_class": list(
            {
                line.participation.organisation_id: (f"classes in {line.participation.organisation_id}", line)
                for line in PlannedClass.objects.filter(participation__organisation__in=orgs)
                .select_related("participation")
                .order_by("-id")
            }.values()
        ),
        "benefit_month": _one_per(BenefitMonth.objects.filter(organisation__in=orgs).order_by("id"), "state"),
        "annual_report": _one_per(AnnualReport.objects.filter(organisation__in=orgs).order_by("id"), "kind"),
        "admission_referral": _one_per(
            AdmissionReferral.objects.filter(referring_organisation__in=orgs).order_by("id"), "status"
        ),
        "delivery_contract": _one_per(Contract.objects.filter(provider__in=orgs).order_by("id"), "provider_id"),
        "delivery_report": _one_per(DeliveryReport.objects.filter(provider__in=orgs).order_by("id"), "status"),
        "drift_alert": [
            (f"drift alert {a.pk}", a) for a in DriftAlert.objects.filter(provider__in=orgs).order_by("id")
        ],
        "delivery_import": [
            (f"delivery import {job.pk}", job) for job in ReportImport.objects.filter(provider__in=orgs).order_by("id")
        ],
        "commissioning_order": _one_per(Order.objects.filter(commissioner__in=orgs).order_by("id"), "status"),
        "commissioning_offer": _one_per(Offer.objects.filter(bidder__in=orgs).order_by("id"), "status"),
        "commissioning_contract": _one_per(Contract.objects.filter(commissioner__in=orgs).order_by("id"), "status"),
        # Readiness of the victims' providers (one per state), their decisions and the evidence files.
        "readiness_assessment": _one_per(
            ReadinessAssessment.objects.filter(provider__in=orgs).order_by("id"), "status"
        ),
        "readiness_decision": _one_per(ReadinessDecision.objects.filter(provider__in=orgs).order_by("id"), "status"),
        "readiness_evidence": [
            (f"evidence {file.file_name}", file)
            for file in EvidenceFile.objects.filter(assessment__provider__in=orgs)
            .select_related("assessment")
            .defer("content_encrypted")
            .order_by("id")[:2]
        ],
        "offer": _one_per(ProgrammeOffer.objects.filter(organisation__in=orgs).order_by("id"), "status"),
        # The founding groups of the victims' launches (one per state), a founder of each, a comment on a plan.
        "founding_group": _one_per(
            FoundingGroup.objects.filter(launch__owner__in=orgs).select_related("launch").order_by("id"), "state"
        ),
        "founding_member": _one_per(
            FoundingMember.objects.filter(group__launch__owner__in=orgs).select_related("group").order_by("id"),
            "group_id",
        ),
        "founding_comment": _one_per(
            PlanComment.objects.filter(plan__group__launch__owner__in=orgs)
            .select_related("plan__group")
            .order_by("id"),
            "plan_id",
        ),
        "franchisee": _one_per(
            Franchisee.objects.filter(organisation__in=orgs).select_related("model").order_by("id"), "state"
        ),
        "contact_request": _one_per(ContactRequest.objects.filter(requester__in=orgs).order_by("id"), "status"),
        "agreement": _one_per(
            Agreement.objects.filter(parties__organisation__in=orgs).distinct().order_by("id"), "status"
        ),
        "obligation": _one_per(
            Obligation.objects.filter(agreement__parties__organisation__in=orgs)
            .select_related("agreement")
            .distinct()
            .order_by("id"),
            "status",
        ),
        # Launches of the victims' municipalities (one per state), their invitations, applications and sessions.
        "launch": _one_per(Launch.objects.filter(owner__in=orgs).order_by("id"), "state"),
        "launch_partner": _one_per(
            LaunchPartner.objects.filter(launch__owner__in=orgs).select_related("launch").order_by("id"), "state"
        ),
        "launch_application": _one_per(
            LaunchApplication.objects.filter(call__launch__owner__in=orgs)
            .select_related("call__launch")
            .order_by("id"),
            "state",
        ),
        "launch_session": [
            (f"session {session.pk}", session)
            for session in PreparationSession.objects.filter(launch__owner__in=orgs)
            .select_related("launch")
            .order_by("id")[:2]
        ],
        "benefit_line": [
            (f"benefit line {line.pk}", line)
            for line in BenefitLine.objects.filter(benefit_month__organisation__in=orgs).order_by("id")[:2]
        ],
        "selection": [(f"selection {selection.title} ({selection.state})", selection) for selection in selections],
        "selection_criterion": [
            (f"criterion of {c.selection.title}", c)
            for c in SelectionCriterion.objects.filter(selection__in=selections).select_related("selection")
        ],
        "selection_assessor": [
            (f"assessor of {a.selection.title}", a)
            for a in SelectionAssessor.objects.filter(selection__in=selections).select_related("selection")
        ],
        "selection_appeal": [
            (f"appeal {a.pk}", a)
            for a in SelectionAppeal.objects.filter(entry__selection__in=selections).select_related("entry__selection")
        ],
        # Nobody but the demo has run matching or decided anything yet: every run, proposal and referral
        # is the victims'.
        "run": [(f"run {r.territory_id}", r) for r in MatchingRun.objects.order_by("id")],
        "proposal": _one_per(Proposal.objects.order_by("id"), "status"),
        "referral": _one_per(Referral.objects.order_by("id"), "status"),
        "hired_referral": [
            (f"hired referral {r.pk}", r) for r in Referral.objects.filter(status=ReferralStatus.HIRED).order_by("id")
        ],
    }
    counties = {code[:4] for code in orgs.values_list("municipality_id", flat=True)}
    prefixes = tuple(sorted(counties | {code[:2] for code in counties}))
    return Victims(
        organisation_ids=organisation_ids, organisations=organisations, samples=samples, territory_prefixes=prefixes
    )


# --- the attackers ---------------------------------------------------------------------------------------


def _attacker_user(username: str, first_name: str, last_name: str):
    return get_user_model().objects.create_user(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@atak.example.com",
        password="Atak-2026-haslo",
    )


def _attackers(today: date) -> tuple[dict[str, Organisation], dict[str, Persona], str]:
    organisations = {}
    for index, (key, (kind, name)) in enumerate(ATTACKER_ORGANISATIONS.items()):
        organisations[key] = registry.organisation_create(
            actor=None,
            data={
                "name": name,
                "kind": kind,
                "municipality": KRAKOW,
                "city": "Kraków",
                "street": f"ul. Testowa {index + 1}",
                "postal_code": "30-001",
                "email": f"{key}@atak.example.com",
            },
        )
    personas: dict[str, Persona] = {}
    for role, keys in ROLE_ORGANISATIONS.items():
        slug = role.value.replace("_", "-")
        user = _attacker_user(f"atak-{slug}", "Krzysztof", f"Krakowiak-{slug}")
        second = _attacker_user(f"atak-{slug}-bis", "Kazimiera", f"Krakowiak-{slug}-bis")
        for key in keys:
            membership_grant(actor=None, organisation=organisations[key], user=user, role=role)
            membership_grant(actor=None, organisation=organisations[key], user=second, role=SECOND_ACCOUNT_ROLE)
        personas[role.value] = Persona(
            name=role.value,
            user=user,
            second=second,
            organisations=[organisations[key] for key in keys],
            token=api_token_create(user=user, name="atak")[1],
        )
    loner = _attacker_user("atak-bez-czlonkostwa", "Krzysztof", "Krakowiak-bez")
    second = _attacker_user("atak-bez-czlonkostwa-bis", "Kazimiera", "Krakowiak-bez-bis")
    personas[NO_MEMBERSHIP] = Persona(
        name=NO_MEMBERSHIP,
        user=loner,
        second=second,
        organisations=[],
        token=api_token_create(user=loner, name="atak")[1],
    )
    personas[ANONYMOUS] = Persona(name=ANONYMOUS, user=None, second=None, organisations=[], token=None)

    # Data of their own, so that their pages render with content.
    staff = personas[Role.PZS_STAFF.value].user
    pesel = pesel_for(date(1991, 5, 6), 901, True)
    training.participant_enrol(
        actor=staff,
        organisation=organisations["cis"],
        person_data={
            "pesel": pesel,
            "first_name": "Krystyna",
            "last_name": "Wawelska",
            "home_municipality": KRAKOW,
            "phone": "+48 12 345 67 89",
            "email": "wawelska@atak.example.com",
        },
        participation_data={
            "categories": ["long_term_unemployed"],
            "exclusions_none": True,
            "referral_date": today - timedelta(days=20),
            "plan_reference": "IPZS/KRK/1",
            "plan_signed_on": today - timedelta(days=12),
            "start_date": today - timedelta(days=10),
            "planned_end_date": today + timedelta(days=200),
            "working_time": "full_time",
        },
    )
    manager = personas[Role.PES_MANAGER.value].user
    need = staffing.need_create(
        actor=manager,
        data={
            "provider": organisations["coop"],
            "card_version": ServiceType.objects.get(code="uslugi-opiekuncze").current_version,
            "position": "Opiekunka w Krakowie",
            "headcount": 1,
            "required_qualifications": [],
            "working_time": "full_time",
            "hours_per_week": 40,
            "start_date": today + timedelta(days=30),
            "municipality": KRAKOW,
        },
    )
    staffing.need_publish(actor=manager, need=need)
    for key in ("cis", "coop"):
        registry.contact_create(
            actor=None,
            organisation=organisations[key],
            data={"full_name": "Kinga Smok", "position": "kierowniczka", "email": f"smok.{key}@atak.example.com"},
        )
    return organisations, personas, pesel


def build() -> SecurityWorld:
    """Load the demo region (the victim) and set up the attacker institutions in Kraków."""
    victims = _victims()
    organisations, personas, pesel = _attackers(timezone.localdate())
    return SecurityWorld(
        victims=victims, personas=personas, attacker_organisations=organisations, attacker_person_pesel=pesel
    )


# --- what must never reach an attacker -------------------------------------------------------------------


@dataclass(frozen=True)
class Needle:
    """A piece of a victim's personal data: ``text`` is matched case-insensitively in text, ``digits``
    against runs of digits (separators ignored)."""

    owner: str
    what: str
    text: str = ""
    digits: str = ""


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _phone(owner: str, phone: str) -> list[Needle]:
    digits = _digits(phone)
    # The national number (the last nine digits) is found with or without the country code.
    return [Needle(owner, "phone", digits=digits[-9:])] if len(digits) >= 7 else []


def _email(owner: str, email: str) -> list[Needle]:
    return [Needle(owner, "e-mail", text=email)] if email else []


def _names(owner: str, first: str, last: str) -> list[Needle]:
    first, last = first.strip(), last.strip()
    if not first or not last:
        return []
    return [
        Needle(owner, "name", text=f"{first} {last}"),
        Needle(owner, "name", text=f"{last} {first}"),
        Needle(owner, "name", text=f"{last}, {first}"),
    ]


def victim_needles(world: SecurityWorld) -> list[Needle]:
    """Participants of the victim institutions (name, PESEL, phone, e-mail), their contact persons (name,
    phone, e-mail) and the users who are their members (name, e-mail)."""
    organisation_ids = world.victims.organisation_ids
    needles: list[Needle] = []
    persons = Person.objects.filter(organisation_id__in=organisation_ids)
    for person in persons:
        owner = f"participant {person.first_name} {person.last_name}"
        needles += _names(owner, person.first_name, person.last_name)
        needles.append(Needle(owner, "PESEL", digits=decrypt(person.pesel_encrypted)))
        needles += _phone(owner, person.phone) + _email(owner, person.email)
    # People referred by the victims' OPS (and not admitted yet): the same data, in the referral.
    for referral in AdmissionReferral.objects.filter(referring_organisation_id__in=organisation_ids):
        owner = f"referred person {referral.first_name} {referral.last_name}"
        needles += _names(owner, referral.first_name, referral.last_name)
        needles.append(Needle(owner, "PESEL", digits=decrypt(referral.pesel_encrypted)))
        needles += _phone(owner, referral.phone)
    # Candidates of the victims' launches (a paper application or a participant put forward).
    for application in LaunchApplication.objects.filter(call__launch__owner_id__in=organisation_ids):
        owner = f"candidate {application.first_name} {application.last_name}"
        needles += _names(owner, application.first_name, application.last_name)
        needles.append(Needle(owner, "PESEL", digits=decrypt(application.pesel_encrypted)))
        needles += _phone(owner, application.phone)
    contacts = ContactPerson.objects.filter(organisation_id__in=organisation_ids)
    # What an organisation published as its public contact is public on purpose.
    published = {contact.full_name for contact in contacts if contact.is_public}
    for contact in contacts.filter(is_public=False):
        owner = f"contact person {contact.full_name}"
        needles.append(Needle(owner, "name", text=contact.full_name))
        needles += _phone(owner, contact.phone) + _email(owner, contact.email)
    users = get_user_model().objects.filter(memberships__organisation_id__in=organisation_ids).distinct()
    for user in users:
        owner = f"member {user.username}"
        if f"{user.first_name} {user.last_name}" not in published:
            needles += _names(owner, user.first_name, user.last_name)
        needles += _email(owner, user.email)
    return needles


# --- the victim's data, to tell whether a write reached it ------------------------------------------------


def fingerprint(world: SecurityWorld) -> dict[str, frozenset]:
    """Every victim row that a write could touch, with the columns a write would change. Rows that refer
    to a victim record (a new need of a victim provider, a referral of a victim participant, a run over
    a victim territory) count as the victim's too, so creations show up as well as changes."""
    ids = world.victims.organisation_ids
    territory = _territory_q(world.victims.territory_prefixes)
    participations = Participation.objects.filter(organisation_id__in=ids)
    needs = StaffingNeed.objects.filter(provider_id__in=ids)
    rounds = DiagnosisRound.objects.filter(coordinator_organisation_id__in=ids)
    runs = MatchingRun.objects.filter(territory)
    referrals = Referral.objects.filter(participation__in=participations) | Referral.objects.filter(need__in=needs)
    agreements = Agreement.objects.filter(
        pk__in=AgreementParty.objects.filter(organisation_id__in=ids).values("agreement_id")
    )
    tables = {
        "organisation": (
            Organisation.objects.filter(pk__in=ids),
            ("name", "kind", "municipality_id", "is_active", "version", "updated_at"),
        ),
        "register term": (
            RegisterTerm.objects.filter(organisation_id__in=ids),
            ("number", "status", "term_start", "term_end", "ended_on", "updated_at"),
        ),
        "social enterprise status": (
            SocialEnterpriseStatus.objects.filter(organisation_id__in=ids),
            ("state", "valid_from", "valid_to", "revoked_on", "updated_at"),
        ),
        "workshop": (Workshop.objects.filter(organisation_id__in=ids), ("name", "capacity", "municipality_id")),
        "contact person": (
            ContactPerson.objects.filter(organisation_id__in=ids),
            ("full_name", "position", "email", "phone"),
        ),
        "membership": (Membership.objects.filter(organisation_id__in=ids), ("user_id", "role")),
        "user": (
            get_user_model().objects.filter(memberships__organisation_id__in=ids).distinct(),
            ("username", "email", "is_active", "password"),
        ),
        "API token": (ApiToken.objects.filter(user__memberships__organisation_id__in=ids).distinct(), ("revoked_at",)),
        "staffing need": (needs, ("status", "version", "filled_count", "updated_at")),
        "round": (rounds, ("title", "status")),
        "round partner": (
            RoundPartner.objects.filter(round__in=rounds) | RoundPartner.objects.filter(organisation_id__in=ids),
            ("round_id", "organisation_id", "contributed_at"),
        ),
        "round need": (
            RoundNeed.objects.filter(round__in=rounds) | RoundNeed.objects.filter(need__in=needs),
            ("round_id", "need_id"),
        ),
        "direction": (DevelopmentDirection.objects.filter(round__in=rounds), ("description", "additional_staff")),
        "plan": (StaffingPlan.objects.filter(round__in=rounds), ("number", "status", "updated_at")),
        "plan sign-off": (
            PlanSignoff.objects.filter(plan__round__in=rounds) | PlanSignoff.objects.filter(organisation_id__in=ids),
            ("plan_id", "organisation_id"),
        ),
        "programme": (TrainingProgramme.objects.filter(organisation_id__in=ids), ("name",)),
        "cohort": (
            Cohort.objects.filter(programme__organisation_id__in=ids),
            ("name", "seats", "start_date", "end_date", "municipality_id"),
        ),
        "cohort member": (
            Participation.cohorts.through.objects.filter(cohort__programme__organisation_id__in=ids)
            | Participation.cohorts.through.objects.filter(participation__in=participations),
            ("cohort_id", "participation_id"),
        ),
        "person": (
            Person.objects.filter(organisation_id__in=ids),
            ("first_name", "last_name", "phone", "email", "pesel_index", "version"),
        ),
        "participation": (participations, ("status", "version", "consent_to_share", "updated_at")),
        "attendance": (Attendance.objects.filter(participation__in=participations), ("day", "kind", "hours")),
        "module completion": (
            ModuleCompletion.objects.filter(participation__in=participations),
            ("module_id", "completed_on"),
        ),
        "qualification": (
            QualificationGained.objects.filter(person__organisation_id__in=ids),
            ("code", "issued_on", "certificate_number", "issuer"),
        ),
        "course completion": (
            CourseCompletion.objects.filter(participation__in=participations),
            ("card_version_id", "variant", "completed_on"),
        ),
        "import": (ImportJob.objects.filter(organisation_id__in=ids), ("status", "rows_done")),
        "benefit month": (BenefitMonth.objects.filter(organisation_id__in=ids), ("state", "version", "computed_at")),
        "benefit line": (
            BenefitLine.objects.filter(benefit_month__organisation_id__in=ids),
            ("bonus", "to_pay", "benefit_month_id"),
        ),
        "annual report": (
            AnnualReport.objects.filter(organisation_id__in=ids),
            ("status", "version", "frozen_at", "submitted_on"),
        ),
        "admission referral": (
            AdmissionReferral.objects.filter(referring_organisation_id__in=ids),
            ("status", "version", "first_name", "opinion", "participation_id", "updated_at"),
        ),
        "delivery report": (
            DeliveryReport.objects.filter(provider_id__in=ids),
            ("status", "version", "units_delivered", "is_current", "revision", "updated_at"),
        ),
        "drift alert": (DriftAlert.objects.filter(provider_id__in=ids), ("status", "note", "updated_at")),
        "drift rule": (DriftRule.objects.filter(contract__provider_id__in=ids), ("threshold_percent", "version")),
        "order": (
            Order.objects.filter(commissioner_id__in=ids),
            ("status", "version", "title", "offer_deadline", "awarded_offer_id", "updated_at"),
        ),
        "offer": (
            Offer.objects.filter(bidder_id__in=ids) | Offer.objects.filter(order__commissioner_id__in=ids),
            ("status", "version", "unit_price", "rank", "updated_at"),
        ),
        "score": (Score.objects.filter(offer__order__commissioner_id__in=ids), ("points", "evaluator_id")),
        "contract": (
            Contract.objects.filter(commissioner_id__in=ids) | Contract.objects.filter(provider_id__in=ids),
            ("status", "version", "value", "signed_on", "updated_at"),
        ),
        "contract period": (
            ContractPeriod.objects.filter(contract__commissioner_id__in=ids),
            ("planned_units", "planned_value"),
        ),
        "readiness assessment": (
            ReadinessAssessment.objects.filter(provider_id__in=ids),
            ("status", "version", "summary", "visit_findings", "updated_at"),
        ),
        "readiness item": (
            AssessmentItem.objects.filter(assessment__provider_id__in=ids),
            ("answer", "comment", "assessor_note"),
        ),
        "readiness evidence": (EvidenceFile.objects.filter(assessment__provider_id__in=ids), ("file_name", "size")),
        "readiness decision": (
            ReadinessDecision.objects.filter(provider_id__in=ids),
            ("status", "version", "conditions_met_on", "updated_at"),
        ),
        # A request the attackers send about a published offer is theirs: the victims' own requests are counted.
        "programme offer": (
            ProgrammeOffer.objects.filter(organisation_id__in=ids),
            ("status", "version", "title", "updated_at"),
        ),
        "contact request": (
            ContactRequest.objects.filter(requester_id__in=ids),
            ("status", "version", "answer", "agreement_id"),
        ),
        "agreement": (agreements, ("status", "version", "subject", "valid_to", "review_on", "updated_at")),
        "agreement party": (
            AgreementParty.objects.filter(organisation_id__in=ids)
            | AgreementParty.objects.filter(agreement__in=agreements),
            ("organisation_id", "signed_at"),
        ),
        "obligation": (Obligation.objects.filter(agreement__in=agreements), ("status", "description", "done_at")),
        "signatory": (Signatory.objects.filter(agreement__in=agreements), ("name", "function")),
        "amendment": (Amendment.objects.filter(agreement__in=agreements), ("number", "summary")),
        "founding group": (
            FoundingGroup.objects.filter(launch__owner_id__in=ids),
            ("state", "version", "cooperative_model_id", "organisation_id"),
        ),
        "founding member": (
            FoundingMember.objects.filter(group__launch__owner_id__in=ids),
            ("left_on", "leave_reason", "organisation_id"),
        ),
        "business plan": (BusinessPlan.objects.filter(group__launch__owner_id__in=ids), ("state", "version")),
        "plan comment": (PlanComment.objects.filter(plan__group__launch__owner_id__in=ids), ("text", "resolved_at")),
        "registration step": (
            RegistrationStep.objects.filter(group__launch__owner_id__in=ids),
            ("kind", "done_on", "krs_number"),
        ),
        "launch": (
            Launch.objects.filter(owner_id__in=ids),
            ("state", "version", "title", "description", "agreement_id", "updated_at"),
        ),
        "launch partner": (
            LaunchPartner.objects.filter(launch__owner_id__in=ids),
            ("state", "version", "answered_at", "decline_reason"),
        ),
        "launch application": (
            LaunchApplication.objects.filter(call__launch__owner_id__in=ids),
            ("state", "version", "first_name", "last_name", "withdraw_reason"),
        ),
        "launch session": (
            PreparationSession.objects.filter(launch__owner_id__in=ids),
            ("title", "hours", "starts_on"),
        ),
        "launch result": (
            SessionResult.objects.filter(session__launch__owner_id__in=ids),
            ("hours_attended", "result", "score"),
        ),
        "matching run": (runs, ("status", "territory_id")),
        "proposal": (
            Proposal.objects.filter(run__in=runs)
            | Proposal.objects.filter(participation__in=participations)
            | Proposal.objects.filter(need__in=needs),
            ("status", "need_id", "participation_id", "updated_at"),
        ),
        "referral": (referrals, ("status", "hired_on", "updated_at")),
        "follow-up": (FollowUp.objects.filter(referral__in=referrals), ("still_employed", "recorded_at")),
        "individual programme": (
            IndividualProgramme.objects.filter(participation__in=participations),
            ("status", "version", "situation", "complaint_lodged_on"),
        ),
        "programme goal": (Goal.objects.filter(programme__participation__in=participations), ("description",)),
        "programme action": (
            Action.objects.filter(goal__programme__participation__in=participations),
            ("description", "done_on"),
        ),
        "planned classes": (
            PlannedClass.objects.filter(participation__in=participations),
            ("kind", "hours", "instructor_id"),
        ),
        "selection": (
            Selection.objects.filter(owner_id__in=ids),
            ("state", "version", "title", "places", "appeal_deadline", "confirmed_at", "updated_at"),
        ),
        "selection criterion": (
            SelectionCriterion.objects.filter(selection__owner_id__in=ids),
            ("name", "weight", "max_points", "position"),
        ),
        "selection assessor": (SelectionAssessor.objects.filter(selection__owner_id__in=ids), ("user_id",)),
        "selection entry": (
            SelectionEntry.objects.filter(selection__owner_id__in=ids),
            ("label", "withdrawn_at", "access_code_hash"),
        ),
        "selection score": (
            SelectionScore.objects.filter(entry__selection__owner_id__in=ids),
            ("points", "comment", "assessor_id"),
        ),
        "selection appeal": (
            SelectionAppeal.objects.filter(entry__selection__owner_id__in=ids),
            ("state", "decision_reason", "decided_by_id"),
        ),
        "programme change": (
            ProgrammeChange.objects.filter(programme__participation__in=participations),
            ("description",),
        ),
    }
    return {name: frozenset(queryset.values_list("pk", *columns)) for name, (queryset, columns) in tables.items()}


def _territory_q(prefixes):
    from django.db.models import Q

    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(territory__code__startswith=prefix)
    return condition


def fingerprint_changes(before: dict[str, frozenset], after: dict[str, frozenset]) -> list[str]:
    """What changed between two fingerprints, one line per table: rows added, removed and changed."""
    lines = []
    for name in before:
        old = {row[0]: row for row in before[name]}
        new = {row[0]: row for row in after[name]}
        added = sorted(set(new) - set(old))
        removed = sorted(set(old) - set(new))
        changed = sorted(pk for pk in set(old) & set(new) if old[pk] != new[pk])
        parts = []
        if added:
            parts.append(f"added {added[:5]}")
        if removed:
            parts.append(f"removed {removed[:5]}")
        if changed:
            parts.append("changed " + ", ".join(f"{pk}: {old[pk][1:]} -> {new[pk][1:]}" for pk in changed[:3]))
        if parts:
            lines.append(f"{name} " + "; ".join(parts))
    return lines


# --- the attackers' reach --------------------------------------------------------------------------------


def reach(world: SecurityWorld, names: Iterable[str] | None = None) -> dict:
    """Where the attackers (each with its second account) stand: the place and kind of their organisations,
    the victims' people enrolled in them, and per persona its (organisation, role) pairs and account flags."""
    attacker_org_ids = {o.pk for o in world.attacker_organisations.values()}
    victim_records = world.victims.organisation_ids
    result = {
        "organisations": set(
            Organisation.objects.filter(pk__in=attacker_org_ids).values_list("name", "kind", "municipality_id")
        ),
        # A victim institution's person record linked to an attacker's organisation (by a participation).
        "victim people in attacker organisations": set(
            Participation.objects.filter(
                organisation_id__in=attacker_org_ids, person__organisation_id__in=victim_records
            ).values_list("person__first_name", "person__last_name", "organisation__name")
        ),
    }
    for name in names if names is not None else world.personas:
        persona = world.personas[name]
        if persona.user is None:
            continue
        users = [persona.user.pk, persona.second.pk]
        result[f"{name}: roles"] = set(
            Membership.objects.filter(user_id__in=users).values_list("organisation__name", "role")
        )
        result[f"{name}: account flags"] = set(
            get_user_model()
            .objects.filter(pk__in=users)
            .values_list("username", "is_staff", "is_superuser", "is_active")
        )
    return result


def reach_gained(before: dict, after: dict) -> list[str]:
    """What an attacker holds now that it did not hold before (losing something is not a gain)."""
    lines = []
    for key, now in after.items():
        gained = now - before.get(key, set())
        if gained:
            lines.append(f"{key}: now {sorted(gained)} (was {sorted(before.get(key, set()) - now)})")
    return lines
