"""Reads of launches, scoped to who asks.

Launches: the launching organisation's (every state), those a user's CIS/KIS or OWES was invited to, those of the
area of an OWES advisor (voivodeship) or a coordinator (county), and for an analyst those of the voivodeship
(without personal data). Drafts are seen only by their owner. Another's launch answers like a missing one (404).
Applications hold personal data: the launching organisation sees them all, a CIS/KIS those it put forward; every
display is logged (``audit``)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kooperacja.audit.reads import shows_personal_data
from kooperacja.launches.models import (
    Application,
    ApplicationState,
    Call,
    Launch,
    LaunchEvent,
    LaunchPartner,
    LaunchState,
    PreparationSession,
    SessionResult,
)
from kooperacja.launches.rules import (
    analyst_voivodeships,
    area_reach,
    launcher_organisation_ids,
    partner_organisation_ids,
    referring_organisation_ids,
    sees_personal_data,
)
from kooperacja.territory.models import within_any

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "title": ("title", "id"),
    "state": ("state", "-created_at", "-id"),
}
NAME_FIELDS = ("first_name", "last_name")
APPLICATION_FIELDS = ("first_name", "last_name", "birth_date", "phone", "email", "residence", "categories")


def launches_visible(user) -> QuerySet[Launch]:
    """Every launch the user may see (404 for the others)."""
    found = Launch.objects.select_related("owner", "municipality")
    if user.is_superuser:
        return found
    owned = launcher_organisation_ids(user)
    condition = Q(owner_id__in=owned)
    partners = partner_organisation_ids(user)
    if partners:
        condition |= Q(pk__in=LaunchPartner.objects.filter(organisation_id__in=partners).values("launch_id"))
    owes, counties = area_reach(user)
    area = set(owes) | set(counties) | set(analyst_voivodeships(user))
    if area:
        condition |= within_any("municipality_id", area) & ~Q(state=LaunchState.DRAFT)
    return found.filter(condition)


def launch_list(
    *, user, state: str | None = None, unit: str | None = None, service: str | None = None, sort: str | None = None
) -> QuerySet[Launch]:
    launches = launches_visible(user)
    if state and state in LaunchState.values:
        launches = launches.filter(state=state)
    if unit:
        launches = launches.filter(within_any("municipality_id", [unit]))
    if service:
        launches = launches.filter(services__service_type__code=service)
    return launches.order_by(*SORTS.get(sort or "", SORTS["newest"])).distinct()


def launch_get_for_view(*, user, public_id) -> Launch:
    launch = launches_visible(user).filter(public_id=public_id).first()
    if launch is None:
        raise Http404("launch")
    return launch


def launch_get_for_manage(*, user, public_id) -> Launch:
    """A launch the user manages; one they only see is 403, another's 404."""
    launch = launch_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("launches.manage_launch", launch):
        raise PermissionDenied
    return launch


def launch_get_for_candidates(*, user, public_id) -> Launch:
    launch = launch_get_for_view(user=user, public_id=public_id)
    if not user.has_perm("launches.add_application", launch):
        raise PermissionDenied
    return launch


def launch_find(*, pk=None, public_id=None) -> Launch | None:
    """The launch, whoever asks (for the apps above and ``selection``'s host, which authorise themselves)."""
    found = Launch.objects.select_related("owner", "municipality")
    if pk is not None:
        return found.filter(pk=pk).first()
    return found.filter(public_id=public_id).first()


def launch_for_subject(subject_key: str) -> Launch | None:
    prefix, _sep, pk = (subject_key or "").partition(":")
    if prefix != "launch" or not pk.isdigit():
        return None
    return launch_find(pk=int(pk))


def launch_timeline(launch: Launch) -> QuerySet[LaunchEvent]:
    return launch.events.select_related("actor").order_by("at", "id")


def partners_of(launch: Launch) -> list[LaunchPartner]:
    return list(
        launch.partners.select_related("organisation", "answered_by")
        .prefetch_related("commitments", "commitments__module")
        .order_by("kind", "organisation__name", "id")
    )


def partner_get_for_answer(*, user, launch: Launch, partner_id) -> LaunchPartner:
    """The invitation of one of the user's organisations (404 for another's)."""
    partner = launch.partners.select_related("organisation", "launch").filter(public_id=partner_id).first()
    if partner is None or not user.has_perm("launches.answer_invitation", partner):
        raise Http404("partner")
    return partner


def call_of(launch: Launch) -> Call | None:
    return Call.objects.filter(launch=launch).select_related("launch").first()


def _applications(launch: Launch) -> QuerySet[Application]:
    return Application.objects.filter(call__launch=launch).select_related("referred_by", "residence", "participation")


def applications_counts(launch: Launch) -> dict[str, int]:
    rows = _applications(launch).values("state").annotate(n=Count("id")).order_by()
    return {row["state"]: row["n"] for row in rows}


def applications_for(*, user, launch: Launch) -> QuerySet[Application]:
    """The applications the user may see with personal data: all for the launching organisation, a CIS/KIS's own
    candidates for it. Others get none (they see codes through :func:`application_codes`)."""
    found = _applications(launch).order_by("submitted_at", "id")
    if sees_personal_data(user, launch):
        return found
    return found.filter(referred_by_id__in=referring_organisation_ids(user))


@shows_personal_data(purpose="applications to a launch", fields=APPLICATION_FIELDS)
def applications_shown(*, user, launch: Launch, state: str | None = None) -> QuerySet[Application]:
    found = applications_for(user=user, launch=launch)
    if state and state in ApplicationState.values:
        found = found.filter(state=state)
    return found


def application_codes(*, launch: Launch, state: str | None = None) -> QuerySet[Application]:
    """Applications without their personal data shown (code, state, categories, linked participation yes/no)."""
    found = Application.objects.filter(call__launch=launch).only(
        "id",
        "public_id",
        "entry_code",
        "state",
        "categories",
        "participation_id",
        "submitted_at",
        "source",
        "call_id",
        "rank",
        "referred_by_id",
    )
    if state and state in ApplicationState.values:
        found = found.filter(state=state)
    return found.order_by("submitted_at", "id")


@shows_personal_data(purpose="an application to a launch", fields=APPLICATION_FIELDS)
def application_get_for_view(*, user, public_id) -> Application:
    application = Application.objects.select_related("call__launch", "referred_by", "residence").filter(
        public_id=public_id
    )
    found = application.first()
    if found is None or not (
        sees_personal_data(user, found.call.launch) or found.referred_by_id in referring_organisation_ids(user)
    ):
        raise Http404("application")
    return found


def application_find(*, pk) -> Application | None:
    return Application.objects.select_related("call__launch").filter(pk=pk).first()


def confirmed_applications(launch: Launch) -> list[Application]:
    """The applications of the confirmed founding group, in rank order (for ``founding``)."""
    return list(
        Application.objects.filter(call__launch=launch, state=ApplicationState.SELECTED)
        .select_related("residence", "participation", "referred_by")
        .order_by("rank", "submitted_at", "id")
    )


def sessions_of(launch: Launch) -> list[PreparationSession]:
    return list(launch.sessions.select_related("module", "led_by__organisation").order_by("starts_on", "id"))


def session_get_for_manage(*, user, launch: Launch, session_id: int) -> PreparationSession:
    if not user.has_perm("launches.manage_launch", launch):
        raise PermissionDenied
    session = launch.sessions.select_related("module").filter(pk=session_id).first()
    if session is None:
        raise Http404("session")
    return session


def results_of(session: PreparationSession) -> dict[int, SessionResult]:
    return {result.application_id: result for result in session.results.all()}


def results_for_launch(launch: Launch) -> list[SessionResult]:
    return list(
        SessionResult.objects.filter(session__launch=launch)
        .select_related("session", "application")
        .order_by("session__starts_on", "session_id", "application_id")
    )


def owned_launch_count(user) -> int:
    return Launch.objects.filter(owner_id__in=launcher_organisation_ids(user)).count()


def invitations_open(user) -> QuerySet[LaunchPartner]:
    return LaunchPartner.objects.filter(
        organisation_id__in=partner_organisation_ids(user),
        state="invited",
        launch__state__in=["announced", "recruiting"],
    ).select_related("launch")
