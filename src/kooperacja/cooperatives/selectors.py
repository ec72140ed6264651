"""Reads of the catalogue of cooperative models. Published models are reference data every signed-in user
reads; drafts and withdrawn models are seen by the catalogue editor only."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404

from kooperacja.cooperatives.models import (
    CooperativeModel,
    Franchisee,
    FranchiseeEvent,
    FranchiseState,
    ModelEvent,
    ModelStatus,
)
from kooperacja.core.text import fold
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Unit, within


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


def model_get_for_edit(*, user, code: str) -> CooperativeModel:
    """A model for the catalogue editor: 403 for anyone else, 404 for an unknown code."""
    if not user.has_perm("cooperatives.edit_models"):
        raise PermissionDenied
    try:
        return CooperativeModel.objects.select_related("franchisor").prefetch_related("documents").get(code=code)
    except CooperativeModel.DoesNotExist as exc:
        raise Http404 from exc


def model_get_for_franchise(*, user, code: str) -> CooperativeModel:
    """A published model to which the user may add a franchisee (its franchisor's manager or the editor); 404
    for another organisation's manager, as for any record one does not act for."""
    model = model_get_for_view(user=user, code=code)
    if not user.has_perm("cooperatives.manage_franchise", model):
        raise Http404
    return model


def model_events(*, model: CooperativeModel) -> list[ModelEvent]:
    return list(model.events.select_related("actor").order_by("at", "id"))


def franchisee_get_for_view(*, user, code: str, public_id) -> Franchisee:
    """A franchisee of a model the user sees; 404 otherwise."""
    model = model_get_for_view(user=user, code=code)
    try:
        return Franchisee.objects.select_related("organisation", "unit", "model", "model__franchisor").get(
            model=model, public_id=public_id
        )
    except Franchisee.DoesNotExist as exc:
        raise Http404 from exc


def franchisee_get_for_manage(*, user, code: str, public_id) -> Franchisee:
    """A franchisee the user records for (the franchisor's manager or the editor, never the franchisee); 404
    otherwise."""
    franchisee = franchisee_get_for_view(user=user, code=code, public_id=public_id)
    if not user.has_perm("cooperatives.manage_franchise", franchisee):
        raise Http404
    return franchisee


def franchisee_events(*, franchisee: Franchisee) -> list[FranchiseeEvent]:
    return list(franchisee.events.select_related("actor").order_by("at", "id"))


def franchisee_list(
    *, model: CooperativeModel | None = None, state: str | None = None, unit: str | None = None
) -> QuerySet[Franchisee]:
    """Franchisees of published models (every signed-in user reads them), by voivodeship and municipality."""
    franchisees = Franchisee.objects.filter(model__status=ModelStatus.PUBLISHED)
    if model is not None:
        franchisees = franchisees.filter(model=model)
    if state:
        franchisees = franchisees.filter(state=state)
    if unit:
        franchisees = franchisees.filter(within("unit_id", unit))
    return franchisees.select_related("organisation", "unit", "unit__voivodeship", "model").order_by(
        "unit__voivodeship__sort_name", "unit__sort_name", "model__sort_name", "organisation__sort_name", "id"
    )


@dataclass
class MunicipalityRow:
    unit: Unit
    counts: dict[int, int] = field(default_factory=dict)  # model id -> franchisees running it there

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class VoivodeshipGroup:
    voivodeship: Unit | None
    rows: list[MunicipalityRow] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def replication_map(*, state: str | None = None, voivodeship: str | None = None) -> list[VoivodeshipGroup]:
    """Where the published models run: per voivodeship, then municipality, the number of franchisees of each
    model (active and negotiating unless ``state`` says otherwise; ended ones are history)."""
    franchisees = Franchisee.objects.filter(model__status=ModelStatus.PUBLISHED)
    franchisees = franchisees.filter(state=state) if state else franchisees.exclude(state=FranchiseState.ENDED)
    if voivodeship:
        franchisees = franchisees.filter(within("unit_id", voivodeship))
    rows = (
        franchisees.values("unit_id", "model_id")
        .annotate(count=Count("id"))
        .order_by("unit_id", "model_id")
        .values_list("unit_id", "model_id", "count")
    )
    per_unit: dict[str, dict[int, int]] = {}
    for unit_id, model_id, count in rows:
        per_unit.setdefault(unit_id, {})[model_id] = count
    units = {unit.code: unit for unit in territory.units_with_codes(codes=per_unit)}
    groups: dict[str, VoivodeshipGroup] = {}
    for code in sorted(
        per_unit, key=lambda c: (units[c].voivodeship.sort_name if units[c].voivodeship else "", units[c].sort_name, c)
    ):
        unit = units[code]
        key = unit.voivodeship_id or code[:2]
        group = groups.setdefault(key, VoivodeshipGroup(voivodeship=unit.voivodeship))
        group.rows.append(MunicipalityRow(unit=unit, counts=per_unit[code]))
        for model_id, count in per_unit[code].items():
            group.counts[model_id] = group.counts.get(model_id, 0) + count
    return list(groups.values())
