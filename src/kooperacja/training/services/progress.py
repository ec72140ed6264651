"""What a participant achieves: modules completed, qualifications gained (attendance: see ``attendance``)."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors as catalogue_selectors
from kooperacja.training.models import (
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


def qualification_gain(
    *, actor: User, participation: Participation, code: str, issued_on: date, certificate_number: str = ""
) -> QualificationGained:
    """Record a qualification gained; the code must be one the catalogue knows (any card version)."""
    code = (code or "").strip()
    known = catalogue_selectors.qualification_find(code=code)
    if known is None:
        raise ValidationError({"code": _("The catalogue knows no qualification with this code.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date of issue.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date cannot be in the future.")})
    person = participation.person
    if QualificationGained.objects.filter(person=person, code=code).exists():
        raise ValidationError({"code": _("This person already holds this qualification.")})
    try:
        with transaction.atomic():
            return QualificationGained.objects.create(
                person=person,
                participation=participation,
                code=code,
                name=known.name,
                certificate_number=(certificate_number or "").strip(),
                issued_on=issued_on,
            )
    except IntegrityError:
        raise ValidationError({"code": _("This person already holds this qualification.")}) from None
