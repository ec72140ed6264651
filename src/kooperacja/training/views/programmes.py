"""Pages of statutory parameters, programmes and cohorts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.forms import model_choices
from kooperacja.core.pagination import paginate
from kooperacja.law import selectors as law_selectors
from kooperacja.training import selectors, services
from kooperacja.training.forms import (
    CohortForm,
    PlanLinesForm,
    ProgrammeForm,
)
from kooperacja.training.views.common import PER_PAGE, form_page

# --- statutory parameters ----------------------------------------------------------------------------


def parameter_list(request):
    parameters = list(law_selectors.statutory_parameter_list())
    today = timezone.localdate()
    for parameter in parameters:
        parameter.in_force = parameter.valid_from <= today and (  # type: ignore[attr-defined]  # for the template
            parameter.valid_to is None or parameter.valid_to >= today
        )
    return render(request, "training/parameters.html", {"parameters": parameters, "today": today})


# --- programmes and cohorts --------------------------------------------------------------------------


def programme_list(request):
    mine = request.GET.get("mine") == "1"
    page_obj = paginate(request, selectors.programme_list(user=request.user, mine=mine), per_page=PER_PAGE)
    context = {
        "page_obj": page_obj,
        "mine": mine,
        "can_create": selectors.programme_organisations_for(request.user).exists(),
    }
    return render(request, "training/programme_list.html", context)


def programme_detail(request, public_id):
    programme = selectors.programme_get_for_view(user=request.user, public_id=public_id)
    context = {
        "programme": programme,
        "modules": sorted(programme.modules.all(), key=lambda m: (m.order, m.pk)),
        "cohorts": list(programme.cohorts.all()),
        "can_edit": selectors.may_edit_programmes_of(request.user, programme.organisation),
    }
    return render(request, "training/programme_detail.html", context)


def programme_create(request):
    organisations = selectors.programme_organisations_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, organisations=organisations)
    if request.method == "POST" and "choose" in request.POST:
        # First step (also without JavaScript): the card and organisation are chosen; offer all modules ticked.
        initial = {"organisation": request.POST.get("organisation"), "card_version": request.POST.get("card_version")}
        form = ProgrammeForm(initial=initial, organisations=organisations)
        form.fields["modules"].initial = list(model_choices(form, "modules").values_list("pk", flat=True))
        form.initial.update(initial, name=request.POST.get("name", ""))
    elif request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create_from_card(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                card_version=form.cleaned_data["card_version"],
                name=form.cleaned_data["name"],
                modules=form.cleaned_data["modules"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The programme was created."))
            return redirect("training:programme-detail", public_id=programme.public_id)
    return render(request, "training/programme_form.html", {"form": form})


def cohort_create(request, public_id):
    programme = selectors.programme_get_for_edit(user=request.user, public_id=public_id)
    form = CohortForm(request.POST or None, initial={"municipality": programme.organisation.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(actor=request.user, programme=programme, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The cohort was created."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:programme-detail", kwargs={"public_id": programme.public_id})
    return form_page(request, form, title=_("New cohort of “%(name)s”") % {"name": programme.name}, back_url=back)


def cohort_edit(request, public_id):
    cohort = selectors.cohort_get_for_edit(user=request.user, public_id=public_id)
    initial = {name: getattr(cohort, name) for name in services.COHORT_FIELDS}
    initial["municipality"] = cohort.municipality_id
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(actor=request.user, cohort=cohort, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:cohort-detail", kwargs={"public_id": cohort.public_id})
    return form_page(request, form, title=_("Edit “%(name)s”") % {"name": cohort.name}, back_url=back)


def cohort_plan_lines(request, public_id):
    cohort = selectors.cohort_get_for_edit(user=request.user, public_id=public_id)
    lines = selectors.plan_lines_linkable(cohort=cohort)
    form = PlanLinesForm(
        request.POST or None, lines=lines, initial={"plan_lines": list(cohort.plan_lines.values_list("pk", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_link_plan_lines(actor=request.user, cohort=cohort, lines=form.cleaned_data["plan_lines"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The staffing plan lines were linked."))
            return redirect("training:cohort-detail", public_id=cohort.public_id)
    back = reverse("training:cohort-detail", kwargs={"public_id": cohort.public_id})
    intro = "" if lines.exists() else _("No draft or signed staffing plan has lines for this card's service yet.")
    return form_page(
        request, form, title=_("Link “%(name)s” to plan lines") % {"name": cohort.name}, back_url=back, intro=intro
    )


def cohort_detail(request, public_id):
    cohort = selectors.cohort_get_for_view(user=request.user, public_id=public_id)
    participants = selectors.cohort_participants_for(user=request.user, cohort=cohort)
    lines = list(cohort.plan_lines.all())
    progress = selectors.plan_line_progress(lines=lines)
    for line in lines:
        line.progress = progress.get(line.pk, {"in_training": 0, "ready": 0})  # type: ignore[attr-defined]  # for the template
    context = {
        "cohort": cohort,
        "participants": participants,
        "is_staff_of": cohort.programme.organisation_id in selectors.staff_organisation_ids(request.user),
        # Instructors are the CIS/KIS's staff, named for those who work with it.
        "show_instructors": request.user.has_perm("registry.works_with", cohort.programme.organisation),
        "taken": cohort.participations.count(),
        "lines": lines,
        "can_edit": selectors.may_edit_programmes_of(request.user, cohort.programme.organisation),
    }
    return render(request, "training/cohort_detail.html", context)
