"""Reads of sphere 1 staffing, scoped to the user who asks."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from kooperacja.accounts.actor import actor_of
from kooperacja.catalogue import selectors as catalogue
from kooperacja.catalogue.models import MET_BY_COURSE, ServiceType
from kooperacja.core.jobs import JobStatus
from kooperacja.core.querysets import own_columns
from kooperacja.core.text import fold
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS, Organisation
from kooperacja.staffing import figures
from kooperacja.staffing.models import (
    NEED_OPEN_STATES,
    OPEN_NEEDS,
    DiagnosisRound,
    NeedStatus,
    Overview,
    PlanLine,
    PlanSignoff,
    PlanStatus,
    RoundNeed,
    RoundPartner,
    StaffingNeed,
    StaffingPlan,
)
from kooperacja.staffing.rules import NEED_MANAGER_ROLES, PARTNER_ROLES
from kooperacja.staffing.services import NEED_CONTRIBUTABLE_STATES, plan_signer_ids
from kooperacja.territory.models import Unit, within
from kooperacja.territory.selectors import unit_find

NEED_SORTS = {
    "start": ("start_date", "id"),
    "-start": ("-start_date", "-id"),
    "position": ("search_text", "id"),
    "headcount": ("-headcount", "start_date", "id"),
    "municipality": ("municipality__sort_name", "start_date", "id"),
    "-created": ("-created_at", "-id"),
}
DEFAULT_NEED_SORT = "start"


# --- needs ---------------------------------------------------------------------------------------------


def _needs_visible(user) -> QuerySet[StaffingNeed]:
    """Needs are institutional data: every signed-in user sees published ones; drafts only the provider's
    members; administrators everything."""
    needs = StaffingNeed.objects.all()
    if not user.is_authenticated:
        return needs.none()
    if user.is_superuser:
        return needs
    return needs.filter(~Q(status=NeedStatus.DRAFT) | Q(provider_id__in=actor_of(user).organisation_ids))


def _with_relations(needs: QuerySet[StaffingNeed]) -> QuerySet[StaffingNeed]:
    return needs.select_related(
        "provider", "card_version", "card_version__service_type", "municipality", "municipality__parent"
    ).prefetch_related("required_qualifications")


# What a list of needs (page or API) shows of its related rows; the card's long texts stay in the database.
NEED_LIST_COLUMNS = (
    *own_columns(StaffingNeed, without=("search_text",)),
    "provider__public_id",
    "provider__name",
    "card_version__number",
    "card_version__name",
    "card_version__service_type__code",
    "municipality__name",
    "municipality__level",
    "municipality__parent__name",
    "municipality__parent__level",
)


def _listed(needs: QuerySet[StaffingNeed]) -> QuerySet[StaffingNeed]:
    return _with_relations(needs).only(*NEED_LIST_COLUMNS)


def need_list(
    *,
    user,
    status: str | None = None,
    service_type: int | str | None = None,
    territory: str | None = None,
    provider: Organisation | int | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> QuerySet[StaffingNeed]:
    """Needs the user may see, filtered by status, service (id or code), territory (TERYT code prefix:
    voivodeship, county or municipality), provider and text (diacritics ignored)."""
    needs = _needs_visible(user)
    if status == OPEN_NEEDS:
        needs = needs.filter(status__in=NEED_OPEN_STATES)
    elif status:
        needs = needs.filter(status=status)
    if service_type:
        if str(service_type).isdigit():
            needs = needs.filter(card_version__service_type_id=int(service_type))
        else:
            needs = needs.filter(card_version__service_type__code=service_type)
    if territory:
        needs = needs.filter(within("municipality_id", territory))
    if provider:
        needs = needs.filter(provider=provider)
    for word in fold(q or "").split():
        needs = needs.filter(search_text__contains=word)
    return _listed(needs).order_by(*NEED_SORTS.get(sort or DEFAULT_NEED_SORT, NEED_SORTS[DEFAULT_NEED_SORT]))


def need_list_for_provider(*, user, status: str | None = None) -> QuerySet[StaffingNeed]:
    """ "My needs": the needs of every provider where the user manages staffing needs."""
    providers = actor_of(user).organisations_with(*NEED_MANAGER_ROLES)
    needs = StaffingNeed.objects.filter(provider_id__in=providers)
    if status:
        needs = needs.filter(status=status)
    return _listed(needs).order_by("status", "start_date", "id")


def need_get_for_view(*, user, public_id) -> StaffingNeed:
    need = _with_relations(_needs_visible(user)).filter(public_id=public_id).first()
    if need is None:
        raise Http404("need")
    return need


def need_get_for_edit(*, user, public_id) -> StaffingNeed:
    """The need if the user may change it: 404 if they may not see it, 403 if they may only see it."""
    need = need_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("staffing.change_need", need):
        raise PermissionDenied
    return need


def need_events(*, need: StaffingNeed):
    return need.events.select_related("actor").order_by("at", "id")


def provider_choices(*, user) -> QuerySet[Organisation]:
    """Providers for which the user may declare needs."""
    if user.is_superuser:
        return registry.organisations(kinds=PROVIDER_KINDS, active=True)
    return registry.organisations(kinds=PROVIDER_KINDS, ids=actor_of(user).organisations_with(*NEED_MANAGER_ROLES))


def open_needs_for_matching(*, territory_code: str, plan: StaffingPlan | None = None) -> QuerySet[StaffingNeed]:
    """Needs with open positions for a matching run: in a territory (TERYT code prefix) or, with a plan,
    those contributed to the plan's round."""
    needs = StaffingNeed.objects.filter(status__in=NEED_OPEN_STATES)
    if plan is not None:
        needs = needs.filter(round_links__round_id=plan.round_id)
    else:
        needs = needs.filter(within("municipality_id", territory_code))
    return needs.select_related("card_version__service_type", "municipality", "provider").prefetch_related(
        "required_qualifications"
    )


# --- rounds ------------------------------------------------------------------------------------------


def _rounds_visible(user) -> QuerySet[DiagnosisRound]:
    """Rounds are seen by the coordinating organisation's and the partners' members, analysts and admins."""
    rounds = DiagnosisRound.objects.all()
    if not user.is_authenticated:
        return rounds.none()
    if user.is_superuser or actor_of(user).has_role("analyst"):
        return rounds
    organisations = actor_of(user).organisation_ids
    partner_rounds = RoundPartner.objects.filter(organisation_id__in=organisations).values("round_id")
    return rounds.filter(Q(coordinator_organisation_id__in=organisations) | Q(pk__in=partner_rounds))


def round_is_partner(*, user, diagnosis_round: DiagnosisRound) -> bool:
    """Whether the user takes part in the round: a member of its coordinating or a partner organisation (or an
    administrator). Analysts read every round, but not the names of the people in it."""
    if user.is_superuser:
        return True
    organisations = actor_of(user).organisation_ids
    return diagnosis_round.coordinator_organisation_id in organisations or (
        diagnosis_round.round_partners.filter(organisation_id__in=organisations).exists()
    )


def round_list(*, user) -> QuerySet[DiagnosisRound]:
    return (
        _rounds_visible(user)
        .select_related("territory", "territory__parent", "coordinator_organisation")
        .order_by("-period_start", "-id")
    )


def round_get_for_view(*, user, public_id) -> DiagnosisRound:
    diagnosis_round = (
        _rounds_visible(user)
        .select_related("territory", "territory__parent", "coordinator_organisation")
        .filter(public_id=public_id)
        .first()
    )
    if diagnosis_round is None:
        raise Http404("round")
    return diagnosis_round


def round_get_for_coordination(*, user, public_id) -> DiagnosisRound:
    diagnosis_round = round_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("staffing.coordinate_round", diagnosis_round):
        raise PermissionDenied
    return diagnosis_round


def round_partner_list(*, diagnosis_round: DiagnosisRound) -> QuerySet[RoundPartner]:
    return diagnosis_round.round_partners.select_related("organisation", "organisation__municipality").order_by(
        "organisation__sort_name", "id"
    )


def round_contributed_needs(*, diagnosis_round: DiagnosisRound) -> QuerySet[RoundNeed]:
    return diagnosis_round.round_needs.select_related(
        "need", "need__provider", "need__card_version", "need__municipality"
    ).order_by("need__provider__sort_name", "need__start_date", "id")


def round_partner_organisations_for(*, user, diagnosis_round: DiagnosisRound) -> list[Organisation]:
    """Partner organisations of the round for which the user may act (contribute needs)."""
    partners = registry.organisations(ids=diagnosis_round.round_partners.values("organisation_id"))
    if not user.is_superuser:
        partners = partners.filter(pk__in=actor_of(user).organisations_with(*PARTNER_ROLES))
    return list(partners)


def round_get_for_contribution(*, user, public_id) -> tuple[DiagnosisRound, list[Organisation]]:
    diagnosis_round = round_get_for_view(user=user, public_id=public_id)
    organisations = round_partner_organisations_for(user=user, diagnosis_round=diagnosis_round)
    if not organisations:
        raise PermissionDenied
    return diagnosis_round, organisations


def contributable_needs(*, diagnosis_round: DiagnosisRound, organisations: list[Organisation]) -> QuerySet:
    """Needs of ``organisations`` in the round's territory that are not yet contributed to it."""
    return (
        StaffingNeed.objects.filter(
            provider__in=organisations,
            status__in=NEED_CONTRIBUTABLE_STATES,
        )
        .filter(within("municipality_id", diagnosis_round.territory_id))
        .exclude(round_links__round=diagnosis_round)
        .select_related("provider", "card_version", "municipality")
        .order_by("provider__sort_name", "start_date", "id")
    )


def partner_choices(*, diagnosis_round: DiagnosisRound | None = None, voivodeships: set[str] | None = None):
    """Organisations that may be invited: active ones in the voivodeship(s), not yet partners of the round."""
    codes = voivodeships or ({diagnosis_round.territory_id[:2]} if diagnosis_round else set())
    organisations = registry.organisations(active=True, voivodeships=codes)
    if diagnosis_round is not None:
        organisations = organisations.exclude(pk__in=diagnosis_round.round_partners.values("organisation_id")).exclude(
            pk=diagnosis_round.coordinator_organisation_id
        )
    return organisations


def coordinator_organisation_choices(*, user) -> QuerySet[Organisation]:
    if user.is_superuser:
        return registry.organisations(active=True)
    return registry.organisations(ids=actor_of(user).organisations_with("coordinator"))


# --- plans -------------------------------------------------------------------------------------------


def plan_list_for_round(*, diagnosis_round: DiagnosisRound) -> QuerySet[StaffingPlan]:
    return diagnosis_round.plans.select_related("created_by", "amends").order_by("-number")


def plan_current_for_round(*, diagnosis_round: DiagnosisRound) -> StaffingPlan | None:
    return diagnosis_round.plans.order_by("-number").first()


def plan_get_for_view(*, user, public_id) -> StaffingPlan:
    plan = (
        StaffingPlan.objects.filter(round__in=_rounds_visible(user), public_id=public_id)
        .select_related("round", "round__territory", "round__coordinator_organisation", "amends")
        .first()
    )
    if plan is None:
        raise Http404("plan")
    return plan


def plan_get_for_coordination(*, user, public_id) -> StaffingPlan:
    plan = plan_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("staffing.coordinate_round", plan.round):
        raise PermissionDenied
    return plan


def plan_lines(*, plan: StaffingPlan) -> list[PlanLine]:
    return list(
        plan.lines.select_related("service_type", "service_type__current_version", "plan__round__territory").order_by(
            "quarter", "service_type__code", "qualification_code"
        )
    )


@dataclass
class LineProgress:
    line: PlanLine
    needed: int
    in_training: int
    ready: int
    placed: int

    @property
    def service_name(self) -> str:
        card = self.line.service_type.current_version
        return card.name if card else self.line.service_type.code


def plan_progress(*, lines: list[PlanLine]) -> list[LineProgress]:
    """Per line: needed vs in training and ready vs placed, as the apps above provide them (``figures``)."""
    if not lines:
        return []
    numbers = figures.line_figures([line.pk for line in lines])
    return [
        LineProgress(
            line=line,
            needed=line.needed,
            in_training=numbers["in_training"][line.pk],
            ready=numbers["ready"][line.pk],
            placed=numbers["placed"][line.pk],
        )
        for line in lines
    ]


@dataclass
class SignoffStatus:
    organisation: Organisation
    is_coordinator: bool
    signoff: PlanSignoff | None
    may_sign: bool = False


def plan_signoff_status(*, user, plan: StaffingPlan) -> list[SignoffStatus]:
    """Every organisation whose sign-off the plan needs, whether it signed, and whether the user may sign for it."""
    signer_ids = plan_signer_ids(plan.round)
    organisations = registry.organisations(ids=signer_ids)
    signoffs = {s.organisation_id: s for s in plan.signoffs.select_related("signed_by")}
    acting = actor_of(user).organisations_with(*PARTNER_ROLES)
    rows = []
    for organisation in organisations:
        signoff = signoffs.get(organisation.pk)
        rows.append(
            SignoffStatus(
                organisation=organisation,
                is_coordinator=organisation.pk == plan.round.coordinator_organisation_id,
                signoff=signoff,
                may_sign=plan.status == PlanStatus.DRAFT
                and signoff is None
                and (user.is_superuser or organisation.pk in acting),
            )
        )
    return rows


def plan_events(*, plan: StaffingPlan):
    return plan.events.select_related("actor").order_by("at", "id")


# --- the territory overview --------------------------------------------------------------------------


@dataclass
class ServiceOverview:
    service_type: ServiceType
    open_positions: int = 0
    in_training: int = 0
    ready: int = 0
    placed: int = 0
    by_qualification: dict = field(default_factory=dict)
    needs_url: str = ""  # the needs list filtered to these open positions, set by the page

    @property
    def name(self) -> str:
        card = self.service_type.current_version
        return card.name if card else self.service_type.code


def current_plans_in(*, territory: Unit) -> QuerySet[StaffingPlan]:
    """The newest non-superseded plan of every round whose territory lies within ``territory``."""
    newer = StaffingPlan.objects.filter(round_id=OuterRef("round_id"), number__gt=OuterRef("number")).exclude(
        status=PlanStatus.SUPERSEDED
    )
    return (
        StaffingPlan.objects.filter(within("round__territory_id", territory.code))
        .exclude(status=PlanStatus.SUPERSEDED)
        .exclude(Exists(newer))
    )


def territory_overview(*, territory: Unit) -> list[ServiceOverview]:
    """Per service in ``territory``: open positions in published needs vs people in training, ready and
    placed on the lines of the territory's current staffing plans.

    A person may be counted on several lines of one service (one per qualification and quarter); to count
    them once, a service shows the qualification with the most people, summed over quarters for training
    and placement and the largest number over quarters for readiness.

    Everything is counted by the database within the territory (open positions summed per service, the
    figures of the lines by their providers), so a county costs what a county holds, not what the country does.
    """
    open_by_service = dict(
        StaffingNeed.objects.filter(within("municipality_id", territory.code), status__in=NEED_OPEN_STATES)
        .order_by()
        .values("card_version__service_type_id")
        .annotate(open_count=Sum(F("headcount") - F("filled_count")))
        .values_list("card_version__service_type_id", "open_count")
    )
    lines = list(
        PlanLine.objects.filter(plan__in=current_plans_in(territory=territory)).select_related("plan__round__territory")
    )
    # One query for the services of both, whichever of them there are.
    service_types = catalogue.service_types_with_ids(
        ids=set(open_by_service) | {line.service_type_id for line in lines}
    )
    services = {
        pk: ServiceOverview(service_type=service_type, open_positions=open_by_service.get(pk, 0))
        for pk, service_type in service_types.items()
    }
    if lines:
        per_qualification: dict[tuple[int, str], dict[str, int]] = defaultdict(
            lambda: {"in_training": 0, "ready": 0, "placed": 0}
        )
        for progress in plan_progress(lines=lines):
            key = (progress.line.service_type_id, progress.line.qualification_code)
            numbers = per_qualification[key]
            numbers["in_training"] += progress.in_training
            numbers["placed"] += progress.placed
            numbers["ready"] = max(numbers["ready"], progress.ready)
        for (service_type_id, _code), numbers in per_qualification.items():
            overview = services[service_type_id]
            overview.in_training = max(overview.in_training, numbers["in_training"])
            overview.ready = max(overview.ready, numbers["ready"])
            overview.placed = max(overview.placed, numbers["placed"])
    return sorted(services.values(), key=lambda s: s.name)


def territory_overview_shown(*, territory: Unit) -> tuple[list[ServiceOverview], datetime | None]:
    """The overview of ``territory`` and the time of its figures: the newest figures the background worker
    computed (``manage.py refresh_overviews``), or, where there are none, counted now (time None)."""
    latest = (
        Overview.objects.filter(territory=territory, status=JobStatus.DONE)
        .order_by("-finished_at")
        .values("figures", "finished_at")
        .first()
    )
    if latest is None:
        return territory_overview(territory=territory), None
    service_types = catalogue.service_types_with_ids(ids={entry["service_type"] for entry in latest["figures"]})
    rows = [
        ServiceOverview(
            service_type=service_types[entry["service_type"]],
            open_positions=entry["open_positions"],
            in_training=entry["in_training"],
            ready=entry["ready"],
            placed=entry["placed"],
        )
        for entry in latest["figures"]
        if entry["service_type"] in service_types
    ]
    return sorted(rows, key=lambda row: row.name), latest["finished_at"]


def default_overview_territory(*, user) -> Unit | None:
    """The county of the user's first organisation, to start the overview somewhere useful."""
    held = actor_of(user).held
    return unit_find(code=held[0].municipality[:4]) if held else None


# --- reads for the apps above staffing ----------------------------------------------------------------------


@dataclass(frozen=True)
class LineFacts:
    """What the apps above need to know of a plan line to count people against it."""

    id: int
    service_type_id: int
    qualification_code: str
    quarter: str  # "YYYY-Qn"
    territory: str  # TERYT code of the round's territory


def plan_line_facts(*, line_ids) -> list[LineFacts]:
    return [
        LineFacts(*row)
        for row in PlanLine.objects.filter(pk__in=line_ids).values_list(
            "id", "service_type_id", "qualification_code", "quarter", "plan__round__territory_id"
        )
    ]


def need_qualification_codes(*, need_ids) -> dict[int, set[str]]:
    """Per need id: the codes of the qualifications it requires (one query)."""
    codes: dict[int, set[str]] = defaultdict(set)
    through = StaffingNeed.required_qualifications.through
    for need_id, code in through.objects.filter(staffingneed_id__in=need_ids).values_list(
        "staffingneed_id", "qualification__code"
    ):
        codes[need_id].add(code)
    return codes


def need_course_codes(*, need_ids) -> dict[int, set[str]]:
    """Per need id: the codes of its required qualifications that completing the card's CIS/KIS course meets
    (``catalogue.Qualification.met_by``); the others need a document (one query)."""
    codes: dict[int, set[str]] = defaultdict(set)
    through = StaffingNeed.required_qualifications.through
    for need_id, code in through.objects.filter(
        staffingneed_id__in=need_ids, qualification__met_by__in=MET_BY_COURSE
    ).values_list("staffingneed_id", "qualification__code"):
        codes[need_id].add(code)
    return codes


def plan_lines_for_training(*, service_type_id: int | None = None) -> QuerySet[PlanLine]:
    """Lines of draft or signed plans (those a CIS/KIS may train for), of one service if given, with their plan
    and round, in the order of a choice list."""
    lines = PlanLine.objects.filter(plan__status__in=[PlanStatus.DRAFT, PlanStatus.SIGNED])
    if service_type_id is not None:
        lines = lines.filter(service_type_id=service_type_id)
    return lines.select_related("plan", "plan__round", "plan__round__territory", "service_type").order_by(
        "plan__round__title", "quarter", "qualification_code", "id"
    )


def plan_lines_shown() -> QuerySet[PlanLine]:
    """Plan lines with what a page shows of them (plan, round, service), for a prefetch of another app."""
    return PlanLine.objects.select_related("plan", "plan__round", "service_type").order_by(
        "quarter", "qualification_code", "id"
    )


def plan_find(*, public_id) -> StaffingPlan | None:
    """The plan with this public id, with its round, whoever asks (callers authorise), or None."""
    return StaffingPlan.objects.select_related("round").filter(public_id=public_id).first()


def plans_for_matching(*, whole_units=None, within_units=None) -> QuerySet[StaffingPlan]:
    """Plans, newest first, of rounds whose territory is one of ``whole_units`` or lies within one of
    ``within_units`` (TERYT codes); both None: every plan."""
    plans = StaffingPlan.objects.select_related("round", "round__territory").order_by("-created_at", "-id")
    if whole_units is None and within_units is None:
        return plans
    condition = Q(pk__in=[])
    if whole_units:
        condition |= Q(round__territory_id__in=whole_units)
    for code in within_units or ():
        condition |= within("round__territory_id", code)
    return plans.filter(condition)


def need_ids_within(*, territory_code: str) -> QuerySet:
    """The ids (a subquery) of the needs whose place of work lies within the unit ``territory_code``."""
    return StaffingNeed.objects.filter(within("municipality_id", territory_code)).values("pk")


def need_ids_of_providers(*, organisation_ids) -> QuerySet:
    """The ids (a subquery) of the needs of these providers."""
    return StaffingNeed.objects.filter(provider_id__in=organisation_ids).values("pk")


def need_has_open_position(*, need_id: int) -> bool:
    """Whether the need is open and not yet filled."""
    need = StaffingNeed.objects.filter(pk=need_id).values("status", "headcount", "filled_count").first()
    return need is not None and need["status"] in NEED_OPEN_STATES and need["filled_count"] < need["headcount"]


def needs_with_ids(*, ids) -> dict[int, StaffingNeed]:
    """The needs with these ids, with their place, card and required qualifications, by id."""
    return {
        need.pk: need
        for need in StaffingNeed.objects.filter(pk__in=ids)
        .select_related("municipality", "card_version")
        .prefetch_related("required_qualifications")
    }
