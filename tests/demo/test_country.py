"""``manage.py generate_country`` at a tiny scale: counts follow the scale, a seed gives the same rows, every row
keeps the invariants the services keep, and the bench personas sign in and see their data."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.core.crypto import decrypt
from kooperacja.core.dates import add_months
from kooperacja.demo.loader import DEMO_PASSWORD
from kooperacja.placement import selectors as placement_selectors
from kooperacja.placement.models import (
    REFERRAL_MACHINE,
    FollowUp,
    MatchingRun,
    Proposal,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from kooperacja.registry.models import Organisation, OrganisationKind, RegisterTerm, SocialEnterpriseStatus
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import NEED_MACHINE, NeedEvent, NeedStatus, StaffingNeed, StaffingPlan
from kooperacja.training import selectors as training_selectors
from kooperacja.training.models import (
    PARTICIPATION_MACHINE,
    Attendance,
    ExitOutcome,
    OutcomeFollowUp,
    Participation,
    ParticipationEvent,
    ParticipationStatus,
    Person,
    QualificationGained,
)
from kooperacja.training.services.common import participation_period
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCALE = 0.002
AS_OF = date(2026, 11, 30)


def generate(seed: int = 7, scale: float = SCALE, **options) -> str:
    out = StringIO()
    call_command("generate_country", scale=scale, seed=seed, as_of=AS_OF, stdout=out, **options)
    return out.getvalue()


def fingerprint() -> str:
    """A digest of the generated rows (the random nonce of each encrypted PESEL and password hashes aside)."""
    tables = [
        Organisation.objects.values_list("id", "public_id", "name", "kind", "nip", "regon", "krs", "municipality_id"),
        get_user_model().objects.values_list("id", "username", "first_name", "last_name"),
        Person.objects.values_list("id", "organisation_id", "first_name", "last_name", "pesel_index", "birth_date"),
        Participation.objects.values_list("id", "status", "start_date", "planned_end_date", "exit_date", "created_at"),
        Attendance.objects.values_list("participation_id", "day", "kind", "hours"),
        StaffingNeed.objects.values_list("id", "provider_id", "status", "filled_count", "start_date", "created_at"),
        Referral.objects.values_list("id", "participation_id", "need_id", "status", "hired_on", "created_at"),
        PersonalDataAccess.objects.values_list("actor_id", "object_id", "purpose", "channel", "at"),
    ]
    digest = hashlib.sha256()
    for rows in tables:
        for row in sorted(map(repr, rows)):
            digest.update(row.encode())
    return digest.hexdigest()


class Rollback(Exception):
    pass


def test_it_follows_the_scale_and_prints_each_stage():
    output = generate()

    assert "attendance" in output and "Country ready" in output
    assert Participation.objects.count() == Person.objects.count() == round(100_000 * SCALE)
    assert StaffingNeed.objects.count() == round(30_000 * SCALE)
    assert Referral.objects.count() == round(50_000 * SCALE)
    assert Attendance.objects.count() == round(1_000_000 * SCALE)
    assert PersonalDataAccess.objects.count() == round(1_000_000 * SCALE)
    municipalities = round(2479 * SCALE)
    assert Organisation.objects.filter(kind__in=["ops", "cus"]).count() == municipalities
    assert Organisation.objects.filter(kind="voivode_office").exists()


def test_it_gives_the_same_rows_for_a_seed_and_other_rows_for_another():
    try:
        with transaction.atomic():
            generate(seed=7)
            first = fingerprint()
            raise Rollback
    except Rollback:
        pass
    try:
        with transaction.atomic():
            generate(seed=8)
            other = fingerprint()
            raise Rollback
    except Rollback:
        pass
    generate(seed=7)

    assert fingerprint() == first
    assert other != first


def _chain_ok(events, machine, final: str) -> bool:
    """The events of one record form a path the machine allows, ending in the record's state."""
    state = None
    for from_state, to_state in events:
        if state is not None and from_state != state:
            return False
        if from_state and from_state != to_state and to_state not in machine.allowed(from_state):
            return False
        state = to_state
    return state == final


def test_it_keeps_the_invariants_of_every_workflow():
    generate(scale=0.01)  # enough rows for the rarer cases (a referral on the day its need was published)

    assert set(Participation.objects.values_list("organisation__kind", flat=True)) <= {"cis", "kis"}
    assert set(Person.objects.values_list("organisation__kind", flat=True)) <= {"cis", "kis"}
    participations = {p.pk: p for p in Participation.objects.all()}
    weeks: dict[tuple[int, date], Decimal] = {}
    for attendance in Attendance.objects.all():
        participation = participations[attendance.participation_id]
        start, end = participation_period(participation)
        assert start <= attendance.day <= min(end, AS_OF) and attendance.day.weekday() < 5
        assert (attendance.kind == "present") == (attendance.hours > 0)
        assert attendance.hours <= (8 if participation.kind == "cis" else 5)
        key = (attendance.participation_id, attendance.day - timedelta(days=attendance.day.weekday()))
        weeks[key] = weeks.get(key, Decimal("0")) + attendance.hours
    assert weeks and max(weeks.values()) <= 40
    assert {p.kind for p in participations.values() if any(k[0] == p.pk for k in weeks)} == {"cis", "kis"}

    events: dict[int, list] = {}
    for row in ParticipationEvent.objects.order_by("at", "id").values_list(
        "participation_id", "from_state", "to_state"
    ):
        events.setdefault(row[0], []).append(row[1:])
    assert set(ParticipationStatus.values) >= {p.status for p in participations.values()}
    assert all(_chain_ok(events[pk], PARTICIPATION_MACHINE, p.status) for pk, p in participations.items())
    assert len({p.status for p in participations.values()}) >= 6

    referrals = {r.pk: r for r in Referral.objects.select_related("participation", "need")}
    events = {}
    for row in ReferralEvent.objects.order_by("at", "id").values_list("referral_id", "from_state", "to_state"):
        events.setdefault(row[0], []).append(row[1:])
    assert all(_chain_ok(events[pk], REFERRAL_MACHINE, r.status) for pk, r in referrals.items())
    for referral in referrals.values():
        assert referral.need.created_at < referral.created_at and referral.created_at.date() <= AS_OF
        if referral.status == ReferralStatus.HIRED:
            assert referral.participation.status in (ParticipationStatus.PLACED, ParticipationStatus.COMPLETED)
            assert referral.hired_on >= referral.created_at.date()
    live = Referral.objects.filter(status__in=["proposed", "sent", "interview", "hired"])
    assert not live.values("participation").annotate(n=Count("id")).filter(n__gt=1).exists()
    for follow_up in FollowUp.objects.select_related("referral"):
        assert follow_up.due_on > follow_up.referral.hired_on
        assert follow_up.recorded_at is None or follow_up.recorded_at.date() >= follow_up.due_on

    needs = {n.pk: n for n in StaffingNeed.objects.annotate(hired=Count("referrals", filter=_hired()))}
    events = {}
    for row in NeedEvent.objects.order_by("at", "id").values_list("need_id", "from_state", "to_state"):
        events.setdefault(row[0], []).append(row[1:])
    labour = LabourLaw()
    for pk, need in needs.items():
        assert need.filled_count == need.hired <= need.headcount
        floor = labour.pay_floor(hours=need.hours_per_week, on_date=need.start_date)
        assert floor is None or need.pay_min >= floor, (need.pk, need.pay_min, floor)  # at least the minimum wage
        assert need.status == NeedStatus.DRAFT or _chain_ok(events[pk], NEED_MACHINE, need.status)
    assert set(StaffingNeed.objects.values_list("status", flat=True)) <= set(NeedStatus.values)
    assert not Proposal.objects.values("run", "participation").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert MatchingRun.objects.filter(status="done").exists() and StaffingPlan.objects.exists()
    assert (
        RegisterTerm.objects.filter(organisation__kind__in=["cis", "kis"]).values("organisation").distinct().count()
        == Organisation.objects.filter(kind__in=["cis", "kis"]).count()
    )
    assert RegisterTerm.objects.filter(status="extended", previous__isnull=False).exists()
    assert not RegisterTerm.objects.exclude(term_end__isnull=True).filter(term_end__lt=F("term_start")).exists()
    assert SocialEnterpriseStatus.objects.filter(organisation__kind="company").exists()
    assert not QualificationGained.objects.values("person", "code").annotate(n=Count("id")).filter(n__gt=1).exists()
    # Exit outcomes: only of ended stays, begun between the stay's start and today (at most 6 months after the
    # exit), followed up 3 and 6 calendar months on, answered only once due; a hire's job has no follow-ups.
    outcomes = list(ExitOutcome.objects.select_related("participation"))
    assert outcomes and {o.participation.status for o in outcomes} <= {"completed", "terminated"}
    for outcome in outcomes:
        if outcome.started_on is not None:
            assert participation_period(outcome.participation)[0] <= outcome.started_on <= AS_OF
            assert outcome.started_on <= add_months(outcome.participation.exit_date, 6)
    for follow_up in OutcomeFollowUp.objects.select_related("outcome"):
        assert follow_up.due_on == add_months(follow_up.outcome.started_on, follow_up.months_after)
        assert follow_up.still_there is None or follow_up.due_on <= AS_OF
    assert OutcomeFollowUp.objects.filter(still_there__isnull=False).exists()


def _hired():
    from django.db.models import Q

    return Q(referrals__status=ReferralStatus.HIRED)


def test_it_encrypts_pesel_so_the_training_selectors_find_it():
    generate()
    person = Person.objects.select_related("organisation").order_by("id").first()
    pesel = decrypt(person.pesel_encrypted)

    assert training_selectors.person_find_by_pesel(organisation=person.organisation, pesel=pesel) == person
    assert person.birth_date.strftime("%y")[-1] == pesel[1]


def test_it_gives_the_personas_data_to_see(client):
    generate()
    users = get_user_model().objects
    coordinator, staff, provider = (users.get(username=f"kraj.{name}") for name in ("koordynator", "kadra", "dostawca"))

    assert client.login(username="kraj.koordynator", password=DEMO_PASSWORD)
    assert placement_selectors.referral_list(user=coordinator).exists()
    assert training_selectors.participation_list_for_staff(user=staff).count() >= 30
    cooperative = Organisation.objects.get(memberships__user=provider)
    assert cooperative.kind == OrganisationKind.SOCIAL_COOPERATIVE and cooperative.municipality_id == "1261011"
    assert StaffingNeed.objects.filter(provider=cooperative).count() >= 3
    assert placement_selectors.provider_candidates(user=provider).count() > 0
    assert users.get(username="kraj.admin").is_superuser
    assert users.get(username="kraj.analityk").memberships.get().organisation.municipality_id.startswith("14")
    assert client.get("/").status_code == 200


def test_it_refuses_a_database_with_organisations_unless_forced():
    OrganisationFactory(name="Already here", kind=OrganisationKind.NGO)

    with pytest.raises(CommandError, match="--force"):
        generate()
    assert not Participation.objects.exists()

    generate(force=True)
    assert Participation.objects.exists()
    with pytest.raises(CommandError, match="already holds a generated country"):
        generate(force=True)
