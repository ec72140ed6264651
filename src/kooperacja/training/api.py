"""Cohorts and participants over HTTP: the same selectors, services and privacy rules as the web pages."""

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.core.api import Pagination
from kooperacja.core.routes import api_rule
from kooperacja.training import selectors, services
from kooperacja.training.models import (
    Cohort,
    CourseCompletion,
    EligibilityCategory,
    EvidenceKind,
    Exclusion,
    Participation,
    PeriodExtension,
    QualificationGained,
)

router = Router(tags=["training"])


class UnitRef(Schema):
    code: str
    name: str


class CohortOut(Schema):
    public_id: UUID
    name: str
    programme_id: UUID
    programme_name: str
    organisation_id: UUID
    organisation_name: str
    variant: str
    start_date: date
    end_date: date
    seats: int
    instructors: str | None = Field(
        None, description="The CIS/KIS's instructors; only for those who work with it, otherwise null"
    )
    municipality: UnitRef
    address: str

    @staticmethod
    def resolve_programme_id(obj: Cohort) -> UUID:
        return obj.programme.public_id

    @staticmethod
    def resolve_programme_name(obj: Cohort) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_organisation_id(obj: Cohort) -> UUID:
        return obj.programme.organisation.public_id

    @staticmethod
    def resolve_organisation_name(obj: Cohort) -> str:
        return obj.programme.organisation.name

    @staticmethod
    def resolve_variant(obj: Cohort) -> str:
        return obj.programme.variant

    @staticmethod
    def resolve_instructors(obj: Cohort, context) -> str | None:
        user = context["request"].user
        return obj.instructors if user.has_perm("registry.works_with", obj.programme.organisation) else None

    @staticmethod
    def resolve_municipality(obj: Cohort) -> UnitRef:
        return UnitRef(code=obj.municipality.code, name=obj.municipality.display_name)


class CohortDetailOut(CohortOut):
    taken: int
    plan_line_ids: list[int]

    @staticmethod
    def resolve_taken(obj: Cohort) -> int:
        return obj.participations.count()

    @staticmethod
    def resolve_plan_line_ids(obj: Cohort) -> list[int]:
        return [line.pk for line in obj.plan_lines.all()]


class CohortIn(Schema):
    programme: UUID
    name: str
    start_date: date
    end_date: date
    seats: int = Field(..., ge=1)
    instructors: str = ""
    municipality: str = Field(..., description="TERYT code of the municipality (7 digits)")
    address: str = ""


api_rule("training-cohorts", "training.view_programmes", method="GET")
api_rule("training-cohorts", "training.edit_programmes", method="POST")


@router.get("/cohorts", response=list[CohortOut], url_name="training-cohorts")
@paginate(Pagination)
def list_cohorts(request, programme: UUID | None = None):
    """Cohorts of every CIS/KIS (institutional data), optionally of one programme."""
    cohorts = selectors.cohort_list(user=request.user)
    if programme:
        cohorts = cohorts.filter(programme__public_id=programme)
    return cohorts


@router.post("/cohorts", response={201: CohortDetailOut}, url_name="training-cohorts")
def create_cohort(request, payload: CohortIn):
    programme = selectors.programme_get_for_edit(user=request.user, public_id=payload.programme)
    data = payload.dict()
    data.pop("programme")
    cohort = services.cohort_create(actor=request.user, programme=programme, data=data)
    return Status(201, selectors.cohort_get_for_view(user=request.user, public_id=cohort.public_id))


api_rule("training-cohort", "training.view_programmes", method="GET")


@router.get("/cohorts/{public_id}", response=CohortDetailOut, url_name="training-cohort")
def get_cohort(request, public_id: UUID):
    return selectors.cohort_get_for_view(user=request.user, public_id=public_id)


class ParticipantOut(Schema):
    """Minimal: what the staff's list needs. Never the PESEL."""

    public_id: UUID
    first_name: str
    last_name: str
    organisation_id: UUID
    kind: str
    status: str
    start_date: date
    planned_end_date: date

    @staticmethod
    def resolve_first_name(obj: Participation) -> str:
        return obj.person.first_name

    @staticmethod
    def resolve_last_name(obj: Participation) -> str:
        return obj.person.last_name

    @staticmethod
    def resolve_organisation_id(obj: Participation) -> UUID:
        return obj.organisation.public_id


class GainedQualificationOut(Schema):
    """A vocational qualification the person holds, with its evidence (issuer empty only on records kept from
    before evidence was required)."""

    code: str
    name: str
    evidence: str = Field(..., description="certificate, diploma, licence or exam_result")
    certificate_number: str = Field(..., description="The number of the document")
    issuer: str
    issued_on: date


class CourseCompletionOut(Schema):
    """A completed CIS/KIS course of a service card (not a vocational qualification: it meets only the card's
    qualifications whose ``met_by`` is ``course`` or ``course_or_evidence``)."""

    service: str = Field(..., description="The code of the card's service")
    card_version: int
    card_name: str
    variant: str = Field(..., description="cis or kis")
    completed_on: date


class CourseCompletionIn(Schema):
    programme: UUID = Field(..., description="A programme of a cohort of the participant: its card's course")
    completed_on: date


class QualificationIn(Schema):
    code: str = Field(..., max_length=30, description="A qualification code of the catalogue")
    evidence: EvidenceKind = EvidenceKind.CERTIFICATE
    certificate_number: str = Field(..., max_length=60, description="The number of the document")
    issuer: str = Field(..., max_length=200)
    issued_on: date


class ExtensionOut(Schema):
    """A decision extending a CIS stay beyond its base period."""

    decided_on: date
    previous_planned_end: date
    new_planned_end: date
    justification: str
    decided_by: str | None = None


class ParticipantDetailOut(Schema):
    """The staff of the CIS/KIS get the participation ("view": "staff"); a provider with the participant's
    consent and a referral gets the hiring fields only ("view": "hiring")."""

    view: str
    public_id: UUID
    first_name: str
    last_name: str
    home_municipality: UnitRef
    phone: str
    email: str
    qualifications: list[GainedQualificationOut]
    courses: list[CourseCompletionOut] | None = Field(None, description="Completed CIS/KIS courses (staff only)")
    birth_date: date | None = None
    organisation_id: UUID | None = None
    kind: str | None = None
    categories: list[str] | None = Field(None, description="Codes of the categories of art. 1 ust. 2")
    exclusion: str | None = Field(
        None, description="The benefit of art. 1 ust. 3 the person is entitled to (allowed in a KIS: art. 1 ust. 3a)"
    )
    exclusions_checked_at: str | None = Field(None, description="When staff checked the exclusions of art. 1 ust. 3")
    base_period_end: date | None = Field(None, description="CIS: the latest planned end without an extension")
    max_period_end: date | None = Field(None, description="CIS: the latest planned end the law allows")
    period_assumptions: list[str] | None = Field(None, description="What the dated period rules assume")
    extensions: list[ExtensionOut] | None = None
    status: str | None = None
    plan_reference: str | None = None
    plan_signed_on: date | None = None
    trial_start: date | None = None
    trial_end: date | None = None
    start_date: date | None = None
    planned_end_date: date | None = None
    exit_date: date | None = None
    exit_reason: str | None = None
    consent_to_share: bool | None = None
    ready_confirmed_at: str | None = None


class ParticipantIn(Schema):
    organisation: UUID
    pesel: str
    first_name: str = ""
    last_name: str = ""
    home_municipality: str = Field("", description="TERYT code of the municipality (7 digits)")
    phone: str = ""
    email: str = ""
    categories: list[EligibilityCategory] = Field(..., description="One or more categories of art. 1 ust. 2")
    exclusions_none: bool = Field(
        False, description="Staff checked that the person is entitled to none of the benefits of art. 1 ust. 3"
    )
    exclusions: list[Exclusion] = Field(
        default_factory=list, description="Otherwise the benefits of art. 1 ust. 3 the person is entitled to"
    )
    referral_date: date
    plan_reference: str = Field(..., description="CIS: the IPZS number; KIS: the social contract number")
    plan_signed_on: date
    start_date: date
    planned_end_date: date
    trial_start: date | None = None
    trial_end: date | None = None
    commute_limit_km: int = Field(25, ge=0)
    available_from: date | None = None
    working_time: str = "full_time"
    consent_to_share: bool = False
    held_person: Literal["", "keep", "update"] = Field(
        "",
        description="If your CIS/KIS already holds this PESEL with other data (422 on `held_person` shows them): "
        "`keep` enrols with the data held, `update` corrects them with the data sent",
    )


class ExtensionIn(Schema):
    decided_on: date
    new_planned_end: date
    justification: str


class AttendanceIn(Schema):
    day: date
    kind: Literal["present", "excused", "unexcused", "sick", "day_off"] = "present"
    hours: Decimal | None = Field(None, description="Hours present (only when `kind` is `present`)")
    expected_kind: Literal["", "present", "excused", "unexcused", "sick", "day_off"] = Field(
        "", description="To correct a recorded day: the kind read"
    )
    expected_hours: Decimal | None = Field(None, description="To correct a recorded day present: the hours read")


class AttendanceOut(Schema):
    day: date
    kind: str
    hours: Decimal


def _unit(unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.display_name)


def _staff_detail(participation: Participation) -> dict:
    """What ``ParticipantDetailOut`` shows of a participation fetched by ``participation_get_for_page``."""
    person = participation.person
    return {
        "view": "staff",
        "public_id": participation.public_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "home_municipality": _unit(person.home_municipality),
        "phone": person.phone,
        "email": person.email,
        "qualifications": [_qualification(q) for q in selectors.person_qualifications(person=person)],
        "courses": [_course(c) for c in selectors.person_courses(person=person)],
        "birth_date": person.birth_date,
        "organisation_id": participation.organisation.public_id,
        "kind": participation.kind,
        "categories": sorted(participation.categories.values_list("category", flat=True)),
        "exclusion": participation.exclusion or None,
        "exclusions_checked_at": participation.exclusions_checked_at.isoformat()
        if participation.exclusions_checked_at
        else None,
        **_periods(participation),
        "status": participation.status,
        "plan_reference": participation.plan_reference,
        "plan_signed_on": participation.plan_signed_on,
        "trial_start": participation.trial_start,
        "trial_end": participation.trial_end,
        "start_date": participation.start_date,
        "planned_end_date": participation.planned_end_date,
        "exit_date": participation.exit_date,
        "exit_reason": participation.exit_reason or None,
        "consent_to_share": participation.consent_to_share,
        "ready_confirmed_at": participation.ready_confirmed_at.isoformat()
        if participation.ready_confirmed_at
        else None,
    }


def _qualification(q: QualificationGained) -> GainedQualificationOut:
    return GainedQualificationOut(
        code=q.code,
        name=q.name,
        evidence=q.evidence,
        certificate_number=q.certificate_number,
        issuer=q.issuer,
        issued_on=q.issued_on,
    )


def _course(c: CourseCompletion) -> CourseCompletionOut:
    return CourseCompletionOut(
        service=c.card_version.service_type.code,
        card_version=c.card_version.number,
        card_name=c.card_version.name,
        variant=c.variant,
        completed_on=c.completed_on,
    )


def _extension(extension: PeriodExtension) -> ExtensionOut:
    return ExtensionOut(
        decided_on=extension.decided_on,
        previous_planned_end=extension.previous_planned_end,
        new_planned_end=extension.new_planned_end,
        justification=extension.justification,
        decided_by=str(extension.decided_by) if extension.decided_by else None,
    )


def _periods(participation: Participation) -> dict:
    """The statutory periods of a CIS stay as applied to it, with what they assume, and its extensions."""
    try:
        rule = services.participation_period_rule(participation)
    except ValidationError:
        rule = None
    extensions = [_extension(item) for item in selectors.participation_extensions(participation=participation)]
    if rule is None:
        return {"extensions": extensions}
    return {
        "base_period_end": rule.base_end,
        "max_period_end": rule.max_end,
        "period_assumptions": selectors.statutory_notes(codes=services.PERIOD_CODES, on_date=rule.law_date),
        "extensions": extensions,
    }


api_rule("training-participants", "training.manage_participants", method="GET")
api_rule("training-participants", "training.manage_participants", method="POST")


@router.get("/participants", response=list[ParticipantOut], url_name="training-participants")
@paginate(Pagination)
def list_participants(request, status: str | None = None):
    """Participants of the caller's own CIS/KIS; names, status and dates only (reads are logged)."""
    return selectors.participations_shown_to_staff(user=request.user, status=status or None, channel="api")


@router.post("/participants", response={201: ParticipantDetailOut}, url_name="training-participants")
def enrol_participant(request, payload: ParticipantIn):
    """Record the person in the caller's CIS/KIS and enrol them; nothing is stored if anything is refused. Only
    the caller's own records are searched for the PESEL (see ``held_person``)."""
    data = payload.dict()
    organisation = selectors.staff_organisations_for(request.user).filter(public_id=data.pop("organisation")).first()
    if organisation is None:
        raise ValidationError({"organisation": _("Choose one of your own CIS or KIS.")})
    person_fields = ("pesel", "first_name", "last_name", "home_municipality", "phone", "email")
    held_person = data.pop("held_person")
    participation = services.participant_enrol(
        actor=request.user,
        organisation=organisation,
        person_data={name: data.pop(name) for name in person_fields},
        participation_data=data,
        held_person=held_person,
    )
    participation = selectors.participation_get_for_page(
        user=request.user, public_id=participation.public_id, channel="api"
    )
    return Status(201, _staff_detail(participation))


api_rule("training-participant", "training.manage_participants", method="GET")


@router.get("/participants/{public_id}", response=ParticipantDetailOut, url_name="training-participant")
def get_participant(request, public_id: UUID):
    """A participant of the caller's own CIS/KIS (a provider reads a referred candidate's hiring profile at
    ``/placement/candidates/{public_id}``)."""
    return _staff_detail(selectors.participation_get_for_page(user=request.user, public_id=public_id, channel="api"))


api_rule("training-participant-attendance", "training.manage_participants", method="POST")


@router.post(
    "/participants/{public_id}/attendance",
    response={201: AttendanceOut},
    url_name="training-participant-attendance",
)
def record_attendance(request, public_id: UUID, payload: AttendanceIn):
    """One day: present with hours, or an absence; hours over the participant's daily or weekly limit → 422
    naming the limit and its legal basis; a recorded day → 422 unless ``expected_kind`` (and ``expected_hours``)
    repeat what was read (then corrected; changed meanwhile → 409)."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    attendance = services.attendance_record(
        actor=request.user,
        participation=participation,
        day=payload.day,
        kind=payload.kind,
        hours=payload.hours,
        expected_kind=payload.expected_kind or None,
        expected_hours=payload.expected_hours,
    )
    return Status(201, attendance)


api_rule("training-participant-extensions", "training.manage_participants", method="POST")


@router.post(
    "/participants/{public_id}/extensions",
    response={201: ExtensionOut},
    url_name="training-participant-extensions",
)
def extend_participation(request, public_id: UUID, payload: ExtensionIn):
    """The decision extending a CIS stay (CIS staff only: 403 otherwise); a date, the justification and a new
    planned end after the current one and within the statutory maximum, or 422 saying which is wrong."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    extension = services.participation_extend(
        actor=request.user,
        participation=participation,
        decided_on=payload.decided_on,
        new_planned_end=payload.new_planned_end,
        justification=payload.justification,
    )
    return Status(201, _extension(extension))


api_rule("training-participant-courses", "training.manage_participants", method="POST")


@router.post(
    "/participants/{public_id}/courses",
    response={201: CourseCompletionOut},
    url_name="training-participant-courses",
)
def record_course(request, public_id: UUID, payload: CourseCompletionIn):
    """The participant completed the CIS/KIS course of one of their programmes; 422 naming the modules still
    missing when not every module of that card's course is completed."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    programme = (
        selectors.participation_course_programmes(participation=participation)
        .filter(public_id=payload.programme)
        .first()
    )
    if programme is None:
        raise ValidationError({"programme": _("The participant is in no cohort of this programme.")})
    completion = services.course_completion_record(
        actor=request.user, participation=participation, programme=programme, completed_on=payload.completed_on
    )
    return Status(201, _course(completion))


api_rule("training-participant-qualifications", "training.manage_participants", method="POST")


@router.post(
    "/participants/{public_id}/qualifications",
    response={201: GainedQualificationOut},
    url_name="training-participant-qualifications",
)
def record_qualification(request, public_id: UUID, payload: QualificationIn):
    """A vocational qualification with its evidence (document kind, number, issuer, date); 422 with every field
    error at once."""
    participation = selectors.participation_get_for_staff(user=request.user, public_id=public_id)
    qualification = services.qualification_gain(actor=request.user, participation=participation, **payload.dict())
    return Status(201, _qualification(qualification))
