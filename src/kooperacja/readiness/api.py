"""Readiness over HTTP (read only): assessments and decisions scoped as on the pages, and the public list of
confirmed providers, which anyone may read without signing in (organisations, services, outcomes and validity;
no personal data)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.api import Pagination
from kooperacja.core.routes import PUBLIC, api_rule
from kooperacja.readiness import selectors
from kooperacja.readiness.models import AssessmentStatus, DecisionStatus, Outcome
from kooperacja.territory import selectors as territory

router = Router(tags=["readiness"])
public_router = Router(tags=["public"])


class ProviderRef(Schema):
    public_id: UUID
    name: str
    kind: str
    municipality: str = Field(..., description="TERYT code of the provider's municipality")
    municipality_name: str


class ServiceRef(Schema):
    code: str
    name: str
    card_version: int | None = None


def _provider(organisation) -> ProviderRef:
    return ProviderRef(
        public_id=organisation.public_id,
        name=organisation.name,
        kind=organisation.kind,
        municipality=organisation.municipality_id,
        municipality_name=organisation.municipality.display_name,
    )


class AssessmentOut(Schema):
    public_id: UUID
    status: AssessmentStatus
    provider: ProviderRef
    service: ServiceRef
    submitted_at: datetime | None = None
    visit_date: date | None = None
    created_at: datetime
    version: int

    @staticmethod
    def resolve_provider(obj) -> ProviderRef:
        return _provider(obj.provider)

    @staticmethod
    def resolve_service(obj) -> ServiceRef:
        return ServiceRef(code=obj.service_type.code, name=obj.card_version.name, card_version=obj.card_version.number)


class ItemOut(Schema):
    id: int
    kind: str
    requirement: str
    mandatory: bool
    answer: str
    comment: str
    assessor_note: str


class EvidenceOut(Schema):
    public_id: UUID
    file_name: str
    size: int
    item: int | None = Field(None, description="The id of the requirement the file supports (none: the whole)")
    uploaded_at: datetime


class AssessmentDetailOut(AssessmentOut):
    summary: str
    visit_present: str
    visit_findings: str
    items: list[ItemOut]
    evidence: list[EvidenceOut]
    decision: UUID | None = None

    @staticmethod
    def resolve_items(obj) -> list[ItemOut]:
        return [ItemOut.from_orm(item) for item in selectors.assessment_items(assessment=obj)]

    @staticmethod
    def resolve_evidence(obj) -> list[EvidenceOut]:
        return [
            EvidenceOut(
                public_id=file.public_id,
                file_name=file.file_name,
                size=file.size,
                item=file.item_id,
                uploaded_at=file.uploaded_at,
            )
            for file in selectors.assessment_evidence(assessment=obj)
        ]

    @staticmethod
    def resolve_decision(obj) -> UUID | None:
        decision = selectors.decision_of(assessment=obj)
        return decision.public_id if decision else None


class DecisionOut(Schema):
    public_id: UUID
    number: str
    outcome: Outcome
    status: DecisionStatus
    provider: ProviderRef
    service: ServiceRef
    decided_on: date
    valid_from: date | None = None
    valid_until: date | None = None
    conditions_due: date | None = None
    conditions_met_on: date | None = None
    in_force_today: bool = Field(..., description="Whether the decision confirms the provider today")

    @staticmethod
    def resolve_provider(obj) -> ProviderRef:
        return _provider(obj.provider)

    @staticmethod
    def resolve_service(obj) -> ServiceRef:
        card = obj.assessment.card_version
        return ServiceRef(code=obj.service_type.code, name=card.name, card_version=card.number)

    @staticmethod
    def resolve_in_force_today(obj) -> bool:
        return selectors.is_in_force(obj, timezone.localdate())


class DecisionDetailOut(DecisionOut):
    reasons: str
    conditions: str
    assessment: UUID
    issuer: str = ""

    @staticmethod
    def resolve_assessment(obj) -> UUID:
        return obj.assessment.public_id

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer.name if obj.issuer else ""


def _service_id(code: str | None) -> int | None:
    """The id of the service named by its catalogue code (or by its id, as the page's filter names it)."""
    if not code:
        return None
    if code.isdigit() and len(code) <= 18:  # an id fits a bigint
        by_id = catalogue.service_types_with_ids(ids=[int(code)]).get(int(code))
        if by_id is not None:
            return by_id.pk
    found = catalogue.service_type_find(code=code)
    if found is None:
        raise ValidationError({"service": _("No service of the catalogue has this code.")})
    return found.pk


api_rule("readiness-assessments", "readiness.view", method="GET")


@router.get("/assessments", response=list[AssessmentOut], url_name="readiness-assessments")
@paginate(Pagination)
def list_assessments(
    request,
    status: AssessmentStatus | None = None,
    service: str | None = Query(None, max_length=80, description="Catalogue code (or id) of the service"),
    sort: Literal["newest", "oldest", "updated"] = "newest",
):
    """The assessments of the caller's providers and those in the caller's reach as an assessor."""
    return selectors.assessment_list(
        user=request.user, status=str(status) if status else None, service=_service_id(service), sort=sort
    )


api_rule("readiness-assessment", "readiness.view", method="GET")


@router.get("/assessments/{public_id}", response=AssessmentDetailOut, url_name="readiness-assessment")
def get_assessment(request, public_id: UUID):
    return selectors.assessment_get(user=request.user, public_id=public_id)


api_rule("readiness-decisions", "readiness.view", method="GET")


@router.get("/decisions", response=list[DecisionOut], url_name="readiness-decisions")
@paginate(Pagination)
def list_decisions(
    request,
    outcome: Outcome | None = None,
    status: DecisionStatus | None = None,
    service: str | None = Query(None, max_length=80, description="Catalogue code (or id) of the service"),
    sort: Literal["newest", "oldest", "valid_until"] = "newest",
):
    return selectors.decision_list(
        user=request.user,
        outcome=str(outcome) if outcome else None,
        status=str(status) if status else None,
        service=_service_id(service),
        sort=sort,
    )


api_rule("readiness-decision", "readiness.view", method="GET")


@router.get("/decisions/{public_id}", response=DecisionDetailOut, url_name="readiness-decision")
def get_decision(request, public_id: UUID):
    return selectors.decision_get(user=request.user, public_id=public_id)


class PublicProviderOut(Schema):
    """A provider confirmed ready for a service: the organisation (no contact person), its address, the service,
    the outcome and the validity of the decision."""

    provider: str
    kind: str
    street: str
    postal_code: str
    city: str
    municipality: str
    municipality_name: str
    service: str
    service_name: str
    outcome: Outcome
    decision: str
    valid_from: date
    valid_until: date

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.provider.kind

    @staticmethod
    def resolve_street(obj) -> str:
        return obj.provider.street

    @staticmethod
    def resolve_postal_code(obj) -> str:
        return obj.provider.postal_code

    @staticmethod
    def resolve_city(obj) -> str:
        return obj.provider.city

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.provider.municipality_id

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.provider.municipality.display_name

    @staticmethod
    def resolve_service(obj) -> str:
        return obj.service_type.code

    @staticmethod
    def resolve_service_name(obj) -> str:
        card = obj.service_type.current_version
        return card.name if card else obj.service_type.code

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.number


api_rule("public-providers", PUBLIC, method="GET")


@public_router.get("/providers", response=list[PublicProviderOut], url_name="public-providers", auth=None)
@paginate(Pagination)
def list_public_providers(
    request,
    service: str | None = Query(None, max_length=80, description="Catalogue code (or id) of the service"),
    unit: str | None = Query(None, max_length=7, description="TERYT code of a voivodeship, county or municipality"),
):
    """Providers confirmed ready today, per service and territory; anyone may read it without signing in."""
    if unit and territory.unit_find(code=unit) is None:
        raise ValidationError({"unit": _("No voivodeship, county or municipality has this TERYT code.")})
    return selectors.confirmed_providers(service=_service_id(service), unit=unit or None)
