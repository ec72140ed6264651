"""People named in histories and timelines: "Anna Nowak (social worker, MOPS Grudziądz)", never a login.

A view that shows a list of events calls :func:`label_people` once; it reads the memberships of every person
named on the page in one query and attaches the label to each user object, which the template filter
``person_label`` (``{% load people %}``) prints. Without it the filter still prints the full name."""

from collections import defaultdict
from collections.abc import Iterable

from kooperacja.accounts.models import Membership

# More roles than this are summed up ("and 2 more"): a timeline names who acted, not their whole career.
SHOWN_ROLES = 2


def display_name(user) -> str:
    """The person's full name; the login only for an account without a name."""
    return (user.get_full_name() or "").strip() or user.get_username()


def _in_sentence(label: str) -> str:
    """A role's label inside brackets: "pracownik socjalny", but "OWES advisor" keeps its capitals."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def label_people(rows: Iterable, *attrs: str) -> None:
    """Attach ``person_label`` ("First Last (role, organisation)") to the users found at ``attrs`` ("actor" by
    default) of ``rows`` — with one query for all of them."""
    attrs = attrs or ("actor",)
    users = [user for row in rows for attr in attrs if (user := getattr(row, attr, None)) is not None]
    if not users:
        return
    held: dict[int, list[str]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(user_id__in={user.pk for user in users})
        .select_related("organisation")
        .only("user_id", "role", "organisation__name")
        .order_by("user_id", "organisation__name", "role")
    )
    for membership in memberships:
        role = _in_sentence(membership.get_role_display())
        held[membership.user_id].append(f"{role}, {membership.organisation.name}")
    for user in users:
        roles = held.get(user.pk, [])
        label = display_name(user)
        if roles:
            shown = "; ".join(roles[:SHOWN_ROLES])
            if len(roles) > SHOWN_ROLES:
                shown += " …"
            label = f"{label} ({shown})"
        user.person_label = label


def labelled(rows: Iterable, *attrs: str) -> list:
    """``rows`` as a list, with their people labelled (see :func:`label_people`)."""
    rows = list(rows)
    label_people(rows, *attrs)
    return rows
