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


class RegisterEntryOut(Schema):
    number: str
    entry_date: date
    valid_until: date | None
    voivodeship: UnitRef
    status: str
    in_force: bool
    confirmed: bool
    confirmed_at: datetime | None


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
    register_entry: RegisterEntryOut | None
    workshops: list[WorkshopOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_register_entry(obj) -> RegisterEntryOut | None:
        entry = getattr(obj, "register_entry", None)
        if entry is None:
            return None
        return RegisterEntryOut(
            number=entry.number,
            entry_date=entry.entry_date,
            valid_until=entry.valid_until,
            voivodeship=UnitRef.of(entry.voivodeship),
            status=entry.status,
            in_force=entry.is_in_force(),
            confirmed=entry.is_confirmed,
            confirmed_at=entry.confirmed_at,
        )

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


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
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
