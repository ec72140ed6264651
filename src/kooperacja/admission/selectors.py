"""Reads of admission referrals, scoped to who asks (``visible_to``): the referring OPS/CUS/PUP sees its own
referrals, the CIS/KIS those issued to it. The person's data and the social worker's opinion are special-category
personal data: every display is logged here (``audit.reads.shows_personal_data``)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kooperacja.admission.models import (
    REFERRING_KINDS,
    TARGET_KINDS,
    AdmissionReferral,
    AdmissionReferralEvent,
    AdmissionStatus,
)
from kooperacja.admission.rules import receiving_organisation_ids, referring_organisation_ids
from kooperacja.audit.reads import shows_personal_data
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import Organisation
from kooperacja.training import referrer_selectors as training
from kooperacja.training.referrer_selectors import ReferrerProgress

# What the pages show of the person (never the PESEL or its digits; the opinion only on the referral's page).
LIST_FIELDS = ("first_name", "last_name", "home_municipality")
DETAIL_FIELDS = ("first_name", "last_name", "birth_date", "home_municipality", "phone", "opinion")
ENROLMENT_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "home_municipality", "phone")
SORTS = {"newest": ("-created_at", "-id"), "oldest": ("created_at", "id"), "issued": ("-issued_on", "-id")}


def _base() -> QuerySet[AdmissionReferral]:
    return AdmissionReferral.objects.select_related(
        "referring_organisation",
        "referring_organisation__municipality",
        "target_organisation",
        "target_organisation__municipality",
        "home_municipality",
        "social_worker",
    )


def visible_to(user) -> QuerySet[AdmissionReferral]:
    """The referrals of the user's OPS/CUS/PUP and those issued to the user's CIS/KIS (never another's draft)."""
    if not user.is_authenticated:
        return AdmissionReferral.objects.none()
    if user.is_superuser:
        return _base()
    sent = referring_organisation_ids(user)
    received = receiving_organisation_ids(user)
    return _base().filter(
        Q(referring_organisation_id__in=sent) | (Q(target_organisation_id__in=received) & ~Q(status="draft"))
    )


def _ordered(referrals: QuerySet[AdmissionReferral], *, status: str | None, sort: str | None):
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by(*SORTS.get(sort or "", SORTS["newest"]))


@shows_personal_data(purpose="admission referrals sent", fields=LIST_FIELDS)
def referrals_sent(*, user, status: str | None = None, sort: str | None = None) -> QuerySet[AdmissionReferral]:
    """ "Referred by us": the referrals of the user's OPS/CUS/PUP (all of them for an administrator)."""
    referrals = (
        _base() if user.is_superuser else _base().filter(referring_organisation_id__in=referring_organisation_ids(user))
    )
    return _ordered(referrals, status=status, sort=sort)


@shows_personal_data(purpose="admission referrals received", fields=LIST_FIELDS)
def referrals_received(*, user, status: str | None = None, sort: str | None = None) -> QuerySet[AdmissionReferral]:
    """Referrals issued to the user's CIS/KIS (drafts never)."""
    referrals = _base().exclude(status=AdmissionStatus.DRAFT)
    if not user.is_superuser:
        referrals = referrals.filter(target_organisation_id__in=receiving_organisation_ids(user))
    return _ordered(referrals, status=status, sort=sort)


def referral_get(*, user, public_id) -> AdmissionReferral:
    """A referral the user sees, or 404 (another institution's answers like a missing one)."""
    referral = visible_to(user).filter(public_id=public_id).first()
    if referral is None:
        raise Http404("referral")
    return referral


@shows_personal_data(purpose="admission referral", fields=DETAIL_FIELDS)
def referral_get_for_page(*, user, public_id) -> AdmissionReferral:
    return referral_get(user=user, public_id=public_id)


@shows_personal_data(purpose="admission referral document", fields=DETAIL_FIELDS)
def referral_get_for_document(*, user, public_id) -> AdmissionReferral:
    return referral_get(user=user, public_id=public_id)


@shows_personal_data(purpose="admission referral draft", fields=DETAIL_FIELDS)
def referral_get_for_edit(*, user, public_id) -> AdmissionReferral:
    """A draft of the user's own OPS/CUS/PUP: 404 if not visible, 403 if visible but not theirs to edit."""
    referral = referral_get(user=user, public_id=public_id)
    if not user.has_perm("admission.issue_referral", referral) or referral.status != AdmissionStatus.DRAFT:
        raise PermissionDenied
    return referral


def referral_get_for_move(*, user, public_id, permission: str) -> AdmissionReferral:
    """A referral the user sees and may move with ``permission`` (names only: no personal data is shown)."""
    referral = referral_get(user=user, public_id=public_id)
    if not user.has_perm(permission, referral):
        raise PermissionDenied
    return referral


@shows_personal_data(purpose="enrolment from a referral", fields=ENROLMENT_FIELDS)
def referral_get_for_enrolment(*, user, public_id) -> AdmissionReferral:
    """An issued referral to the user's CIS/KIS, whose person the enrolment form shows."""
    return referral_get_for_move(user=user, public_id=public_id, permission="admission.decide_referral")


def referral_timeline(*, referral: AdmissionReferral) -> list[AdmissionReferralEvent]:
    return list(referral.events.select_related("actor").order_by("at", "id"))


def referring_organisations_for(user) -> QuerySet[Organisation]:
    """The OPS, CUS and PUP for which the user may refer (all of them for an administrator)."""
    if user.is_superuser:
        return registry.organisations(kinds=REFERRING_KINDS, active=True)
    return registry.organisations(ids=referring_organisation_ids(user), kinds=REFERRING_KINDS)


def target_organisations() -> list[Organisation]:
    """The CIS and KIS a referral may be addressed to: active, with an entry in force in the voivode's register."""
    found = registry.organisations(kinds=TARGET_KINDS, active=True).prefetch_related("register_terms")
    return [organisation for organisation in found if organisation.is_in_force()]


@dataclass(frozen=True)
class SentRow:
    """A row of "referred by us": the referral and, once accepted, what the referrer may know of the stay."""

    referral: AdmissionReferral
    progress: ReferrerProgress | None


def with_progress(referrals: list[AdmissionReferral]) -> list[SentRow]:
    """Attach to accepted referrals the progress of their stays (``training`` decides what that is)."""
    progress = training.participations_progress_for_referrer(
        participation_ids=[r.participation_id for r in referrals if r.participation_id]
    )
    return [SentRow(referral=r, progress=progress.get(r.participation_id or 0)) for r in referrals]


def referral_progress(*, referral: AdmissionReferral) -> ReferrerProgress | None:
    if not referral.participation_id:
        return None
    return training.participations_progress_for_referrer(participation_ids=[referral.participation_id]).get(
        referral.participation_id
    )
