"""Pages of a founding group: the group (members, model, plan status, registration timeline), its composition
as PDF, the model choice, the founders of a cooperative of legal persons, and the registration steps. The business
plan's pages are in ``plan_views``."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import people
from kooperacja.cooperatives import selectors as cooperatives
from kooperacja.founding import documents, selectors, services
from kooperacja.founding.forms import MemberAddForm, MemberLeaveForm, ModelChoiceForm, StepForm
from kooperacja.founding.models import FoundersKind, GroupState, StepKind
from kooperacja.founding.services.group import LEGAL_FOUNDER_KINDS
from kooperacja.registry import selectors as registry


def group_url(group) -> str:
    return reverse("founding:group", kwargs={"public_id": group.public_id})


def _labels(user, group, members) -> dict[int, str]:
    """Each member's label for ``user``: the name for those who may see it, else the code."""
    names = selectors.sees_names(user, group)
    return {member.pk: documents.member_label(member, names=names) for member in members}


def _members(user, group):
    if selectors.sees_names(user, group):
        return selectors.members_shown(user=user, group=group)
    return list(selectors.members_of(group))


def group_detail(request, public_id):
    group = selectors.group_get_for_view(user=request.user, public_id=public_id)
    members = _members(request.user, group)
    labels = _labels(request.user, group, members)
    steps = selectors.steps_of(group)
    plan = selectors.plan_of(group)
    choices = selectors.model_choices(group)
    people.labelled([*choices, *steps], "chosen_by", "recorded_by")
    context = {
        "group": group,
        "launch": group.launch,
        "rows": [(member, labels[member.pk]) for member in members],
        "size": selectors.size_status(group, steps),
        "choices": choices,
        "plan": plan,
        "steps": steps,
        "next_step": services.next_step(group, steps),
        "may_manage": request.user.has_perm("founding.manage_group", group),
        "may_manage_members": request.user.has_perm("founding.manage_members", group),
        "may_record": request.user.has_perm("founding.record_steps", group),
        "may_start_readiness": request.user.has_perm("readiness.start"),
        "is_legal": group.founders == FoundersKind.LEGAL_PERSONS,
        "registered": group.state == GroupState.REGISTERED,
        "leave_form": MemberLeaveForm(initial={"left_on": timezone.localdate(), "version": group.version}),
    }
    return render(request, "founding/group_detail.html", context)


def group_pdf(request, public_id):
    group = selectors.group_get_for_view(user=request.user, public_id=public_id)
    names = selectors.sees_names(request.user, group)
    members = _members(request.user, group)
    data = documents.composition_pdf(group, members=members, names=names, steps=selectors.steps_of(group))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="sklad-grupy-zalozycielskiej.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def model_choose(request, public_id):
    group = selectors.group_get_for(user=request.user, public_id=public_id, permission="founding.manage_group")
    models = [model for model in cooperatives.models_for_choice() if model.founders == group.founders]
    initial = {"version": group.version, "cooperative_model": group.cooperative_model_id}
    form = ModelChoiceForm(request.POST or None, models=models, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.model_choose(
                actor=request.user,
                group=group,
                cooperative_model=form.chosen_model(),
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The cooperative model was recorded."))
        return redirect(group_url(group))
    context = {
        "form": form,
        "group": group,
        "title": _("Choose the cooperative model"),
        "intro": _("Only published models for cooperatives of %(kind)s are offered.")
        % {"kind": FoundersKind(group.founders).label},
        "back_url": group_url(group),
    }
    return render(request, "founding/form.html", context)


def member_add(request, public_id):
    group = selectors.group_get_for(user=request.user, public_id=public_id, permission="founding.manage_members")
    kinds = set().union(*LEGAL_FOUNDER_KINDS.values())
    organisations = list(
        registry.organisations(kinds=kinds, active=True, voivodeships=[group.launch.municipality_id[:2]])[:500]
    )
    form = MemberAddForm(
        request.POST or None,
        organisations=organisations,
        initial={"joined_on": timezone.localdate(), "version": group.version},
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.chosen_organisation()
        if organisation is None:
            form.add_error("organisation", _("Choose an organisation from the list."))
        elif form.saved_by(
            lambda: services.member_add_organisation(
                actor=request.user,
                group=group,
                organisation=organisation,
                legal_kind=form.cleaned_data["legal_kind"],
                joined_on=form.cleaned_data["joined_on"],
                version=form.cleaned_data["version"],
            )
        ):
            messages.success(request, _("The founder was added."))
            return redirect(group_url(group))
    context = {"form": form, "group": group, "title": _("Add a founder (legal person)"), "back_url": group_url(group)}
    return render(request, "founding/form.html", context)


def member_leave(request, public_id, member_id):
    member = selectors.member_get_for_leave(user=request.user, public_id=public_id, member_id=member_id)
    group = member.group
    form = MemberLeaveForm(request.POST or None, initial={"left_on": timezone.localdate(), "version": group.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.member_leave(
                actor=request.user,
                member=member,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The founder's leaving was recorded."))
        return redirect(group_url(group))
    label = _labels(request.user, group, [member])[member.pk]
    context = {
        "form": form,
        "group": group,
        "title": _("A founder leaves: %(founder)s") % {"founder": label},
        "back_url": group_url(group),
    }
    return render(request, "founding/form.html", context)


def steps(request, public_id):
    group = selectors.group_get_for_view(user=request.user, public_id=public_id)
    recorded = selectors.steps_of(group)
    people.labelled(recorded, "recorded_by")
    kind = services.next_step(group, recorded)
    may_record = request.user.has_perm("founding.record_steps", group)
    form = None
    if kind is not None and may_record:
        members = services.active_members(group)
        initial = {"kind": kind, "version": group.version, "done_on": timezone.localdate()}
        if kind == StepKind.KRS_ENTRY:
            initial["name"] = group.proposed_name
        if kind == StepKind.MEETING:
            initial["present"] = [str(member.pk) for member in members]
        form = StepForm(
            request.POST or None,
            kind=kind,
            members=members,
            members_labelled=_labels(request.user, group, members),
            initial=initial,
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and form.saved_by(
                lambda: services.step_record(
                    actor=request.user, group=group, data=form.to_input(), version=form.cleaned_data["version"]
                )
            )
        ):
            messages.success(request, _("The step “%(step)s” was recorded.") % {"step": StepKind(kind).label})
            return redirect(reverse("founding:steps", kwargs={"public_id": group.public_id}))
    context = {
        "group": group,
        "steps": recorded,
        "next_step": kind,
        "next_label": StepKind(kind).label if kind else "",
        "form": form,
        "registered": group.state == GroupState.REGISTERED,
        "all_steps": StepKind.choices,
    }
    return render(request, "founding/steps.html", context)
