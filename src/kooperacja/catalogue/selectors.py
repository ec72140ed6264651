"""Reads of the catalogue. The catalogue is public reference data: every visitor sees every card."""

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404

from kooperacja.catalogue.models import ProgrammeModule, ServiceCardVersion, ServiceType
from kooperacja.core.text import fold

CHILD_PREFETCHES = (
    "qualifications",
    Prefetch("programme_modules", queryset=ProgrammeModule.objects.order_by("variant", "order", "id")),
    "minimum_resources",
    "readiness_criteria",
    "indicators",
)


def service_type_list(
    *,
    user=None,
    q: str | None = None,
    delivery_form: str | None = None,
    target_group: str | None = None,
    cus: bool | None = None,
) -> QuerySet[ServiceType]:
    """Service types with a published version, with their current version, in Polish order of names.

    ``q`` matches the name, summary, target groups, legal basis and qualifications, ignoring case and
    Polish diacritics; cards whose name matches come first.
    """
    types = ServiceType.objects.select_related("current_version").filter(current_version__isnull=False)
    if delivery_form:
        types = types.filter(current_version__delivery_form=delivery_form)
    if cus is not None:
        types = types.filter(current_version__is_cus_social_service=cus)
    if target_group and (folded_group := fold(target_group.strip())):
        types = types.filter(current_version__target_groups_search__contains=folded_group)
    folded = fold(q.strip()) if q else ""
    if folded:
        rank = Case(
            When(current_version__name_search__contains=folded, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        types = types.filter(current_version__search_text__contains=folded).annotate(search_rank=rank)
        return types.order_by("search_rank", "current_version__sort_name", "code")
    return types.order_by("current_version__sort_name", "code")


def service_type_get(*, code: str) -> ServiceType:
    try:
        return ServiceType.objects.select_related("current_version").get(code=code, current_version__isnull=False)
    except ServiceType.DoesNotExist as exc:
        raise Http404(code) from exc


def service_card_get(*, code: str, number: int | None = None) -> ServiceCardVersion:
    """A card version with all its child rows: the current one, or version ``number``."""
    versions = ServiceCardVersion.objects.select_related(
        "service_type__current_version", "published_by"
    ).prefetch_related(*CHILD_PREFETCHES)
    try:
        if number is None:
            return versions.get(service_type__code=code, pk=F("service_type__current_version"))
        return versions.get(service_type__code=code, number=number)
    except ServiceCardVersion.DoesNotExist as exc:
        raise Http404(code) from exc


def service_card_history(*, service_type: ServiceType) -> QuerySet[ServiceCardVersion]:
    return (
        ServiceCardVersion.objects.filter(service_type=service_type)
        .select_related("published_by")
        .only("number", "name", "published_at", "change_note", "published_by__username", "service_type_id")
        .order_by("-number")
    )


def current_versions() -> QuerySet[ServiceCardVersion]:
    """The current version of every card, in Polish order of names (e.g. for a choice of service in a form).

    Records of other apps keep a foreign key to the version they were made with.
    """
    return (
        ServiceCardVersion.objects.filter(pk=F("service_type__current_version"))
        .select_related("service_type")
        .order_by("sort_name")
    )
