"""Users of the country: one to three per organisation with roles fitting its kind (as the demo region has),
and the five bench personas."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.demo.country import names
from kooperacja.demo.country.world import World, day_between, moment
from kooperacja.demo.loader import DEMO_PASSWORD
from kooperacja.registry.models import OrganisationKind

K = OrganisationKind
R = Role

# The roles of an organisation's first, second and third user.
ROLES: dict[str, tuple[str, ...]] = {
    K.OPS: (R.COORDINATOR, R.SOCIAL_WORKER, R.SOCIAL_WORKER),
    K.CUS: (R.COORDINATOR, R.SOCIAL_WORKER, R.SOCIAL_WORKER),
    K.CIS: (R.PZS_STAFF, R.PZS_STAFF, R.PILOT_EXPERT),
    K.KIS: (R.PZS_STAFF, R.SOCIAL_WORKER, R.PZS_STAFF),
    K.SOCIAL_COOPERATIVE: (R.PES_MANAGER, R.PES_MANAGER, R.PES_MANAGER),
    K.NGO: (R.PES_MANAGER, R.PARTNER_WORKER, R.PES_MANAGER),
    K.COMPANY: (R.PES_MANAGER, R.PES_MANAGER, R.PES_MANAGER),
    K.ZAZ: (R.PES_MANAGER, R.PES_MANAGER, R.PES_MANAGER),
    K.WTZ: (R.PES_MANAGER, R.PES_MANAGER, R.PES_MANAGER),
    K.OWES: (R.OWES_ADVISOR, R.QUALITY_SPECIALIST, R.LEARNING_OUTCOMES_EXPERT),
    K.VOIVODE_OFFICE: (R.REGISTER_OFFICER, R.ANALYST, R.REGISTER_OFFICER),
}
PARTNER_ROLES: tuple[str, ...] = (R.PARTNER_WORKER, R.PARTNER_WORKER, R.PARTNER_WORKER)

# username, role, persona organisation key (see organisations.PERSONA_ORGS), first name, last name
PERSONAS = (
    ("kraj.koordynator", R.COORDINATOR, "ops", "Agata", "Krakowska"),
    ("kraj.kadra", R.PZS_STAFF, "cis", "Marek", "Nowohucki"),
    ("kraj.dostawca", R.PES_MANAGER, "cooperative", "Ewa", "Zielińska"),
    ("kraj.analityk", R.ANALYST, "voivode", "Tomasz", "Mazowiecki"),
)
ADMIN = "kraj.admin"

USER_COLUMNS = (
    "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
    "is_active", "date_joined",
)  # fmt: skip


def users_write(world: World) -> dict[str, int]:
    """Every user signs in with the demo password (``DEMO_PASSWORD``): one hash is computed and shared."""
    rng = world.rng("users")
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)
    planned: list[tuple[str, str, str, bool, int | None, str]] = []  # username, first, last, superuser, org, role
    for username, persona_role, key, first, last in PERSONAS:
        planned.append((username, first, last, False, world.personas[f"org:{key}"], persona_role))
    planned.append((ADMIN, "Administrator", "Kraju", True, None, ""))
    for org in world.orgs:
        roles = ROLES.get(org.kind, PARTNER_ROLES)
        if org.kind == K.OWES and org.id % 2:
            roles = (*roles[:2], R.CATALOGUE_EDITOR)
        for role in roles[: rng.choices((1, 2, 3), weights=(4, 4, 2))[0]]:
            female = rng.random() < 0.72
            first, last = names.person_name(rng, female=female)
            planned.append(("", first, last, False, org.id, role))
    ids = world.writer.ids(user_model, len(planned))
    users, memberships = [], []
    first_day = world.as_of - timedelta(days=3 * 365)
    for user_id, (username, first, last, superuser, org_id, role) in zip(ids, planned, strict=True):
        username = username or f"{names.ascii_slug(f'{first} {last}')}.{user_id}"
        joined = moment(day_between(rng, first_day, world.as_of - timedelta(days=7)), rng)
        users.append(
            (
                user_id,
                password,
                None,
                superuser,
                username,
                first,
                last,
                f"{username}@example.org",
                superuser,
                True,
                joined,
            )
        )
        if username.startswith("kraj."):
            world.personas[username] = user_id
        if org_id is not None:
            memberships.append((user_id, org_id, role, joined))
            world.staff[org_id][role].append(user_id)
    by_id = {org.id: org for org in world.orgs}
    for org_id, held in world.staff.items():
        for user_id in held.get(R.COORDINATOR, []):
            world.coordinators_by_county[by_id[org_id].county].append(user_id)
    world.writer.write(user_model, USER_COLUMNS, users)
    membership_ids = world.writer.ids(Membership, len(memberships))
    world.writer.write(
        Membership,
        ("id", "user_id", "organisation_id", "role", "created_at"),
        ((membership_id, *row) for membership_id, row in zip(membership_ids, memberships, strict=True)),
    )
    return {"users": len(users), "memberships": len(memberships)}
