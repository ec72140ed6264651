"""Staffing needs, diagnosis rounds and plans over HTTP: the same selectors, services and rules as the web pages."""

from datetime import date, datetime
from decimal import Decimal
from typing import overload
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.catalogue import selectors as catalogue
from kooperacja.catalogue.models import ServiceCardVersion
from kooperacja.core.api import Pagination, VersionNumber
from kooperacja.core.routes import api_rule
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import Organisation
from kooperacja.staffing import selectors, services
from kooperacja.staffing.models import NeedStatus, PlanStatus, RoundStatus, StaffingNeed, WorkingTime
from kooperacja.territory.models import Unit

router = Router(tags=["staffing"])


class UnitRef(Schema):
    code: str
    name: str

    @overload
    @staticmethod
    def of(unit: Unit) -> "UnitRef": ...
    @overload
    @staticmethod
    def of(unit: None) -> None: ...
    @staticmethod
    def of(unit: Unit | None) -> "UnitRef | None":
        return UnitRef(code=unit.code, name=unit.display_name) if unit is not None else None


class OrganisationRef(Schema):
    public_id: UUID
    name: str

    @staticmethod
    def of(organisation: Organisation) -> "OrganisationRef":
        return OrganisationRef(public_id=organisation.public_id, name=organisation.name)


class QualificationRef(Schema):
    code: str
    name: str


class NeedOut(Schema):
    public_id: UUID
    provider: OrganisationRef
    service_type: str
    service_name: str
    card_version: int
    position: str
    headcount: int
    filled_count: int
    open_positions: int
    required_qualifications: list[QualificationRef]
    working_time: WorkingTime
    hours_per_week: int | None
    start_date: date
    end_date: date | None
    municipality: UnitRef
    pay_min: Decimal | None
    pay_max: Decimal | None
    conditions: str
    status: NeedStatus
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_provider(obj) -> OrganisationRef:
        return OrganisationRef.of(obj.provider)

    @staticmethod
    def resolve_service_type(obj) -> str:
        return obj.card_version.service_type.code

    @staticmethod
    def resolve_service_name(obj) -> str:
        return obj.card_version.name

    @staticmethod
    def resolve_card_version(obj) -> int:
        return obj.card_version.number

    @staticmethod
    def resolve_required_qualifications(obj) -> list[QualificationRef]:
        return [QualificationRef(code=q.code, name=q.name) for q in obj.required_qualifications.all()]

    @staticmethod
    def resolve_municipality(obj) -> UnitRef:
        return UnitRef.of(obj.municipality)


class NeedBaseIn(Schema):
    service_type: str = Field(..., description="Code of the catalogue service, e.g. uslugi-opiekuncze")
    card_version: VersionNumber | None = Field(
        None, description="Card version number; the current version when omitted"
    )
    position: str
    headcount: int
    required_qualifications: list[str] = Field(default_factory=list, description="Qualification codes of the card")
    working_time: WorkingTime
    hours_per_week: int | None = None
    start_date: date
    end_date: date | None = None
    municipality: str = Field(..., description="TERYT code of the municipality (7 digits)")
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    conditions: str = ""


class NeedIn(NeedBaseIn):
    provider: UUID = Field(..., description="public_id of the provider organisation")


class NeedUpdateIn(NeedBaseIn):
    version: VersionNumber = Field(..., description="The version the client read; a stale version is answered with 409")


class NeedFilters(Schema):
    status: NeedStatus | None = None
    service_type: str | None = Field(None, description="Service code")
    territory: str | None = Field(None, description="TERYT code prefix: voivodeship, county or municipality")
    provider: UUID | None = None
    q: str | None = Field(None, description="Position, provider or place; Polish diacritics are ignored")
    sort: str | None = Field(None, description="start, -start, position, headcount, municipality, -created")


class WithdrawIn(Schema):
    note: str = ""


def _card_version(payload: NeedBaseIn) -> ServiceCardVersion:
    service_type = catalogue.service_type_find(code=payload.service_type)
    if service_type is None:
        raise ValidationError({"service_type": [_("There is no service with this code in the catalogue.")]})
    if payload.card_version is None:
        if service_type.current_version is None:
            raise ValidationError({"service_type": [_("This service has no published card.")]})
        return service_type.current_version
    card = catalogue.card_version_find(service_type=service_type, number=payload.card_version)
    if card is None:
        raise ValidationError({"card_version": [_("The service has no card with this version number.")]})
    return card


def _need_data(payload: NeedBaseIn) -> dict:
    data = payload.dict(exclude={"service_type", "provider", "version"})
    data["card_version"] = _card_version(payload)
    return data


api_rule("staffing-needs", "staffing.view_needs", method="GET")
api_rule("staffing-needs", "staffing.manage_needs", method="POST")


@router.get("/needs", response=list[NeedOut], url_name="staffing-needs")
@paginate(Pagination)
def list_needs(request, filters: Query[NeedFilters]):
    """Staffing needs visible to the caller (published ones, and drafts of their own providers)."""
    provider = None
    if filters.provider:
        provider = registry.organisation_find(public_id=filters.provider)
        if provider is None:
            return StaffingNeed.objects.none()
    return selectors.need_list(
        user=request.user,
        status=filters.status,
        service_type=filters.service_type,
        territory=filters.territory,
        provider=provider,
        q=filters.q,
        sort=filters.sort,
    )


@router.post("/needs", response={201: NeedOut}, url_name="staffing-needs")
def create_need(request, payload: NeedIn):
    """Declare a need (created as a draft; publish it to open it)."""
    provider = registry.organisation_find(public_id=payload.provider)
    if provider is None:
        raise ValidationError({"provider": [_("There is no organisation with this identifier.")]})
    need = services.need_create(actor=request.user, data={**_need_data(payload), "provider": provider})
    return Status(201, selectors.need_get_for_view(user=request.user, public_id=need.public_id))


api_rule("staffing-need", "staffing.view_needs", method="GET")
api_rule("staffing-need", "staffing.manage_needs", method="PUT")


@router.get("/needs/{public_id}", response=NeedOut, url_name="staffing-need")
def get_need(request, public_id: UUID):
    return selectors.need_get_for_view(user=request.user, public_id=public_id)


@router.put("/needs/{public_id}", response=NeedOut, url_name="staffing-need")
def update_need(request, public_id: UUID, payload: NeedUpdateIn):
    """Replace the need's data. ``version`` must be the one read; otherwise 409 and nothing is saved."""
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    services.need_update(actor=request.user, need=need, data=_need_data(payload), expected_version=payload.version)
    return selectors.need_get_for_view(user=request.user, public_id=public_id)


api_rule("staffing-need-publish", "staffing.manage_needs", method="POST")
api_rule("staffing-need-withdraw", "staffing.manage_needs", method="POST")


@router.post("/needs/{public_id}/publish", response=NeedOut, url_name="staffing-need-publish")
def publish_need(request, public_id: UUID):
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    services.need_publish(actor=request.user, need=need)
    return selectors.need_get_for_view(user=request.user, public_id=public_id)


@router.post("/needs/{public_id}/withdraw", response=NeedOut, url_name="staffing-need-withdraw")
def withdraw_need(request, public_id: UUID, payload: WithdrawIn | None = None):
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    services.need_withdraw(actor=request.user, need=need, note=payload.note if payload else "")
    return selectors.need_get_for_view(user=request.user, public_id=public_id)


# --- rounds and plans ----------------------------------------------------------------------------------


class PartnerOut(Schema):
    organisation: OrganisationRef
    invited_at: datetime
    contributed_at: datetime | None


class RoundOut(Schema):
    public_id: UUID
    title: str
    territory: UnitRef
    period_start: date
    period_end: date
    coordinator_organisation: OrganisationRef
    status: RoundStatus

    @staticmethod
    def resolve_territory(obj) -> UnitRef:
        return UnitRef.of(obj.territory)

    @staticmethod
    def resolve_coordinator_organisation(obj) -> OrganisationRef:
        return OrganisationRef.of(obj.coordinator_organisation)


class PlanRef(Schema):
    public_id: UUID
    number: int
    status: PlanStatus


class DirectionOut(Schema):
    service_type: str
    description: str
    additional_staff: int
    quarter: str


class RoundDetailOut(RoundOut):
    partners: list[PartnerOut]
    contributed_needs: list[UUID]
    directions: list[DirectionOut]
    plans: list[PlanRef]

    @staticmethod
    def resolve_partners(obj) -> list[PartnerOut]:
        return obj.partners_out

    @staticmethod
    def resolve_contributed_needs(obj) -> list[UUID]:
        return obj.contributed_out

    @staticmethod
    def resolve_directions(obj) -> list[DirectionOut]:
        return obj.directions_out

    @staticmethod
    def resolve_plans(obj) -> list[PlanRef]:
        return obj.plans_out


class PlanLineOut(Schema):
    id: int
    service_type: str
    qualification_code: str
    qualification_name: str
    quarter: str
    needed: int


class SignoffOut(Schema):
    organisation: OrganisationRef
    signed_at: datetime | None


class PlanOut(Schema):
    public_id: UUID
    round: UUID
    number: int
    status: PlanStatus
    amends: int | None
    amendment_reason: str
    created_at: datetime
    lines: list[PlanLineOut]
    signoffs: list[SignoffOut]


api_rule("staffing-rounds", "staffing.view_rounds", method="GET")
api_rule("staffing-round", "staffing.view_rounds", method="GET")
api_rule("staffing-plan", "staffing.view_rounds", method="GET")


@router.get("/rounds", response=list[RoundOut], url_name="staffing-rounds")
@paginate(Pagination)
def list_rounds(request):
    """Diagnosis rounds the caller takes part in (analysts and administrators: all)."""
    return selectors.round_list(user=request.user)


@router.get("/rounds/{public_id}", response=RoundDetailOut, url_name="staffing-round")
def get_round(request, public_id: UUID):
    """A round with its partners, contributed needs, directions and plan versions."""
    diagnosis_round = selectors.round_get_for_view(user=request.user, public_id=public_id)
    # The schema reads these display values from the round (attributes set here, not model fields).
    diagnosis_round.partners_out = [  # type: ignore[attr-defined]
        PartnerOut(
            organisation=OrganisationRef.of(p.organisation), invited_at=p.invited_at, contributed_at=p.contributed_at
        )
        for p in selectors.round_partner_list(diagnosis_round=diagnosis_round)
    ]
    diagnosis_round.contributed_out = [  # type: ignore[attr-defined]
        link.need.public_id for link in selectors.round_contributed_needs(diagnosis_round=diagnosis_round)
    ]
    diagnosis_round.directions_out = [  # type: ignore[attr-defined]
        DirectionOut(
            service_type=d.service_type.code,
            description=d.description,
            additional_staff=d.additional_staff,
            quarter=d.quarter,
        )
        for d in diagnosis_round.directions.select_related("service_type")
    ]
    diagnosis_round.plans_out = [  # type: ignore[attr-defined]
        PlanRef(public_id=p.public_id, number=p.number, status=PlanStatus(p.status))
        for p in selectors.plan_list_for_round(diagnosis_round=diagnosis_round)
    ]
    return diagnosis_round


@router.get("/plans/{public_id}", response=PlanOut, url_name="staffing-plan")
def get_plan(request, public_id: UUID):
    """A staffing plan version with its lines and the sign-off of every organisation that must sign."""
    plan = selectors.plan_get_for_view(user=request.user, public_id=public_id)
    signoffs = selectors.plan_signoff_status(user=request.user, plan=plan)
    return PlanOut(
        public_id=plan.public_id,
        round=plan.round.public_id,
        number=plan.number,
        status=PlanStatus(plan.status),
        amends=plan.amends.number if plan.amends else None,
        amendment_reason=plan.amendment_reason,
        created_at=plan.created_at,
        lines=[
            PlanLineOut(
                id=line.pk,
                service_type=line.service_type.code,
                qualification_code=line.qualification_code,
                qualification_name=line.qualification_name,
                quarter=line.quarter,
                needed=line.needed,
            )
            for line in selectors.plan_lines(plan=plan)
        ],
        signoffs=[
            SignoffOut(
                organisation=OrganisationRef.of(row.organisation),
                signed_at=row.signoff.signed_at if row.signoff else None,
            )
            for row in signoffs
        ],
    )
