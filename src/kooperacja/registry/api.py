"""Organisations over HTTP: the same selectors, services and rules as the web pages."""

from datetime import date, datetime
from typing import overload
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.core.api import Pagination, VersionNumber
from kooperacja.core.routes import api_rule
from kooperacja.registry import selectors, services
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.territory.models import Unit

router = Router(tags=["organisations"])


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


class RegisterTermOut(Schema):
    id: int
    register_kind: str = Field(..., description="cis or kis")
    status: str = Field(..., description="granted, extended, withdrawn (CIS); entered, struck_off (KIS)")
    standing: str = Field(..., description="Today: in_force, expired, withdrawn, struck_off or none (not started)")
    number: str
    voivodeship: UnitRef
    decision_number: str
    decision_date: date | None
    term_start: date
    term_end: date | None
    previous_id: int | None
    ended_on: date | None
    end_reason: str
    note: str


class SocialEnterpriseStatusOut(Schema):
    id: int
    state: str = Field(..., description="active or revoked")
    in_force: bool
    decision_number: str
    decision_date: date | None
    valid_from: date
    valid_to: date | None
    revoked_on: date | None
    revoke_reason: str
    note: str


class WorkshopOut(Schema):
    id: int
    kind: str
    name: str
    capacity: int | None
    municipality: UnitRef
    address: str
    description: str


class ContactOut(Schema):
    id: int
    full_name: str
    position: str
    email: str
    phone: str
    is_public: bool


class OrganisationOut(Schema):
    public_id: UUID
    name: str
    short_name: str
    kind: OrganisationKind
    kind_label: str
    nip: str | None
    regon: str | None
    krs: str | None
    street: str
    postal_code: str
    city: str
    municipality: UnitRef
    county: UnitRef | None
    voivodeship: UnitRef | None
    email: str
    phone: str
    website: str
    is_active: bool
    version: int
    updated_at: datetime

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_municipality(obj) -> UnitRef:
        return UnitRef.of(obj.municipality)

    @staticmethod
    def resolve_county(obj) -> UnitRef | None:
        return UnitRef.of(obj.municipality.parent)

    @staticmethod
    def resolve_voivodeship(obj) -> UnitRef | None:
        county = obj.municipality.parent
        return UnitRef.of(county.parent if county else None)


class OrganisationDetailOut(OrganisationOut):
    description: str
    members_count: int
    register_status: str = Field(..., description="in_force, expired, withdrawn, struck_off or none")
    register_terms: list[RegisterTermOut] = Field(..., description="Newest first: one row per term")
    social_enterprise: bool = Field(..., description="Holds the status of a social enterprise today")
    social_enterprise_statuses: list[SocialEnterpriseStatusOut]
    workshops: list[WorkshopOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_register_status(obj) -> str:
        return str(obj.register_status())

    @staticmethod
    def resolve_register_terms(obj) -> list[RegisterTermOut]:
        terms = sorted(obj.register_terms.all(), key=lambda term: (term.term_start, term.pk), reverse=True)
        return [register_term_out(term) for term in terms]

    @staticmethod
    def resolve_social_enterprise(obj) -> bool:
        return obj.is_social_enterprise()

    @staticmethod
    def resolve_social_enterprise_statuses(obj) -> list[SocialEnterpriseStatusOut]:
        return [social_enterprise_out(status) for status in obj.social_enterprise_statuses.all()]

    @staticmethod
    def resolve_workshops(obj) -> list[WorkshopOut]:
        return [
            WorkshopOut(
                id=w.pk,
                kind=w.kind,
                name=w.name,
                capacity=w.capacity,
                municipality=UnitRef.of(w.municipality),
                address=w.address,
                description=w.description,
            )
            for w in obj.workshops.all()
        ]

    @staticmethod
    def resolve_contacts(obj) -> list[ContactOut]:
        return [
            ContactOut(
                id=c.pk, full_name=c.full_name, position=c.position, email=c.email, phone=c.phone, is_public=c.is_public
            )
            for c in obj.shown_contacts
        ]


def register_term_out(term) -> RegisterTermOut:
    return RegisterTermOut(
        id=term.pk,
        register_kind=term.register,
        status=term.status,
        standing=str(term.standing()),
        number=term.number,
        voivodeship=UnitRef.of(term.voivodeship),
        decision_number=term.decision_number,
        decision_date=term.decision_date,
        term_start=term.term_start,
        term_end=term.term_end,
        previous_id=term.previous_id,
        ended_on=term.ended_on,
        end_reason=term.end_reason,
        note=term.note,
    )


def social_enterprise_out(status) -> SocialEnterpriseStatusOut:
    return SocialEnterpriseStatusOut(
        id=status.pk,
        state=status.state,
        in_force=status.is_in_force(),
        decision_number=status.decision_number,
        decision_date=status.decision_date,
        valid_from=status.valid_from,
        valid_to=status.valid_to,
        revoked_on=status.revoked_on,
        revoke_reason=status.revoke_reason,
        note=status.note,
    )


class OrganisationIn(Schema):
    name: str
    short_name: str = ""
    kind: OrganisationKind
    nip: str | None = None
    regon: str | None = None
    krs: str | None = None
    street: str = ""
    postal_code: str = ""
    city: str = ""
    municipality: str = Field(..., description="TERYT code of the municipality (7 digits)")
    email: str = ""
    phone: str = ""
    website: str = ""
    description: str = ""


class OrganisationUpdateIn(OrganisationIn):
    kind: OrganisationKind = Field(..., description="Repeated as it is: changed only through `/reach`")
    municipality: str = Field(..., description="Repeated as it is: changed only through `/reach`")
    is_active: bool = True
    version: VersionNumber = Field(..., description="The version the client read; a stale version is answered with 409")


class ReachIn(Schema):
    kind: OrganisationKind
    municipality: str = Field(..., description="TERYT code of the municipality (7 digits)")
    reason: str = Field(..., description="Why; recorded with the caller's name and the time")
    version: VersionNumber = Field(..., description="The version the client read; a stale version is answered with 409")


class RegisterTermIn(Schema):
    number: str = Field("", description="Register number (for an extension: by default the number extended)")
    decision_number: str = Field("", description="The voivode's decision (required for a CIS)")
    decision_date: date | None = None
    term_start: date | None = Field(None, description="Grant: the first day in force (a KIS: the date of entry)")
    term_end: date | None = Field(None, description="A CIS: by default the statutory term (five years) less one day")
    note: str = ""


class DecisionEndIn(Schema):
    ended_on: date = Field(..., description="The day the status is withdrawn or the club struck off")
    reason: str = Field(..., description="Why; recorded with the caller's name and the time")


class SocialEnterpriseIn(Schema):
    decision_number: str
    decision_date: date
    valid_from: date
    valid_to: date | None = Field(None, description="Empty: until revoked")
    note: str = ""


class SocialEnterpriseRevokeIn(Schema):
    revoked_on: date
    reason: str = Field(..., description="Why; recorded with the caller's name and the time")


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    social_enterprise: bool = Field(False, description="Only organisations holding the status of a social enterprise")
    voivodeship: str | None = Field(None, description="TERYT code (2 digits)")
    county: str | None = Field(None, description="TERYT code (4 digits)")
    municipality: str | None = Field(None, description="TERYT code (7 digits)")
    q: str | None = Field(None, description="Name, town or identifier; Polish diacritics are ignored")
    sort: str | None = Field(None, description="name, -name, kind, -kind, municipality, -municipality")


def _detail(request, organisation: Organisation) -> Organisation:
    """The organisation prepared for ``OrganisationDetailOut``; the contact persons shown are logged."""
    contacts = list(selectors.contact_list(user=request.user, organisation=organisation, channel="api"))
    organisation.shown_contacts = contacts  # type: ignore[attr-defined]  # read by OrganisationDetailOut
    return organisation


api_rule("registry-organisations", "registry.view_organisation", method="GET")
api_rule("registry-organisations", "registry.add_organisation", method="POST")


@router.get("", response=list[OrganisationOut], url_name="registry-organisations")
@paginate(Pagination)
def list_organisations(request, filters: Query[OrganisationFilters]):
    """Organisations visible to the caller, filtered by kind, territory and text; ``limit``/``offset`` paginate."""
    return selectors.organisation_list(
        user=request.user,
        kind=filters.kind,
        voivodeship=filters.voivodeship,
        county=filters.county,
        municipality=filters.municipality,
        q=filters.q,
        sort=filters.sort,
        social_enterprise=filters.social_enterprise,
    )


@router.post("", response={201: OrganisationDetailOut}, url_name="registry-organisations")
def create_organisation(request, payload: OrganisationIn):
    organisation = services.organisation_create(actor=request.user, data=payload.dict())
    created = selectors.organisation_get_for_view(user=request.user, public_id=organisation.public_id)
    return Status(201, _detail(request, created))


api_rule("registry-organisation", "registry.view_organisation", method="GET")
api_rule("registry-organisation", "registry.edit_organisations", method="PUT")


@router.get("/{public_id}", response=OrganisationDetailOut, url_name="registry-organisation")
def get_organisation(request, public_id: UUID):
    """One organisation with its register entry, workshops and contact persons (each read is logged)."""
    return _detail(request, selectors.organisation_get_for_view(user=request.user, public_id=public_id))


@router.put("/{public_id}", response=OrganisationDetailOut, url_name="registry-organisation")
def update_organisation(request, public_id: UUID, payload: OrganisationUpdateIn):
    """Replace the organisation's data. ``version`` must be the one read; otherwise 409 and nothing is saved.
    ``kind`` and ``municipality`` decide the reach of the members: a different value is refused with 422
    (they are changed from above the organisation, through ``/reach``)."""
    organisation = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
    data = payload.dict()
    version = data.pop("version")
    services.organisation_update(actor=request.user, organisation=organisation, data=data, expected_version=version)
    return _detail(request, selectors.organisation_get_for_view(user=request.user, public_id=public_id))


api_rule("registry-organisation-reach", "registry.change_reaches", method="POST")


@router.post("/{public_id}/reach", response=OrganisationDetailOut, url_name="registry-organisation-reach")
def change_reach(request, public_id: UUID, payload: ReachIn):
    """Change the territory or kind of an organisation, with a reason: administrators anywhere, the register
    officer of the voivodeship for its public bodies. The change is recorded (who, when, what, why)."""
    organisation = selectors.organisation_get_for_reach(user=request.user, public_id=public_id)
    services.organisation_reach_change(
        actor=request.user,
        organisation=organisation,
        data={"kind": payload.kind, "municipality": payload.municipality},
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request, selectors.organisation_get_for_view(user=request.user, public_id=public_id))


# --- the voivode's decisions: register officers of the organisation's voivodeship and administrators only ---

api_rule("registry-register-grant", "registry.decide_registers", method="POST")
api_rule("registry-register-extend", "registry.decide_registers", method="POST")
api_rule("registry-register-end", "registry.decide_registers", method="POST")
api_rule("registry-social-enterprise-grant", "registry.decide_registers", method="POST")
api_rule("registry-social-enterprise-revoke", "registry.decide_registers", method="POST")


@router.post("/{public_id}/register/grant", response={201: RegisterTermOut}, url_name="registry-register-grant")
def grant_register_term(request, public_id: UUID, payload: RegisterTermIn):
    """A CIS status granted (a new term) or a KIS entered in the register."""
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    term = services.register_term_grant(actor=request.user, organisation=organisation, data=payload.dict())
    return Status(201, register_term_out(term))


@router.post("/{public_id}/register/extend", response={201: RegisterTermOut}, url_name="registry-register-extend")
def extend_register_term(request, public_id: UUID, payload: RegisterTermIn):
    """A CIS status extended: a new term from the day after the latest one ends."""
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    data = {key: value for key, value in payload.dict().items() if key != "term_start"}
    term = services.register_term_extend(actor=request.user, organisation=organisation, data=data)
    return Status(201, register_term_out(term))


@router.post("/{public_id}/register/{term_id}/end", response=RegisterTermOut, url_name="registry-register-end")
def end_register_term(request, public_id: UUID, term_id: int, payload: DecisionEndIn):
    """The latest term ended: a CIS status withdrawn, a KIS struck off the register."""
    term = selectors.register_term_get_for_end(user=request.user, public_id=public_id, term_id=term_id)
    term = services.register_term_end(actor=request.user, term=term, ended_on=payload.ended_on, reason=payload.reason)
    return register_term_out(term)


@router.post(
    "/{public_id}/social-enterprise",
    response={201: SocialEnterpriseStatusOut},
    url_name="registry-social-enterprise-grant",
)
def grant_social_enterprise(request, public_id: UUID, payload: SocialEnterpriseIn):
    """The status of a social enterprise granted by the voivode's decision."""
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    status = services.social_enterprise_grant(actor=request.user, organisation=organisation, data=payload.dict())
    return Status(201, social_enterprise_out(status))


@router.post(
    "/{public_id}/social-enterprise/{status_id}/revoke",
    response=SocialEnterpriseStatusOut,
    url_name="registry-social-enterprise-revoke",
)
def revoke_social_enterprise(request, public_id: UUID, status_id: int, payload: SocialEnterpriseRevokeIn):
    """The status of a social enterprise revoked, with a reason."""
    status = selectors.social_enterprise_status_get_for_revoke(
        user=request.user, public_id=public_id, status_id=status_id
    )
    status = services.social_enterprise_revoke(
        actor=request.user, status=status, revoked_on=payload.revoked_on, reason=payload.reason
    )
    return social_enterprise_out(status)
