"""Reads of the placement app, scoped to the user who asks.

People appear here only through their hiring fields (``Person.HIRING_FIELDS``) and qualifications; who is
offered to matching at all (consent, readiness) is decided by ``training.selectors.matching_candidates``.
"""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kooperacja.accounts.actor import actor_of
from kooperacja.audit.reads import shows_personal_data
from kooperacja.core.dates import quarter_of
from kooperacja.core.querysets import keys_first, own_columns
from kooperacja.core.text import fold, short_date
from kooperacja.placement.models import (
    LIVE_REFERRAL_STATES,
    PROVIDER_VISIBLE_STATES,
    FollowUp,
    MatchingRun,
    Proposal,
    ProposalStatus,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RunStatus,
    Unmatched,
)
from kooperacja.placement.problem import Exclusions
from kooperacja.placement.scope import (
    PARTICIPANT_STAFF_ROLES,
    PROVIDER_ROLES,
    coordinator_counties,
    scope_prefixes,
)
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.models import within, within_any
from kooperacja.training import selectors as training
from kooperacja.training.models import OutcomeKind, Person
from kooperacja.training.outcome_coverage import Coverage, CoveringFollowUp

_NOTHING = Q(pk__in=[])
EXCLUSION_CHUNK = 5000  # people per query of their referrals in progress
HIRING_PROFILE_FIELDS = (*Person.HIRING_FIELDS, "qualifications", "courses")


def _person_of(row) -> list:
    """The person a proposal, an unmatched row or a referral shows (for the read log)."""
    return [row.participation.person]


# --- runs ---------------------------------------------------------------------------------------------------


def _run_scope(user) -> Q | None:
    """None: everything (admins)."""
    if user.is_superuser:
        return None
    condition = _NOTHING
    prefixes = scope_prefixes(user)
    if prefixes:
        condition |= Q(territory_id__in=prefixes)
    for county in coordinator_counties(user):
        condition |= within("territory_id", county)
    return condition


def run_list(*, user, territory_code: str | None = None) -> QuerySet[MatchingRun]:
    """Matching runs of the territories the user coordinates, newest first."""
    runs = MatchingRun.objects.select_related("territory", "plan", "plan__round", "started_by")
    if not user.is_authenticated:
        return runs.none()
    scope = _run_scope(user)
    if scope is not None:
        runs = runs.filter(scope)
    if territory_code:
        runs = runs.filter(territory_id=territory_code)
    return runs.order_by("-created_at", "-id")


def run_get_for_view(*, user, public_id) -> MatchingRun:
    run = run_list(user=user).filter(public_id=public_id).first()
    if run is None:
        raise Http404("matching run")
    return run


def run_is_active(run: MatchingRun) -> bool:
    return run.status in (RunStatus.QUEUED, RunStatus.RUNNING)


def run_proposals(*, run: MatchingRun) -> QuerySet[Proposal]:
    """The run's proposals with the person (hiring fields), the need, its provider and any referral."""
    return (
        Proposal.objects.filter(run=run)
        .select_related(
            "participation__person__home_municipality",
            "participation__organisation",
            "need__provider",
            "need__municipality",
            "need__card_version",
            "referral",
        )
        .order_by("id")  # numbered 1…n in this order: a swap changes a proposal's need, never its number
    )


def proposal_by_number(*, run: MatchingRun, number: int) -> Proposal | None:
    """The proposal shown as row ``number`` (1…n) of the run's result."""
    if number < 1:
        return None
    rows = Proposal.objects.filter(run=run).order_by("id").select_related("run", "participation__person", "need")
    found = list(rows[number - 1 : number])
    return found[0] if found else None


_PERSON_FIELDS = (
    "participation__public_id",
    "participation__person__first_name",
    "participation__person__last_name",
    "participation__person__phone",
    "participation__person__email",
    "participation__person__home_municipality__name",
    "participation__person__home_municipality__level",
)


def run_result(*, run: MatchingRun) -> tuple[QuerySet[Proposal], QuerySet[Unmatched]]:
    """The whole result of a run for the API, loading only the columns it shows (thousands of rows)."""
    proposals = (
        Proposal.objects.filter(run=run)
        .select_related("participation__person__home_municipality", "need__provider", "need__municipality", "referral")
        .only(
            "id",
            "status",
            "cost",
            "distance_km",
            "explanation",
            "run_id",
            *_PERSON_FIELDS,
            "need__public_id",
            "need__position",
            "need__start_date",
            "need__working_time",
            "need__provider__name",
            "need__municipality__name",
            "need__municipality__level",
            "referral__public_id",
        )
        .order_by("id")
    )
    unmatched = (
        Unmatched.objects.filter(run=run)
        .select_related("participation__person__home_municipality")
        .only("id", "reason", "explanation", "run_id", *_PERSON_FIELDS)
        .order_by("id")
    )
    return proposals, unmatched


def run_unmatched(*, run: MatchingRun) -> QuerySet[Unmatched]:
    return (
        Unmatched.objects.filter(run=run)
        .select_related("participation__person__home_municipality", "participation__organisation")
        .order_by("reason", "participation__person__last_name", "id")
    )


def proposal_get_for_decision(*, user, proposal_id: int) -> Proposal:
    """A proposal of a run the user may see (404 otherwise), with what the services need."""
    proposal = (
        Proposal.objects.select_related("run", "participation__person", "need")
        .filter(pk=proposal_id, run__in=run_list(user=user))
        .first()
    )
    if proposal is None:
        raise Http404("proposal")
    return proposal


def proposals_swappable_with(*, proposal: Proposal) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(run_id=proposal.run_id, status=ProposalStatus.PROPOSED)
        .exclude(pk=proposal.pk)
        .exclude(need_id=proposal.need_id)
        .select_related("participation__person", "need")
    )


def matching_exclusions(*, participation_ids: Iterable[int], need_ids: Iterable[int]) -> Exclusions:
    """What a matching run must not propose, in three queries whatever the number of people and needs: the people
    with a referral in progress (anywhere: the accept refuses a second one), and the (person, need) pairs the
    provider declined, or a coordinator rejected, before."""
    people_ids, needs = list(participation_ids), list(need_ids)
    exclusions = Exclusions()
    if not people_ids:
        return exclusions
    columns = ("participation_id", "need_id", "need__position", "need__provider__name")
    for start in range(0, len(people_ids), EXCLUSION_CHUNK):  # one query for any run but the largest
        live = (
            Referral.objects.filter(
                participation_id__in=people_ids[start : start + EXCLUSION_CHUNK], status__in=LIVE_REFERRAL_STATES
            )
            .order_by("participation_id", "-created_at", "-id")
            .values_list(*columns, "status")
        )
        for participation_id, need_id, position, provider, status in live:
            exclusions.people.setdefault(
                participation_id, {"need_id": need_id, "status": status, "position": position, "provider": provider}
            )
    if not needs:
        return exclusions
    # Earlier refusals of the run's needs are few: read by need, kept for the run's people.
    wanted = set(people_ids)
    declined = Referral.objects.filter(need_id__in=needs, status=ReferralStatus.DECLINED).order_by("id")
    rejected = Proposal.objects.filter(need_id__in=needs, status=ProposalStatus.REJECTED).order_by("id")
    refusals = (("provider", declined.values_list(*columns)), ("coordinator", rejected.values_list(*columns)))
    for by, rows in refusals:
        for participation_id, need_id, position, provider in rows:
            if participation_id not in wanted:
                continue
            exclusions.pairs.setdefault(
                (participation_id, need_id), {"need_id": need_id, "position": position, "provider": provider, "by": by}
            )
    return exclusions


# --- referrals ----------------------------------------------------------------------------------------------


def _referral_scope(user) -> Q | None:
    """Coordinators: referrals in their territory; providers: sent referrals of consenting people to their
    needs; CIS/KIS staff: referrals of their own participants. None: everything (admins).

    Each way of seeing a referral is a subquery driven by one indexed column of the referral (its need, its
    participation, its proposal), and the scope is their union: the database reads only the referrals the user
    may see, by index, never every referral of the country joined to four tables. (An OR of the same subqueries,
    probed as hashes, measured a little faster on a 50,000-referral country, but it reads every referral to
    count a CIS's few hundred: its cost grows with the country, the union's with what the user sees.)"""
    if user.is_superuser:
        return None
    referrals = Referral.objects.order_by().values("pk")
    parts = []
    counties = sorted(coordinator_counties(user))
    for county in counties:
        parts.append(referrals.filter(need_id__in=staffing.need_ids_within(territory_code=county)))
        parts.append(referrals.filter(participation_id__in=training.participation_ids_within(territory_code=county)))
    if counties:
        # Runs within the counties, and runs for a whole county or voivodeship of theirs.
        runs = within_any("run__territory_id", counties) | Q(run__territory_id__in=scope_prefixes(user))
        parts.append(referrals.filter(proposal_id__in=Proposal.objects.filter(runs).values("pk")))
    provider_orgs = actor_of(user).organisations_with(*PROVIDER_ROLES)
    if provider_orgs:
        parts.append(
            referrals.filter(
                need_id__in=staffing.need_ids_of_providers(organisation_ids=provider_orgs),
                participation__consent_to_share=True,
                status__in=PROVIDER_VISIBLE_STATES,
            )
        )
    staff_orgs = actor_of(user).organisations_with(*PARTICIPANT_STAFF_ROLES)
    if staff_orgs:
        parts.append(
            referrals.filter(
                participation_id__in=training.participation_ids_of_organisations(organisation_ids=staff_orgs)
            )
        )
    if not parts:
        return _NOTHING
    # UNION ALL: "id IN (…)" is a semi-join, which ignores repeated ids without sorting them out first.
    return Q(pk__in=parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0])


def _referrals() -> QuerySet[Referral]:
    """Referrals with everything a list shows of them; a page reads its keys first (``core.querysets``)."""
    return keys_first(Referral.objects.all()).select_related(
        "participation__person__home_municipality",
        "participation__organisation",
        "need__provider",
        "need__municipality",
        "need__card_version",
        "proposal__run",
    )


# What a list of referrals (the list, the API, a provider's candidates) shows of a referral's related rows; the
# card's texts, the run's report and the organisation's long fields stay in the database.
REFERRAL_LIST_COLUMNS = (
    *own_columns(Referral, without=("note",)),
    "participation__public_id",
    "participation__person",
    "participation__organisation",
    "participation__status",
    "participation__consent_to_share",
    "participation__person__public_id",
    "participation__person__first_name",
    "participation__person__last_name",
    "participation__person__home_municipality",
    "participation__person__phone",
    "participation__person__email",
    "participation__person__home_municipality__name",
    "participation__person__home_municipality__level",
    "participation__organisation__public_id",
    "participation__organisation__name",
    "participation__organisation__kind",
    "participation__organisation__municipality",
    "need__public_id",
    "need__position",
    "need__provider",
    "need__municipality",
    "need__start_date",
    "need__working_time",
    "need__status",
    "need__provider__public_id",
    "need__provider__name",
    "need__municipality__name",
    "need__municipality__level",
)


def _listed(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return (
        referrals.select_related(None)
        .select_related(
            "participation__person__home_municipality",
            "participation__organisation",
            "need__provider",
            "need__municipality",
        )
        .only(*REFERRAL_LIST_COLUMNS)
    )


def referral_list(*, user, status: str | None = None) -> QuerySet[Referral]:
    referrals = _referrals()
    if not user.is_authenticated:
        return referrals.none()
    scope = _referral_scope(user)
    if scope is not None:
        referrals = referrals.filter(scope)
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-created_at", "-id")


def referral_get_for_view(*, user, public_id) -> Referral:
    """A referral with its timeline and follow-ups; 404 if the user may not see it."""
    referral = (
        referral_list(user=user)
        .filter(public_id=public_id)
        .prefetch_related(
            Prefetch("events", queryset=ReferralEvent.objects.select_related("actor").order_by("at", "id")),
            "follow_ups",
            "participation__person__qualifications",
            "need__required_qualifications",
        )
        .first()
    )
    if referral is None:
        raise Http404("referral")
    return referral


def follow_up_get_for_record(*, user, public_id, months: int) -> FollowUp:
    referral = referral_get_for_view(user=user, public_id=public_id)
    follow_up = FollowUp.objects.filter(referral=referral, months_after=months).first()
    if follow_up is None:
        raise Http404("follow-up")
    follow_up.referral = referral
    return follow_up


@shows_personal_data(
    purpose="provider candidates", fields=Person.HIRING_FIELDS, persons=lambda row: [row.participation.person]
)
def provider_candidates(*, user, status: str | None = None, need_public_id=None) -> QuerySet[Referral]:
    """A provider's "my needs and candidates": referrals under way to the needs of the user's organisations,
    and the people hired there (optionally of one need); see ``PROVIDER_VISIBLE_STATES``."""
    referrals = _listed(_referrals()).filter(status__in=PROVIDER_VISIBLE_STATES)
    if not user.is_authenticated:
        return referrals.none()
    if not user.is_superuser:
        organisations = actor_of(user).organisations_with(*PROVIDER_ROLES)
        referrals = referrals.filter(need__provider_id__in=organisations, participation__consent_to_share=True)
    if status:
        referrals = referrals.filter(status=status)
    if need_public_id:
        referrals = referrals.filter(need__public_id=need_public_id)
    return referrals.prefetch_related("participation__person__qualifications").order_by(
        "need__start_date", "need_id", "-created_at", "id"
    )


# --- interface for the staffing app -------------------------------------------------------------------------


def placed_counts(*, lines: Iterable) -> dict[int, int]:
    """Per PlanLine id: hired referrals whose need has the line's service type, quarter (of its start date,
    "YYYY-Qn") and a required qualification with the line's code, in the territory of the plan's round.
    Counted by the database within the lines' territories: one row per service, start date, place and code."""
    line_ids = [getattr(line, "pk", line) for line in lines]
    counts = dict.fromkeys(line_ids, 0)
    if not line_ids:
        return counts
    line_rows = staffing.plan_line_facts(line_ids=line_ids)
    if not line_rows:
        return counts
    hired = (
        Referral.objects.filter(
            within_any("need__municipality_id", {line.territory for line in line_rows}, widen=True),
            status=ReferralStatus.HIRED,
            need__card_version__service_type_id__in={line.service_type_id for line in line_rows},
            need__required_qualifications__code__in={line.qualification_code for line in line_rows},
        )
        .order_by()
        .values(
            "need__card_version__service_type_id",
            "need__start_date",
            "need__municipality_id",
            "need__required_qualifications__code",
        )
        .annotate(hired=Count("id", distinct=True))
        .values_list(
            "need__card_version__service_type_id",
            "need__start_date",
            "need__municipality_id",
            "need__required_qualifications__code",
            "hired",
        )
    )
    groups = list(hired)
    for line in line_rows:
        counts[line.id] = sum(
            number
            for need_service, start, municipality, code, number in groups
            if need_service == line.service_type_id
            and code == line.qualification_code
            and quarter_of(start) == line.quarter
            and municipality.startswith(line.territory)
        )
    return counts


def plan_line_figures(line_ids: list[int]) -> dict[str, dict[int, int]]:
    """The "placed" figure of staffing-plan lines (registered with ``staffing.figures``)."""
    return {"placed": placed_counts(lines=line_ids)}


# --- a candidate's hiring profile ----------------------------------------------------------------------------


@shows_personal_data(
    purpose="hiring profile for a provider", fields=HIRING_PROFILE_FIELDS, persons=lambda profile: [profile["person"]]
)
def candidate_profile_for_provider(*, user, public_id) -> dict:
    """The hiring profile of a participant for a provider: only if the participant consented to share it AND a
    referral of them to a need of an organisation the user belongs to is sent or in interview (or they were hired
    there). Logged. 404 otherwise: before the referral is sent, and after it was declined or withdrawn."""
    participation = training.participation_find(public_id=public_id)
    if not user.is_authenticated or not participation.consent_to_share:
        raise Http404("participation")
    referred = Referral.objects.filter(
        participation=participation,
        need__provider_id__in=actor_of(user).organisation_ids,
        status__in=PROVIDER_VISIBLE_STATES,
    ).exists()
    if not referred:
        raise Http404("participation")
    person = participation.person
    return {
        "person": person,
        "public_id": participation.public_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "home_municipality": person.home_municipality,
        "phone": person.phone,
        "email": person.email,
        "courses": [
            {
                "service": c.card_version.service_type.code,
                "card_name": c.card_version.name,
                "variant": c.variant,
                "completed_on": c.completed_on,
            }
            for c in training.person_courses(person=person)
        ],
        "qualifications": [
            {
                "code": q.code,
                "name": q.name,
                "evidence": q.evidence,
                "evidence_label": q.get_evidence_display(),
                "certificate_number": q.certificate_number,
                "issuer": q.issuer,
                "issued_on": q.issued_on,
            }
            for q in training.person_qualifications(person=person)
        ],
    }


# --- people shown on placement's pages (each read is logged) -----------------------------------------------------


@shows_personal_data(purpose="matching run", fields=Person.HIRING_FIELDS, persons=_person_of)
def run_proposals_shown(*, user, run: MatchingRun) -> QuerySet[Proposal]:
    return run_proposals(run=run)


@shows_personal_data(purpose="matching run", fields=Person.HIRING_FIELDS, persons=_person_of)
def run_unmatched_shown(*, user, run: MatchingRun) -> QuerySet[Unmatched]:
    return run_unmatched(run=run)


@shows_personal_data(purpose="matching run", fields=Person.HIRING_FIELDS, persons=_person_of)
def run_result_proposals_shown(*, user, run: MatchingRun) -> QuerySet[Proposal]:
    return run_result(run=run)[0]


@shows_personal_data(purpose="matching run", fields=Person.HIRING_FIELDS, persons=_person_of)
def run_result_unmatched_shown(*, user, run: MatchingRun) -> QuerySet[Unmatched]:
    return run_result(run=run)[1]


@shows_personal_data(purpose="referral list", fields=Person.HIRING_FIELDS, persons=_person_of)
def referrals_shown(*, user, status: str | None = None) -> QuerySet[Referral]:
    return _listed(referral_list(user=user, status=status))


@shows_personal_data(purpose="referral detail", fields=Person.HIRING_FIELDS, persons=_person_of)
def referral_get_for_page(*, user, public_id) -> Referral:
    return referral_get_for_view(user=user, public_id=public_id)


# --- exit outcomes the referrals' follow-ups cover (registered with training.outcome_coverage) ------------------

# Outcomes that are a job with an employer: what a hire through a referral is.
_EMPLOYMENT_OUTCOMES = frozenset({OutcomeKind.EMPLOYMENT, OutcomeKind.SUPPORTED_EMPLOYMENT})


def _same_employer(entered: str, names: Iterable[str]) -> bool:
    """The employer typed on the outcome is the provider: the same name or short name, case, accents and spacing
    aside, or the short name inside the name typed ("Spółdzielnia Socjalna „Opiekunka”" for "Opiekunka")."""
    typed = " ".join(fold(entered).split())
    for name in names:
        known = " ".join(fold(name or "").split())
        if known and (typed == known or (len(known) >= 4 and known in typed)):
            return True
    return False


def outcome_covered_by_hire(participation, kind: str, organisation_name: str, started_on) -> Coverage | None:
    """The follow-ups of a hire through the platform that cover an outcome of ``participation``: the outcome is a
    job (employment or supported employment) and the stay has a hired referral to an employer of the same name,
    or hired on the day the outcome began. The newest such hire counts. Anything else (a business, a
    cooperative, a job found without the platform) is followed up by training itself."""
    if kind not in _EMPLOYMENT_OUTCOMES:
        return None
    hires = (
        Referral.objects.filter(participation_id=participation.pk, status=ReferralStatus.HIRED)
        .select_related("need__provider")
        .prefetch_related("follow_ups")
        .order_by("-hired_on", "-id")
    )
    for referral in hires:
        provider = referral.need.provider
        if _same_employer(organisation_name, (provider.name, provider.short_name)) or (
            started_on is not None and started_on == referral.hired_on
        ):
            return Coverage(
                label=_("Followed up as the hire through the referral to %(employer)s (employed from %(date)s)")
                % {"employer": provider.name, "date": short_date(referral.hired_on) if referral.hired_on else "—"},
                follow_ups=tuple(
                    CoveringFollowUp(
                        months_after=follow_up.months_after,
                        due_on=follow_up.due_on,
                        still_there=follow_up.still_employed,
                        recorded_at=follow_up.recorded_at,
                        note=follow_up.note,
                    )
                    for follow_up in referral.follow_ups.all()
                ),
            )
    return None
