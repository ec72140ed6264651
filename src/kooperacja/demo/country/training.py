"""The training rows of the planned stays: persons (PESEL encrypted with its blind index, as the training app does
it), participations with their timelines, programmes, cohorts, enrolments, modules, qualifications, attendance."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext

from kooperacja.core.dates import add_months, week_monday
from kooperacja.demo.builders import pesel_for
from kooperacja.demo.country import names
from kooperacja.demo.country.cards import Card
from kooperacja.demo.country.stays import ELIGIBILITY, Stay
from kooperacja.demo.country.world import Org, World, day_between, largest_remainder, moment, public_id
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_value
from kooperacja.registry.models import OrganisationKind
from kooperacja.training.models import (
    FOLLOWED_UP_OUTCOMES,
    Attendance,
    Cohort,
    CourseCompletion,
    ExitOutcome,
    ExitReason,
    ModuleCompletion,
    OutcomeFollowUp,
    OutcomeKind,
    Participation,
    ParticipationCategory,
    ParticipationEvent,
    Person,
    QualificationGained,
    TrainingProgramme,
)
from kooperacja.training.models import ParticipationStatus as S
from kooperacja.training.services.persons import person_set_pesel

K = OrganisationKind
ATTENDANCE = 1_000_000
ENROLLED_SHARE = 0.45

PERSON_COLUMNS = (
    "id", "public_id", "organisation_id", "first_name", "last_name", "pesel_encrypted", "pesel_index", "birth_date",
    "home_municipality_id", "phone", "email", "version", "created_at",
)  # fmt: skip
PARTICIPATION_COLUMNS = (
    "id", "public_id", "person_id", "organisation_id", "kind", "exclusion", "exclusions_checked_by_id",
    "exclusions_checked_at", "referred_by_id", "referral_date",
    "plan_reference", "plan_signed_on", "trial_start", "trial_end", "start_date", "planned_end_date", "exit_date",
    "exit_reason", "status", "ready_confirmed_by_id", "ready_confirmed_at", "commute_limit_km", "available_from",
    "working_time", "consent_to_share", "consent_recorded_at", "version", "created_at", "updated_at",
)  # fmt: skip


def persons_write(world: World, stays: list[Stay]) -> int:
    rng = world.rng("persons")

    def rows():
        for stay in stays:
            first, last = names.person_name(rng, female=stay.female)
            person = Person()
            person_set_pesel(person, pesel_for(stay.birth, stay.serial, stay.female))
            email = f"{names.ascii_slug(f'{first} {last}')}.{stay.person_id}@example.org" if rng.random() < 0.6 else ""
            phone = f"+48 {rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
            yield (
                stay.person_id, public_id(rng), stay.org.id, first, last, person.pesel_encrypted, person.pesel_index,
                person.birth_date, stay.home.code, phone, email, 1, moment(stay.path[0][1], rng),
            )  # fmt: skip

    return world.writer.write(Person, PERSON_COLUMNS, rows())


def _note(state: str, stay: Stay) -> str:
    if state == S.REFERRED:
        return gettext("Enrolled")
    if state == S.PLACED:
        return gettext("Hired by a provider")
    if state in (S.COMPLETED, S.TERMINATED):
        return str(ExitReason(stay.exit_reason).label)
    return ""


def participations_write(world: World, stays: list[Stay]) -> dict[str, int]:
    rng = world.rng("participations")
    referrers: dict[str, list[int | None]] = {}
    for org in world.by_kind[K.OPS] + world.by_kind[K.CUS]:
        referrers.setdefault(org.county, []).append(org.id)
        referrers.setdefault(org.voivodeship, []).append(org.id)
    numbers: dict[int, int] = {}
    events = []
    preferred = []
    categories: list[tuple[int, str]] = []
    # A stream of its own, so that the other rows stay as they were: about one stay in ten has a second category.
    category_rng = world.rng("categories")
    category_codes = list(ELIGIBILITY)
    service_types = sorted({card.service_type_id for card in world.cards})

    def rows():
        for stay in stays:
            org = stay.org
            staff = world.user_of(org.id, "pzs_staff", "social_worker")
            numbers[org.id] = numbers.get(org.id, 0) + 1
            reference = f"{'IPZS' if org.kind == K.CIS else 'KS'}/{stay.start.year}/{numbers[org.id]:04d}"
            sources = referrers.get(org.county) or referrers.get(org.voivodeship) or [None]
            created = moment(stay.path[0][1], rng)
            at = created
            for index, (state, day) in enumerate(stay.path):
                at = max(moment(day, rng), at) if index else created
                events.append((stay.id, stay.path[index - 1][0] if index else "", state, staff, _note(state, stay), at))
            ready_at = moment(stay.ready_on, rng) if stay.ready_on else None
            consent = stay.was_ready or rng.random() < 0.3
            if stay.was_ready and rng.random() < 0.4:
                for service_type in rng.sample(service_types, k=min(len(service_types), rng.randint(1, 2))):
                    preferred.append((stay.id, service_type))
            categories.append((stay.id, stay.eligibility))
            if category_rng.random() < 0.1:
                second = category_rng.choice(category_codes)
                if second != stay.eligibility:
                    categories.append((stay.id, second))
            # Staff checked at enrolment that no exclusion of art. 1 ust. 3 applies.
            yield (
                stay.id, public_id(rng), stay.person_id, org.id, org.kind, "", staff, created, rng.choice(sources),
                stay.referral_date, reference, stay.signed_on, stay.start if stay.trial_end else None, stay.trial_end,
                stay.start, stay.planned_end, stay.exit_date, stay.exit_reason, stay.status,
                staff if ready_at else None, ready_at, stay.commute_km,
                stay.ready_on + timedelta(days=rng.randint(0, 14)) if stay.ready_on else None, stay.working_time,
                consent, (ready_at or created) if consent else None, 1, created, at,
            )  # fmt: skip

    written = world.writer.write(Participation, PARTICIPATION_COLUMNS, rows())
    ids = world.writer.ids(ParticipationEvent, len(events))
    world.writer.write(
        ParticipationEvent,
        ("id", "participation_id", "from_state", "to_state", "actor_id", "note", "at"),
        ((event_id, *event) for event_id, event in zip(ids, events, strict=True)),
    )
    ids = world.writer.ids(ParticipationCategory, len(categories))
    world.writer.write(
        ParticipationCategory,
        ("id", "participation_id", "category"),
        ((row_id, *row) for row_id, row in zip(ids, categories, strict=True)),
    )
    through = Participation.preferred_services.through
    ids = world.writer.ids(through, len(preferred))
    world.writer.write(
        through,
        ("id", "participation_id", "servicetype_id"),
        ((row_id, *row) for row_id, row in zip(ids, preferred, strict=True)),
    )
    return {
        "participations": written,
        "participation categories": len(categories),
        "participation events": len(events),
        "preferred services": len(preferred),
    }


class _Cohort:
    def __init__(self, cohort_id: int, card: Card, variant: str, start: date, end: date, seats: int):
        self.id, self.card, self.variant, self.start, self.end, self.seats = cohort_id, card, variant, start, end, seats
        self.taken = 0


def programmes_write(world: World, stays: list[Stay]) -> dict[str, int]:
    """Programmes of each CIS/KIS from catalogue cards with their course modules, cohorts, enrolments of about
    half of the people who began their stay, and the modules they completed."""
    rng = world.rng("programmes")
    as_of = world.as_of
    programmes, links, cohorts_rows = [], [], []
    cohorts: dict[int, list[_Cohort]] = {}
    centres = world.by_kind[K.CIS] + world.by_kind[K.KIS]
    persona = world.personas["org:cis"]
    planned: list[tuple[Org, Card, str]] = []
    for org in centres:
        variant = org.kind  # "cis" or "kis"
        cards = [card for card in world.cards if card.modules.get(variant)]
        if cards:
            count = 3 if org.id == persona else rng.randint(1, 3)
            planned += [(org, card, variant) for card in rng.sample(cards, k=min(count, len(cards)))]
    programme_ids = world.writer.ids(TrainingProgramme, len(planned))
    for programme_id, (org, card, variant) in zip(programme_ids, planned, strict=True):
        programmes.append(
            (programme_id, public_id(rng), org.id, card.version_id, variant, f"{card.name} — kurs {variant.upper()}",
             moment(org.created, rng))
        )  # fmt: skip
        links += [(programme_id, module_id) for module_id in card.modules[variant]]
        for number in range(4 if org.id == persona else rng.randint(1, 3)):
            start = day_between(rng, as_of - timedelta(days=540), as_of + timedelta(days=30))
            end = start + timedelta(days=rng.randint(60, 120))
            seats = rng.randint(10, 16)
            cohort = _Cohort(0, card, variant, start, end, seats)
            cohorts.setdefault(org.id, []).append(cohort)
            instructor = " ".join(names.person_name(rng, female=rng.random() < 0.6))
            cohorts_rows.append(
                (cohort, programme_id, f"{card.name[:150]} {start.year}/{number + 1}", start, end, seats,
                 instructor, org.municipality.code, names.street(rng), moment(min(start, as_of), rng))
            )  # fmt: skip
    world.writer.write(
        TrainingProgramme, ("id", "public_id", "organisation_id", "card_version_id", "variant", "name", "created_at"),
        programmes,
    )  # fmt: skip
    modules_through = TrainingProgramme.modules.through
    ids = world.writer.ids(modules_through, len(links))
    world.writer.write(
        modules_through, ("id", "trainingprogramme_id", "programmemodule_id"),
        ((row_id, *row) for row_id, row in zip(ids, links, strict=True)),
    )  # fmt: skip
    cohort_ids = world.writer.ids(Cohort, len(cohorts_rows))
    for cohort_id, row in zip(cohort_ids, cohorts_rows, strict=True):
        row[0].id = cohort_id
    world.writer.write(
        Cohort,
        ("id", "public_id", "programme_id", "name", "start_date", "end_date", "seats", "instructors",
         "municipality_id", "address", "created_at"),
        ((row[0].id, public_id(rng), *row[1:]) for row in cohorts_rows),
    )  # fmt: skip

    enrolments, completions, courses = [], [], []
    for stay in stays:
        if stay.status == S.REFERRED or (stay.exit_date and not stay.was_ready and rng.random() < 0.5):
            continue
        if rng.random() > ENROLLED_SHARE:
            continue
        last = min(stay.last_day, as_of)
        fitting = [
            c for c in cohorts.get(stay.org.id, []) if c.taken < c.seats and c.start <= last and c.end >= stay.start
        ]
        if not fitting:
            continue
        cohort = rng.choice(fitting)
        cohort.taken += 1
        enrolments.append((stay.id, cohort.id))
        modules = cohort.card.modules[cohort.variant]
        finish = min(cohort.end, last)
        if finish < cohort.start:
            continue
        done = (
            len(modules)
            if cohort.end <= last
            else round(len(modules) * (finish - cohort.start).days / max(1, (cohort.end - cohort.start).days))
        )
        day = cohort.start
        staff = world.user_of(stay.org.id, "pzs_staff")
        for module_id in modules[:done]:
            day = day_between(rng, day, finish)
            completions.append((stay.id, module_id, day, staff))
        if modules and done == len(modules) and cohort.end <= last:
            # A finished cohort: the card's course is completed; it meets the card's codes met by a course.
            courses.append((stay.id, cohort.card.version_id, cohort.variant, day, staff, moment(day, rng)))
            met = {q.code for q in cohort.card.qualifications if q.met_by_course}
            stay.course_codes.update(met)
            stay.codes.update(met)
    cohorts_through = Participation.cohorts.through
    ids = world.writer.ids(cohorts_through, len(enrolments))
    world.writer.write(
        cohorts_through, ("id", "participation_id", "cohort_id"),
        ((row_id, *row) for row_id, row in zip(ids, enrolments, strict=True)),
    )  # fmt: skip
    ids = world.writer.ids(ModuleCompletion, len(completions))
    world.writer.write(
        ModuleCompletion, ("id", "participation_id", "module_id", "completed_on", "recorded_by_id"),
        ((row_id, *row) for row_id, row in zip(ids, completions, strict=True)),
    )  # fmt: skip
    ids = world.writer.ids(CourseCompletion, len(courses))
    world.writer.write(
        CourseCompletion,
        ("id", "participation_id", "card_version_id", "variant", "completed_on", "recorded_by_id", "created_at"),
        ((row_id, *row) for row_id, row in zip(ids, courses, strict=True)),
    )  # fmt: skip
    return {
        "programmes": len(programmes),
        "cohorts": len(cohorts_rows),
        "enrolments": len(enrolments),
        "module completions": len(completions),
        "course completions": len(courses),
    }


# Who issues the documents of vocational qualifications (the generator picks one per document).
ISSUERS = (
    ("diploma", "Okręgowa Komisja Egzaminacyjna"),
    ("certificate", "Polski Czerwony Krzyż"),
    ("certificate", "Centrum Kształcenia Zawodowego i Ustawicznego"),
    ("licence", "Urząd Dozoru Technicznego"),
    ("exam_result", "Okręgowa Komisja Egzaminacyjna"),
)


def qualifications_write(world: World, stays: list[Stay]) -> int:
    """What people ready for work hold with evidence (what their referrals' needs required and no completed course
    of theirs meets), issued before they were confirmed ready; a few others hold one already. Each with its
    document: kind, number and issuer."""
    rng = world.rng("qualifications")
    known = {q.code: q.name for card in world.cards for q in card.qualifications}
    all_codes = sorted(known)
    rows = []
    for stay in stays:
        codes = set(stay.codes) - stay.course_codes
        if stay.was_ready and not stay.codes:
            codes = set(rng.sample(all_codes, k=rng.randint(1, 2)))
        elif not stay.was_ready and stay.status != S.REFERRED and rng.random() < 0.1:
            codes = {rng.choice(all_codes)}
        if not codes:
            continue
        last = stay.ready_on or min(stay.last_day, world.as_of)
        first = min(stay.start + timedelta(days=14), last)
        for code in sorted(codes):
            issued = day_between(rng, first, last)
            evidence, issuer = rng.choice(ISSUERS)
            rows.append(
                (stay.person_id, stay.id, code, known[code], evidence,
                 f"ZAS/{issued.year}/{stay.person_id}-{code}", issuer, issued)
            )  # fmt: skip
    ids = world.writer.ids(QualificationGained, len(rows))
    return world.writer.write(
        QualificationGained,
        (
            "id",
            "person_id",
            "participation_id",
            "code",
            "name",
            "evidence",
            "certificate_number",
            "issuer",
            "issued_on",
        ),  # fmt: skip
        ((row_id, *row) for row_id, row in zip(ids, rows, strict=True)),
    )


# The weekdays (Monday = 0) a KIS participant comes on: KIS has no statutory weekly hours, people come for a few
# hours on two or three days a week. CIS participants come every working day.
KIS_PATTERNS = ((1, 3), (0, 2, 4), (1, 2, 3))
CIS_DAY_HOURS = (8, 8, 8, 7, 7, 6)
KIS_DAY_HOURS = (2, 3, 3, 4, 4, 5)
# Days that are not days present: (kind, share of days).
ABSENCES = (("sick", 0.04), ("excused", 0.02), ("unexcused", 0.015), ("day_off", 0.01))


def _attendance_days(stay: Stay, last: date):
    """The days a stay is expected to attend, latest first, from ``last`` back to its start."""
    weekdays = (0, 1, 2, 3, 4) if stay.kind == K.CIS else KIS_PATTERNS[stay.id % len(KIS_PATTERNS)]
    day = last
    while day >= stay.start:
        if day.weekday() in weekdays:
            yield day
        day -= timedelta(days=1)


def _attendance_span(stay: Stay, last: date) -> int:
    """How many days :func:`_attendance_days` yields."""
    weekdays = (0, 1, 2, 3, 4) if stay.kind == K.CIS else KIS_PATTERNS[stay.id % len(KIS_PATTERNS)]
    total = 0
    for weekday in weekdays:
        first = stay.start + timedelta(days=(weekday - stay.start.weekday()) % 7)
        if first <= last:
            total += (last - first).days // 7 + 1
    return total


def attendance_write(world: World, stays: list[Stay]) -> int:
    """About ``ATTENDANCE`` daily records (at scale): each stay that began has its latest days recorded, in
    proportion to how long it has run; never outside the stay, never in the future. CIS days stay within the
    statutory weekly maximum in force that week (a fifth of it a day); KIS days are a few hours on a few days."""
    rng = world.rng("attendance")
    as_of = world.as_of
    spans = []
    for stay in stays:
        began = any(state in (S.TRIAL, S.ACTIVE) for state, _day in stay.path)
        last = min(stay.last_day, as_of)
        if not began or last < stay.start:
            spans.append(0)
            continue
        spans.append(_attendance_span(stay, last))
    counts = largest_remainder(min(world.count(ATTENDANCE, 1), sum(spans)), [float(s) for s in spans])
    # Read before the rows are streamed: no query may run while COPY holds the connection.
    day_caps: dict[date, Decimal] = {}
    monday = week_monday(min((stay.start for stay in stays), default=as_of))
    while monday <= as_of:
        day_caps[monday] = statutory_value(statutory.WEEKLY_HOURS_MAX, monday) / 5
        monday += timedelta(days=7)
    ids = iter(world.writer.ids(Attendance, sum(counts)))

    def rows():
        for stay, count in zip(stays, counts, strict=True):
            if not count:
                continue
            staff = world.user_of(stay.org.id, "pzs_staff")
            for day in _attendance_days(stay, min(stay.last_day, as_of)):
                if not count:
                    break
                count -= 1
                draw = rng.random()
                kind = "present"
                for absence, share in ABSENCES:
                    if draw < share:
                        kind = absence
                        break
                    draw -= share
                hours = Decimal("0")
                if kind == "present":
                    if stay.kind == K.CIS:
                        hours = min(day_caps[week_monday(day)], Decimal(rng.choice(CIS_DAY_HOURS)))
                    else:
                        hours = Decimal(rng.choice(KIS_DAY_HOURS))
                yield (next(ids), stay.id, day, kind, hours, staff)

    return world.writer.write(Attendance, ("id", "participation_id", "day", "kind", "hours", "recorded_by_id"), rows())


# Outcome kinds by exit reason (weights); an exit for another reason is followed by these.
OUTCOMES_BY_REASON: dict[str, dict[str, int]] = {
    ExitReason.EMPLOYMENT: {
        OutcomeKind.EMPLOYMENT: 70,
        OutcomeKind.SUPPORTED_EMPLOYMENT: 20,
        OutcomeKind.OTHER_PAID_WORK: 10,
    },
    ExitReason.COOPERATIVE: {OutcomeKind.COOPERATIVE_JOINED: 70, OutcomeKind.COOPERATIVE_FOUNDED: 30},
    ExitReason.BUSINESS: {OutcomeKind.SELF_EMPLOYMENT: 100},
}
OTHER_OUTCOMES = {
    OutcomeKind.NONE: 50,
    OutcomeKind.EDUCATION: 15,
    OutcomeKind.OTHER_PAID_WORK: 15,
    OutcomeKind.OTHER: 20,
}
EMPLOYERS = ("Dom Pomocy Społecznej", "Zakład Usług Komunalnych", "Przedsiębiorstwo Usług Opiekuńczych", "Hotel")
COOPERATIVES = ("Razem", "Nowy Start", "Przystań", "Dobre Ręce", "Wspólny Dom")


def outcomes_write(world: World, stays: list[Stay]) -> dict[str, int]:
    """What the people who left went on to (``ExitOutcome``, about four in five exits recorded) and the follow-ups
    3 and 6 months after it began, recorded (still there or not) where due. A hire through the platform is
    followed up by its referral: its outcome is the job from the hire's day, with no follow-ups of its own."""
    rng = world.rng("outcomes")
    as_of = world.as_of
    outcomes = []
    follow_ups = []
    for stay in stays:
        if stay.exit_date is None or stay.exit_date > as_of or rng.random() < 0.2:
            continue
        weights = OUTCOMES_BY_REASON.get(stay.exit_reason, OTHER_OUTCOMES)
        kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        hired = stay.hired_on is not None and kind == OutcomeKind.EMPLOYMENT
        started = (
            stay.hired_on
            if hired
            else day_between(rng, stay.exit_date, min(as_of, stay.exit_date + timedelta(days=60)))
        )
        if kind == OutcomeKind.NONE:
            started = None
        name = ""
        if kind in (OutcomeKind.EMPLOYMENT, OutcomeKind.SUPPORTED_EMPLOYMENT):
            name = f"{rng.choice(EMPLOYERS)} w {stay.org.name.split(' w ')[-1]}"[:200]
        elif kind in (OutcomeKind.COOPERATIVE_JOINED, OutcomeKind.COOPERATIVE_FOUNDED):
            name = f"Spółdzielnia Socjalna „{rng.choice(COOPERATIVES)}”"
        staff = world.user_of(stay.org.id, "pzs_staff", "social_worker")
        recorded = moment(min(as_of, stay.exit_date + timedelta(days=rng.randint(0, 20))), rng)
        outcomes.append((stay.id, kind, started, name, "", staff, recorded, 1))
        if started is None or hired or kind not in FOLLOWED_UP_OUTCOMES:
            continue
        for months in (3, 6):
            due = add_months(started, months)
            answered = due <= as_of and rng.random() < 0.75
            at = moment(min(as_of, due + timedelta(days=rng.randint(0, 14))), rng) if answered else None
            follow_ups.append(
                (
                    len(outcomes) - 1,
                    months,
                    due,
                    (rng.random() < 0.8) if answered else None,
                    staff if answered else None,
                    at,
                )
            )
    ids = world.writer.ids(ExitOutcome, len(outcomes))
    written = world.writer.write(
        ExitOutcome,
        (
            "id",
            "participation_id",
            "kind",
            "started_on",
            "organisation_name",
            "note",
            "recorded_by_id",
            "recorded_at",
            "version",
        ),
        ((row_id, *row) for row_id, row in zip(ids, outcomes, strict=True)),
    )
    follow_up_ids = world.writer.ids(OutcomeFollowUp, len(follow_ups))
    world.writer.write(
        OutcomeFollowUp,
        ("id", "outcome_id", "months_after", "due_on", "still_there", "note", "recorded_by_id", "recorded_at"),
        (
            (row_id, ids[index], months, due, still_there, "", who, at)
            for row_id, (index, months, due, still_there, who, at) in zip(follow_up_ids, follow_ups, strict=True)
        ),
    )
    return {"exit outcomes": written, "outcome follow-ups": len(follow_ups)}
