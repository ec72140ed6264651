"""Reads of the registry, scoped to the user who asks."""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import selectors as accounts
from kooperacja.accounts.models import Membership
from kooperacja.audit.reads import shows_personal_data
from kooperacja.core.models import choice_labels
from kooperacja.core.text import fold
from kooperacja.registry.models import (
    ContactPerson,
    Organisation,
    OrganisationKind,
    ReachChange,
    RegisterEvent,
    RegisterStanding,
    RegisterTerm,
    RegisterTermStatus,
    SocialEnterpriseState,
    SocialEnterpriseStatus,
    Workshop,
)
from kooperacja.territory.models import within, within_any
from kooperacja.territory.selectors import unit_names

# Sort parameter -> ORDER BY. Names use the stored Polish sort key, so "Ł" comes after "L" and before "M".
SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "kind": ("kind", "sort_name", "id"),
    "-kind": ("-kind", "sort_name", "id"),
    "municipality": ("municipality__sort_name", "sort_name", "id"),
    "-municipality": ("-municipality__sort_name", "sort_name", "id"),
}
DEFAULT_SORT = "name"
_IDENTIFIER_INPUT = re.compile(r"^[\d\s\-]+$")


def _base(user) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(user).select_related(
        "municipality", "municipality__parent", "municipality__parent__parent"
    )


def organisation_list(
    *,
    user,
    kind: str | None = None,
    voivodeship: str | None = None,
    county: str | None = None,
    municipality: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    social_enterprise: bool = False,
) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered by kind, territory (TERYT codes), text and the status of a
    social enterprise in force today (each row says whether it holds one: ``social_enterprise_now``).

    The text is matched without diacritics ("grudziadz" finds "Grudziądz"); a number typed with spaces
    or dashes also finds an organisation by its NIP, REGON or KRS.
    """
    organisations = _base(user).annotate(social_enterprise_now=Exists(social_enterprise_in_force()))
    if kind:
        organisations = organisations.filter(kind=kind)
    if social_enterprise:
        organisations = organisations.filter(social_enterprise_now=True)
    # The narrowest territorial filter wins; codes are prefixes of each other (04 > 0462 > 0462011).
    if municipality:
        organisations = organisations.filter(municipality_id=municipality)
    elif county:
        organisations = organisations.filter(within("municipality_id", county))
    elif voivodeship:
        organisations = organisations.filter(within("municipality_id", voivodeship))
    if q and q.strip():
        text = q.strip()
        words = [re.sub(r"\D", "", text)] if _IDENTIFIER_INPUT.match(text) else fold(text).split()
        for word in words:
            organisations = organisations.filter(search_text__contains=word)
    return organisations.order_by(*SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


def social_enterprise_in_force(on=None) -> QuerySet[SocialEnterpriseStatus]:
    """The statuses of a social enterprise in force on ``on`` (today) of the outer organisation (for Exists)."""
    day = on or timezone.localdate()
    return SocialEnterpriseStatus.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        Q(state=SocialEnterpriseState.ACTIVE) | Q(revoked_on__gt=day),
        organisation=OuterRef("pk"),
        valid_from__lte=day,
    )


def organisation_get_for_view(*, user, public_id) -> Organisation:
    """The organisation with its register terms, social-enterprise statuses, workshops and member count; 404 if
    the user may not see it."""
    organisation = (
        _base(user)
        .prefetch_related(
            Prefetch("register_terms", queryset=RegisterTerm.objects.select_related("voivodeship", "recorded_by")),
            Prefetch("social_enterprise_statuses", queryset=SocialEnterpriseStatus.objects.all()),
            Prefetch("workshops", queryset=Workshop.objects.select_related("municipality")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if organisation is None:
        raise Http404("organisation")
    # Shown by the page and the API schema; a display value, not a model field.
    organisation.members_count = organisation.memberships.values("user").distinct().count()  # type: ignore[attr-defined]
    return organisation


def organisation_get_for_edit(*, user, public_id) -> Organisation:
    """The organisation if the user may change it: 404 if it is not visible to them, 403 if visible only."""
    organisation = _base(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404("organisation")
    if not user.has_perm("registry.change_organisation", organisation):
        raise PermissionDenied
    return organisation


def organisation_get_for_register(*, user, public_id) -> Organisation:
    """The organisation if the user takes the voivode's decisions for it (its register officer, an
    administrator): 404 if it is not visible to them, 403 if visible only."""
    organisation = _base(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404("organisation")
    if not user.has_perm("registry.decide_register", organisation):
        raise PermissionDenied
    return organisation


def register_term_get_for_end(*, user, public_id, term_id: int) -> RegisterTerm:
    organisation = organisation_get_for_register(user=user, public_id=public_id)
    term = RegisterTerm.objects.filter(organisation=organisation, pk=term_id).first()
    if term is None:
        raise Http404("register term")
    term.organisation = organisation
    return term


def latest_register_term(*, organisation: Organisation) -> RegisterTerm | None:
    """The organisation's latest term (the one a withdrawal or an extension applies to)."""
    terms = list(organisation.register_terms.all())
    return max(terms, key=lambda term: (term.term_start, term.pk), default=None)


def social_enterprise_status_get_for_revoke(*, user, public_id, status_id: int) -> SocialEnterpriseStatus:
    organisation = organisation_get_for_register(user=user, public_id=public_id)
    status = SocialEnterpriseStatus.objects.filter(organisation=organisation, pk=status_id).first()
    if status is None:
        raise Http404("social enterprise status")
    status.organisation = organisation
    return status


def register_events(*, user, organisation: Organisation) -> list[RegisterEvent]:
    """The voivode's decisions recorded for the organisation, newest first; who recorded them is shown only to
    those who work with the organisation (``actor`` is cleared for others)."""
    events = list(
        RegisterEvent.objects.filter(organisation=organisation)
        .select_related("actor", "term", "social_enterprise_status")
        .order_by("-at", "-id")
    )
    labels = {**dict(RegisterTermStatus.choices), **dict(SocialEnterpriseState.choices)}
    hide_actor = not user.has_perm("registry.works_with", organisation)
    for event in events:
        event.label = labels.get(event.to_state, event.to_state)  # type: ignore[attr-defined]  # for display
        if hide_actor:
            event.actor = None
    return events


def workshop_get_for_edit(*, user, public_id, workshop_id: int) -> Workshop:
    organisation = organisation_get_for_edit(user=user, public_id=public_id)
    workshop = Workshop.objects.select_related("municipality").filter(organisation=organisation, pk=workshop_id).first()
    if workshop is None:
        raise Http404("workshop")
    workshop.organisation = organisation
    return workshop


@shows_personal_data(purpose="organisation detail", fields=ContactPerson.PERSONAL_FIELDS)
def contact_list(*, user, organisation: Organisation) -> QuerySet[ContactPerson]:
    """Contact persons are personal data (each read is logged by the caller): those who work with the
    organisation see all of them; other signed-in users only those its members published as public."""
    if not user.has_perm("registry.view_contacts"):
        return ContactPerson.objects.none()
    contacts = ContactPerson.objects.filter(organisation=organisation)
    if not user.has_perm("registry.view_private_contacts", organisation):
        contacts = contacts.filter(is_public=True)
    return contacts


def organisation_get_for_reach(*, user, public_id) -> Organisation:
    """The organisation if the user may change its territory and kind: 404 if not visible, 403 if not above it."""
    organisation = _base(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404("organisation")
    if not user.has_perm("registry.change_reach", organisation):
        raise PermissionDenied
    return organisation


def reach_change_list(*, user, organisation: Organisation, limit: int | None = None) -> list[ReachChange]:
    """Who changed the organisation's reach, what and why, for those who work with it; each change with
    ``lines`` describing it in words ("Kind: CIS → OPS")."""
    if not user.has_perm("registry.view_reach_history", organisation):
        return []
    changes = list(
        ReachChange.objects.filter(organisation=organisation).select_related("actor", "subject_user")[:limit]
    )
    codes = {code for change in changes for code in change.changes.get("municipality", ())}
    units = unit_names(codes=codes)
    # Register statuses as derived today; older records may name the former statuses (active, suspended).
    kinds = {value: str(label) for value, label in OrganisationKind.choices}
    statuses = dict(RegisterStanding.choices)
    kinds.setdefault("social_enterprise", _("Social enterprise (a former kind, now a status)"))
    roles = choice_labels(organisation.memberships.model, "role")
    for change in changes:
        lines = []
        if "kind" in change.changes:
            before, after = change.changes["kind"]
            lines.append(
                _("Kind: %(before)s → %(after)s")
                % {"before": kinds.get(before, before), "after": kinds.get(after, after)}
            )
        if "municipality" in change.changes:
            before, after = change.changes["municipality"]
            lines.append(
                _("Municipality: %(before)s → %(after)s")
                % {"before": units.get(before, before), "after": units.get(after, after)}
            )
        if "status" in change.changes:
            before, after = change.changes["status"]
            lines.append(
                _("Status: %(before)s → %(after)s")
                % {"before": statuses.get(before, before), "after": statuses.get(after, after)}
            )
        if "role" in change.changes:
            person = change.subject_user.get_full_name() or change.subject_user.username if change.subject_user else "—"
            lines.append(_("%(role)s: %(person)s") % {"role": roles.get(change.changes["role"]), "person": person})
        change.lines = lines  # type: ignore[attr-defined]  # a display value for the page, not a model field
    return changes


@shows_personal_data(purpose="contact person edit", fields=ContactPerson.PERSONAL_FIELDS)
def contact_get_for_edit_form(*, user, public_id, contact_id: int) -> ContactPerson:
    """The contact person shown in the edit form (the read is logged)."""
    return contact_get_for_edit(user=user, public_id=public_id, contact_id=contact_id)


def contact_get_for_edit(*, user, public_id, contact_id: int) -> ContactPerson:
    organisation = organisation_get_for_edit(user=user, public_id=public_id)
    contact = ContactPerson.objects.filter(organisation=organisation, pk=contact_id).first()
    if contact is None:
        raise Http404("contact")
    contact.organisation = organisation
    return contact


# --- lookups for the other apps (they never query organisations themselves) ----------------------------------


def organisations(*, ids=None, kinds=None, active: bool | None = None, voivodeships=None) -> QuerySet[Organisation]:
    """Organisations (with their municipality) of these ids, kinds and voivodeships, active or not; every
    argument left out does not filter. Callers decide who may see the result."""
    found = Organisation.objects.select_related("municipality")
    if ids is not None:
        found = found.filter(pk__in=ids)
    if kinds is not None:
        found = found.filter(kind__in=[str(kind) for kind in kinds])
    if active is not None:
        found = found.filter(is_active=active)
    if voivodeships:
        found = found.filter(within_any("municipality_id", voivodeships))
    return found.order_by("sort_name", "id")


def organisation_find(*, public_id) -> Organisation | None:
    """The organisation with this public id, whoever asks (callers authorise), or None."""
    return Organisation.objects.select_related("municipality").filter(public_id=public_id).first()


# --- members ------------------------------------------------------------------------------------------


def organisation_get_for_members(*, user, public_id) -> Organisation:
    """The organisation whose members the user may see: its own members and administrators. Anyone else
    gets 404, exactly as for an organisation that does not exist."""
    organisation = Organisation.objects.filter(public_id=public_id).first()
    if organisation is None or not user.has_perm("registry.view_organisation_members", organisation):
        raise Http404("organisation")
    return organisation


def organisation_get_for_member_change(*, user, public_id) -> Organisation:
    """The organisation if the user may manage its members: 404 if they may not even see them, else 403."""
    organisation = organisation_get_for_members(user=user, public_id=public_id)
    if not user.has_perm("registry.change_organisation_members", organisation):
        raise PermissionDenied
    return organisation


def membership_get_for_change(*, user, public_id, membership_id: int) -> Membership:
    organisation = organisation_get_for_member_change(user=user, public_id=public_id)
    membership = accounts.membership_find(organisation_id=organisation.pk, membership_id=membership_id)
    if membership is None:
        raise Http404("membership")
    membership.organisation = organisation
    return membership


MEMBER_FIELDS = ("first_name", "last_name", "username")


@shows_personal_data(purpose="organisation members", fields=MEMBER_FIELDS, persons=lambda membership: [membership.user])
def members_shown(*, user, organisation: Organisation) -> list[Membership]:
    """The memberships of an organisation whose members the user may see (callers fetched it for that)."""
    return list(accounts.membership_list_for_organisation(organisation_id=organisation.pk))


def organisation_counts_in_unit(*, user, code: str) -> dict[str, int]:
    """How many organisations the user may see lie within the unit ``code``, by kind (one query)."""
    rows = _base(user).filter(within("municipality_id", code)).values("kind").annotate(count=Count("id"))
    return {row["kind"]: row["count"] for row in rows.order_by("kind")}


def integration_centres_in_unit(*, user, code: str, limit: int) -> list[Organisation]:
    """The CIS and KIS within the unit ``code`` that the user may see, in name order, at most ``limit`` (one
    query)."""
    centres = _base(user).filter(within("municipality_id", code), kind__in=[OrganisationKind.CIS, OrganisationKind.KIS])
    return list(centres.order_by("sort_name", "id")[:limit])
