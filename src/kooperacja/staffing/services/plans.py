"""Staffing plans: lines aggregated from a diagnosis round, sign-offs by every partner, amendments."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.catalogue.models import Qualification
from kooperacja.core.dates import quarter_of
from kooperacja.core.errors import ConflictError
from kooperacja.core.fsm import transition
from kooperacja.registry.models import Organisation
from kooperacja.staffing.models import (
    PLAN_MACHINE,
    DiagnosisRound,
    NeedStatus,
    PlanEvent,
    PlanLine,
    PlanSignoff,
    PlanStatus,
    RoundNeed,
    RoundPartner,
    StaffingPlan,
)
from kooperacja.staffing.rules import PARTNER_ROLES
from kooperacja.staffing.services.common import actor_or_none, check_coordinator, is_admin


def _first_mandatory(qualifications: Iterable[Qualification]) -> Qualification | None:
    ordered = sorted(qualifications, key=lambda q: (q.order, q.pk))
    return next((q for q in ordered if q.mandatory), None)


def plan_lines_compute(*, diagnosis_round: DiagnosisRound) -> list[PlanLine]:
    """The plan lines (unsaved) of a round, by service, qualification and quarter.

    Each contributed need adds its open positions to every one of its required qualifications in the
    quarter of its start date (a need without required qualifications counts under its card's first
    mandatory qualification); each direction adds its additional staff to the first mandatory
    qualification of the service's current card.
    """
    needed: dict[tuple[int, str, str], int] = defaultdict(int)
    names: dict[tuple[int, str, str], str] = {}
    links = (
        RoundNeed.objects.filter(round=diagnosis_round)
        .select_related("need__card_version")
        .prefetch_related("need__required_qualifications", "need__card_version__qualifications")
    )
    for link in links:
        need = link.need
        if need.status in (NeedStatus.WITHDRAWN, NeedStatus.EXPIRED) or need.open_positions <= 0:
            continue
        qualifications = list(need.required_qualifications.all())
        if not qualifications:
            fallback = _first_mandatory(need.card_version.qualifications.all())
            qualifications = [fallback] if fallback else []
        quarter = quarter_of(need.start_date)
        for qualification in qualifications:
            key = (need.card_version.service_type_id, qualification.code, quarter)
            needed[key] += need.open_positions
            names.setdefault(key, qualification.name)
    directions = diagnosis_round.directions.select_related("service_type__current_version").prefetch_related(
        "service_type__current_version__qualifications"
    )
    for direction in directions:
        if direction.additional_staff <= 0:
            continue
        card = direction.service_type.current_version
        mandatory = _first_mandatory(card.qualifications.all()) if card else None
        key = (direction.service_type_id, mandatory.code if mandatory else "", direction.quarter)
        needed[key] += direction.additional_staff
        names.setdefault(key, mandatory.name if mandatory else "")
    return [
        PlanLine(
            service_type_id=service_type_id,
            qualification_code=code,
            qualification_name=names[key],
            quarter=quarter,
            needed=count,
        )
        for key, count in sorted(needed.items(), key=lambda item: (item[0][2], item[0][0], item[0][1]))
        for service_type_id, code, quarter in [key]
    ]


def plan_signer_ids(diagnosis_round: DiagnosisRound) -> set[int]:
    """Organisations whose sign-off a plan of the round needs: every partner and the coordinating organisation."""
    partners = set(RoundPartner.objects.filter(round=diagnosis_round).values_list("organisation_id", flat=True))
    return partners | {diagnosis_round.coordinator_organisation_id}


def _save_lines(plan: StaffingPlan, lines: Iterable[PlanLine]) -> None:
    rows = []
    for line in lines:
        line.pk = None
        line.plan = plan
        rows.append(line)
    PlanLine.objects.bulk_create(rows)


@transaction.atomic
def plan_generate(*, actor: User, diagnosis_round: DiagnosisRound) -> StaffingPlan:
    """Aggregate the round's contributions and directions into version 1 of its plan (draft)."""
    check_coordinator(actor, diagnosis_round)
    DiagnosisRound.objects.select_for_update().filter(pk=diagnosis_round.pk).first()
    if StaffingPlan.objects.filter(round=diagnosis_round).exists():
        raise ValidationError(
            _("The round already has a staffing plan; change it with an amendment."), code="plan_exists"
        )
    lines = plan_lines_compute(diagnosis_round=diagnosis_round)
    if not lines:
        raise ValidationError(
            _("There is nothing to plan yet: no contributed need has open positions and no direction adds staff."),
            code="nothing_to_plan",
        )
    try:
        with transaction.atomic():
            plan = StaffingPlan.objects.create(round=diagnosis_round, number=1, created_by=actor_or_none(actor))
    except IntegrityError as exc:
        raise ConflictError(str(_("Someone else generated the plan in the meantime."))) from exc
    _save_lines(plan, lines)
    PlanEvent.objects.create(
        plan=plan,
        from_state=PlanStatus.DRAFT,
        to_state=PlanStatus.DRAFT,
        actor=actor_or_none(actor),
        note=str(_("Version 1 generated from the round.")),
    )
    return plan


def _refuse_unsignable(plan: StaffingPlan) -> None:
    if plan.status == PlanStatus.SUPERSEDED:
        successor = StaffingPlan.objects.filter(amends=plan).first()
        raise ValidationError(
            _(
                "Version %(number)s of this plan was amended and replaced by version %(successor)s. "
                "Nothing was signed; read and sign the current version."
            ),
            code="superseded",
            params={"number": plan.number, "successor": successor.number if successor else "?"},
        )
    if plan.status == PlanStatus.SIGNED:
        raise ValidationError(_("This version of the plan is already signed by every partner."), code="already_signed")


@transaction.atomic
def plan_sign(*, actor: User, plan: StaffingPlan, organisation: Organisation) -> StaffingPlan:
    """``actor`` signs the plan for ``organisation``. When every partner and the coordinating organisation
    have signed, the plan becomes SIGNED (locked). A superseded or signed plan refuses, writing nothing."""
    locked = StaffingPlan.objects.select_for_update().select_related("round").get(pk=plan.pk)
    _refuse_unsignable(locked)
    signers = plan_signer_ids(locked.round)
    if organisation.pk not in signers:
        raise ValidationError(
            _("“%(name)s” is not a partner of this round."), code="not_a_partner", params={"name": organisation.name}
        )
    if not (is_admin(actor) or organisation.pk in actor_of(actor).organisations_with(*PARTNER_ROLES)):
        raise PermissionDenied
    try:
        with transaction.atomic():
            PlanSignoff.objects.create(plan=locked, organisation=organisation, signed_by=actor_or_none(actor))
    except IntegrityError as exc:
        raise ValidationError(
            _("“%(name)s” has already signed this version of the plan."),
            code="already_signed_by_organisation",
            params={"name": organisation.name},
        ) from exc
    PlanEvent.objects.create(
        plan=locked,
        from_state=locked.status,
        to_state=locked.status,
        actor=actor_or_none(actor),
        note=str(_("Signed for %(name)s.") % {"name": organisation.name}),
    )
    signed = set(PlanSignoff.objects.filter(plan=locked).values_list("organisation_id", flat=True))
    if signers <= signed:
        try:
            transition(
                locked,
                machine=PLAN_MACHINE,
                target=PlanStatus.SIGNED,
                actor=actor,
                event_model=PlanEvent,
                note=str(_("Signed by every partner; the plan is locked.")),
                plan=locked,
            )
        except ConflictError:
            # Another signer completed the plan at the same moment; their transition stands, our sign-off too.
            locked.refresh_from_db(fields=["status", "updated_at"])
            if locked.status != PlanStatus.SIGNED:
                _refuse_unsignable(locked)
    return locked


@transaction.atomic
def plan_amend(*, actor: User, plan: StaffingPlan, reason: str, regenerate: bool = True) -> StaffingPlan:
    """Amend a signed plan: version n+1 (draft) with lines regenerated from the round (or copied), and the
    reason; the signed version becomes SUPERSEDED and every partner signs the new one again."""
    locked = StaffingPlan.objects.select_for_update().select_related("round").get(pk=plan.pk)
    check_coordinator(actor, locked.round)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the amendment.")]}, code="required")
    if len(reason) > 500:
        raise ValidationError({"reason": [_("At most 500 characters.")]}, code="max_length")
    if locked.status != PlanStatus.SIGNED:
        if locked.status == PlanStatus.SUPERSEDED:
            _refuse_unsignable(locked)
        raise ValidationError(
            _("Only a plan signed by every partner is amended; this version still awaits sign-off."),
            code="not_signed",
        )
    number = (StaffingPlan.objects.filter(round=locked.round).aggregate(top=Max("number"))["top"] or 0) + 1
    try:
        with transaction.atomic():
            amendment = StaffingPlan.objects.create(
                round=locked.round,
                number=number,
                amends=locked,
                amendment_reason=reason,
                created_by=actor_or_none(actor),
            )
    except IntegrityError as exc:
        raise ConflictError(str(_("Someone else amended this plan in the meantime."))) from exc
    if regenerate:
        lines = plan_lines_compute(diagnosis_round=locked.round)
    else:
        lines = [
            PlanLine(
                service_type_id=line.service_type_id,
                qualification_code=line.qualification_code,
                qualification_name=line.qualification_name,
                quarter=line.quarter,
                needed=line.needed,
            )
            for line in locked.lines.all()
        ]
    _save_lines(amendment, lines)
    transition(
        locked,
        machine=PLAN_MACHINE,
        target=PlanStatus.SUPERSEDED,
        actor=actor,
        event_model=PlanEvent,
        note=reason,
        plan=locked,
    )
    PlanEvent.objects.create(
        plan=amendment,
        from_state=PlanStatus.DRAFT,
        to_state=PlanStatus.DRAFT,
        actor=actor_or_none(actor),
        note=str(_("Amends version %(number)s: %(reason)s") % {"number": locked.number, "reason": reason})[:500],
    )
    return amendment
