"""Rows of the other apps built directly with their models, for the placement tests and the benchmark."""

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kooperacja.catalogue.models import ServiceCardVersion
from kooperacja.demo.builders import service_card
from kooperacja.placement.models import FollowUp, MatchingRun, Proposal, Referral, RunStatus
from kooperacja.staffing.models import NeedStatus, StaffingNeed
from kooperacja.training.models import Participation, ParticipationStatus, Person, QualificationGained

_sequence = itertools.count(1)


def card(*, codes=("OPK", "PP"), code=None) -> ServiceCardVersion:
    """A service card version with one qualification per code."""
    return service_card(code=code or f"usluga-testowa-{next(_sequence)}", qualifications=codes, modules=False)


def need(
    *,
    provider,
    card_version,
    municipality="0462011",
    codes=(),
    headcount=1,
    filled=0,
    start=None,
    working_time="full_time",
    status=NeedStatus.OPEN,
    position="Opiekun/ka",
) -> StaffingNeed:
    row = StaffingNeed.objects.create(
        provider=provider,
        card_version=card_version,
        position=position,
        headcount=headcount,
        filled_count=filled,
        working_time=working_time,
        start_date=start or timezone.localdate() + timedelta(days=30),
        municipality_id=municipality,
        status=status,
    )
    if codes:
        row.required_qualifications.set(card_version.qualifications.filter(code__in=codes))
    return row


def person(*, organisation, municipality="0462011", first_name="Jan", last_name=None, phone="600100200") -> Person:
    n = next(_sequence)
    return Person.objects.create(
        organisation=organisation,
        first_name=first_name,
        last_name=last_name or f"Kowalski{n}",
        pesel_encrypted="encrypted",
        pesel_index=f"index-{n}",
        birth_date=date(1980, 1, 1),
        home_municipality_id=municipality,
        phone=phone,
        email=f"osoba{n}@example.org",
    )


def participant(
    *,
    organisation,
    municipality="0462011",
    codes=(),
    commute=25,
    available_from=None,
    working_time="full_time",
    status=ParticipationStatus.READY,
    consent=True,
    preferred=(),
    first_name="Jan",
) -> Participation:
    """A participation of a new person holding ``codes``; READY and consenting unless told otherwise."""
    who = person(organisation=organisation, municipality=municipality, first_name=first_name)
    participation = Participation.objects.create(
        person=who,
        organisation=organisation,
        kind="cis",
        referral_date=date(2024, 1, 10),
        plan_reference=f"IPZS/{who.pk}",
        plan_signed_on=date(2024, 1, 15),
        start_date=date(2024, 2, 1),
        planned_end_date=date(2025, 1, 31),
        status=status,
        commute_limit_km=commute,
        available_from=available_from,
        working_time=working_time,
        consent_to_share=consent,
    )
    for code in codes:
        QualificationGained.objects.create(
            person=who,
            participation=participation,
            code=code,
            name=f"Kwalifikacja {code}",
            certificate_number=f"ZAS/{code}",
            issuer="Okręgowa Komisja Egzaminacyjna",
            issued_on=date(2024, 6, 1),
        )
    if preferred:
        participation.preferred_services.set(preferred)
    return participation


def done_run(*, territory="0462", actor=None, **fields) -> MatchingRun:
    return MatchingRun.objects.create(
        territory_id=territory,
        status=RunStatus.DONE,
        progress=100,
        started_by=actor,
        finished_at=timezone.now(),
        **fields,
    )


def proposal(*, run, participation, need_row, cost=5, distance=5.0) -> Proposal:
    return Proposal.objects.create(
        run=run,
        participation=participation,
        need=need_row,
        cost=cost,
        distance_km=distance,
        explanation={"distance_km": distance, "alternatives": 0, "feasible_openings": 1},
    )


def referral(
    *, participation, need_row, status="proposed", proposal_row=None, hired_on=None, referred_on=None
) -> Referral:
    """A referral, made on ``referred_on`` when given (a hire may not precede it)."""
    row = Referral.objects.create(
        participation=participation, need=need_row, status=status, proposal=proposal_row, hired_on=hired_on
    )
    if referred_on is not None:
        row.created_at = timezone.make_aware(datetime.combine(referred_on, time(9)))
        Referral.objects.filter(pk=row.pk).update(created_at=row.created_at)
    return row


def follow_ups(referral_row, hired_on):
    from kooperacja.placement.services import add_months

    return [
        FollowUp.objects.create(referral=referral_row, months_after=m, due_on=add_months(hired_on, m)) for m in (3, 6)
    ]
