"""Pages of the catalogue of cooperative models, the franchise records, the replication map and the
recommendation for a territory."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalogue import selectors as catalogue
from kooperacja.cooperatives import selectors, services
from kooperacja.cooperatives.forms import (
    MapFilterForm,
    ModelFilterForm,
    ModelForm,
    NoteForm,
    RecommendForm,
    documents_text,
)
from kooperacja.cooperatives.models import MODEL_MACHINE, ModelStatus
from kooperacja.cooperatives.recommend import recommend_models
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import OrganisationKind

PER_PAGE = 25
FRANCHISOR_KINDS = (
    OrganisationKind.OWES,
    OrganisationKind.NGO,
    OrganisationKind.SOCIAL_COOPERATIVE,
    OrganisationKind.MUNICIPALITY_OFFICE,
    OrganisationKind.CUS,
    OrganisationKind.OPS,
    OrganisationKind.OTHER,
)


def _render_list(request, template: str, context: dict):
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def form_page(request, form, *, title: str, back_url: str, intro: str = ""):
    return render(
        request, "cooperatives/form.html", {"form": form, "title": title, "back_url": back_url, "intro": intro}
    )


def _error(request, exc) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


def model_list(request):
    editor = request.user.has_perm("cooperatives.edit_models")
    form = ModelFilterForm(request.GET or None, services=catalogue.service_types_published(), editor=editor)
    chosen = form.cleaned_data if form.is_valid() else {}
    models = selectors.model_list(
        user=request.user,
        q=chosen.get("q") or None,
        target_group=chosen.get("target_group") or None,
        service_area=chosen.get("service_area") or None,
        founders=chosen.get("founders") or None,
        legal_founder=chosen.get("legal_founder") or None,
        service_type=chosen.get("service") or None,
        status=chosen.get("status") or None,
    )
    context = {"form": form, "page_obj": paginate(request, models, per_page=PER_PAGE), "editor": editor}
    return _render_list(request, "cooperatives/model_list.html", context)


def model_detail(request, code):
    model = selectors.model_get_for_view(user=request.user, code=code)
    editor = request.user.has_perm("cooperatives.edit_models")
    franchisees = list(selectors.franchisees_of(model=model))
    context = {
        "model": model,
        "services": sorted(model.service_types.all(), key=lambda service: service.code),
        "documents": list(model.documents.all()),
        "franchisees": franchisees,
        "running": [f for f in franchisees if f.state != "ended"],
        "editor": editor,
        "may_add_franchisee": model.status == ModelStatus.PUBLISHED
        and request.user.has_perm("cooperatives.manage_franchise", model),
        "moves": MODEL_MACHINE.allowed_for(request.user, model),
        "events": selectors.model_events(model=model) if editor else [],
        "withdraw_form": NoteForm(),
    }
    return render(request, "cooperatives/model_detail.html", context)


def _model_form(request, *, model=None):
    initial = {}
    if model is not None:
        initial = {
            name: getattr(model, name)
            for name in (
                "name",
                "name_en",
                "summary",
                "social_problem",
                "target_groups",
                "service_areas",
                "founders",
                "legal_founder_kinds",
                "founders_note",
                "municipality_role",
                "other_services",
                "staff_requirements",
                "premises_requirements",
                "capital_min",
                "capital_max",
                "partners_needed",
                "implementation_steps",
            )
        }
        initial |= {
            "service_types": list(model.service_types.values_list("code", flat=True)),
            "documents": documents_text(model.documents.all()),
            "franchisor": model.franchisor_id,
            "version": model.version,
        }
    return ModelForm(
        request.POST or None,
        initial=initial,
        services=catalogue.service_types_published(),
        organisations=registry.organisations(kinds=FRANCHISOR_KINDS, active=True),
        creating=model is None,
    )


def model_create(request):
    form = _model_form(request)
    if request.method == "POST" and form.is_valid():
        created = {}

        def save():
            created["model"] = services.model_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                data=form.content(),
                franchisor=form.cleaned_data.get("franchisor"),
            )

        if form.saved_by(save):
            messages.success(request, _("The model was saved as a draft; publish it when it is complete."))
            return redirect("cooperatives:model-detail", code=created["model"].code)
    return form_page(
        request, form, title=_("New social cooperative model"), back_url=reverse("cooperatives:model-list")
    )


def model_edit(request, code):
    model = selectors.model_get_for_edit(user=request.user, code=code)
    form = _model_form(request, model=model)
    if request.method == "POST" and form.is_valid():

        def save():
            services.model_update(
                actor=request.user,
                model=model,
                data=form.content(),
                franchisor=form.cleaned_data.get("franchisor"),
                expected_version=form.cleaned_data.get("version") or 0,
            )

        if form.saved_by(save):
            messages.success(request, _("The model was saved."))
            return redirect("cooperatives:model-detail", code=model.code)
    return form_page(
        request,
        form,
        title=_("Edit the model: %(name)s") % {"name": model.display_name},
        back_url=reverse("cooperatives:model-detail", args=[model.code]),
    )


@require_POST
def model_publish(request, code):
    model = selectors.model_get_for_edit(user=request.user, code=code)
    try:
        services.model_publish(actor=request.user, model=model)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The model was published."))
    return redirect("cooperatives:model-detail", code=model.code)


@require_POST
def model_withdraw(request, code):
    model = selectors.model_get_for_edit(user=request.user, code=code)
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        services.model_withdraw(actor=request.user, model=model, note=note)
    except (ValidationError, ConflictError) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The model was withdrawn."))
    return redirect("cooperatives:model-detail", code=model.code)


def replication_map(request):
    form = MapFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    groups = selectors.replication_map(state=chosen.get("state") or None, voivodeship=chosen.get("voivodeship") or None)
    used = sorted({model_id for group in groups for model_id in group.counts})
    models = {model.pk: model for model in selectors.models_for_choice().filter(pk__in=used)}
    columns = [models[pk] for pk in sorted(models, key=lambda pk: (models[pk].sort_name, models[pk].code))]
    context = {"form": form, "groups": groups, "columns": columns}
    return render(request, "cooperatives/replication_map.html", context)


def recommend(request):
    form = RecommendForm(request.GET or None)
    results = None
    unit = None
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data["unit"]
        results = recommend_models(unit, form.cleaned_data.get("problem") or [])
    return render(request, "cooperatives/recommend.html", {"form": form, "results": results, "unit": unit})
