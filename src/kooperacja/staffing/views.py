import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.registry import selectors as registry_selectors
from kooperacja.registry.models import Organisation
from kooperacja.staffing import selectors, services
from kooperacja.staffing.charts import bar_chart
from kooperacja.staffing.forms import (
    AmendForm,
    ContributeForm,
    DirectionForm,
    InvitePartnerForm,
    NeedFilterForm,
    NeedForm,
    RoundForm,
    TerritoryForm,
    WithdrawForm,
)
from kooperacja.staffing.labour import LabourLaw
from kooperacja.staffing.models import OPEN_NEEDS, NeedStatus, PlanStatus
from kooperacja.staffing.services import NEED_EDITABLE_STATES

PER_PAGE = 25


def _message_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# --- overview ------------------------------------------------------------------------------------------


def _open_needs_url(*, territory: str, service_type: int) -> str:
    query = urlencode({"status": OPEN_NEEDS, "service_type": service_type, "territory": territory})
    return f"{reverse('staffing:need-list')}?{query}"


def index(request):
    """Per territory: open positions in needs vs people in training, ready and placed, by service."""
    if "territory" in request.GET:
        form = TerritoryForm(request.GET)
        territory = form.cleaned_data["territory"] if form.is_valid() else None
    else:
        territory = selectors.default_overview_territory(user=request.user)
        form = TerritoryForm(initial={"territory": territory.code if territory else None})
    rows: list[selectors.ServiceOverview] = []
    figures_at = None
    if territory:
        rows, figures_at = selectors.territory_overview_shown(territory=territory)
        for row in rows:
            # The open positions of a service are the needs list, filtered: a number leads to what it counts.
            row.needs_url = _open_needs_url(territory=territory.code, service_type=row.service_type.pk)
    series = [_("Open positions"), _("In training"), _("Ready"), _("Placed")]
    chart = bar_chart(
        title=_("Open positions, people in training, ready and placed, by service"),
        series=series,
        groups=[(row.name, [row.open_positions, row.in_training, row.ready, row.placed]) for row in rows],
        links=[[row.needs_url, None, None, None] for row in rows],
    )
    context = {
        "form": form,
        "territory": territory,
        "rows": rows,
        "figures_at": figures_at,
        "chart": chart,
        "series": series,
    }
    template = "staffing/index.html#overview" if request.htmx and not request.htmx.boosted else "staffing/index.html"
    return render(request, template, context)


# --- needs ---------------------------------------------------------------------------------------------


def _flag_hours(page_obj) -> None:
    """Mark the needs of a page whose hours are above the Labour Code's weekly standard (``over_standard``);
    the standard is read once for the page, and only when a need on it gives its hours."""
    needs = list(page_obj)
    labour = LabourLaw() if any(need.hours_per_week for need in needs) else None
    for need in needs:
        need.over_standard = labour is not None and labour.over_standard(need.hours_per_week, need.start_date)


def _labour_notes(*, hours, start) -> dict:
    """What the page says about the law applied to a need: the minimum wage and the weekly standard in force
    on its start (today when not known yet), the pro rata floor for its hours, and whether they are above it."""
    labour = LabourLaw()
    start = start or timezone.localdate()
    return {
        "minimum_wage": labour.minimum_wage(start),
        "standard_hours": labour.standard_hours(start),
        "pay_floor": labour.pay_floor(hours=hours, on_date=start),
        "over_standard": labour.over_standard(hours, start),
    }


def need_list(request):
    form = NeedFilterForm(request.GET)
    form.is_valid()  # invalid filters are shown with their errors and ignored
    filters = form.cleaned_data
    territory = filters.get("territory")
    sort = filters.get("sort") or selectors.DEFAULT_NEED_SORT
    needs = selectors.need_list(
        user=request.user,
        status=filters.get("status") or None,
        service_type=filters.get("service_type") or None,
        territory=territory.code if territory else None,
        q=filters.get("q") or None,
        sort=sort,
    )
    page_obj = paginate(request, needs, per_page=PER_PAGE)
    _flag_hours(page_obj)
    context = {
        "form": form,
        "page_obj": page_obj,
        "sort": sort,
        "can_add": request.user.has_perm("staffing.manage_needs"),
    }
    template = (
        "staffing/need_list.html#results" if request.htmx and not request.htmx.boosted else "staffing/need_list.html"
    )
    return render(request, template, context)


def my_needs(request):
    status = request.GET.get("status") or None
    if status not in NeedStatus.values:
        status = None
    needs = selectors.need_list_for_provider(user=request.user, status=status)
    page_obj = paginate(request, needs, per_page=PER_PAGE)
    _flag_hours(page_obj)
    context = {
        "page_obj": page_obj,
        "status": status,
        "statuses": NeedStatus.choices,
    }
    return render(request, "staffing/my_needs.html", context)


def need_detail(request, public_id):
    need = selectors.need_get_for_view(user=request.user, public_id=public_id)
    can_edit = request.user.has_perm("staffing.change_need", need)
    context = {
        "need": need,
        "events": labelled(selectors.need_events(need=need)),
        "can_edit": can_edit and need.status in NEED_EDITABLE_STATES,
        "can_publish": can_edit and need.status == NeedStatus.DRAFT,
        "can_withdraw": can_edit and need.status in NEED_EDITABLE_STATES,
        "withdraw_form": WithdrawForm(),
        # Who changed the need is named for those who work with the provider.
        "show_people": request.user.has_perm("registry.works_with", need.provider),
        **_labour_notes(hours=need.hours_per_week, start=need.start_date),
    }
    return render(request, "staffing/need_detail.html", context)


def _need_form_page(request, form, need):
    if request.htmx and request.method == "GET":
        return render(request, "staffing/need_form.html#qualifications", {"form": form})
    notes = _labour_notes(hours=form.hours_given(), start=form.start_given())
    return render(request, "staffing/need_form.html", {"form": form, "need": need, **notes})


def need_create(request):
    providers = selectors.provider_choices(user=request.user)
    if request.method == "POST":
        form = NeedForm(request.POST, providers=providers)
        if form.is_valid():
            try:
                need = services.need_create(actor=request.user, data=form.service_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The need was saved as a draft. Publish it to make it visible."))
                return redirect("staffing:need-detail", public_id=need.public_id)
    else:
        initial = {"card_version": request.GET.get("card_version")} if request.GET.get("card_version") else {}
        first = providers.first()
        if first is not None:
            initial.setdefault("municipality", first.municipality_id)
        form = NeedForm(providers=providers, initial=initial)
    return _need_form_page(request, form, None)


def need_edit(request, public_id):
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    if need.status not in NEED_EDITABLE_STATES:
        messages.info(
            request, _("A need in state “%(status)s” can no longer be changed.") % {"status": need.get_status_display()}
        )
        return redirect("staffing:need-detail", public_id=need.public_id)
    if request.method != "POST":
        if request.GET.get("card_version"):
            form = NeedForm(instance=need, initial={"card_version": request.GET["card_version"]})
        else:
            form = NeedForm(instance=need)
        return _need_form_page(request, form, need)
    form = NeedForm(request.POST, instance=need)
    if form.is_valid():
        try:
            services.need_update(
                actor=request.user,
                need=need,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            current = selectors.need_get_for_edit(user=request.user, public_id=public_id)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = NeedForm(data, instance=current)
            form.is_valid()
            form.add_error(None, str(exc))
            need = current
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("staffing:need-detail", public_id=need.public_id)
    return _need_form_page(request, form, need)


@require_POST
def need_publish(request, public_id):
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    try:
        services.need_publish(actor=request.user, need=need)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, _message_of(exc))
    else:
        messages.success(request, _("The need is published."))
    return redirect("staffing:need-detail", public_id=public_id)


@require_POST
def need_withdraw(request, public_id):
    need = selectors.need_get_for_edit(user=request.user, public_id=public_id)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.need_withdraw(actor=request.user, need=need, note=note)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, _message_of(exc))
    else:
        messages.success(request, _("The need is withdrawn."))
    return redirect("staffing:need-detail", public_id=public_id)


# --- rounds --------------------------------------------------------------------------------------------


def round_list(request):
    rounds = selectors.round_list(user=request.user)
    context = {
        "page_obj": paginate(request, rounds, per_page=PER_PAGE),
        "can_open": request.user.has_perm("staffing.coordinate_rounds"),
    }
    return render(request, "staffing/round_list.html", context)


def round_create(request):
    coordinators = selectors.coordinator_organisation_choices(user=request.user)
    voivodeships = None if request.user.is_superuser else {org.municipality_id[:2] for org in coordinators}
    partners = selectors.partner_choices(voivodeships=voivodeships)
    form = RoundForm(request.POST or None, coordinators=coordinators, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            diagnosis_round = services.round_open(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The diagnosis round is open; partners can contribute their needs."))
            return redirect("staffing:round-detail", public_id=diagnosis_round.public_id)
    return render(request, "staffing/round_form.html", {"form": form})


def round_detail(request, public_id):
    diagnosis_round = selectors.round_get_for_view(user=request.user, public_id=public_id)
    may_coordinate = request.user.has_perm("staffing.coordinate_round", diagnosis_round)
    plan = selectors.plan_current_for_round(diagnosis_round=diagnosis_round)
    context = {
        "round": diagnosis_round,
        "partners": list(selectors.round_partner_list(diagnosis_round=diagnosis_round)),
        "contributions": list(selectors.round_contributed_needs(diagnosis_round=diagnosis_round)),
        "directions": list(diagnosis_round.directions.select_related("service_type__current_version")),
        "plan": plan,
        "may_coordinate": may_coordinate,
        "may_contribute": bool(
            selectors.round_partner_organisations_for(user=request.user, diagnosis_round=diagnosis_round)
        ),
        "invite_form": InvitePartnerForm(organisations=selectors.partner_choices(diagnosis_round=diagnosis_round))
        if may_coordinate
        else None,
    }
    return render(request, "staffing/round_detail.html", context)


@require_POST
def round_invite(request, public_id):
    diagnosis_round = selectors.round_get_for_coordination(user=request.user, public_id=public_id)
    form = InvitePartnerForm(request.POST, organisations=registry_selectors.organisations())
    if form.is_valid():
        try:
            services.round_invite_partner(
                actor=request.user, diagnosis_round=diagnosis_round, organisation=form.cleaned_data["organisation"]
            )
        except ValidationError as exc:
            messages.error(request, _message_of(exc))
        else:
            messages.success(request, _("The partner is invited."))
    else:
        messages.error(request, _("Choose an organisation to invite."))
    return redirect("staffing:round-detail", public_id=public_id)


def round_contribute(request, public_id):
    diagnosis_round, organisations = selectors.round_get_for_contribution(user=request.user, public_id=public_id)
    needs = selectors.contributable_needs(diagnosis_round=diagnosis_round, organisations=organisations)
    form = ContributeForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.round_contribute_needs(
                actor=request.user, diagnosis_round=diagnosis_round, needs=form.cleaned_data["needs"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(count)s needs contributed.") % {"count": count})
            return redirect("staffing:round-detail", public_id=public_id)
    context = {"round": diagnosis_round, "organisations": organisations, "form": form}
    return render(request, "staffing/contribute.html", context)


def direction_create(request, public_id):
    diagnosis_round = selectors.round_get_for_coordination(user=request.user, public_id=public_id)
    form = DirectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_add(actor=request.user, diagnosis_round=diagnosis_round, data=form.service_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The direction of development was added."))
            return redirect("staffing:round-detail", public_id=public_id)
    return render(request, "staffing/direction_form.html", {"round": diagnosis_round, "form": form})


@require_POST
def plan_generate(request, public_id):
    diagnosis_round = selectors.round_get_for_coordination(user=request.user, public_id=public_id)
    try:
        plan = services.plan_generate(actor=request.user, diagnosis_round=diagnosis_round)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, _message_of(exc))
        return redirect("staffing:round-detail", public_id=public_id)
    messages.success(request, _("The staffing plan was generated; partners can sign it."))
    return redirect("staffing:plan-detail", public_id=plan.public_id)


def plan_history(request, public_id):
    diagnosis_round = selectors.round_get_for_view(user=request.user, public_id=public_id)
    plans = list(selectors.plan_list_for_round(diagnosis_round=diagnosis_round))
    return render(request, "staffing/plan_history.html", {"round": diagnosis_round, "plans": plans})


def plan_detail(request, public_id):
    plan = selectors.plan_get_for_view(user=request.user, public_id=public_id)
    progress = selectors.plan_progress(lines=selectors.plan_lines(plan=plan))
    series = [_("Needed"), _("In training"), _("Ready"), _("Placed")]
    chart = bar_chart(
        title=_("Needed, in training, ready and placed, by plan line"),
        series=series,
        groups=[
            (
                f"{row.service_name} · {row.line.qualification_code} · {row.line.quarter}",
                [row.needed, row.in_training, row.ready, row.placed],
            )
            for row in progress
        ],
    )
    signoffs = selectors.plan_signoff_status(user=request.user, plan=plan)
    context = {
        # Who signed and who changed the plan is named for the round's partners, not for other readers.
        "show_people": selectors.round_is_partner(user=request.user, diagnosis_round=plan.round),
        "plan": plan,
        "round": plan.round,
        "progress": progress,
        "total_needed": sum(row.needed for row in progress),
        "chart": chart,
        "series": series,
        "signoffs": signoffs,
        "signed_count": sum(1 for row in signoffs if row.signoff),
        "successor": plan.amended_by if plan.status == PlanStatus.SUPERSEDED and hasattr(plan, "amended_by") else None,
        "may_amend": plan.status == PlanStatus.SIGNED
        and request.user.has_perm("staffing.coordinate_round", plan.round),
        "events": labelled(selectors.plan_events(plan=plan)),
    }
    return render(request, "staffing/plan_detail.html", context)


@require_POST
def plan_sign(request, public_id):
    plan = selectors.plan_get_for_view(user=request.user, public_id=public_id)
    try:
        organisation_id = uuid.UUID(request.POST.get("organisation") or "")
    except ValueError:
        raise Http404("organisation") from None
    organisation = get_object_or_404(Organisation, public_id=organisation_id)
    try:
        plan = services.plan_sign(actor=request.user, plan=plan, organisation=organisation)
    except (ValidationError, ConflictError) as exc:
        messages.error(request, _message_of(exc))
    else:
        if plan.status == PlanStatus.SIGNED:
            messages.success(request, _("Signed. Every partner has signed: the plan is locked."))
        else:
            messages.success(request, _("Signed for %(name)s.") % {"name": organisation.name})
    return redirect("staffing:plan-detail", public_id=plan.public_id)


def plan_amend(request, public_id):
    plan = selectors.plan_get_for_coordination(user=request.user, public_id=public_id)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.plan_amend(
                actor=request.user,
                plan=plan,
                reason=form.cleaned_data["reason"],
                regenerate=form.cleaned_data["regenerate"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Version %(number)s was created; partners sign it again.") % {"number": amendment.number}
            )
            return redirect("staffing:plan-detail", public_id=amendment.public_id)
    return render(request, "staffing/plan_amend.html", {"plan": plan, "round": plan.round, "form": form})
