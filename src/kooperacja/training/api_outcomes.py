"""The exit outcome of a stay and its follow-ups over HTTP (mounted under /training beside ``training.api``)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from kooperacja.core.api import VersionNumber
from kooperacja.core.routes import api_rule
from kooperacja.training import outcome_selectors, selectors, services
from kooperacja.training.models import OutcomeKind, Participation

router = Router(tags=["training"])


class OutcomeFollowUpOut(Schema):
    months_after: int
    due_on: date
    still_there: bool | None = Field(None, description="null until recorded")
    note: str = ""
    recorded_at: datetime | None = None


class OutcomeOut(Schema):
    kind: OutcomeKind
    started_on: date | None = None
    organisation_name: str
    note: str
    version: int
    recorded_at: datetime
    follow_ups: list[OutcomeFollowUpOut] = Field(
        ..., description="3 and 6 months after the outcome began; empty when a referral's follow-ups cover it"
    )
    covered_by: str | None = Field(
        None, description="When the person was hired through a referral for this job: whose follow-ups apply"
    )
    covering_follow_ups: list[OutcomeFollowUpOut] = Field(default_factory=list)


class OutcomeIn(Schema):
    kind: OutcomeKind
    started_on: date | None = Field(None, description="Required for outcomes that are followed up")
    organisation_name: str = Field("", max_length=200, description="The employer, cooperative or school")
    note: str = Field("", max_length=500)
    version: VersionNumber | None = Field(None, description="To correct an outcome: the version read (409 if stale)")


class OutcomeFollowUpIn(Schema):
    months: Literal[3, 6]
    still_there: bool
    note: str = Field("", max_length=500)


def _follow_up_out(follow_up) -> OutcomeFollowUpOut:
    return OutcomeFollowUpOut(
        months_after=follow_up.months_after,
        due_on=follow_up.due_on,
        still_there=follow_up.still_there,
        note=follow_up.note,
        recorded_at=follow_up.recorded_at,
    )


def _outcome_out(participation: Participation) -> OutcomeOut:
    outcome = outcome_selectors.participation_outcome(participation)
    if outcome is None:
        raise Http404("outcome")
    coverage = outcome_selectors.outcome_covered(participation, outcome)
    return OutcomeOut(
        kind=OutcomeKind(outcome.kind),
        started_on=outcome.started_on,
        organisation_name=outcome.organisation_name,
        note=outcome.note,
        version=outcome.version,
        recorded_at=outcome.recorded_at,
        follow_ups=[] if coverage else [_follow_up_out(item) for item in outcome.follow_ups.all()],
        covered_by=str(coverage.label) if coverage else None,
        covering_follow_ups=[_follow_up_out(item) for item in coverage.follow_ups] if coverage else [],
    )


api_rule("training-participant-outcome", "training.manage_participants", method="GET")
api_rule("training-participant-outcome", "training.manage_participants", method="PUT")


@router.get("/participants/{public_id}/outcome", response=OutcomeOut, url_name="training-participant-outcome")
def get_outcome(request, public_id: UUID):
    """The outcome of a stay of the caller's own CIS/KIS with its follow-ups (404 when none is recorded)."""
    participation = selectors.participation_get_for_outcome(user=request.user, public_id=public_id, channel="api")
    return _outcome_out(participation)


@router.put("/participants/{public_id}/outcome", response=OutcomeOut, url_name="training-participant-outcome")
def put_outcome(request, public_id: UUID, payload: OutcomeIn):
    """Record the outcome of a stay that has ended, or correct it with the ``version`` read (stale → 409); a
    field that breaks a rule → 422 naming it. Follow-ups not yet recorded are planned again."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    if not services.may_record_outcome(request.user, participation):
        raise PermissionDenied
    services.outcome_record(
        actor=request.user,
        participation=participation,
        kind=payload.kind,
        started_on=payload.started_on,
        organisation_name=payload.organisation_name,
        note=payload.note,
        version=payload.version,
    )
    return _outcome_out(participation)


api_rule("training-participant-outcome-follow-ups", "training.manage_participants", method="POST")


@router.post(
    "/participants/{public_id}/outcome/follow-ups",
    response={201: OutcomeFollowUpOut},
    url_name="training-participant-outcome-follow-ups",
)
def record_outcome_follow_up(request, public_id: UUID, payload: OutcomeFollowUpIn):
    """Whether the person is still in the outcome 3 or 6 months after it began: from its due date on (422
    before, naming the date), once (422 the second time)."""
    follow_up = outcome_selectors.outcome_follow_up_get_for_record(
        user=request.user, public_id=public_id, months=payload.months
    )
    if not services.may_record_outcome(request.user, follow_up.outcome.participation):
        raise PermissionDenied
    recorded = services.outcome_follow_up_record(
        actor=request.user, follow_up=follow_up, still_there=payload.still_there, note=payload.note
    )
    return Status(201, _follow_up_out(recorded))
