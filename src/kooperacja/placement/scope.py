"""Where a user may act in placement: coordinators by territory, providers and CIS/KIS by organisation."""

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.placement.models import PROVIDER_VISIBLE_STATES

PROVIDER_ROLES = (Role.PES_MANAGER, Role.PZS_STAFF)
PARTICIPANT_STAFF_ROLES = (Role.PZS_STAFF, Role.SOCIAL_WORKER)


def coordinator_counties(user) -> frozenset[str]:
    """County codes (4 digits) of the organisations where the user is a coordinator."""
    return actor_of(user).counties_with(Role.COORDINATOR)


def territory_in_scope(user, code: str) -> bool:
    """May the user run matching for the unit ``code``? Admins anywhere; a coordinator within their county,
    or for the county or voivodeship that contains it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(code.startswith(county) or county.startswith(code) for county in coordinator_counties(user))


def scope_prefixes(user) -> frozenset[str]:
    """Unit codes a coordinator may choose whole: their counties and voivodeships."""
    counties = coordinator_counties(user)
    return counties | frozenset(county[:2] for county in counties)


def referral_places(referral) -> list[str]:
    """The unit codes a referral belongs to: the workplace, the CIS/KIS, and the run's territory."""
    codes = [referral.need.municipality_id, referral.participation.organisation.municipality_id]
    if referral.proposal_id is not None and referral.proposal is not None:
        codes.append(referral.proposal.run.territory_id)
    return codes


def coordinates_referral(user, referral) -> bool:
    if not user.is_authenticated or referral is None:
        return False
    if user.is_superuser:
        return True
    counties = coordinator_counties(user)
    if not counties:
        return False
    places = referral_places(referral)
    return any(territory_in_scope(user, code) for code in places[:2]) or (
        len(places) > 2 and territory_in_scope(user, places[2])
    )


def manages_referral_need(user, referral) -> bool:
    """Is the user a manager of the provider whose need the referral is for?"""
    return referral is not None and referral.need.provider_id in actor_of(user).organisations_with(*PROVIDER_ROLES)


def looks_after_participant(user, referral) -> bool:
    """Is the user CIS/KIS staff of the organisation where the referred person takes part?"""
    return referral is not None and referral.participation.organisation_id in actor_of(user).organisations_with(
        *PARTICIPANT_STAFF_ROLES
    )


def sees_candidate_profile(user, referral) -> bool:
    """Whether ``selectors.candidate_profile_for_provider`` shows this referral's candidate to the user (the same
    rule, on a referral already read): lists link to the hiring profile only then."""
    return (
        referral.participation.consent_to_share
        and referral.status in PROVIDER_VISIBLE_STATES
        and referral.need.provider_id in actor_of(user).organisation_ids
    )
