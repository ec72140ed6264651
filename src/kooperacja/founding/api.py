"""The founding progress of a launch over HTTP (``/api/v1/launches/{public_id}/founding``): group size, model,
business plan state and totals, registration steps with dates. Founders' names only for those who may see them
(the launching organisation's coordinators and social workers, the OWES advisors of the voivodeship); others get
the entry codes, and legal persons by name."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.http import Http404
from ninja import Router, Schema

from kooperacja.core.routes import SIGNED_IN, api_rule
from kooperacja.founding import documents, selectors

router = Router(tags=["founding"])


class FoundingFounderOut(Schema):
    label: str
    legal_person: bool
    joined_on: date
    left_on: date | None = None


class FoundingModelOut(Schema):
    code: str
    name: str


class FoundingPlanOut(Schema):
    state: str
    version: int
    costs_by_year: list[Decimal]
    revenue_by_year: list[Decimal]
    funding_total: Decimal
    unresolved_comments: int


class FoundingStepOut(Schema):
    kind: str
    done_on: date
    court: str
    krs_number: str


class FoundingOut(Schema):
    public_id: UUID
    launch: UUID
    state: str
    founders: str
    size: int
    minimum_founders: int | None = None
    names_shown: bool
    members: list[FoundingFounderOut]
    model: FoundingModelOut | None = None
    plan: FoundingPlanOut
    steps: list[FoundingStepOut]
    organisation: UUID | None = None


api_rule("founding-of-launch", SIGNED_IN, method="GET")


@router.get("/{public_id}/founding", response=FoundingOut, url_name="founding-of-launch")
def founding_of_launch(request, public_id: UUID):
    group = selectors.groups_visible(request.user).filter(launch__public_id=public_id).first()
    if group is None:
        raise Http404
    group = selectors.group_get_for_view(user=request.user, public_id=group.public_id)
    names = selectors.sees_names(request.user, group)
    if names:
        members = selectors.members_shown(user=request.user, group=group, channel="api")
    else:
        members = list(selectors.members_of(group))
    steps = selectors.steps_of(group)
    plan = selectors.plan_of(group)
    totals = selectors.plan_totals(plan)
    model = group.cooperative_model
    return {
        "public_id": group.public_id,
        "launch": group.launch.public_id,
        "state": group.state,
        "founders": group.founders,
        "size": sum(1 for member in members if member.left_on is None),
        "minimum_founders": selectors.size_status(group, steps).minimum,
        "names_shown": names,
        "members": [
            {
                "label": documents.member_label(member, names=names),
                "legal_person": member.organisation_id is not None,
                "joined_on": member.joined_on,
                "left_on": member.left_on,
            }
            for member in members
        ],
        "model": {"code": model.code, "name": model.name} if model else None,
        "plan": {
            "state": plan.state,
            "version": plan.version,
            "costs_by_year": list(totals.costs_by_year.values()),
            "revenue_by_year": list(totals.revenue_by_year.values()),
            "funding_total": totals.funding_total,
            "unresolved_comments": plan.comments.filter(resolved_at__isnull=True).count(),
        },
        "steps": [
            {"kind": step.kind, "done_on": step.done_on, "court": step.court, "krs_number": step.krs_number}
            for step in steps
        ],
        "organisation": group.organisation.public_id if group.organisation else None,
    }
