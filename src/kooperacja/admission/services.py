"""Writes of admission referrals: the draft of the referring OPS/CUS/PUP, its issue and withdrawal, and the
CIS/KIS's refusal or acceptance, which enrols the person through ``training`` in the same transaction."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from stdnum.pl import pesel as pesel_number

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.admission.models import (
    ADMISSION_MACHINE,
    CONSENT_NEEDED,
    REFERRING_KINDS,
    SOCIAL_ASSISTANCE_KINDS,
    TARGET_KINDS,
    AdmissionReferral,
    AdmissionReferralEvent,
    AdmissionStatus,
    Applicant,
)
from kooperacja.admission.rules import RECEIVER_ROLES, referring_organisation_ids
from kooperacja.core import plausible
from kooperacja.core.crypto import blind_index, decrypt, encrypt
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.notifications.services import notify
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.training import services as training
from kooperacja.training.models import EligibilityCategory, Participation

# What a draft holds (the form's and the API's fields).
REFERRAL_FIELDS = (
    "referring_organisation",
    "target_organisation",
    "first_name",
    "last_name",
    "pesel",
    "home_municipality",
    "phone",
    "applied_on",
    "applicant",
    "applicant_name",
    "consent_given",
    "categories",
    "interview_date",
    "opinion",
)
# Written from the validated values (the PESEL is written encrypted, the kind follows the CIS/KIS).
_WRITTEN = (
    "referring_organisation",
    "target_organisation",
    "kind",
    "first_name",
    "last_name",
    "home_municipality",
    "phone",
    "applied_on",
    "applicant",
    "applicant_name",
    "consent_given",
    "categories",
    "interview_date",
    "opinion",
    "social_worker",
)


def covers(organisation: Organisation, municipality_code: str) -> bool:
    """Whether the referring body serves a person living in the municipality: an OPS or CUS its own municipality
    (the six digits naming a municipality in TERYT, whatever its type digit), a PUP its county (assumed)."""
    if organisation.kind == OrganisationKind.PUP:
        return municipality_code[:4] == organisation.municipality_id[:4]
    return municipality_code[:6] == organisation.municipality_id[:6]


def _may_refer_for(actor: User | None, organisation: Organisation) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return organisation.pk in referring_organisation_ids(actor)


def _is_social_worker_of(actor: User | None, organisation: Organisation) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return organisation.pk in actor_of(actor).organisations_with(Role.SOCIAL_WORKER)


def _target_problem(target: Organisation, on: date) -> str:
    if target.kind not in TARGET_KINDS:
        return _("A referral is addressed to a CIS or a KIS.")
    if not target.is_active or not target.is_in_force(on):
        return _("The entry of %(name)s in the voivode's register is not in force on %(date)s.") % {
            "name": target.name,
            "date": short_date(on),
        }
    return ""


def _checked(
    *, actor: User | None, data: Mapping[str, Any], current: AdmissionReferral | None
) -> tuple[dict[str, Any], str | None]:
    """The draft's values from ``data``, checked all at once (field errors), and the compact PESEL (None: keep the
    one recorded)."""
    errors = FieldErrors()
    today = timezone.localdate()
    values: dict[str, Any] = {}
    referring = data.get("referring_organisation")
    if referring is None:
        errors.add("referring_organisation", _("Choose the referring OPS, CUS or PUP."))
    elif referring.kind not in REFERRING_KINDS:
        errors.add("referring_organisation", _("A referral is issued by an OPS, a CUS or a PUP."))
        referring = None
    elif not _may_refer_for(actor, referring):
        errors.add("referring_organisation", _("Choose one of your own OPS, CUS or PUP."))
        referring = None
    values["referring_organisation"] = referring
    target = data.get("target_organisation")
    if target is None:
        errors.add("target_organisation", _("Choose the CIS or KIS."))
    else:
        problem = _target_problem(target, today)
        if problem:
            errors.add("target_organisation", problem)
    values["target_organisation"] = target
    values["kind"] = target.kind if target is not None else ""
    values["first_name"] = (data.get("first_name") or "").strip()
    values["last_name"] = (data.get("last_name") or "").strip()
    if not values["first_name"]:
        errors.add("first_name", _("Enter the first name."))
    if not values["last_name"]:
        errors.add("last_name", _("Enter the last name."))
    pesel = None
    if data.get("pesel") or current is None:
        try:
            pesel = training.pesel_validate(data.get("pesel") or "")
        except ValidationError as exc:
            errors.absorb(exc)
        training.pesel_birth_date_check(pesel, errors)
    home = training.municipality_of(data.get("home_municipality"), field="home_municipality", errors=errors)
    values["home_municipality"] = home
    if home is not None and referring is not None and not covers(referring, home.code):
        if referring.kind == OrganisationKind.PUP:
            message = _("%(name)s serves its county only: the person lives in %(home)s.")
        else:
            message = _(
                "%(name)s serves its own municipality only: a person living in %(home)s is referred by the OPS "
                "or CUS of that municipality."
            )
        errors.add("home_municipality", message % {"name": referring.name, "home": home.display_name})
    values["phone"] = (data.get("phone") or "").strip()
    applied_on = data.get("applied_on")
    if not applied_on:
        errors.add("applied_on", _("Enter the date of the application."))
    elif applied_on > today:
        errors.add("applied_on", _("The application cannot be dated in the future."))
    values["applied_on"] = applied_on
    applicant = data.get("applicant") or ""
    if applicant not in Applicant.values:
        errors.add("applicant", _("Choose who applied."))
    values["applicant"] = applicant
    values["applicant_name"] = (data.get("applicant_name") or "").strip()
    values["consent_given"] = bool(data.get("consent_given"))
    if applicant in CONSENT_NEEDED and not values["consent_given"]:
        errors.add(
            "consent_given",
            _("When an institution applies for the person, the person's consent must be recorded."),
        )
    codes = [str(code) for code in data.get("categories") or []]
    if not codes:
        errors.add("categories", _("Choose one or more categories of art. 1 ust. 2."))
    elif any(code not in EligibilityCategory.values for code in codes):
        errors.add("categories", _("Choose categories of art. 1 ust. 2 from the list."))
    elif (
        referring is not None
        and referring.kind == OrganisationKind.PUP
        and (EligibilityCategory.LONG_TERM_UNEMPLOYED not in codes)
    ):
        errors.add("categories", _("A labour office refers only the long-term unemployed (art. 1 ust. 2 pkt 5)."))
    values["categories"] = sorted(set(codes))
    interview = data.get("interview_date")
    if interview and interview > today:
        errors.add("interview_date", _("The community interview cannot be dated in the future."))
    values["interview_date"] = interview or None
    plausible.check(
        errors,
        {
            "applied_on": (plausible.APPLICATION_DATE, applied_on),
            "interview_date": (plausible.INTERVIEW_DATE, interview),
        },
        context={"applied_on": applied_on},
        today=today,
    )
    values["opinion"] = (data.get("opinion") or "").strip()
    opinion_changed = current is None or (
        values["opinion"] != current.opinion or values["interview_date"] != current.interview_date
    )
    social_worker = current.social_worker if current is not None else None
    if (values["opinion"] or values["interview_date"]) and opinion_changed:
        if referring is not None and not _is_social_worker_of(actor, referring):
            errors.add("opinion", _("The opinion is recorded by a social worker of the referring institution."))
        social_worker = actor if actor is not None else data.get("social_worker")
    values["social_worker"] = social_worker
    probe = AdmissionReferral(**{name: values[name] for name in ("first_name", "last_name", "phone", "opinion")})
    try:
        probe.full_clean(
            exclude=[field.name for field in AdmissionReferral._meta.fields if field.name not in {"phone", "opinion"}]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors.update({field: [ValidationError(m) for m in messages]})
    errors.raise_if_any()
    return values, pesel


def _set_pesel(referral: AdmissionReferral, pesel: str) -> None:
    referral.pesel_encrypted = encrypt(pesel)
    referral.pesel_index = blind_index(pesel)
    referral.birth_date = pesel_number.get_birth_date(pesel)


def referral_create(*, actor: User | None, data: Mapping[str, Any]) -> AdmissionReferral:
    """A draft referral of the actor's OPS, CUS or PUP; refused with all field errors at once."""
    values, pesel = _checked(actor=actor, data=data, current=None)
    assert pesel is not None
    referral = AdmissionReferral(**values, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    _set_pesel(referral, pesel)
    with transaction.atomic():
        referral.save()
        AdmissionReferralEvent.objects.create(
            referral=referral,
            from_state="",
            to_state=AdmissionStatus.DRAFT,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=_("Draft created"),
        )
    return referral


def referral_update(
    *, actor: User, referral: AdmissionReferral, data: Mapping[str, Any], expected_version: int
) -> AdmissionReferral:
    """Edit a draft (only a draft, only its referring institution); a stale version is a ConflictError."""
    if not actor.has_perm("admission.issue_referral", referral):
        raise PermissionDenied
    if referral.status != AdmissionStatus.DRAFT:
        raise ValidationError(_("Only a draft referral can be edited."))
    values, pesel = _checked(actor=actor, data=data, current=referral)
    with transaction.atomic():
        claimed = AdmissionReferral.objects.filter(
            pk=referral.pk, version=expected_version, status=AdmissionStatus.DRAFT
        ).update(version=expected_version + 1)
        if claimed != 1:
            raise ConflictError(
                _("Someone else changed this referral in the meantime. Nothing was saved; check and repeat.")
            )
        for name, value in values.items():
            setattr(referral, name, value)
        fields = list(_WRITTEN)
        if pesel is not None:
            _set_pesel(referral, pesel)
            fields += ["pesel_encrypted", "pesel_index", "birth_date"]
        referral.version = expected_version + 1
        referral.save(update_fields=[*fields, "updated_at"])
    return referral


def _move(
    referral: AdmissionReferral, target: str, *, actor: User | None, note: str = "", extra=None
) -> AdmissionReferral:
    return transition(
        referral,
        machine=ADMISSION_MACHINE,
        target=target,
        actor=actor,
        event_model=AdmissionReferralEvent,
        note=note,
        extra_updates={**(extra or {}), "version": referral.version + 1},
        referral=referral,
    )


def referral_issue(
    *, actor: User | None, referral: AdmissionReferral, number: str, issued_on: date | None
) -> AdmissionReferral:
    """Issue the referral with its number and date. Refused with all field errors at once: no number or date, a
    date in the future or before the interview or the application, an OPS/CUS referral without the social worker's
    opinion and interview date, or a CIS/KIS whose register entry is not in force that day."""
    ADMISSION_MACHINE.check_permission(actor, referral, AdmissionStatus.ISSUED)
    errors = FieldErrors()
    number = (number or "").strip()
    today = timezone.localdate()
    if not number:
        errors.add("number", _("Enter the referral number."))
    elif (
        AdmissionReferral.objects.filter(referring_organisation_id=referral.referring_organisation_id, number=number)
        .exclude(pk=referral.pk)
        .exists()
    ):
        errors.add("number", _("Your institution has already issued a referral with this number."))
    if not issued_on:
        errors.add("issued_on", _("Enter the date of issue."))
    elif issued_on > today:
        errors.add("issued_on", _("The referral cannot be issued with a date in the future."))
    elif issued_on < referral.applied_on:
        errors.add(
            "issued_on",
            _("The referral cannot be issued before the application (%(date)s).")
            % {"date": short_date(referral.applied_on)},
        )
    if referral.referring_organisation.kind in SOCIAL_ASSISTANCE_KINDS:
        if not referral.opinion:
            errors.add("opinion", _("An OPS or CUS issues the referral only with the social worker's opinion."))
        if not referral.interview_date:
            errors.add("interview_date", _("Enter the date of the community interview before issuing."))
    if referral.interview_date and issued_on and referral.interview_date > issued_on:
        errors.add("interview_date", _("The community interview cannot be after the date of issue."))
    if issued_on and issued_on <= today:
        problem = _target_problem(referral.target_organisation, issued_on)
        if problem:
            errors.add("target_organisation", problem)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            issued = _move(
                referral,
                AdmissionStatus.ISSUED,
                actor=actor,
                note=_("Issued as no. %(number)s") % {"number": number},
                extra={"number": number, "issued_on": issued_on},
            )
            # The staff of the CIS/KIS see the referral on their list; the notice names the number and the
            # referring institution, not the person.
            notify(
                recipients=users_with_roles_in(organisation_id=referral.target_organisation_id, roles=RECEIVER_ROLES),
                kind="admission.issued",
                title=gettext_noop("New referral no. %(number)s from %(referrer)s."),
                params={"number": number, "referrer": referral.referring_organisation.name},
                link=reverse("admission:detail", kwargs={"public_id": referral.public_id}),
            )
            return issued
    except IntegrityError:
        raise ValidationError(
            {"number": _("Your institution has already issued a referral with this number.")}
        ) from None


def referral_withdraw(*, actor: User | None, referral: AdmissionReferral, note: str = "") -> AdmissionReferral:
    """The referring institution withdraws an issued referral the CIS/KIS has not decided yet."""
    with transaction.atomic():
        return _move(referral, AdmissionStatus.WITHDRAWN, actor=actor, note=(note or "").strip())


def referral_refuse(*, actor: User | None, referral: AdmissionReferral, reason: str) -> AdmissionReferral:
    """The CIS/KIS refuses an issued referral, giving its reasons."""
    reason = (reason or "").strip()
    ADMISSION_MACHINE.check_permission(actor, referral, AdmissionStatus.REFUSED)
    if not reason:
        raise ValidationError({"reason": _("Give the reasons for the refusal.")})
    with transaction.atomic():
        return _move(
            referral, AdmissionStatus.REFUSED, actor=actor, note=reason[:500], extra={"refusal_reason": reason}
        )


def referral_person_data(referral: AdmissionReferral, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The person's data the enrolment records: the referral's, corrected by ``data`` where given (names, home,
    contact); the PESEL always the referral's."""
    data = data or {}
    return {
        "pesel": decrypt(referral.pesel_encrypted),
        "first_name": data.get("first_name") or referral.first_name,
        "last_name": data.get("last_name") or referral.last_name,
        "home_municipality": data.get("home_municipality") or referral.home_municipality_id,
        "phone": data.get("phone") if data.get("phone") is not None else referral.phone,
        "email": data.get("email") or "",
    }


def referral_accept(
    *,
    actor: User | None,
    referral: AdmissionReferral,
    person_data: Mapping[str, Any] | None,
    participation_data: Mapping[str, Any],
    held_person: str = "",
) -> Participation:
    """Accept an issued referral by enrolling the person in the CIS/KIS (``training.participant_enrol``: a PESEL
    the CIS/KIS already holds enrols that record), marking the referral accepted and linking the participation —
    all in one transaction, so a refused enrolment leaves the referral issued and nothing stored. The referring
    institution and the date of issue are the participation's ``referred_by`` and ``referral_date``. A referral
    is accepted once: a second acceptance is refused."""
    ADMISSION_MACHINE.check_permission(actor, referral, AdmissionStatus.ACCEPTED)
    with transaction.atomic():
        current = AdmissionReferral.objects.select_for_update().get(pk=referral.pk)
        if current.status != AdmissionStatus.ISSUED:
            raise ValidationError(_("This referral has already been decided: it cannot be accepted again."))
        data = {
            **participation_data,
            "referred_by": current.referring_organisation,
            "referral_date": current.issued_on,
        }
        participation = training.participant_enrol(
            actor=actor,
            organisation=current.target_organisation,
            person_data=referral_person_data(current, person_data),
            participation_data=data,
            held_person=held_person,
        )
        referral.status = current.status
        referral.version = current.version
        _move(
            referral,
            AdmissionStatus.ACCEPTED,
            actor=actor,
            note=_("Accepted and enrolled"),
            extra={"participation": participation},
        )
    return participation
