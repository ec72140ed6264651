"""Who launches, answers, applies and sees.

The launching side: coordinators and social workers of a municipality office, OPS or CUS open launches for their
organisation's municipality and manage them (as the commissioners of ``commissioning`` open orders). The partners:
the staff of an invited CIS/KIS (pzs_staff) and the advisors of an invited OWES answer the invitation; a committed
CIS/KIS puts its own participants forward as candidates. Readers: OWES advisors of the voivodeship and coordinators of
the county see the launches of their area; analysts of the voivodeship read them without personal data. Personal
data of candidates: the launching organisation, and the CIS/KIS for the candidates it put forward."""

import rules

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.core.predicates import is_admin
from kooperacja.registry.models import OrganisationKind

LAUNCHER_KINDS = frozenset({OrganisationKind.MUNICIPALITY_OFFICE, OrganisationKind.OPS, OrganisationKind.CUS})
MANAGER_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)
PARTNER_ROLES = (Role.PZS_STAFF, Role.OWES_ADVISOR)
PZS_KINDS = frozenset({OrganisationKind.CIS, OrganisationKind.KIS})


def launcher_organisation_ids(user) -> frozenset[int]:
    """The municipality offices, OPS and CUS whose launches the user manages."""
    return actor_of(user).organisations_with(*MANAGER_ROLES, kinds=LAUNCHER_KINDS)


def partner_organisation_ids(user) -> frozenset[int]:
    """The CIS/KIS and OWES for which the user answers invitations."""
    return actor_of(user).organisations_with(*PARTNER_ROLES, kinds=PZS_KINDS | {OrganisationKind.OWES})


def referring_organisation_ids(user) -> frozenset[int]:
    """The CIS/KIS whose participants the user puts forward."""
    return actor_of(user).organisations_with(Role.PZS_STAFF, kinds=PZS_KINDS)


def area_reach(user) -> tuple[frozenset[str], frozenset[str]]:
    """(voivodeships of the user's OWES, counties of the user's coordinator roles): the area whose launches the
    user reads."""
    actor = actor_of(user)
    owes = frozenset(
        item.municipality[:2]
        for item in actor.held
        if item.role == Role.OWES_ADVISOR and item.kind == OrganisationKind.OWES and item.municipality
    )
    return owes, actor.counties_with(Role.COORDINATOR)


def analyst_voivodeships(user) -> frozenset[str]:
    return actor_of(user).voivodeships_with(Role.ANALYST)


def partner_ids_of(launch) -> frozenset[int]:
    """The organisations invited to ``launch`` (read once per object)."""
    cached = launch.__dict__.get("_partner_ids")
    if cached is None:
        cached = frozenset(launch.partners.values_list("organisation_id", flat=True))
        launch.__dict__["_partner_ids"] = cached
    return cached


def committed_ids_of(launch) -> frozenset[int]:
    cached = launch.__dict__.get("_committed_ids")
    if cached is None:
        cached = frozenset(launch.partners.filter(state="committed").values_list("organisation_id", flat=True))
        launch.__dict__["_committed_ids"] = cached
    return cached


def manages(user, launch) -> bool:
    return launch is not None and launch.owner_id in launcher_organisation_ids(user)


def is_partner(user, launch) -> bool:
    return launch is not None and bool(partner_ids_of(launch) & partner_organisation_ids(user))


def in_area(user, launch) -> bool:
    if launch is None:
        return False
    code = launch.municipality_id or ""
    owes, counties = area_reach(user)
    return code[:2] in owes or code[:4] in counties or code[:2] in analyst_voivodeships(user)


def sees_personal_data(user, launch) -> bool:
    """The launching organisation's managers see every candidate's data; a CIS/KIS sees those it put forward
    (:func:`sees_application`)."""
    return is_admin(user) or manages(user, launch)


def sees_application(user, application) -> bool:
    if application is None:
        return False
    launch = application.call.launch
    return sees_personal_data(user, launch) or (
        application.referred_by_id is not None and application.referred_by_id in referring_organisation_ids(user)
    )


@rules.predicate
def is_launcher(user) -> bool:
    return bool(launcher_organisation_ids(user))


@rules.predicate
def is_partner_staff(user) -> bool:
    return bool(partner_organisation_ids(user))


@rules.predicate
def is_referrer(user) -> bool:
    return bool(referring_organisation_ids(user))


@rules.predicate
def is_launch_reader(user) -> bool:
    owes, counties = area_reach(user)
    return bool(
        launcher_organisation_ids(user)
        or partner_organisation_ids(user)
        or owes
        or counties
        or analyst_voivodeships(user)
    )


@rules.predicate
def manages_launch(user, launch) -> bool:
    return manages(user, launch)


@rules.predicate
def views_launch(user, launch) -> bool:
    return manages(user, launch) or is_partner(user, launch) or in_area(user, launch)


@rules.predicate
def answers_invitation(user, partner) -> bool:
    return partner is not None and partner.organisation_id in partner_organisation_ids(user)


@rules.predicate
def refers_candidates(user, launch) -> bool:
    return launch is not None and bool(committed_ids_of(launch) & referring_organisation_ids(user))


@rules.predicate
def withdraws_application(user, application) -> bool:
    if application is None:
        return False
    return manages(user, application.call.launch) or (
        application.referred_by_id is not None and application.referred_by_id in referring_organisation_ids(user)
    )


# Route level (the selectors decide which record, 404 otherwise).
rules.add_perm("launches.read", is_admin | is_launch_reader)
rules.add_perm("launches.open_launch", is_admin | is_launcher)
rules.add_perm("launches.answer", is_admin | is_partner_staff)
rules.add_perm("launches.candidates", is_admin | is_launcher | is_referrer)
# Object level.
rules.add_perm("launches.view_launch", is_admin | views_launch)
rules.add_perm("launches.manage_launch", is_admin | manages_launch)
rules.add_perm("launches.answer_invitation", is_admin | answers_invitation)
rules.add_perm("launches.add_application", is_admin | manages_launch | refers_candidates)
rules.add_perm("launches.withdraw_application", is_admin | withdraws_application)
