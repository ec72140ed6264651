"""Reads of the catalogue of cooperative models. Published models are reference data every signed-in user
reads; drafts and withdrawn models are seen by the catalogue editor only."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from kooperacja.cooperatives.models import (
    CooperativeModel,
    Franchisee,
    FranchiseState,
    ModelStatus,
)
from kooperacja.core.text import fold


def _sees_unpublished(user) -> bool:
    return bool(user is not None and user.has_perm("cooperatives.edit_models"))


def models_for_choice() -> QuerySet[CooperativeModel]:
    """The published models, in Polish order of names: what a founding group may choose."""
    return CooperativeModel.objects.filter(status=ModelStatus.PUBLISHED).order_by("sort_name", "code")


def models_visible_to(user) -> QuerySet[CooperativeModel]:
    models = CooperativeModel.objects.all()
    return models if _sees_unpublished(user) else models.filter(status=ModelStatus.PUBLISHED)


def model_list(
    *,
    user,
    q: str | None = None,
    target_group: str | None = None,
    service_area: str | None = None,
    founders: str | None = None,
    legal_founder: str | None = None,
    status: str | None = None,
    service_type: str | None = None,
) -> QuerySet[CooperativeModel]:
    """Models the user sees, filtered; ``q`` ignores case and Polish diacritics, names matching first."""
    models = models_visible_to(user).select_related("franchisor")
    if target_group:
        models = models.filter(filter_keys__contains=f" tg:{target_group} ")
    if service_area:
        models = models.filter(filter_keys__contains=f" sa:{service_area} ")
    if legal_founder:
        models = models.filter(filter_keys__contains=f" lf:{legal_founder} ")
    if founders:
        models = models.filter(founders=founders)
    if status:
        models = models.filter(status=status)
    if service_type:
        models = models.filter(service_types__code=service_type)
    folded = fold(q.strip()) if q else ""
    if folded:
        rank = Case(When(name_search__contains=folded, then=Value(0)), default=Value(1), output_field=IntegerField())
        return (
            models.filter(search_text__contains=folded)
            .annotate(search_rank=rank)
            .order_by("search_rank", "sort_name", "code")
        )
    return models.order_by("sort_name", "code")


def model_get_for_view(*, user, code: str) -> CooperativeModel:
    """A model with its documents and catalogue services; 404 for a model the user may not see."""
    try:
        return (
            models_visible_to(user)
            .select_related("franchisor")
            .prefetch_related("documents", "service_types__current_version")
            .get(code=code)
        )
    except CooperativeModel.DoesNotExist as exc:
        raise Http404 from exc


def model_find(*, code: str) -> CooperativeModel | None:
    return CooperativeModel.objects.filter(code=code).first()


def franchisees_of(*, model: CooperativeModel, include_ended: bool = True) -> QuerySet[Franchisee]:
    franchisees = Franchisee.objects.filter(model=model).select_related(
        "organisation", "unit", "unit__parent", "unit__voivodeship"
    )
    if not include_ended:
        franchisees = franchisees.exclude(state=FranchiseState.ENDED)
    return franchisees.order_by("unit__voivodeship__sort_name", "unit__sort_name", "organisation__sort_name", "id")
