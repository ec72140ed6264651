"""Admission referrals over HTTP: the same selectors, services and rules as the pages. The PESEL is never
returned (not even some of its digits): the date of birth is."""

from datetime import date
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kooperacja.admission import selectors, services
from kooperacja.admission.models import AdmissionReferral, AdmissionStatus, Applicant
from kooperacja.core.api import Pagination, VersionNumber
from kooperacja.core.routes import api_rule
from kooperacja.registry import selectors as registry
from kooperacja.training.models import EligibilityCategory, Exclusion

router = Router(tags=["admission"])


class UnitRef(Schema):
    code: str
    name: str


class AdmissionProgressOut(Schema):
    """What the referring institution may know of the stay (never attendance, health, benefits or the programme)."""

    status: str
    start_date: date
    planned_end_date: date
    extensions: int
    exit_date: date | None = None
    exit_reason: str | None = None
    outcome: str | None = None


class AdmissionReferralOut(Schema):
    public_id: UUID
    status: str
    kind: str
    referring_organisation: UUID
    referring_organisation_name: str
    target_organisation: UUID
    target_organisation_name: str
    first_name: str
    last_name: str
    home_municipality: UnitRef
    number: str
    issued_on: date | None = None
    version: int


class AdmissionReferralDetailOut(AdmissionReferralOut):
    birth_date: date
    phone: str
    applied_on: date
    applicant: str
    applicant_name: str
    consent_given: bool
    categories: list[str]
    interview_date: date | None = None
    opinion: str
    refusal_reason: str
    participation: UUID | None = Field(None, description="The stay the acceptance enrolled (the CIS/KIS's record)")
    progress: AdmissionProgressOut | None = Field(None, description="For the referring institution, once accepted")


class AdmissionReferralIn(Schema):
    referring_organisation: UUID
    target_organisation: UUID
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    pesel: str = Field("", max_length=20, description="Required on create; on update empty keeps the one recorded")
    home_municipality: str = Field("", max_length=7, description="TERYT code of the municipality (7 digits)")
    phone: str = Field("", max_length=30)
    applied_on: date
    applicant: Applicant
    applicant_name: str = Field("", max_length=200)
    consent_given: bool = False
    categories: list[EligibilityCategory] = Field(default_factory=list, max_length=8)
    interview_date: date | None = None
    opinion: str = Field("", max_length=4000)


class AdmissionReferralUpdateIn(AdmissionReferralIn):
    version: VersionNumber = Field(..., description="The version the client read; a stale version is answered with 409")


class AdmissionIssueIn(Schema):
    number: str = Field(..., max_length=60)
    issued_on: date


class AdmissionNoteIn(Schema):
    note: str = Field("", max_length=500)


class AdmissionRefuseIn(Schema):
    reason: str = Field(..., max_length=2000)


class AdmissionAcceptIn(Schema):
    """The enrolment of the accepted person (as ``POST /training/participants`` without the person's PESEL, the
    CIS/KIS, the referring institution and the referral date, all taken from the referral)."""

    categories: list[EligibilityCategory] = Field(..., description="One or more categories of art. 1 ust. 2")
    exclusions_none: bool = False
    exclusions: list[Exclusion] = Field(default_factory=list)
    plan_reference: str = Field(..., max_length=60, description="CIS: the IPZS number; KIS: the social contract")
    plan_signed_on: date
    start_date: date
    planned_end_date: date
    trial_start: date | None = None
    trial_end: date | None = None
    commute_limit_km: int = Field(25, ge=0)  # its plausible range is checked by the service
    available_from: date | None = None
    working_time: str = Field("full_time", max_length=20)
    consent_to_share: bool = False
    held_person: Literal["", "keep", "update"] = ""


class AdmissionAcceptOut(Schema):
    referral: AdmissionReferralDetailOut
    participation: UUID


def _unit(unit) -> UnitRef:
    return UnitRef(code=unit.code, name=unit.display_name)


def _summary(referral: AdmissionReferral) -> dict:
    return {
        "public_id": referral.public_id,
        "status": referral.status,
        "kind": referral.kind,
        "referring_organisation": referral.referring_organisation.public_id,
        "referring_organisation_name": referral.referring_organisation.name,
        "target_organisation": referral.target_organisation.public_id,
        "target_organisation_name": referral.target_organisation.name,
        "first_name": referral.first_name,
        "last_name": referral.last_name,
        "home_municipality": _unit(referral.home_municipality),
        "number": referral.number,
        "issued_on": referral.issued_on,
        "version": referral.version,
    }


def _detail(user, referral: AdmissionReferral) -> dict:
    progress = None
    if user.has_perm("admission.issue_referral", referral):
        found = selectors.referral_progress(referral=referral)
        if found is not None:
            progress = AdmissionProgressOut(
                status=found.status,
                start_date=found.start_date,
                planned_end_date=found.planned_end_date,
                extensions=found.extensions,
                exit_date=found.exit_date,
                exit_reason=found.exit_reason or None,
                outcome=found.outcome or None,
            )
    return {
        **_summary(referral),
        "birth_date": referral.birth_date,
        "phone": referral.phone,
        "applied_on": referral.applied_on,
        "applicant": referral.applicant,
        "applicant_name": referral.applicant_name,
        "consent_given": referral.consent_given,
        "categories": list(referral.categories),
        "interview_date": referral.interview_date,
        "opinion": referral.opinion,
        "refusal_reason": referral.refusal_reason,
        "participation": referral.participation.public_id if referral.participation is not None else None,
        "progress": progress,
    }


def _data(user, payload: AdmissionReferralIn) -> dict:
    data = payload.dict()
    errors: dict[str, str] = {}
    referring = selectors.referring_organisations_for(user).filter(public_id=data["referring_organisation"]).first()
    if referring is None:
        errors["referring_organisation"] = _("Choose one of your own OPS, CUS or PUP.")
    target = registry.organisation_find(public_id=data["target_organisation"])
    if target is None:
        errors["target_organisation"] = _("Choose the CIS or KIS.")
    if errors:
        raise ValidationError(errors)
    data.update(referring_organisation=referring, target_organisation=target)
    data["applicant"] = str(data["applicant"])
    data["categories"] = [str(code) for code in data["categories"]]
    data.pop("version", None)
    return data


def _shown(request, public_id) -> dict:
    referral = selectors.referral_get_for_page(user=request.user, public_id=public_id, channel="api")
    return _detail(request.user, referral)


api_rule("admission-referrals", "admission.view_referrals", method="GET")
api_rule("admission-referrals", "admission.refer", method="POST")


@router.get("/referrals", response=list[AdmissionReferralOut], url_name="admission-referrals")
@paginate(Pagination)
def list_referrals(
    request,
    direction: Literal["sent", "received"] = "sent",
    status: AdmissionStatus | None = None,
    sort: Literal["newest", "oldest", "issued"] = "newest",
):
    """``sent``: the referrals of the caller's OPS/CUS/PUP; ``received``: those issued to the caller's CIS/KIS."""
    chosen = selectors.referrals_sent if direction == "sent" else selectors.referrals_received
    rows = chosen(user=request.user, status=str(status) if status else None, sort=sort, channel="api")
    return [_summary(referral) for referral in rows]


@router.post("/referrals", response={201: AdmissionReferralDetailOut}, url_name="admission-referrals")
def create_referral(request, payload: AdmissionReferralIn):
    """A draft referral of the caller's OPS/CUS/PUP; 422 with every field error at once."""
    referral = services.referral_create(actor=request.user, data=_data(request.user, payload))
    return Status(201, _shown(request, referral.public_id))


api_rule("admission-referral", "admission.view_referrals", method="GET")
api_rule("admission-referral", "admission.refer", method="PUT")


@router.get("/referrals/{public_id}", response=AdmissionReferralDetailOut, url_name="admission-referral")
def get_referral(request, public_id: UUID):
    return _shown(request, public_id)


@router.put("/referrals/{public_id}", response=AdmissionReferralDetailOut, url_name="admission-referral")
def update_referral(request, public_id: UUID, payload: AdmissionReferralUpdateIn):
    """Edit a draft of the caller's institution (403 otherwise; 409 on a stale ``version``)."""
    referral = selectors.referral_get_for_edit(user=request.user, public_id=public_id, channel="api")
    services.referral_update(
        actor=request.user, referral=referral, data=_data(request.user, payload), expected_version=payload.version
    )
    return _shown(request, public_id)


api_rule("admission-referral-issue", "admission.refer", method="POST")
api_rule("admission-referral-withdraw", "admission.refer", method="POST")
api_rule("admission-referral-refuse", "admission.receive", method="POST")
api_rule("admission-referral-accept", "admission.receive", method="POST")


@router.post("/referrals/{public_id}/issue", response=AdmissionReferralDetailOut, url_name="admission-referral-issue")
def issue_referral(request, public_id: UUID, payload: AdmissionIssueIn):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.issue_referral"
    )
    services.referral_issue(actor=request.user, referral=referral, number=payload.number, issued_on=payload.issued_on)
    return _shown(request, public_id)


@router.post(
    "/referrals/{public_id}/withdraw", response=AdmissionReferralDetailOut, url_name="admission-referral-withdraw"
)
def withdraw_referral(request, public_id: UUID, payload: AdmissionNoteIn):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.issue_referral"
    )
    services.referral_withdraw(actor=request.user, referral=referral, note=payload.note)
    return _shown(request, public_id)


@router.post("/referrals/{public_id}/refuse", response=AdmissionReferralDetailOut, url_name="admission-referral-refuse")
def refuse_referral(request, public_id: UUID, payload: AdmissionRefuseIn):
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.decide_referral"
    )
    services.referral_refuse(actor=request.user, referral=referral, reason=payload.reason)
    return _shown(request, public_id)


@router.post("/referrals/{public_id}/accept", response={201: AdmissionAcceptOut}, url_name="admission-referral-accept")
def accept_referral(request, public_id: UUID, payload: AdmissionAcceptIn):
    """Accept by enrolling the person in the CIS/KIS (the same service as the page); once only."""
    referral = selectors.referral_get_for_move(
        user=request.user, public_id=public_id, permission="admission.decide_referral"
    )
    data = payload.dict()
    held_person = data.pop("held_person")
    data["categories"] = [str(code) for code in data["categories"]]
    data["exclusions"] = [str(code) for code in data["exclusions"]]
    participation = services.referral_accept(
        actor=request.user, referral=referral, person_data=None, participation_data=data, held_person=held_person
    )
    return Status(201, {"referral": _shown(request, public_id), "participation": participation.public_id})
