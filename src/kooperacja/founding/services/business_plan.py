"""The business plan: edited by the launching organisation's coordinator, commented per section by an OWES
advisor, then made final. States draft → submitted for comments → commented → (submitted again…) → final."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.founding import plan as figures
from kooperacja.founding.models import (
    PLAN_EDITABLE,
    PLAN_MACHINE,
    BusinessPlan,
    PlanComment,
    PlanEvent,
    PlanSection,
    PlanState,
)
from kooperacja.founding.services.group import require

PLAN_CONFLICT_MESSAGE = _("Someone else saved the business plan in the meantime. Reload the page and try again.")


@dataclass(frozen=True, kw_only=True)
class PlanInput:
    services: Sequence[str] = ()
    services_text: str = ""
    clients: str = ""
    staff: Sequence[Mapping[str, Any]] = ()
    costs: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    revenue: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    funding: Mapping[str, Any] = field(default_factory=dict)
    labour_fund_workplaces: int = 0
    average_wage: Decimal | None = None


def launch_service_codes(plan: BusinessPlan) -> dict[str, str]:
    """The catalogue services of the plan's launch: code → name."""
    rows = plan.group.launch.services.select_related("service_type", "card_version").order_by("id")
    return {row.service_type.code: row.card_version.name for row in rows}


@transaction.atomic
def plan_update(*, actor: User | None, plan: BusinessPlan, data: PlanInput, version: int) -> BusinessPlan:
    """Save the plan read at ``version``; every figure is checked (amounts ≥ 0, years 1–3, the Labour Fund
    limit) and nothing is saved if one is wrong."""
    require(actor, "founding.write_plan", plan.group)
    errors: dict[str, list[str]] = {}
    if plan.state not in PLAN_EDITABLE:
        raise ValidationError(
            _("The plan is “%(state)s”: it is edited as a draft or after comments.")
            % {"state": PlanState(plan.state).label},
            code="not_editable",
        )
    known = launch_service_codes(plan)
    services = [str(code) for code in data.services]
    unknown = [code for code in services if code not in known]
    if unknown:
        errors.setdefault("services", []).append(
            str(_("These services are not part of the launch: %(codes)s.") % {"codes": ", ".join(unknown)})
        )
    staff = figures.staff_check(list(data.staff), errors=errors)
    costs = figures.lines_check(data.costs, figures.CostCategory.values, field="costs", errors=errors)
    revenue = figures.lines_check(data.revenue, figures.RevenueCategory.values, field="revenue", errors=errors)
    workplaces = data.labour_fund_workplaces or 0
    if workplaces < 0 or workplaces > 100:
        errors.setdefault("labour_fund_workplaces", []).append(str(_("Enter a number of workplaces from 0 to 100.")))
        workplaces = 0
    average_wage = data.average_wage
    if average_wage is not None and (average_wage <= 0 or average_wage > 100000):
        errors.setdefault("average_wage", []).append(str(_("Enter an average wage above 0 PLN.")))
        average_wage = None
    funding = figures.funding_check(data.funding, workplaces=workplaces, average_wage=average_wage, errors=errors)
    if errors:
        raise ValidationError(
            {name: [ValidationError(message) for message in messages] for name, messages in errors.items()}
        )
    values = {
        "services": services,
        "services_text": data.services_text.strip()[:4000],
        "clients": data.clients.strip()[:4000],
        "staff": staff,
        "costs": costs,
        "revenue": revenue,
        "funding": funding,
        "labour_fund_workplaces": workplaces,
        "average_wage": average_wage,
        "updated_by": actor,
    }
    changed = BusinessPlan.objects.filter(pk=plan.pk, version=version, state=plan.state).update(
        version=version + 1, updated_at=timezone.now(), **values
    )
    if changed != 1:
        raise ConflictError(PLAN_CONFLICT_MESSAGE)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.version = version + 1
    return plan


def _move(plan: BusinessPlan, *, actor: User | None, target: str, version: int, note: str = "") -> BusinessPlan:
    if plan.version != version:
        raise ConflictError(PLAN_CONFLICT_MESSAGE)
    return transition(
        plan,
        machine=PLAN_MACHINE,
        target=target,
        actor=actor,
        event_model=PlanEvent,
        note=note,
        field="state",
        extra_updates={"version": version + 1},
        plan=plan,
    )


@transaction.atomic
def plan_submit(*, actor: User | None, plan: BusinessPlan, version: int) -> BusinessPlan:
    """Send the plan to the OWES advisor for comments: it needs its services and clients described."""
    errors = FieldErrors()
    if not plan.services and not plan.services_text.strip():
        errors.add("services", _("Describe the services the cooperative will offer."), code="required")
    if not plan.clients.strip():
        errors.add("clients", _("Describe the clients."), code="required")
    if not any(Decimal(str(amount)) > 0 for amounts in plan.costs.values() for amount in amounts):
        errors.add("costs", _("Enter the costs of the first three years."), code="required")
    require(actor, "founding.write_plan", plan.group)
    errors.raise_if_any()
    return _move(plan, actor=actor, target=PlanState.SUBMITTED, version=version)


@transaction.atomic
def plan_comment_add(*, actor: User | None, plan: BusinessPlan, section: str, text: str) -> PlanComment:
    """An OWES advisor's comment on one section of a submitted plan."""
    require(actor, "founding.comment_plan", plan.group)
    errors = FieldErrors()
    text = (text or "").strip()
    if plan.state != PlanState.SUBMITTED:
        errors.add("text", _("Comments are added while the plan is submitted for comments."), code="not_submitted")
    if section not in PlanSection.values:
        errors.add("section", _("Choose the section the comment is about."), code="invalid")
    if not text:
        errors.add("text", _("Write the comment."), code="required")
    errors.raise_if_any()
    return PlanComment.objects.create(plan=plan, section=section, text=text[:3000], author=actor)


@transaction.atomic
def plan_comment_resolve(*, actor: User | None, comment: PlanComment) -> PlanComment:
    """Mark a comment as dealt with (by the coordinator who changed the plan, or the advisor)."""
    require(actor, "founding.manage_group", comment.plan.group)
    now = timezone.now()
    changed = PlanComment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor
    )
    if changed != 1:
        raise ValidationError(_("This comment is already resolved."), code="already_resolved")
    comment.resolved_at, comment.resolved_by = now, actor
    return comment


@transaction.atomic
def plan_comments_done(*, actor: User | None, plan: BusinessPlan, version: int, note: str = "") -> BusinessPlan:
    """The advisor ends the round of comments; the plan returns to the coordinator."""
    return _move(plan, actor=actor, target=PlanState.COMMENTED, version=version, note=(note or "").strip()[:500])


@transaction.atomic
def plan_finalise(*, actor: User | None, plan: BusinessPlan, version: int) -> BusinessPlan:
    """Make the commented plan final: every comment must be resolved first."""
    require(actor, "founding.write_plan", plan.group)
    open_comments = plan.comments.filter(resolved_at__isnull=True).count()
    if open_comments:
        raise ValidationError(
            _("%(count)s comments of the advisor are not resolved yet.") % {"count": open_comments},
            code="unresolved_comments",
        )
    return _move(plan, actor=actor, target=PlanState.FINAL, version=version)
