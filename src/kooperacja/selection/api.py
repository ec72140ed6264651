"""A selection over HTTP: its terms and criteria, and its ranking (names per the host's rule for the caller)."""

from decimal import Decimal
from uuid import UUID

from django.http import Http404
from ninja import Query, Router, Schema

from kooperacja.core.routes import SIGNED_IN, api_rule
from kooperacja.selection import selectors

router = Router(tags=["selection"])


class CriterionOut(Schema):
    id: int
    position: int
    name: str
    description: str
    weight: Decimal
    max_points: int


class SelectionOut(Schema):
    public_id: UUID
    kind: str
    title: str
    state: str
    places: int
    threshold: Decimal | None = None
    tie_rule: str
    appeal_days: int
    appeal_deadline: str | None = None
    version: int
    criteria: list[CriterionOut]


class RankingRowOut(Schema):
    code: str
    label: str
    position: int
    total: Decimal
    means: dict[str, Decimal]
    selected: bool
    below_threshold: bool
    tie_note: str


class RankingOut(Schema):
    version: int
    computed_at: str
    tie_rule: str
    places: int
    inputs_digest: str
    rows: list[RankingRowOut]


class VersionQuery(Schema):
    version: int | None = None


@router.get("/{public_id}", response=SelectionOut, url_name="selection-selection")
def selection_detail(request, public_id: UUID):
    selection = selectors.selection_get_for_view(request.user, public_id)
    return {
        "public_id": selection.public_id,
        "kind": selection.kind,
        "title": selection.title,
        "state": selection.state,
        "places": selection.places,
        "threshold": selection.threshold,
        "tie_rule": selection.tie_rule,
        "appeal_days": selection.appeal_days,
        "appeal_deadline": selection.appeal_deadline.isoformat() if selection.appeal_deadline else None,
        "version": selection.version,
        "criteria": [
            {
                "id": c.pk,
                "position": c.position,
                "name": c.name,
                "description": c.description,
                "weight": c.weight,
                "max_points": c.max_points,
            }
            for c in selectors.criteria_of(selection)
        ],
    }


@router.get("/{public_id}/ranking", response=RankingOut, url_name="selection-ranking")
def selection_ranking(request, public_id: UUID, query: Query[VersionQuery]):
    selection = selectors.selection_get_for_view(request.user, public_id)
    reading = selectors.ranking_for_reader(selection, request.user, version=query.version, channel="api")
    ranking = reading["ranking"]
    if ranking is None:
        raise Http404
    names = {str(c.pk): c.name for c in reading["criteria"]}
    return {
        "version": ranking.number,
        "computed_at": ranking.computed_at.isoformat(),
        "tie_rule": ranking.tie_rule,
        "places": ranking.places,
        "inputs_digest": ranking.inputs_digest,
        "rows": [
            {
                "code": row.entry.code,
                "label": row.shown_label,
                "position": row.position,
                "total": row.total,
                "means": {names.get(key, key): Decimal(value) for key, value in row.means.items()},
                "selected": row.selected,
                "below_threshold": row.below_threshold,
                "tie_note": row.tie_text,
            }
            for row in reading["rows"]
        ],
    }


api_rule("selection-selection", SIGNED_IN)
api_rule("selection-ranking", SIGNED_IN)
