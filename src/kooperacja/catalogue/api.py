from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kooperacja.catalogue import selectors
from kooperacja.catalogue.models import DeliveryForm, MetBy
from kooperacja.core.api import Pagination, VersionNumber
from kooperacja.core.routes import PUBLIC, api_rule

router = Router(tags=["catalogue"])


class ServiceSummaryOut(Schema):
    code: str
    name: str = Field(..., alias="current_version.name")
    summary: str = Field(..., alias="current_version.summary")
    delivery_form: str = Field(..., alias="current_version.delivery_form")
    is_cus_social_service: bool = Field(..., alias="current_version.is_cus_social_service")
    version: int = Field(..., alias="current_version.number")
    published_at: datetime = Field(..., alias="current_version.published_at")


class CardQualificationOut(Schema):
    """A qualification the service card asks of its staff."""

    code: str
    name: str
    requirement: str
    hours: int | None
    mandatory: bool
    met_by: MetBy = Field(
        ...,
        description="How the qualification is met: `course` (completing the card's CIS/KIS course), "
        "`evidence` (only a certificate, diploma or licence) or `course_or_evidence` (either)",
    )


class ModuleOut(Schema):
    title: str
    hours: int
    learning_outcomes: str


class ProgrammeOut(Schema):
    total_hours: int
    modules: list[ModuleOut]


class ResourceOut(Schema):
    category: str
    description: str


class CriterionOut(Schema):
    description: str
    evidence: str


class IndicatorOut(Schema):
    name: str
    unit: str
    description: str


class ServiceCardOut(Schema):
    code: str = Field(..., alias="service_type.code")
    version: int = Field(..., alias="number")
    current_version: int = Field(..., alias="service_type.current_version.number")
    name: str
    summary: str
    legal_basis: str
    target_groups: str
    service_standard: str
    delivery_form: str
    is_cus_social_service: bool
    published_at: datetime
    change_note: str
    qualifications: list[CardQualificationOut]
    cis_programme: ProgrammeOut
    kis_programme: ProgrammeOut
    minimum_resources: list[ResourceOut]
    readiness_criteria: list[CriterionOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_cis_programme(version) -> dict:
        return {"total_hours": version.cis_hours, "modules": version.cis_modules}

    @staticmethod
    def resolve_kis_programme(version) -> dict:
        return {"total_hours": version.kis_hours, "modules": version.kis_modules}


api_rule("catalogue-services", PUBLIC)


@router.get("/services", response=list[ServiceSummaryOut], url_name="catalogue-services")
@paginate(Pagination)
def list_services(request, q: str | None = None, form: DeliveryForm | None = None):
    """Service cards in Polish alphabetical order; ``q`` searches ignoring case and Polish diacritics."""
    return selectors.service_type_list(q=q, delivery_form=form)


api_rule("catalogue-service", PUBLIC)


@router.get("/services/{code}", response=ServiceCardOut, url_name="catalogue-service")
def get_service(request, code: str, version: VersionNumber | None = None):
    """The full card: the current version, or ``?version=N`` for an older one."""
    return selectors.service_card_get(code=code, number=version)
