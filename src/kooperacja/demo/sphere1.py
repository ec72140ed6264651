"""Sphere 1 of the demo region: needs in every state, a diagnosis round with a signed and an amended plan,
CIS/KIS programmes and cohorts, participants in every state, a finished matching run and referrals through
to a hire with its 3-month follow-up. Built through the product's services; idempotent."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.admission import services as admission
from kooperacja.benefits import services as benefits
from kooperacja.catalogue.models import ServiceType
from kooperacja.demo.builders import pesel_for
from kooperacja.demo.outcomes import demo_outcomes
from kooperacja.demo.referrals import demo_referral, demo_waiting_referrals
from kooperacja.placement import services as placement
from kooperacja.placement.models import MatchingRun, Proposal, ProposalStatus, Referral, ReferralStatus, RunStatus
from kooperacja.registry.models import Organisation
from kooperacja.staffing import services as staffing
from kooperacja.staffing.models import DiagnosisRound, NeedStatus, PlanStatus, StaffingNeed
from kooperacja.territory.models import Unit
from kooperacja.training import services as training
from kooperacja.training.models import Participation, ParticipationStatus, TrainingProgramme

ROUND_TITLE = "Wspólna diagnoza potrzeb kadrowych usług społecznych — Grudziądz"


def _user(username):
    return get_user_model().objects.get(username=username)


def _card(code):
    return ServiceType.objects.get(code=code).current_version


# provider key, card code, position, headcount, qualification codes, start in days, target state, municipality
NEEDS = [
    ("ss-opiekunka", "uslugi-opiekuncze", "Opiekunka środowiskowa", 5, ["UO-1", "UO-2"], 45, "open", "0462011"),
    (
        "ss-opiekunka",
        "asystencja-osobista",
        "Asystent osobisty osoby z niepełnosprawnością",
        2,
        ["AO-2"],
        60,
        "open",
        "0462011",
    ),
    ("ss-opiekunka", "opieka-wytchnieniowa", "Opiekun w opiece wytchnieniowej", 2, ["OW-2"], 90, "draft", "0462011"),
    (
        "ss-smak",
        "posilki-catering-spoleczny",
        "Pomoc kuchenna w cateringu społecznym",
        2,
        ["PO-2", "PO-3"],
        40,
        "open",
        "0406012",
    ),
    ("ss-smak", "posilki-catering-spoleczny", "Kierowca dowozu posiłków", 1, ["PO-4"], 40, "withdrawn", "0406012"),
    ("ss-janow", "uslugi-opiekuncze", "Opiekunka środowiskowa", 1, ["UO-1"], 30, "open", "0605053"),
    ("ss-janow", "uslugi-opiekuncze", "Opiekunka środowiskowa (zastępstwo)", 1, ["UO-1"], 30, "open", "0605063"),
    ("pes-batorz", "drobne-naprawy-zlota-raczka", "Pracownik „złotej rączki”", 1, ["ZR-1"], 30, "expired", "0605012"),
]

# first name, last name, home, CIS/KIS key, categories of art. 1 ust. 2 (comma-separated), state,
# qualification codes, commute km
PEOPLE = [
    ("Maria", "Adamska", "0462011", "cis-grudziadz", "long_term_unemployed", "ready", ["UO-1", "UO-2"], 20),
    (
        "Halina",
        "Borowska",
        "0462011",
        "cis-grudziadz",
        "disabled,long_term_unemployed",
        "ready",
        ["UO-1", "UO-2", "UO-5"],
        15,
    ),
    ("Teresa", "Czarnecka", "0462011", "cis-grudziadz", "long_term_unemployed", "ready", ["AO-2", "UO-2"], 25),
    ("Renata", "Dudek", "0462011", "kis-grudziadz", "homeless,alcohol", "ready", ["PO-2", "PO-3"], 30),
    ("Elżbieta", "Górska", "0462011", "cis-grudziadz", "alcohol", "active", ["UO-2"], 20),
    ("Jolanta", "Kubiak", "0462011", "cis-grudziadz", "mental", "trial", [], 10),
    ("Danuta", "Lis", "0462011", "cis-grudziadz", "former_prisoner", "referred", [], 10),
    ("Grażyna", "Michalak", "0462011", "cis-grudziadz", "long_term_unemployed", "completed", ["UO-1"], 20),
    ("Irena", "Nowicka", "0462011", "kis-grudziadz", "drugs", "terminated", [], 10),
    ("Zofia", "Rutkowska", "0462011", "cis-grudziadz", "long_term_unemployed", "ready", ["UO-1", "UO-2"], 20),
    ("Barbara", "Sikora", "0462011", "kis-grudziadz", "disabled", "ready", ["AO-2"], 15),
    ("Alicja", "Tomaszewska", "0462011", "cis-grudziadz", "long_term_unemployed", "ready", ["UO-1", "UO-2"], 20),
    ("Stanisław", "Ostrowski", "0605053", "cis-janow", "long_term_unemployed", "ready", ["UO-1"], 20),
    ("Wiesława", "Pietrzak", "0605063", "kis-modliborzyce", "disabled", "ready", ["UO-1", "UO-2"], 25),
]

# The document behind each qualification the demo people hold: its kind and who issued it.
EVIDENCE = {
    "UO-1": ("diploma", "Okręgowa Komisja Egzaminacyjna w Gdańsku"),
    "UO-2": ("certificate", "Polski Czerwony Krzyż, Oddział Rejonowy w Grudziądzu"),
    "AO-2": ("certificate", "Polski Czerwony Krzyż, Oddział Rejonowy w Grudziądzu"),
    "UO-5": ("certificate", "Centrum Kształcenia Ustawicznego w Grudziądzu"),
    "PO-2": ("certificate", "Lekarz medycyny pracy, Przychodnia Medycyny Pracy w Grudziądzu"),
    "PO-3": ("certificate", "Wojewódzka Stacja Sanitarno-Epidemiologiczna w Bydgoszczy"),
}


def demo_sphere1_load(organisations: dict[str, Organisation]) -> None:
    if DiagnosisRound.objects.filter(title=ROUND_TITLE).exists():
        return  # already loaded
    today = timezone.localdate()
    coordinator = _user("koordynator")
    managers = {"ss-opiekunka": _user("manager.pes"), "ss-janow": _user("manager.pes.janow")}
    admin = _user("admin")

    needs = []
    for key, card_code, position, headcount, codes, start_in, state, municipality in NEEDS:
        actor = managers.get(key, admin)
        need = staffing.need_create(
            actor=actor,
            data={
                "provider": organisations[key],
                "card_version": _card(card_code),
                "position": position,
                "headcount": headcount,
                "required_qualifications": codes,
                "working_time": "full_time",
                "hours_per_week": 40,
                "start_date": today + timedelta(days=start_in),
                "municipality": municipality,
                "pay_min": 5000,
                "pay_max": 5600,
                "conditions": "Umowa o pracę, praca w dni robocze, szkolenie stanowiskowe na start.",
            },
        )
        if state != "draft":
            staffing.need_publish(actor=actor, need=need)
        if state == "withdrawn":
            staffing.need_withdraw(actor=actor, need=need, note="Zatrudniono osobę spoza programu.")
        if state == "expired":
            staffing.need_expire(actor=actor, need=need)
        needs.append(need)

    # Joint diagnosis for the city of Grudziądz, a plan signed by every partner, then amended.
    partner_keys = ["ss-opiekunka", "cis-grudziadz", "kis-grudziadz", "pup-grudziadz", "owes-most"]
    diagnosis = staffing.round_open(
        actor=coordinator,
        data={
            "title": ROUND_TITLE,
            "territory": Unit.objects.get(code="0462011"),
            "period_start": date(today.year + 1, 1, 1),
            "period_end": date(today.year + 1, 12, 31),
            "coordinator_organisation": organisations["mops-grudziadz"],
            "partners": [organisations[k] for k in partner_keys],
        },
    )
    staffing.round_contribute_needs(actor=managers["ss-opiekunka"], diagnosis_round=diagnosis, needs=needs[:2])
    staffing.direction_add(
        actor=coordinator,
        diagnosis_round=diagnosis,
        data={
            "service_type": ServiceType.objects.get(code="uslugi-opiekuncze"),
            "description": "Rozwój usług opiekuńczych w miejscu zamieszkania dla osób starszych.",
            "additional_staff": 3,
            "quarter": f"{today.year + 1}-Q2",
        },
    )
    plan = staffing.plan_generate(actor=coordinator, diagnosis_round=diagnosis)
    signers = {
        "mops-grudziadz": coordinator,
        "ss-opiekunka": managers["ss-opiekunka"],
        "cis-grudziadz": _user("kadra.cis"),
        "kis-grudziadz": _user("kadra.kis"),
        "pup-grudziadz": _user("partner.pup"),
        "owes-most": _user("doradca.owes"),
    }
    for key, signer in signers.items():
        staffing.plan_sign(actor=signer, plan=plan, organisation=organisations[key])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED
    amended = staffing.plan_amend(actor=coordinator, plan=plan, reason="Nowa potrzeba w asystencji osobistej.")
    for key in ("mops-grudziadz", "ss-opiekunka", "cis-grudziadz"):
        staffing.plan_sign(actor=signers[key], plan=amended, organisation=organisations[key])

    # Programmes and cohorts.
    cis_staff, kis_staff, janow_staff = _user("kadra.cis"), _user("kadra.kis"), _user("kadra.cis.janow")
    cis_programme = training.programme_create_from_card(
        actor=cis_staff,
        organisation=organisations["cis-grudziadz"],
        card_version=_card("uslugi-opiekuncze"),
        name="Opiekunka środowiskowa — kurs CIS",
    )
    kis_programme = training.programme_create_from_card(
        actor=kis_staff,
        organisation=organisations["kis-grudziadz"],
        card_version=_card("asystencja-osobista"),
        name="Asystent osobisty — kurs KIS",
    )
    cohort = training.cohort_create(
        actor=cis_staff,
        programme=cis_programme,
        data={
            "name": f"Opiekunki środowiskowe {today.year}/1",
            "start_date": today - timedelta(days=60),
            "end_date": today + timedelta(days=20),
            "seats": 12,
            "instructors": "Joanna Wiśniewska, Zofia Jabłońska",
            "municipality": "0462011",
            "address": "ul. Warsztatowa 3, Grudziądz",
        },
    )
    # A finished cohort: its graduates completed the card's CIS course, which meets UO-1 (course or evidence).
    finished_cohort = training.cohort_create(
        actor=cis_staff,
        programme=cis_programme,
        data={
            "name": f"Opiekunki środowiskowe {today.year}/0",
            "start_date": today - timedelta(days=140),
            "end_date": today - timedelta(days=30),
            "seats": 12,
            "instructors": "Joanna Wiśniewska",
            "municipality": "0462011",
            "address": "ul. Warsztatowa 3, Grudziądz",
        },
    )
    training.cohort_link_plan_lines(
        actor=cis_staff,
        cohort=cohort,
        lines=[line for line in amended.lines.all() if line.service_type.code == "uslugi-opiekuncze"],
    )
    training.cohort_create(
        actor=kis_staff,
        programme=kis_programme,
        data={
            "name": f"Asystenci osobiści {today.year + 1}/1",
            "start_date": today + timedelta(days=30),
            "end_date": today + timedelta(days=120),
            "seats": 10,
            "instructors": "Marek Zieliński",
            "municipality": "0462011",
            "address": "ul. Klubowa 12, Grudziądz",
        },
    )
    training.programme_create_from_card(
        actor=janow_staff,
        organisation=organisations["cis-janow"],
        card_version=_card("uslugi-opiekuncze"),
        name="Opiekunka środowiskowa — kurs CIS Janów",
    )

    # Participants in every state.
    staff_of = {
        "cis-grudziadz": cis_staff,
        "kis-grudziadz": kis_staff,
        "cis-janow": janow_staff,
        "kis-modliborzyce": _user("admin"),
    }
    # Every participant came with a referral of the OPS of their home municipality, issued after its social
    # worker's community interview and accepted by the CIS/KIS, which enrolled them from it.
    # A KIS may admit a person entitled to a pension for inability to work (art. 1 ust. 3a); everyone else was
    # checked to be entitled to none of the benefits of art. 1 ust. 3.
    pensioners = {"Pietrzak"}
    for index, (first, last, home, key, categories, state, codes, commute) in enumerate(PEOPLE):
        organisation, actor = organisations[key], staff_of[key]
        start = today - timedelta(days=150 if state in ("ready", "completed", "terminated", "active") else 10)
        referral = demo_referral(
            organisations,
            home=home,
            target=organisation,
            person={
                "pesel": pesel_for(date(1970 + index * 2, 1 + index % 12, 3 + index), 100 + index, first.endswith("a")),
                "first_name": first,
                "last_name": last,
                "phone": f"+48 600 000 {100 + index}",
            },
            categories=categories.split(","),
            issued_on=start - timedelta(days=14),
            number=index + 1,
        )
        participation = admission.referral_accept(
            actor=actor,
            referral=referral,
            person_data={
                "email": f"{last.lower()}@example.org".replace("ł", "l").replace("ż", "z").replace("ó", "o"),
            },
            participation_data={
                "categories": categories.split(","),
                "exclusions": ["disability_pension"] if last in pensioners else [],
                "exclusions_none": last not in pensioners,
                "plan_reference": f"{'IPZS' if organisation.kind == 'cis' else 'KS'}/{today.year}/{index + 1:03d}",
                "plan_signed_on": start - timedelta(days=3),
                "start_date": start,
                "planned_end_date": start + timedelta(days=330),
                "commute_limit_km": commute,
                "available_from": today,
                "working_time": "full_time",
                "consent_to_share": state in ("ready", "active"),
                "preferred_services": [],
            },
        )
        if state == "referred":
            continue
        if organisation.kind == "cis":
            training.participation_start_trial(actor=actor, participation=participation)
        if state == "trial":
            continue
        training.participation_activate(actor=actor, participation=participation)
        if index == 1 and organisation.kind == "cis":
            training.participation_disability_set(actor=actor, participation=participation, degree="moderate")
        _demo_attendance(actor, participation, index, today)
        if key == "cis-grudziadz" and state == "ready" and "UO-1" in codes:
            # Graduates of the finished cohort: the course, not a diploma, is what meets UO-1.
            training.cohort_enrol(actor=actor, cohort=finished_cohort, participation=participation)
            for module in cis_programme.modules.all():
                training.module_complete(
                    actor=actor, participation=participation, module=module, completed_on=today - timedelta(days=35)
                )
            training.course_completion_record(
                actor=actor,
                participation=participation,
                programme=cis_programme,
                completed_on=today - timedelta(days=30),
            )
            codes = [code for code in codes if code != "UO-1"]
        elif key == "cis-grudziadz" and state in ("ready", "active"):
            training.cohort_enrol(actor=actor, cohort=cohort, participation=participation)
            for module in list(cis_programme.modules.all())[:3]:
                training.module_complete(
                    actor=actor, participation=participation, module=module, completed_on=today - timedelta(days=20)
                )
        for code in codes:
            evidence, issuer = EVIDENCE.get(code, EVIDENCE["UO-1"])
            training.qualification_gain(
                actor=actor,
                participation=participation,
                code=code,
                issued_on=today - timedelta(days=15),
                evidence=evidence,
                certificate_number=f"ZAS/{today.year}/{index:02d}-{code}",
                issuer=issuer,
            )
        if state == "ready" and last == "Adamska":
            # The CIS manager extends a stay beyond its base period (the decision is on the participant's page).
            training.participation_extend(
                actor=actor,
                participation=participation,
                decided_on=today,
                new_planned_end=participation.planned_end_date + timedelta(days=120),
                justification="Uczestniczka kończy kurs opiekunki środowiskowej; przedłużenie do egzaminu.",
            )
        if state == "ready":
            training.participation_confirm_ready(actor=actor, participation=participation)
        elif state == "completed":
            # The outcome on the exit day: a job found without the platform, followed up 3 and 6 months on.
            training.participation_exit(
                actor=actor,
                participation=participation,
                reason="employment",
                outcome=training.OutcomeInput(
                    kind="employment",
                    started_on=today,
                    organisation_name="Dom Pomocy Społecznej w Grudziądzu",
                    note="Umowa o pracę na stanowisku opiekunki, pełny etat.",
                ),
            )
        elif state == "terminated":
            training.participation_exit(actor=actor, participation=participation, reason="withdrew")

    demo_outcomes(staff_of, organisations, today)
    demo_waiting_referrals(organisations, today)
    _demo_matching(coordinator, managers)
    _demo_benefits(staff_of, organisations, today)


def _finished_run(coordinator, territory_code: str) -> list[Proposal]:
    run = placement.run_start(actor=coordinator, territory=Unit.objects.get(code=territory_code))
    if run.status == RunStatus.QUEUED:  # with the immediate task backend (tests) it has already run
        placement.run_execute(run_id=run.pk)
    return list(Proposal.objects.filter(run=run).select_related("need", "participation").order_by("id"))


def _demo_matching(coordinator, managers) -> None:
    """Finished matching runs for Grudziądz and for the county of Janów, and referrals in every state."""
    today = timezone.localdate()
    proposals = _finished_run(coordinator, "0462")
    manager = managers["ss-opiekunka"]
    # Each proposal of the Grudziądz run ends in a different state of the referral workflow.
    steps = ["hired", "sent", "rejected", "declined", "withdrawn", "interview", "proposed"]
    for proposal, target in zip(proposals, steps, strict=False):
        if target == "rejected":
            placement.proposal_reject(actor=coordinator, proposal=proposal, note="Osoba wybrała inną ofertę.")
            continue
        referral = placement.proposal_accept(actor=coordinator, proposal=proposal)
        if target == "proposed":
            continue
        if target == "withdrawn":
            placement.referral_withdraw(actor=coordinator, referral=referral, note="Zmiana planów uczestniczki.")
            continue
        placement.referral_send(actor=coordinator, referral=referral)
        if target == "sent":
            continue
        placement.referral_interview(actor=manager, referral=referral)
        if target == "declined":
            placement.referral_decline(actor=manager, referral=referral, note="Wybrano innego kandydata.")
        elif target == "hired":
            # The story's hire was a hundred days ago, so the person was referred before that.
            referral.created_at = timezone.now() - timedelta(days=120)
            Referral.objects.filter(pk=referral.pk).update(created_at=referral.created_at)
            placement.referral_hire(actor=manager, referral=referral, hired_on=today - timedelta(days=100))
            follow_up = referral.follow_ups.earliest("months_after")  # the hire has just created them
            placement.follow_up_record(actor=coordinator, follow_up=follow_up, still_employed=True, note="Pracuje.")
    # Janów: one hire fills its need; the other proposal waits for the coordinator.
    janow = _finished_run(_user("koordynator.janow"), "0605")
    if janow:
        referral = placement.proposal_accept(actor=_user("koordynator.janow"), proposal=janow[0])
        placement.referral_send(actor=_user("koordynator.janow"), referral=referral)
        placement.referral_interview(actor=managers["ss-janow"], referral=referral)
        placement.referral_hire(actor=managers["ss-janow"], referral=referral, hired_on=today)


def demo_sphere1_summary() -> dict[str, int]:
    return {
        "needs": StaffingNeed.objects.count(),
        "participations": Participation.objects.count(),
        "programmes": TrainingProgramme.objects.count(),
        "runs": MatchingRun.objects.count(),
        "referrals": Referral.objects.count(),
        "states": len(set(StaffingNeed.objects.values_list("status", flat=True))),
        "participation_states": len(set(Participation.objects.values_list("status", flat=True))),
        "referral_states": len(set(Referral.objects.values_list("status", flat=True))),
        "proposal_states": len(set(Proposal.objects.values_list("status", flat=True))),
    }


__all__ = ["NeedStatus", "ParticipationStatus", "ProposalStatus", "ReferralStatus", "demo_sphere1_load", "pesel_for"]


def _demo_attendance(actor, participation, index: int, today: date) -> None:
    """The last calendar month and this month until yesterday, day by day: a CIS participant every working day
    (7 h, one sick day and one excused absence), a KIS participant 4 h on Tuesdays and Thursdays (a KIS has no
    statutory weekly hours)."""
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    start, end = training.participation_period(participation)
    first, last = max(first, start), min(today - timedelta(days=1), end)
    monday = first - timedelta(days=first.weekday())
    sick = date(first.year, first.month, 10 + index % 5)
    excused = date(first.year, first.month, 20 + index % 5)
    while monday <= last:
        cells = {}
        for offset in range(5):
            day = monday + timedelta(days=offset)
            if not first <= day <= last:
                continue
            if participation.kind == "cis":
                kind, hours = ("sick", "") if day == sick else ("excused", "") if day == excused else ("present", "7")
            elif day.weekday() in (1, 3):
                kind, hours = "present", "4"
            else:
                continue
            cells[(participation.pk, day)] = (kind, hours)
        if cells:
            training.attendance_week_save(
                actor=actor,
                organisation=participation.organisation,
                monday=monday,
                participations=[participation],
                cells=cells,
            )
        monday += timedelta(days=7)


def _demo_benefits(staff_of, organisations, today: date) -> None:
    """Last month's integration benefit of each CIS, computed from the daily attendance: Grudziądz with a
    motivation bonus, approved and paid; Janów left as a draft."""
    last_month = today.replace(day=1) - timedelta(days=1)
    for key in ("cis-grudziadz", "cis-janow"):
        month = benefits.benefit_month_compute(
            actor=staff_of[key], organisation=organisations[key], year=last_month.year, month=last_month.month
        )
        line = month.lines.order_by("id").first()
        if key != "cis-grudziadz" or line is None:
            continue
        benefits.benefit_line_set_bonus(actor=staff_of[key], line=line, amount="150.00")
        try:
            benefits.benefit_month_move(actor=staff_of[key], benefit_month=month, target="approved")
        except ValidationError:
            continue  # someone's working days are not all recorded: the list stays a draft
        benefits.benefit_month_move(actor=staff_of[key], benefit_month=month, target="paid")
