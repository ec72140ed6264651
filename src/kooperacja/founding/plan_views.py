"""Pages of the business plan: the plan with its totals and the advisor's comments, the form, the moves, the PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts import people
from kooperacja.core.errors import ConflictError
from kooperacja.founding import documents, selectors, services
from kooperacja.founding import plan as figures
from kooperacja.founding.forms import CommentForm, PlanForm, VersionForm
from kooperacja.founding.models import PLAN_EDITABLE, PLAN_MACHINE, PlanSection
from kooperacja.founding.services.business_plan import launch_service_codes


def plan_url(group) -> str:
    return reverse("founding:plan", kwargs={"public_id": group.public_id})


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def plan_detail(request, public_id):
    group = selectors.group_get_for_view(user=request.user, public_id=public_id)
    plan = selectors.plan_of(group)
    comments = people.labelled(selectors.plan_comments(plan), "author", "resolved_by")
    events = people.labelled(plan.events.select_related("actor").order_by("at", "id"), "actor")
    service_names = launch_service_codes(plan)
    totals = selectors.plan_totals(plan)
    context = {
        "group": group,
        "plan": plan,
        "totals": totals,
        "years": figures.YEARS,
        "services": [service_names.get(code, code) for code in plan.services],
        "costs": _lines(plan.costs, figures.CostCategory),
        "revenue": _lines(plan.revenue, figures.RevenueCategory),
        "funding": [(figures.FundingSource(source).label, amount) for source, amount in plan.funding.items()],
        "comments": comments,
        "sections": PlanSection.choices,
        "events": events,
        "moves": _moves(request.user, plan),
        "may_write": request.user.has_perm("founding.write_plan", group) and plan.state in PLAN_EDITABLE,
        "may_comment": request.user.has_perm("founding.comment_plan", group) and plan.state == "submitted",
        "may_resolve": request.user.has_perm("founding.manage_group", group),
        "comment_form": CommentForm(),
    }
    return render(request, "founding/plan_detail.html", context)


def _moves(user, plan) -> list[str]:
    allowed = PLAN_MACHINE.allowed(plan.state)
    return [
        target
        for target, permission in PLAN_MACHINE.permissions.items()
        if target in allowed and user.has_perm(permission, plan.group)
    ]


def _lines(lines, categories) -> list[tuple[str, list[str]]]:
    return [(categories(category).label, amounts) for category, amounts in lines.items()]


def plan_edit(request, public_id):
    group = selectors.group_get_for(user=request.user, public_id=public_id, permission="founding.write_plan")
    plan = selectors.plan_of(group)
    if plan.state not in PLAN_EDITABLE:
        messages.error(request, _("The plan is edited as a draft or after the advisor's comments."))
        return redirect(plan_url(group))
    choices = list(launch_service_codes(plan).items())
    form = PlanForm(request.POST or None, service_choices=choices, initial=PlanForm.initial_of(plan))
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.plan_update(
                actor=request.user, plan=plan, data=form.to_input(), version=form.cleaned_data["version"]
            )
        )
    ):
        messages.success(request, _("The business plan was saved."))
        return redirect(plan_url(group))
    context = {
        "form": form,
        "group": group,
        "plan": plan,
        "years": figures.YEARS,
        "grids": [(form.grid("cost"), _("Costs (PLN)")), (form.grid("revenue"), _("Revenue (PLN)"))],
    }
    return render(request, "founding/plan_form.html", context)


def plan_pdf(request, public_id):
    group = selectors.group_get_for_view(user=request.user, public_id=public_id)
    plan = selectors.plan_of(group)
    data = documents.plan_pdf(plan, totals=selectors.plan_totals(plan), service_names=launch_service_codes(plan))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="biznesplan.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _move(request, public_id, *, permission: str, service, done: str):
    group = selectors.group_get_for(user=request.user, public_id=public_id, permission=permission)
    plan = selectors.plan_of(group)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect(plan_url(group))
    try:
        service(actor=request.user, plan=plan, version=form.cleaned_data["version"])
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect(plan_url(group))


@require_POST
def plan_submit(request, public_id):
    return _move(
        request,
        public_id,
        permission="founding.write_plan",
        service=services.plan_submit,
        done=_("The plan was submitted to the OWES advisor for comments."),
    )


@require_POST
def plan_comments_done(request, public_id):
    return _move(
        request,
        public_id,
        permission="founding.comment_plan",
        service=services.plan_comments_done,
        done=_("The comments were sent back to the coordinator."),
    )


@require_POST
def plan_finalise(request, public_id):
    return _move(
        request,
        public_id,
        permission="founding.write_plan",
        service=services.plan_finalise,
        done=_("The plan is final."),
    )


@require_POST
def comment_add(request, public_id):
    group = selectors.group_get_for(user=request.user, public_id=public_id, permission="founding.comment_plan")
    plan = selectors.plan_of(group)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the section and write the comment."))
        return redirect(plan_url(group))
    try:
        services.plan_comment_add(
            actor=request.user, plan=plan, section=form.cleaned_data["section"], text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The comment was added."))
    return redirect(plan_url(group))


@require_POST
def comment_resolve(request, public_id, comment_id):
    comment = selectors.comment_get_for_resolve(user=request.user, public_id=public_id, comment_id=comment_id)
    try:
        services.plan_comment_resolve(actor=request.user, comment=comment)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The comment is marked as resolved."))
    return redirect(plan_url(comment.plan.group))
