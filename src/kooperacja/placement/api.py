"""Matching runs, proposals and referrals over HTTP: the same selectors, services and rules as the web pages.

People appear only with their hiring fields (``Person.HIRING_FIELDS``); every answer that shows them is
written to the personal-data read log.
"""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.core.api import ErrorOut, Id, Pagination
from kooperacja.core.routes import api_rule
from kooperacja.placement import selectors, services
from kooperacja.placement.models import Referral, RunStatus
from kooperacja.placement.problem import average_score, match_score
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.models import Unit
from kooperacja.territory.selectors import unit_find

router = Router(tags=["placement"])

MATCH = "placement.match"
REFERRALS = "placement.view_referrals"


class UnitRef(Schema):
    code: str
    name: str


def _unit(unit: Unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.display_name)


class RunOut(Schema):
    public_id: UUID
    territory: UnitRef
    plan: UUID | None
    status: str
    progress: int
    stage: str
    candidates_count: int
    openings_count: int
    matched_count: int
    average_score: int | None = Field(
        None, description="the average match score (0-100, higher is better) of the optimal assignment"
    )
    sequential_matched_count: int | None = Field(
        None, description="how many one-by-one best choices (the comparison shown to coordinators) would place"
    )
    sequential_average_score: int | None = Field(None, description="their average match score")
    total_cost: int = Field(..., description="the solver's total (100 minus the score, summed over the pairs)")
    greedy_matched_count: int | None = Field(None, description="the same as sequential_matched_count")
    greedy_total_cost: int | None = Field(None, description="the solver's total of the one-by-one choices")
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_territory(obj) -> UnitRef:
        return _unit(obj.territory)

    @staticmethod
    def resolve_average_score(obj) -> int | None:
        return average_score(obj.total_cost, obj.matched_count)

    @staticmethod
    def resolve_sequential_matched_count(obj) -> int | None:
        return obj.greedy_matched_count

    @staticmethod
    def resolve_sequential_average_score(obj) -> int | None:
        return average_score(obj.greedy_total_cost, obj.greedy_matched_count)

    @staticmethod
    def resolve_plan(obj) -> UUID | None:
        return obj.plan.public_id if obj.plan_id else None


class RunIn(Schema):
    territory: str = Field(..., description="TERYT code of a municipality, county or voivodeship")
    plan: UUID | None = Field(None, description="public id of a staffing plan: only its round's needs are matched")


class PersonOut(Schema):
    """Hiring fields only."""

    first_name: str
    last_name: str
    home_municipality: UnitRef
    phone: str
    email: str


def _person(participation) -> PersonOut:
    person = participation.person
    return PersonOut(
        first_name=person.first_name,
        last_name=person.last_name,
        home_municipality=_unit(person.home_municipality),
        phone=person.phone,
        email=person.email,
    )


class NeedRef(Schema):
    public_id: UUID
    position: str
    provider: str
    municipality: UnitRef
    start_date: date
    working_time: str


def _need(need) -> NeedRef:
    return NeedRef(
        public_id=need.public_id,
        position=need.position,
        provider=need.provider.name,
        municipality=_unit(need.municipality),
        start_date=need.start_date,
        working_time=need.working_time,
    )


class ProposalOut(Schema):
    id: int
    status: str
    participation: UUID
    person: PersonOut
    need: NeedRef
    distance_km: float
    score: int = Field(..., description="the match score of the pair (0-100, higher is better)")
    cost: int = Field(..., description="the solver's cost of the pair (100 minus the score)")
    explanation: dict
    referral: UUID | None


class UnmatchedOut(Schema):
    participation: UUID
    person: PersonOut
    reason: str
    reason_label: str
    explanation: dict


class ResultOut(Schema):
    run: RunOut
    proposals: list[ProposalOut]
    unmatched: list[UnmatchedOut]


class DecisionIn(Schema):
    note: str = Field("", max_length=500)


class FollowUpOut(Schema):
    months_after: int
    due_on: date
    still_employed: bool | None
    note: str
    recorded_at: datetime | None


class EventOut(Schema):
    from_state: str
    to_state: str
    note: str
    at: datetime


class ReferralOut(Schema):
    public_id: UUID
    status: str
    participation: UUID
    person: PersonOut
    need: NeedRef
    hired_on: date | None
    created_at: datetime
    updated_at: datetime


class ReferralDetailOut(ReferralOut):
    qualifications: list[str]
    follow_ups: list[FollowUpOut]
    events: list[EventOut]


class TransitionIn(Schema):
    to: str = Field(..., description="sent, interview, hired, declined or withdrawn")
    note: str = Field("", max_length=500)
    hired_on: date | None = Field(None, description="for a hire: the first day of employment (today if omitted)")


class FollowUpIn(Schema):
    still_employed: bool
    note: str = Field("", max_length=500)


# Follow-ups are due 3 and 6 months after a hire; another number within a year names none (404).
FollowUpMonths = Annotated[int, Field(ge=1, le=12, description="3 or 6")]


class ReferralFilters(Schema):
    status: str | None = None


def _referral_out(referral) -> ReferralOut:
    return ReferralOut(
        public_id=referral.public_id,
        status=referral.status,
        participation=referral.participation.public_id,
        person=_person(referral.participation),
        need=_need(referral.need),
        hired_on=referral.hired_on,
        created_at=referral.created_at,
        updated_at=referral.updated_at,
    )


def _referral_detail(request, public_id) -> ReferralDetailOut:
    referral = selectors.referral_get_for_page(user=request.user, public_id=public_id, channel="api")
    base = _referral_out(referral).dict()
    return ReferralDetailOut(
        **base,
        qualifications=sorted(q.code for q in referral.participation.person.qualifications.all()),
        follow_ups=[
            FollowUpOut(
                months_after=f.months_after,
                due_on=f.due_on,
                still_employed=f.still_employed,
                note=f.note,
                recorded_at=f.recorded_at,
            )
            for f in referral.follow_ups.all()
        ],
        events=[
            EventOut(from_state=e.from_state, to_state=e.to_state, note=e.note, at=e.at) for e in referral.events.all()
        ],
    )


# --- runs ---------------------------------------------------------------------------------------------------

api_rule("placement-runs", MATCH, method="GET")
api_rule("placement-runs", MATCH, method="POST")
api_rule("placement-run", MATCH, method="GET")
api_rule("placement-run-result", MATCH, method="GET")


@router.get("/runs", response=list[RunOut], url_name="placement-runs")
@paginate(Pagination)
def list_runs(request, territory: str | None = None):
    """Matching runs of the territories the caller coordinates, newest first."""
    return selectors.run_list(user=request.user, territory_code=territory)


@router.post("/runs", response={201: RunOut}, url_name="placement-runs")
def start_run(request, payload: RunIn):
    """Queue a matching run; poll ``GET /runs/{public_id}`` for its progress. 422 if one is already in progress."""
    territory = unit_find(code=payload.territory)
    if territory is None:
        raise ValidationError({"territory": _("There is no territorial unit with this TERYT code.")})
    plan = None
    if payload.plan is not None:
        plan = staffing.plan_find(public_id=payload.plan)
        if plan is None:
            raise ValidationError({"plan": _("There is no such staffing plan.")})
    run = services.run_start(actor=request.user, territory=territory, plan=plan)
    return Status(201, selectors.run_get_for_view(user=request.user, public_id=run.public_id))


@router.get("/runs/{public_id}", response=RunOut, url_name="placement-run")
def get_run(request, public_id: UUID):
    """Status and progress of a run (and its summary when done)."""
    return selectors.run_get_for_view(user=request.user, public_id=public_id)


@router.get("/runs/{public_id}/result", response={200: ResultOut, 409: ErrorOut}, url_name="placement-run-result")
def get_run_result(request, public_id: UUID):
    """Proposals and unmatched candidates with their explanations; 409 while the run is not done."""
    run = selectors.run_get_for_view(user=request.user, public_id=public_id)
    if run.status != RunStatus.DONE:
        return Status(
            409,
            {
                "detail": _("The run has no result: it is %(status)s.") % {"status": run.get_status_display()},
                "code": "run_not_done",
                "errors": [],
            },
        )
    proposals = list(selectors.run_result_proposals_shown(user=request.user, run=run, channel="api"))
    unmatched = list(selectors.run_result_unmatched_shown(user=request.user, run=run, channel="api"))
    # Plain dicts: the response schema validates them once.
    return Status(
        200,
        {
            "run": run,
            "proposals": [
                {
                    "id": p.pk,
                    "status": p.status,
                    "participation": p.participation.public_id,
                    "person": _person_dict(p.participation),
                    "need": _need_dict(p.need),
                    "distance_km": float(p.distance_km),
                    "score": match_score(p.cost),
                    "cost": p.cost,
                    "explanation": p.explanation,
                    "referral": _referral_id(p),
                }
                for p in proposals
            ],
            "unmatched": [
                {
                    "participation": u.participation.public_id,
                    "person": _person_dict(u.participation),
                    "reason": u.reason,
                    "reason_label": services.reason_label(u.reason),
                    "explanation": u.explanation,
                }
                for u in unmatched
            ],
        },
    )


def _referral_id(proposal) -> UUID | None:
    try:
        return proposal.referral.public_id
    except Referral.DoesNotExist:
        return None


def _person_dict(participation) -> dict:
    person = participation.person
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "home_municipality": {"code": person.home_municipality_id, "name": person.home_municipality.display_name},
        "phone": person.phone,
        "email": person.email,
    }


def _need_dict(need) -> dict:
    return {
        "public_id": need.public_id,
        "position": need.position,
        "provider": need.provider.name,
        "municipality": {"code": need.municipality_id, "name": need.municipality.display_name},
        "start_date": need.start_date,
        "working_time": need.working_time,
    }


# --- proposals ----------------------------------------------------------------------------------------------

api_rule("placement-proposal-accept", MATCH, method="POST")
api_rule("placement-proposal-reject", MATCH, method="POST")


@router.post("/proposals/{proposal_id}/accept", response={201: ReferralDetailOut}, url_name="placement-proposal-accept")
def accept_proposal(request, proposal_id: Id, payload: DecisionIn | None = None):
    """Accept a proposal: a referral in state "proposed" is created. 409 if someone else decided first."""
    proposal = selectors.proposal_get_for_decision(user=request.user, proposal_id=proposal_id)
    referral = services.proposal_accept(actor=request.user, proposal=proposal, note=payload.note if payload else "")
    return Status(201, _referral_detail(request, referral.public_id))


@router.post("/proposals/{proposal_id}/reject", response={200: dict}, url_name="placement-proposal-reject")
def reject_proposal(request, proposal_id: Id, payload: DecisionIn | None = None):
    proposal = selectors.proposal_get_for_decision(user=request.user, proposal_id=proposal_id)
    services.proposal_reject(actor=request.user, proposal=proposal, note=payload.note if payload else "")
    return Status(200, {"id": proposal.pk, "status": proposal.status})


# --- referrals ----------------------------------------------------------------------------------------------

api_rule("placement-referrals", REFERRALS, method="GET")
api_rule("placement-referral", REFERRALS, method="GET")
api_rule("placement-referral-transition", REFERRALS, method="POST")
api_rule("placement-follow-up", REFERRALS, method="POST")


@router.get("/referrals", response=list[ReferralOut], url_name="placement-referrals")
@paginate(Pagination)
def list_referrals(request, filters: Query[ReferralFilters]):
    """Referrals the caller may see (coordinators: their territory; providers: sent to their needs;
    CIS/KIS staff: their participants)."""
    return _ReferralsOut(selectors.referrals_shown(user=request.user, status=filters.status, channel="api"))


class _ReferralsOut:
    """The referrals shown (their page is logged when taken) as the API's output rows."""

    def __init__(self, shown):
        self.shown = shown
        self.source = shown  # the rows a keyset page is taken from (see core.api.Pagination)

    def count(self) -> int:
        return self.shown.count()

    def count_up_to(self, limit: int) -> int:
        return self.shown.count_up_to(limit)

    def page_and_count(self, start: int, stop: int, limit: int) -> tuple[list[ReferralOut], int]:
        rows, counted = self.shown.page_and_count(start, stop, limit)
        return self.present(rows), counted

    def __len__(self) -> int:
        return self.count()

    def present(self, rows) -> list[ReferralOut]:
        return [_referral_out(r) for r in rows]

    def __getitem__(self, item):
        return self.present(self.shown[item])


@router.get("/referrals/{public_id}", response=ReferralDetailOut, url_name="placement-referral")
def get_referral(request, public_id: UUID):
    return _referral_detail(request, public_id)


@router.post(
    "/referrals/{public_id}/transition",
    response={200: ReferralDetailOut, 204: None},
    url_name="placement-referral-transition",
)
def transition_referral(request, public_id: UUID, payload: TransitionIn):
    """Move a referral: ``sent``/``withdrawn`` (coordinator), ``interview``/``hired``/``declined`` (the provider
    or the coordinator). A hire fills one position of the need and schedules 3- and 6-month follow-ups. A
    provider who declines no longer sees the person: the answer is then 204 without a body."""
    referral = selectors.referral_get_for_view(user=request.user, public_id=public_id)
    services.referral_transition(
        actor=request.user, referral=referral, to=payload.to, note=payload.note, hired_on=payload.hired_on
    )
    if not selectors.referral_list(user=request.user).filter(pk=referral.pk).exists():
        return Status(204, None)
    return _referral_detail(request, public_id)


@router.post("/referrals/{public_id}/follow-ups/{months}", response=ReferralDetailOut, url_name="placement-follow-up")
def record_follow_up(request, public_id: UUID, months: FollowUpMonths, payload: FollowUpIn):
    """Record whether the person is still employed ``months`` (3 or 6) after being hired."""
    follow_up = selectors.follow_up_get_for_record(user=request.user, public_id=public_id, months=months)
    services.follow_up_record(
        actor=request.user, follow_up=follow_up, still_employed=payload.still_employed, note=payload.note
    )
    return _referral_detail(request, public_id)


class CandidateQualificationOut(Schema):
    """A vocational qualification with its evidence."""

    code: str
    name: str
    evidence: str = Field(..., description="certificate, diploma, licence or exam_result")
    certificate_number: str
    issuer: str
    issued_on: date


class CandidateCourseOut(Schema):
    """A completed CIS/KIS course of a service card (not a vocational qualification)."""

    service: str
    card_name: str
    variant: str = Field(..., description="cis or kis")
    completed_on: date


class CandidateOut(Schema):
    """A referred candidate's hiring fields and qualifications: what a provider needs to hire, no more."""

    public_id: UUID
    first_name: str
    last_name: str
    home_municipality: UnitRef
    phone: str
    email: str
    courses: list[CandidateCourseOut]
    qualifications: list[CandidateQualificationOut]


api_rule("placement-candidate", "placement.view_candidates", method="GET")


@router.get("/candidates/{public_id}", response=CandidateOut, url_name="placement-candidate")
def get_candidate(request, public_id: UUID):
    """The hiring profile of a participant referred to one of the caller's needs: only with the participant's
    consent and while the referral is sent or in interview, or once hired there (the read is logged)."""
    profile = selectors.candidate_profile_for_provider(user=request.user, public_id=public_id, channel="api")
    return {**profile, "home_municipality": _unit(profile["home_municipality"])}
