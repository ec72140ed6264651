"""Reads of the catalogue. The catalogue is public reference data: every visitor sees every card."""

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404

from kooperacja.catalogue.models import (
    MET_BY_COURSE,
    MonitoringIndicator,
    ProgrammeModule,
    Qualification,
    ServiceCardVersion,
    ServiceType,
)
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


# --- lookups for the other apps (they never query the catalogue's tables themselves) -----------------------


def service_types_published() -> QuerySet[ServiceType]:
    """Service types with a published card, in the Polish order of their names."""
    return (
        ServiceType.objects.filter(current_version__isnull=False)
        .select_related("current_version")
        .order_by("current_version__sort_name", "code")
    )


def service_type_names() -> list[tuple[int, str]]:
    """(id, name of the current card) of every service type with a published card, in the Polish order of the
    names: the choices of a filter, without the cards' texts."""
    return list(
        ServiceType.objects.filter(current_version__isnull=False)
        .order_by("current_version__sort_name", "code")
        .values_list("pk", "current_version__name")
    )


def service_types_with_ids(*, ids) -> dict[int, ServiceType]:
    """The service types with these ids (with their current card), by id."""
    return {
        service_type.pk: service_type
        for service_type in ServiceType.objects.filter(pk__in=ids).select_related("current_version")
    }


def service_type_find(*, code: str) -> ServiceType | None:
    """The service type with this code (with its current card), or None."""
    return ServiceType.objects.select_related("current_version").filter(code=code).first()


def current_cards_by_service_code() -> dict[str, tuple[ServiceCardVersion, dict[str, int]]]:
    """Per service code: its current card version and the ids of that card's qualifications by code, in two
    queries (what a bulk import checks its rows against)."""
    cards = {
        service.code: service.current_version
        for service in ServiceType.objects.select_related("current_version").exclude(current_version=None)
    }
    qualifications: dict[int, dict[str, int]] = {}
    for version_id, code, pk in Qualification.objects.filter(
        version_id__in=[card.pk for card in cards.values() if card is not None]
    ).values_list("version_id", "code", "pk"):
        qualifications.setdefault(version_id, {}).setdefault(code, pk)
    return {code: (card, qualifications.get(card.pk, {})) for code, card in cards.items() if card is not None}


def card_version_find(*, pk=None, service_type: ServiceType | None = None, number: int | None = None):
    """One card version: by id, or by its service type and number; None if there is none."""
    versions = ServiceCardVersion.objects.select_related("service_type")
    if pk is not None:
        return versions.filter(pk=pk).first()
    if number is None:
        return None  # every version has a number
    return versions.filter(service_type=service_type, number=number).first()


def card_versions_current_or(*, pk: int | None = None) -> QuerySet[ServiceCardVersion]:
    """The current versions of every card, and the version ``pk`` as well (a record made with an older one)."""
    versions = ServiceCardVersion.objects.filter(pk__in=current_versions().values("pk"))
    if pk is not None:
        versions = versions | ServiceCardVersion.objects.filter(pk=pk)
    return versions.order_by("sort_name", "number")


def programme_modules_of(*, card_version, variant: str) -> QuerySet[ProgrammeModule]:
    """The CIS or KIS course modules of a card version, in their order."""
    return ProgrammeModule.objects.filter(version=card_version, variant=variant).order_by("order", "id")


def programme_modules_with_ids(*, ids) -> QuerySet[ProgrammeModule]:
    return ProgrammeModule.objects.filter(pk__in=ids).select_related("version")


def qualification_find(*, code: str):
    """The qualification with this code in the newest card that names it, or None."""
    if not code:
        return None
    return Qualification.objects.filter(code=code).order_by("-version__number", "-id").first()


def course_met_codes(*, card_version_ids) -> dict[int, set[str]]:
    """Per card version id: the codes of its qualifications that completing the card's CIS/KIS course meets
    (``met_by`` course, or course or evidence), mandatory or not (one query)."""
    codes: dict[int, set[str]] = {}
    for version_id, code in Qualification.objects.filter(
        version_id__in=card_version_ids, met_by__in=MET_BY_COURSE
    ).values_list("version_id", "code"):
        codes.setdefault(version_id, set()).add(code)
    return codes


def course_cards_meeting(*, codes) -> dict[int, set[str]]:
    """Per card version id: which of ``codes`` completing that card's CIS/KIS course meets (one query)."""
    cards: dict[int, set[str]] = {}
    for version_id, code in Qualification.objects.filter(code__in=codes, met_by__in=MET_BY_COURSE).values_list(
        "version_id", "code"
    ):
        cards.setdefault(version_id, set()).add(code)
    return cards


def monitoring_indicators_of(*, card_version_id: int | None) -> list[MonitoringIndicator]:
    """The quality indicators of a card version, in the card's order (delivery reports give one value each)."""
    if card_version_id is None:
        return []
    return list(MonitoringIndicator.objects.filter(version_id=card_version_id).order_by("order", "id"))
