"""Registering organisations, editing them, and changing their territory or kind from above."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.models import choice_labels
from kooperacja.core.text import fold, polish_sort_key
from kooperacja.registry.models import (
    PUBLIC_BODY_KINDS,
    Organisation,
    OrganisationKind,
    ReachChangeKind,
    kind_may_hold_role,
)
from kooperacja.registry.services.common import (
    CONFLICT_MESSAGE,
    CREATE_FIELDS,
    EDITABLE_FIELDS,
    IDENTIFIER_FIELDS,
    REACH_FIELDS,
    REACH_LOCKED_MESSAGE,
    SEARCH_TEXT_LENGTH,
    apply_values,
    full_clean_into,
    identifier_duplicates,
    reach_change_record,
    reason_clean,
    save_or_duplicate,
)
from kooperacja.territory.models import Level, Unit

# --- organisations -------------------------------------------------------------------------------------


def _organisation_validate(organisation: Organisation, errors: FieldErrors) -> None:
    full_clean_into(organisation, errors=errors)
    errors.update(identifier_duplicates(organisation, skip=errors.by_field.keys()).by_field)
    errors.raise_if_any()


def organisation_fill_derived(organisation: Organisation) -> None:
    """The sort and search keys kept beside the name (also for bulk writers)."""
    organisation.sort_name = polish_sort_key(organisation.name)[: Organisation._meta.get_field("sort_name").max_length]
    parts = [organisation.name, organisation.short_name, organisation.city]
    parts += [getattr(organisation, name) or "" for name in IDENTIFIER_FIELDS]
    organisation.search_text = fold(" ".join(part for part in parts if part))[:SEARCH_TEXT_LENGTH]


def _check_may_create_kind(actor: User | None, kind: str | None) -> None:
    """A voivode's office is where register officers sit: only an administrator registers one."""
    if kind == OrganisationKind.VOIVODE_OFFICE and actor is not None and not actor.is_superuser:
        raise ValidationError(
            {"kind": ValidationError(_("Only an administrator registers a voivode's office."), code="reach_locked")}
        )


@transaction.atomic
def organisation_create(*, actor: User | None, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation. ``data`` holds model field values; ``municipality`` a Unit or a TERYT code.

    The author does not become a member: roles in the new organisation are granted from above like any other.
    """
    _check_may_create_kind(actor, data.get("kind"))
    organisation = Organisation()
    errors = apply_values(organisation, data, CREATE_FIELDS, {"municipality": Level.MUNICIPALITY})
    _organisation_validate(organisation, errors)
    organisation_fill_derived(organisation)
    save_or_duplicate(organisation, organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User | None, organisation: Organisation, data: Mapping[str, Any], expected_version: int
) -> Organisation:
    """Change an organisation read at ``expected_version``.

    The version is claimed with a conditional UPDATE; if someone saved in between, no row matches and
    ``ConflictError`` is raised with nothing written. The territory and kind may be repeated as they are
    (a client sending the whole record back) but not changed: see :func:`organisation_reach_change`.
    """
    _reach_changes_refused(organisation, data).raise_if_any()
    errors = apply_values(organisation, data, EDITABLE_FIELDS, {})
    _organisation_validate(organisation, errors)
    _organisation_save_version(organisation, expected_version, [name for name in EDITABLE_FIELDS if name in data])
    return organisation


def _reach_changes_refused(organisation: Organisation, data: Mapping[str, Any]) -> FieldErrors:
    errors = FieldErrors()
    if "kind" in data and data["kind"] not in (None, "") and str(data["kind"]) != organisation.kind:
        errors.add("kind", REACH_LOCKED_MESSAGE, code="reach_locked")
    if "municipality" in data and data["municipality"] not in (None, ""):
        value = data["municipality"]
        code = value.code if isinstance(value, Unit) else str(value).strip()
        if code != organisation.municipality_id:
            errors.add("municipality", REACH_LOCKED_MESSAGE, code="reach_locked")
    return errors


def _organisation_save_version(organisation: Organisation, expected_version: int, changed: list[str]) -> None:
    organisation_fill_derived(organisation)
    claimed = Organisation.objects.filter(pk=organisation.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if claimed != 1:
        raise ConflictError(str(CONFLICT_MESSAGE))
    organisation.version = expected_version + 1
    save_or_duplicate(
        organisation,
        organisation,
        update_fields=[*changed, "sort_name", "search_text", "version", "updated_at"],
    )


@transaction.atomic
def organisation_reach_change(
    *, actor: User, organisation: Organisation, data: Mapping[str, Any], reason: str, expected_version: int
) -> Organisation:
    """Change the territory (municipality) or kind of an organisation, from above it, with a reason.

    An administrator may change both anyhow. The register officer of the voivodeship may change them for a
    public body of that voivodeship, keeping it a public body in the same voivodeship (a voivode's office is
    changed by an administrator only). A kind that some member's role cannot exist in is refused until that
    role is revoked. Every change is recorded with who, when and why (:class:`ReachChange`).
    """
    if not actor.has_perm("registry.change_reach", organisation):
        raise PermissionDenied
    text = reason_clean(reason)
    before = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    errors = apply_values(organisation, data, REACH_FIELDS, {"municipality": Level.MUNICIPALITY})
    after = {"kind": organisation.kind, "municipality": organisation.municipality_id}
    if not actor.is_superuser and not errors:
        if organisation.kind not in PUBLIC_BODY_KINDS or organisation.kind == OrganisationKind.VOIVODE_OFFICE:
            errors.add("kind", _("A register officer may choose only the kind of a public body."), code="reach_kind")
        if organisation.voivodeship_code != before["municipality"][:2]:
            errors.add(
                "municipality",
                _("A register officer may move an organisation only within their own voivodeship."),
                code="reach_territory",
            )
    if after["kind"] != before["kind"] and "kind" not in errors:
        errors.update(_roles_that_cannot_stay(organisation))
    _organisation_validate(organisation, errors)
    if after == before:
        raise ValidationError(_("Nothing was changed: choose another municipality or kind."), code="unchanged")
    _organisation_save_version(organisation, expected_version, list(REACH_FIELDS))
    changes = {name: [before[name], after[name]] for name in REACH_FIELDS if before[name] != after[name]}
    reach_change_record(
        actor=actor, organisation=organisation, kind=ReachChangeKind.TERRITORY_KIND, changes=changes, reason=text
    )
    return organisation


def _roles_that_cannot_stay(organisation: Organisation) -> dict[str, list]:
    memberships = organisation.memberships
    held = set(memberships.values_list("role", flat=True))
    blocking = sorted(role for role in held if not kind_may_hold_role(organisation.kind, role))
    if not blocking:
        return {}
    labels = choice_labels(memberships.model, "role")
    return {
        "kind": [
            ValidationError(
                _(
                    "Members hold roles that cannot exist in an organisation of this kind: %(roles)s. "
                    "Revoke them first."
                ),
                code="roles_block_kind",
                params={"roles": ", ".join(str(labels[role]) for role in blocking)},
            )
        ]
    }
