"""Partners of a launch (F2.2): the invitation of the CIS/KIS of the county and the OWES of the voivodeship when
the launch is announced (in the application and by e-mail through the background worker), each partner's answer —
a refusal, or structured commitments (recruitment, training modules of the services' card programme, workshops,
mentoring; what and by when) — and the cooperation agreement of ``agreements`` drafted from the commitments when
recruitment starts (one obligation per commitment)."""

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.agreements.agreement_services import agreement_create_with_obligations
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.launches.models import (
    PARTNER_MACHINE,
    Commitment,
    CommitmentKind,
    Launch,
    LaunchPartner,
    LaunchState,
    PartnerEvent,
    PartnerKind,
    PartnerState,
)
from kooperacja.launches.rules import PARTNER_ROLES, PZS_KINDS
from kooperacja.launches.services import user_or_none
from kooperacja.notifications.services import notify, notify_by_email
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import OrganisationKind

INVITATION_TITLE = gettext_noop("Invitation to the launch of a package of social services: %(title)s")
INVITATION_BODY = gettext_noop(
    "%(owner)s launches a package of social services in %(municipality)s and invites your organisation to take part. "
    "Answer on the launch's page: decline, or commit to recruitment, training, workshops or mentoring."
)
ANSWERED_TITLE = gettext_noop("%(partner)s answered the invitation to “%(title)s”")
MAX_ITEMS = 30


def launch_link(launch: Launch) -> str:
    return reverse("launches:detail", kwargs={"public_id": launch.public_id})


def partners_invite(*, launch: Launch) -> int:
    """Invite the active CIS/KIS of the launch's county and the OWES of its voivodeship (each once) and tell their
    staff and advisors; return how many organisations were invited."""
    code = launch.municipality_id
    found = [
        (organisation, PartnerKind.PZS)
        for organisation in registry.organisations(kinds=PZS_KINDS, active=True, voivodeships=[code[:4]])
    ] + [
        (organisation, PartnerKind.OWES)
        for organisation in registry.organisations(kinds=[OrganisationKind.OWES], active=True, voivodeships=[code[:2]])
    ]
    existing = set(launch.partners.values_list("organisation_id", flat=True))
    params = {
        "title": launch.title,
        "owner": launch.owner.name,
        "municipality": launch.municipality.name,
    }
    link = launch_link(launch)
    invited = 0
    for organisation, kind in found:
        if organisation.pk in existing:
            continue
        partner = LaunchPartner.objects.create(launch=launch, organisation=organisation, kind=kind)
        PartnerEvent.objects.create(partner=partner, from_state="", to_state=PartnerState.INVITED, note="")
        recipients = list(users_with_roles_in(organisation_id=organisation.pk, roles=PARTNER_ROLES))
        notify(recipients=recipients, kind="launches.invitation", title=INVITATION_TITLE, link=link, params=params)
        notify_by_email(recipients=recipients, title=INVITATION_TITLE, body=INVITATION_BODY, link=link, params=params)
        invited += 1
    return invited


def _locked(partner: LaunchPartner, version: int) -> None:
    if partner.state != PartnerState.INVITED:
        raise ValidationError(
            _("Your organisation has already answered this invitation (%(state)s).")
            % {"state": partner.get_state_display()},
            code="answered",
        )
    if partner.launch.state not in (LaunchState.ANNOUNCED, LaunchState.RECRUITING):
        raise ValidationError(_("The launch no longer takes answers to its invitations."), code="closed")
    if version != partner.version:
        raise ConflictError(_("Someone else answered for your organisation in the meantime. Reload the page."))


def _move(partner: LaunchPartner, target: str, *, actor, note: str = "", extra=None) -> LaunchPartner:
    return transition(
        partner,
        machine=PARTNER_MACHINE,
        target=target,
        actor=actor,
        event_model=PartnerEvent,
        field="state",
        note=note,
        extra_updates={
            **(extra or {}),
            "version": partner.version + 1,
            "answered_at": timezone.now(),
            "answered_by": user_or_none(actor),
        },
        partner=partner,
    )


def _tell_owner(partner: LaunchPartner) -> None:
    from kooperacja.launches.rules import MANAGER_ROLES

    launch = partner.launch
    notify(
        recipients=users_with_roles_in(organisation_id=launch.owner_id, roles=MANAGER_ROLES),
        kind="launches.answer",
        title=ANSWERED_TITLE,
        link=launch_link(launch),
        params={"partner": partner.organisation.name, "title": launch.title},
    )


def partner_decline(*, actor, partner: LaunchPartner, version: int, reason: str = "") -> LaunchPartner:
    PARTNER_MACHINE.check_permission(actor, partner, PartnerState.DECLINED)
    _locked(partner, version)
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2,000 characters.")})
    with transaction.atomic():
        _move(partner, PartnerState.DECLINED, actor=actor, note=reason[:500], extra={"decline_reason": reason})
        _tell_owner(partner)
    return partner


def modules_for(launch: Launch) -> list:
    """The CIS and KIS programme modules of the launched services' card versions (what training can be given)."""
    modules: list = []
    for service in launch.services.select_related("card_version"):
        for variant in ("cis", "kis"):
            modules.extend(catalogue.programme_modules_of(card_version=service.card_version, variant=variant))
    return modules


def _items_checked(launch: Launch, partner: LaunchPartner, items: Sequence[Mapping[str, Any]]) -> list[dict]:
    errors = FieldErrors()
    modules = {module.pk: module for module in modules_for(launch)}
    checked: list[dict] = []
    for item in items:
        kind = item.get("kind") or ""
        description = (item.get("description") or "").strip()
        if not kind and not description:
            continue
        if kind not in CommitmentKind.values:
            errors.add("items", _("Choose what each item commits to."))
            continue
        row: dict[str, Any] = {"kind": kind, "description": description[:500], "due_on": item.get("due_on")}
        if not row["due_on"]:
            errors.add("items", _("Enter by when each item will be done."))
        plausible.check(errors, {"items": (plausible.OBLIGATION_DUE, row["due_on"])})
        if kind == CommitmentKind.RECRUITMENT:
            try:
                row["candidates"] = int(item.get("candidates") or 0)
            except (TypeError, ValueError):
                row["candidates"] = 0
            if not 1 <= row["candidates"] <= 100:
                errors.add("items", _("Say how many candidates you will recruit (1–100)."))
            if partner.kind != PartnerKind.PZS:
                errors.add("items", _("Candidates are recruited by a CIS or KIS."))
            if not description:
                row["description"] = _("Recruitment of %(count)s candidates") % {"count": row["candidates"]}
        elif kind == CommitmentKind.TRAINING:
            module = item.get("module")
            module_id = getattr(module, "pk", module)
            try:
                module = modules.get(int(str(module_id))) if module_id not in (None, "") else None
            except (TypeError, ValueError):
                module = None
            if module is None:
                errors.add("items", _("Choose a module of the launched services' programme for each training."))
            else:
                row["module"] = module
                if not description:
                    row["description"] = _("Training: %(module)s (%(hours)s h)") % {
                        "module": module.title,
                        "hours": module.hours,
                    }
        elif not description:
            errors.add("items", _("Say what each workshop or mentoring item is."))
        checked.append(row)
    if not checked and "items" not in errors:
        errors.add("items", _("Commit to at least one item, or decline the invitation."))
    if len(checked) > MAX_ITEMS:
        errors.add("items", _("At most %(count)s items.") % {"count": MAX_ITEMS})
    errors.raise_if_any()
    return checked


def partner_commit(*, actor, partner: LaunchPartner, version: int, items: Sequence[Mapping[str, Any]]) -> LaunchPartner:
    """The partner commits with structured items; a second answer is refused and nothing is written."""
    PARTNER_MACHINE.check_permission(actor, partner, PartnerState.COMMITTED)
    _locked(partner, version)
    rows = _items_checked(partner.launch, partner, items)
    with transaction.atomic():
        _move(partner, PartnerState.COMMITTED, actor=actor)
        Commitment.objects.bulk_create([Commitment(partner=partner, **row) for row in rows])
        _tell_owner(partner)
    return partner


def agreement_draft(*, launch: Launch) -> None:
    """Draft the cooperation agreement between the launching organisation and the committed partners with one
    obligation per commitment item (nothing when no partner committed)."""
    committed = list(
        launch.partners.filter(state=PartnerState.COMMITTED)
        .select_related("organisation")
        .prefetch_related("commitments")
    )
    if not committed or launch.agreement_id is not None:
        return
    today = timezone.localdate()
    items = [
        (partner.organisation, commitment.description, commitment.due_on)
        for partner in committed
        for commitment in partner.commitments.all()
    ]
    last = max((due for _organisation, _what, due in items), default=today)
    agreement, obligations = agreement_create_with_obligations(
        actor=None,
        organisations=[launch.owner, *(partner.organisation for partner in committed)],
        data={
            "subject": (_("Cooperation in the launch “%(title)s”") % {"title": launch.title})[:300],
            "scope": launch.description[:4000],
            "valid_from": today,
            "valid_to": max(last, today) + timedelta(days=365),
            "review_on": today + timedelta(days=180),
        },
        obligations=items,
    )
    position = 0
    for partner in committed:
        for commitment in partner.commitments.all():
            commitment.obligation = obligations[position]
            commitment.save(update_fields=["obligation"])
            position += 1
    launch.agreement = agreement
    type(launch).objects.filter(pk=launch.pk).update(agreement=agreement)
