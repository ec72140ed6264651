"""Launches over HTTP: the launches the caller may see with their services, states, partners and figures, the
applications of a launch (with personal data only for the launching organisation and, for its own candidates, the
CIS/KIS that put them forward; codes, states, categories and whether a participation is linked for the others) and
the ranking of the founding group's selection. The same selectors and rules as the pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule
from kooperacja.launches import calls, selectors
from kooperacja.launches.models import Application, ApplicationState, LaunchState
from kooperacja.launches.rules import referring_organisation_ids, sees_personal_data
from kooperacja.selection import selectors as selection_selectors

router = Router(tags=["launches"])


class ServiceOut(Schema):
    service: str = Field(..., description="Catalogue code of the service")
    card_version: int
    unit: str
    planned_volume: Decimal
    starts_on: date
    ends_on: date


class LaunchPartnerOut(Schema):
    organisation: UUID
    name: str
    kind: str
    state: str
    commitments: int


class LaunchOut(Schema):
    public_id: UUID
    title: str
    state: str
    owner: UUID
    owner_name: str
    municipality: str = Field(..., description="TERYT code of the municipality")
    form: str
    created_at: datetime


class LaunchDetailOut(LaunchOut):
    description: str
    form_description: str
    cancel_reason: str
    services: list[ServiceOut]
    budget_total: Decimal
    budget: dict[str, Decimal] = Field(..., description="Amount per source")
    partners: list[LaunchPartnerOut]
    applications: dict[str, int] = Field(..., description="Number of applications per state")
    places: int | None = None
    deadline: datetime | None = None
    selection: UUID | None = None
    agreement: UUID | None = None
    events: list[dict]


class ApplicationOut(Schema):
    code: str
    state: str
    categories: list[str]
    participation_linked: bool
    submitted_at: datetime
    rank: int | None = None
    first_name: str | None = Field(None, description="Only for those who may see the candidate's personal data")
    last_name: str | None = None
    put_forward_by: str | None = None


class RankingRowOut(Schema):
    position: int
    code: str
    label: str = Field(..., description="A name for those who may see it, else the code")
    total: Decimal
    selected: bool
    tie_note: dict = Field(default_factory=dict, description="How a tie was decided (selection's record)")


def _launch(launch) -> dict:
    return {
        "public_id": launch.public_id,
        "title": launch.title,
        "state": launch.state,
        "owner": launch.owner.public_id,
        "owner_name": launch.owner.name,
        "municipality": launch.municipality_id,
        "form": launch.form,
        "created_at": launch.created_at,
    }


def _detail(launch) -> dict:
    lines = list(launch.budget_lines.all())
    budget: dict[str, Decimal] = {}
    for line in lines:
        budget[line.source] = budget.get(line.source, Decimal("0")) + line.amount
    call = selectors.call_of(launch)
    selection = calls.selection_of(call)
    return {
        **_launch(launch),
        "description": launch.description,
        "form_description": launch.form_description,
        "cancel_reason": launch.cancel_reason,
        "services": [
            {
                "service": service.service_type.code,
                "card_version": service.card_version.number,
                "unit": service.unit,
                "planned_volume": service.planned_volume,
                "starts_on": service.starts_on,
                "ends_on": service.ends_on,
            }
            for service in launch.services.select_related("service_type", "card_version")
        ],
        "budget_total": sum(budget.values(), Decimal("0")),
        "budget": budget,
        "partners": [
            {
                "organisation": partner.organisation.public_id,
                "name": partner.organisation.name,
                "kind": partner.kind,
                "state": partner.state,
                "commitments": len(partner.commitments.all()),
            }
            for partner in selectors.partners_of(launch)
        ],
        "applications": selectors.applications_counts(launch),
        "places": call.places if call else None,
        "deadline": call.deadline if call else None,
        "selection": selection.public_id if selection else None,
        "agreement": launch.agreement.public_id if launch.agreement_id else None,
        "events": [
            {"at": event.at, "from": event.from_state, "to": event.to_state, "note": event.note}
            for event in selectors.launch_timeline(launch)
        ],
    }


api_rule("launches-list", "launches.read", method="GET")


@router.get("", response=list[LaunchOut], url_name="launches-list")
@paginate(Pagination)
def list_launches(
    request,
    state: LaunchState | None = None,
    unit: str | None = None,
    service: str | None = None,
    sort: Literal["newest", "oldest", "title", "state"] = "newest",
):
    """The launches the caller may see: their own, those their CIS/KIS or OWES was invited to, those of their area."""
    launches = selectors.launch_list(
        user=request.user,
        state=str(state) if state else None,
        unit=(unit or "")[:7] or None,
        service=(service or "")[:80] or None,
        sort=sort,
    )
    return [_launch(launch) for launch in launches.select_related("owner")]


api_rule("launches-detail", "launches.read", method="GET")


@router.get("/{public_id}", response=LaunchDetailOut, url_name="launches-detail")
def launch_detail(request, public_id: UUID):
    return _detail(selectors.launch_get_for_view(user=request.user, public_id=public_id))


api_rule("launches-applications", "launches.read", method="GET")


@router.get("/{public_id}/applications", response=list[ApplicationOut], url_name="launches-applications")
def list_applications(request, public_id: UUID, state: ApplicationState | None = None):
    """All applications of the launch's call (one call holds a bounded number), in order of submission. Names only
    for the launching organisation (all) and for a CIS/KIS (its own candidates)."""
    user = request.user
    launch = selectors.launch_get_for_view(user=user, public_id=public_id)
    state_value = str(state) if state else None
    named: dict[int, Application] = {}
    if sees_personal_data(user, launch) or referring_organisation_ids(user):
        named = {
            application.pk: application
            for application in selectors.applications_shown(user=user, launch=launch, state=state_value, channel="api")
        }
    rows = []
    for application in selectors.application_codes(launch=launch, state=state_value):
        row = {
            "code": application.entry_code,
            "state": application.state,
            "categories": application.categories,
            "participation_linked": application.participation_id is not None,
            "submitted_at": application.submitted_at,
            "rank": application.rank,
        }
        full = named.get(application.pk)
        if full is not None:
            row |= {
                "first_name": full.first_name,
                "last_name": full.last_name,
                "put_forward_by": full.referred_by.name if full.referred_by is not None else None,
            }
        rows.append(row)
    return rows


api_rule("launches-ranking", "launches.read", method="GET")


@router.get("/{public_id}/ranking", response=list[RankingRowOut], url_name="launches-ranking")
def ranking(request, public_id: UUID):
    """The current ranking of the founding group's selection (empty before the ranking); labels per viewer."""
    user = request.user
    launch = selectors.launch_get_for_view(user=user, public_id=public_id)
    selection = calls.selection_of(selectors.call_of(launch))
    if selection is None:
        raise Http404("selection")
    return [
        {
            "position": row.position,
            "code": row.entry.code,
            "label": selection_selectors.entry_label(row.entry, user),
            "total": row.total,
            "selected": row.selected,
            "tie_note": row.tie_note or {},
        }
        for row in selection_selectors.ranking_rows(selection)
    ]
