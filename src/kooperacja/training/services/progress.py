"""What a participant achieves: modules completed, courses completed, qualifications with evidence (attendance:
see ``attendance``)."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue_selectors
from kooperacja.core.errors import FieldErrors
from kooperacja.training.models import (
    CourseCompletion,
    EvidenceKind,
    ModuleCompletion,
    Participation,
    QualificationGained,
    TrainingProgramme,
)

# --- modules, qualifications -------------------------------------------------------------


def module_complete(*, actor: User, participation: Participation, module, completed_on: date) -> ModuleCompletion:
    """Record a completed module; it must belong to a programme of a cohort the participant is in."""
    belongs = TrainingProgramme.objects.filter(cohorts__participations=participation, modules=module).exists()
    if not belongs:
        raise ValidationError(
            {"module": _("The module is not part of a programme of any cohort this participant is in.")}
        )
    if completed_on is None:
        raise ValidationError({"completed_on": _("Enter the date.")})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The date cannot be in the future.")})
    if ModuleCompletion.objects.filter(participation=participation, module=module).exists():
        raise ValidationError({"module": _("This module is already recorded as completed.")})
    try:
        with transaction.atomic():
            return ModuleCompletion.objects.create(
                participation=participation,
                module=module,
                completed_on=completed_on,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError({"module": _("This module is already recorded as completed.")}) from None


def course_completion_record(
    *, actor: User, participation: Participation, programme: TrainingProgramme, completed_on: date
) -> CourseCompletion:
    """Record that the participant completed the CIS/KIS course of ``programme``'s card: every module of that
    card's variant that the participant's programmes include must be completed, or the record is refused with
    the missing modules named."""
    errors = FieldErrors()
    programmes = list(
        TrainingProgramme.objects.filter(
            cohorts__participations=participation,
            card_version_id=programme.card_version_id,
            variant=programme.variant,
        ).distinct()
    )
    if not any(item.pk == programme.pk for item in programmes):
        errors.add("programme", _("The participant is in no cohort of this programme."))
        errors.raise_if_any()
    if completed_on is None:
        errors.add("completed_on", _("Enter the date."))
    elif completed_on > timezone.localdate():
        errors.add("completed_on", _("The date cannot be in the future."))
    required = {
        module.pk: module
        for module in catalogue_selectors.programme_modules_with_ids(
            ids=TrainingProgramme.modules.through.objects.filter(
                trainingprogramme_id__in=[item.pk for item in programmes]
            ).values("programmemodule_id")
        ).order_by("order", "id")
    }
    done = set(
        ModuleCompletion.objects.filter(participation=participation, module_id__in=list(required)).values_list(
            "module_id", flat=True
        )
    )
    missing = [module.title for pk, module in required.items() if pk not in done]
    if not required:
        errors.add("programme", _("The programme has no modules: there is no course to complete."))
    elif missing:
        errors.add(
            "programme",
            _("Not every module of the course is completed. Missing: %(modules)s.") % {"modules": "; ".join(missing)},
        )
    exists = CourseCompletion.objects.filter(
        participation=participation, card_version_id=programme.card_version_id, variant=programme.variant
    ).exists()
    if exists:
        errors.add("programme", _("This course is already recorded as completed."))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return CourseCompletion.objects.create(
                participation=participation,
                card_version_id=programme.card_version_id,
                variant=programme.variant,
                completed_on=completed_on,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError({"programme": _("This course is already recorded as completed.")}) from None


def qualification_gain(
    *,
    actor: User,
    participation: Participation,
    code: str,
    issued_on: date,
    certificate_number: str = "",
    issuer: str = "",
    evidence: str = EvidenceKind.CERTIFICATE,
) -> QualificationGained:
    """Record a vocational qualification the person holds, with its evidence: the document's kind, number, issuer
    and date are all required. The code must be one the catalogue knows (any card version). A completed CIS/KIS
    course is recorded with :func:`course_completion_record` instead."""
    errors = FieldErrors()
    code = (code or "").strip()
    certificate_number = (certificate_number or "").strip()
    issuer = (issuer or "").strip()
    known = catalogue_selectors.qualification_find(code=code) if code else None
    if not code:
        errors.add("code", _("Enter the qualification code."))
    elif known is None:
        errors.add("code", _("The catalogue knows no qualification with this code."))
    if evidence not in EvidenceKind.values:
        errors.add("evidence", _("Choose the kind of document."))
    if not certificate_number:
        errors.add("certificate_number", _("Enter the number of the document."))
    elif len(certificate_number) > 60:
        errors.add("certificate_number", _("Keep the number under 60 characters."))
    if not issuer:
        errors.add("issuer", _("Enter who issued the document."))
    elif len(issuer) > 200:
        errors.add("issuer", _("Keep the issuer under 200 characters."))
    if issued_on is None:
        errors.add("issued_on", _("Enter the date of issue."))
    elif issued_on > timezone.localdate():
        errors.add("issued_on", _("The date cannot be in the future."))
    person = participation.person
    if code and QualificationGained.objects.filter(person=person, code=code).exists():
        errors.add("code", _("This person already holds this qualification."))
    errors.raise_if_any()
    assert known is not None
    try:
        with transaction.atomic():
            return QualificationGained.objects.create(
                person=person,
                participation=participation,
                code=code,
                name=known.name,
                evidence=evidence,
                certificate_number=certificate_number,
                issuer=issuer,
                issued_on=issued_on,
            )
    except IntegrityError:
        raise ValidationError({"code": _("This person already holds this qualification.")}) from None
