"""Cooperative models over HTTP (``/api/v1/cooperative-models``): the same selectors and rules as the pages."""

from datetime import date
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kooperacja.cooperatives import selectors
from kooperacja.cooperatives.models import FoundersKind, FranchiseState, LegalFounderKind, ServiceArea, TargetGroup
from kooperacja.cooperatives.recommend import problem_choices, recommend_models
from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Level

router = Router(tags=["cooperatives"])


class DocumentOut(Schema):
    kind: str
    title: str
    description: str


class ModelOut(Schema):
    code: str
    name: str
    name_en: str
    status: str
    summary: str
    target_groups: list[str]
    service_areas: list[str]
    founders: str
    legal_founder_kinds: list[str]
    franchisor: UUID | None = None
    franchisor_name: str = ""

    @staticmethod
    def resolve_franchisor(model) -> UUID | None:
        return model.franchisor.public_id if model.franchisor_id else None

    @staticmethod
    def resolve_franchisor_name(model) -> str:
        return model.franchisor.name if model.franchisor_id else ""


class ModelDetailOut(ModelOut):
    social_problem: str
    founders_note: str
    municipality_role: str
    services: list[str] = Field(..., description="Codes of the catalogue services the model delivers")
    other_services: str
    staff_requirements: str
    premises_requirements: str
    capital_min: int | None = None
    capital_max: int | None = None
    partners_needed: str
    implementation_steps: str
    documents: list[DocumentOut]
    version: int

    @staticmethod
    def resolve_services(model) -> list[str]:
        return sorted(service.code for service in model.service_types.all())

    @staticmethod
    def resolve_documents(model) -> list[dict]:
        return [{"kind": d.kind, "title": d.title, "description": d.description} for d in model.documents.all()]


class ModelFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Words of the name or description")
    target_group: TargetGroup | None = None
    service_area: ServiceArea | None = None
    founders: FoundersKind | None = None
    legal_founder: LegalFounderKind | None = None
    service: str | None = Field(None, max_length=80, description="A catalogue service code")


class FranchiseeOut(Schema):
    public_id: UUID
    organisation: UUID
    organisation_name: str
    municipality: str = Field(..., description="TERYT code of the municipality")
    municipality_name: str
    since: date | None = None
    until: date | None = None
    state: str

    @staticmethod
    def resolve_organisation(franchisee) -> UUID:
        return franchisee.organisation.public_id

    @staticmethod
    def resolve_organisation_name(franchisee) -> str:
        return franchisee.organisation.name

    @staticmethod
    def resolve_municipality(franchisee) -> str:
        return franchisee.unit_id

    @staticmethod
    def resolve_municipality_name(franchisee) -> str:
        return franchisee.unit.name


class FranchiseeFilters(Schema):
    state: FranchiseState | None = None
    unit: str | None = Field(None, pattern=r"^\d{2}(\d{2}(\d{3})?)?$", description="TERYT code of an area")


class ReasonOut(Schema):
    text: str
    points: int


class RecommendationOut(Schema):
    code: str
    name: str
    score: int
    reasons: list[ReasonOut]
    missing_services: list[str]
    open_positions: int


class RecommendQuery(Schema):
    unit: str = Field(..., pattern=r"^\d{4}(\d{3})?$", description="TERYT code of a municipality or county")
    problem: list[str] = Field(
        default_factory=list, max_length=30, description="Target groups or service areas (repeat the parameter)"
    )


class RecommendationsOut(Schema):
    unit: str
    unit_name: str
    problems: list[str]
    models: list[RecommendationOut]


api_rule("cooperative-models", "core.signed_in", method="GET")


@router.get("/", response=list[ModelOut], url_name="cooperative-models")
@paginate(Pagination)
def list_models(request, filters: Query[ModelFilters]):
    """Published models (and, for the catalogue editor, drafts and withdrawn ones), filtered."""
    return selectors.model_list(
        user=request.user,
        q=filters.q,
        target_group=str(filters.target_group) if filters.target_group else None,
        service_area=str(filters.service_area) if filters.service_area else None,
        founders=str(filters.founders) if filters.founders else None,
        legal_founder=str(filters.legal_founder) if filters.legal_founder else None,
        service_type=filters.service,
    )


api_rule("cooperative-models-recommend", "core.signed_in", method="GET")


@router.get("/recommend", response=RecommendationsOut, url_name="cooperative-models-recommend")
def recommend(request, query: Query[RecommendQuery]):
    """The published models ranked for a municipality or county, each with its reasons."""
    unit, problem = query.unit, query.problem
    found = territory.unit_find(code=unit)
    if found is None or found.level == Level.VOIVODESHIP:
        raise Http404(_("No such municipality or county."))
    known = {value for value, _label in problem_choices()}
    stated = [value for value in dict.fromkeys(problem) if value in known]
    results = recommend_models(found, stated)
    return {
        "unit": found.code,
        "unit_name": found.display_name,
        "problems": stated,
        "models": [
            {
                "code": result.model.code,
                "name": result.model.display_name,
                "score": result.score,
                "reasons": [{"text": reason.text, "points": reason.points} for reason in result.reasons],
                "missing_services": result.missing_services,
                "open_positions": result.open_positions,
            }
            for result in results
        ],
    }


api_rule("cooperative-model", "core.signed_in", method="GET")


@router.get("/{code}", response=ModelDetailOut, url_name="cooperative-model")
def get_model(request, code: str):
    return selectors.model_get_for_view(user=request.user, code=code)


api_rule("cooperative-model-franchisees", "core.signed_in", method="GET")


@router.get("/{code}/franchisees", response=list[FranchiseeOut], url_name="cooperative-model-franchisees")
@paginate(Pagination)
def list_franchisees(request, code: str, filters: Query[FranchiseeFilters]):
    """The franchisees of a model, by voivodeship and municipality."""
    model = selectors.model_get_for_view(user=request.user, code=code)
    return selectors.franchisee_list(
        model=model, state=str(filters.state) if filters.state else None, unit=filters.unit
    )
