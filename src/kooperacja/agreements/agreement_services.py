"""Writes of cooperation agreements: the draft (subject, validity, review date, obligations, signatories), each
party's signature for itself, putting in force, amendments once agreed, obligations marked done, the end and the
termination. Every write of an agreement claims its version with a conditional UPDATE, so two people editing at
once never overwrite each other silently (the second gets a ConflictError)."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.agreements.models import (
    AGREEMENT_MACHINE,
    Agreement,
    AgreementEvent,
    AgreementParty,
    AgreementStatus,
    Amendment,
    Obligation,
    ObligationStatus,
    ProgrammeOffer,
    Signatory,
)
from kooperacja.agreements.rules import PARTY_ROLES, party_organisation_ids, signing_organisation_ids
from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.core.text import short_date
from kooperacja.notifications.services import notify
from kooperacja.registry.models import Organisation

# States in which the text may still change: as a draft (signatures cleared) or by an amendment.
AMENDABLE = (AgreementStatus.AGREED, AgreementStatus.IN_FORCE)
CONFLICT = gettext_noop("Someone else changed this agreement in the meantime. Nothing was saved; reload and repeat.")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _link(agreement: Agreement) -> str:
    return reverse("agreements:agreement-detail", kwargs={"public_id": agreement.public_id})


def _check_party(actor, agreement: Agreement) -> None:
    if actor is not None and not actor.has_perm("agreements.act_for_agreement", agreement):
        raise PermissionDenied


def _terms_checked(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {
        "subject": (data.get("subject") or "").strip(),
        "scope": (data.get("scope") or "").strip(),
        "valid_from": data.get("valid_from"),
        "valid_to": data.get("valid_to"),
        "review_on": data.get("review_on"),
    }
    if not values["subject"]:
        errors.add("subject", _("Enter the subject of the agreement."))
    elif len(values["subject"]) > 300:
        errors.add("subject", _("At most 300 characters."))
    if len(values["scope"]) > 4000:
        errors.add("scope", _("At most 4,000 characters."))
    for name, message in (
        ("valid_from", _("Enter the start of the validity.")),
        ("valid_to", _("Enter the end of the validity.")),
        ("review_on", _("Enter the review date.")),
    ):
        if not values[name]:
            errors.add(name, message)
    plausible.check(
        errors,
        {
            "valid_from": (plausible.VALID_FROM, values["valid_from"]),
            "valid_to": (plausible.VALID_TO, values["valid_to"]),
            "review_on": (plausible.REVIEW_DATE, values["review_on"]),
        },
    )
    if (
        "review_on" not in errors
        and "valid_to" not in errors
        and values["review_on"]
        and values["valid_to"]
        and values["review_on"] > values["valid_to"]
    ):
        errors.add("review_on", _("The review date falls within the validity."))
    errors.raise_if_any()
    return values


def agreement_create(
    *,
    actor,
    organisations: Iterable[Organisation],
    data: Mapping[str, Any],
    offer: ProgrammeOffer | None = None,
    created_by=None,
) -> Agreement:
    """The draft of an agreement between two or more organisations (an accepted contact request starts it)."""
    parties = list(dict.fromkeys(organisations))
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement has at least two parties.")})
    values = _terms_checked(data)
    with transaction.atomic():
        agreement = Agreement.objects.create(**values, offer=offer, created_by=_user(created_by or actor))
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=agreement, organisation=organisation, order=index)
            for index, organisation in enumerate(parties)
        )
        AgreementEvent.objects.create(
            agreement=agreement,
            from_state="",
            to_state=AgreementStatus.DRAFT,
            actor=_user(created_by or actor),
            note=_("Draft started"),
        )
    return agreement


def agreement_create_with_obligations(
    *,
    actor,
    organisations: Iterable[Organisation],
    data: Mapping[str, Any],
    obligations: Iterable[tuple[Organisation, str, date]],
) -> tuple[Agreement, list[Obligation]]:
    """The draft of an agreement with its parties and their obligations (party, what, by when) in one call: an app
    that recorded structured commitments (a launch's partners) turns them into an agreement to sign. Every party of
    an obligation must be a party of the agreement; nothing is saved when anything is wrong."""
    rows = list(obligations)
    parties = list(dict.fromkeys(organisations))
    errors = FieldErrors()
    for organisation, description, due_on in rows:
        if organisation not in parties:
            errors.add("obligations", _("Every obligation belongs to a party of the agreement."))
        if not (description or "").strip() or len(description) > 500:
            errors.add("obligations", _("Say what the party undertakes (at most 500 characters)."))
        if not due_on:
            errors.add("obligations", _("Enter by when."))
    errors.raise_if_any()
    with transaction.atomic():
        agreement = agreement_create(actor=actor, organisations=parties, data=data)
        party_of = {party.organisation_id: party for party in agreement.parties.all()}
        created = [
            Obligation.objects.create(
                agreement=agreement,
                party=party_of[organisation.pk],
                description=description.strip(),
                due_on=due_on,
            )
            for organisation, description, due_on in rows
        ]
    return agreement, created


def _claim(agreement: Agreement, expected_version: int | None, statuses) -> None:
    """Take the agreement's next version if it is still the one read and in one of ``statuses`` (in a transaction);
    ``None``: the version the caller holds (a button on a page just read)."""
    version = agreement.version if expected_version is None else expected_version
    claimed = Agreement.objects.filter(pk=agreement.pk, version=version, status__in=list(statuses)).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if claimed != 1:
        current = Agreement.objects.filter(pk=agreement.pk).values_list("status", flat=True).first()
        if current not in statuses:
            raise ValidationError(
                _("This cannot be done while the agreement is “%(status)s”.") % {"status": _label(current)}
            )
        raise ConflictError(_(CONFLICT))
    agreement.version = version + 1


def _label(status) -> str:
    return str(dict(AgreementStatus.choices).get(status, status))


def _clear_signatures(agreement: Agreement) -> bool:
    cleared = AgreementParty.objects.filter(agreement=agreement, signed_at__isnull=False).update(
        signed_at=None, signed_by=None
    )
    return bool(cleared)


def _note(agreement: Agreement, actor, note: str) -> None:
    AgreementEvent.objects.create(
        agreement=agreement, from_state=agreement.status, to_state=agreement.status, actor=_user(actor), note=note[:500]
    )


def _amend(agreement: Agreement, actor, summary: str, changes: dict) -> Amendment:
    number = (agreement.amendments.aggregate(top=Max("number"))["top"] or 0) + 1
    amendment = Amendment.objects.create(
        agreement=agreement, number=number, summary=summary, changes=changes, made_by=_user(actor)
    )
    _note(agreement, actor, _("Amendment no. %(number)s: %(summary)s") % {"number": number, "summary": summary})
    return amendment


def agreement_update(*, actor, agreement: Agreement, data: Mapping[str, Any], expected_version: int) -> Agreement:
    """Edit the draft's terms; the parties' signatures given so far are cleared (they signed another text)."""
    _check_party(actor, agreement)
    values = _terms_checked(data)
    with transaction.atomic():
        _claim(agreement, expected_version, [AgreementStatus.DRAFT])
        for name, value in values.items():
            setattr(agreement, name, value)
        agreement.save(update_fields=[*values, "updated_at"])
        note = _("Draft changed")
        if _clear_signatures(agreement):
            note = _("Draft changed: the signatures given were cleared")
        _note(agreement, actor, note)
    return agreement


def agreement_amend(*, actor, agreement: Agreement, data: Mapping[str, Any], expected_version: int) -> Amendment:
    """Change an agreed or in-force agreement's validity or review date by a numbered amendment with a summary."""
    _check_party(actor, agreement)
    summary = (data.get("summary") or "").strip()
    errors = FieldErrors()
    if not summary:
        errors.add("summary", _("Say what the amendment changes."))
    values = _terms_checked({**_terms(agreement), **{k: v for k, v in data.items() if v not in (None, "")}})
    errors.raise_if_any()
    changes = {
        name: [str(getattr(agreement, name)), str(values[name])]
        for name in ("valid_to", "review_on", "scope")
        if values[name] != getattr(agreement, name)
    }
    with transaction.atomic():
        _claim(agreement, expected_version, AMENDABLE)
        for name in changes:
            setattr(agreement, name, values[name])
        agreement.save(update_fields=[*changes, "updated_at"])
        return _amend(agreement, actor, summary[:2000], changes)


def _terms(agreement: Agreement) -> dict[str, Any]:
    return {name: getattr(agreement, name) for name in ("subject", "scope", "valid_from", "valid_to", "review_on")}


def _party(agreement: Agreement, party_id, errors: FieldErrors, field: str = "party") -> AgreementParty | None:
    party = agreement.parties.select_related("organisation").filter(pk=party_id).first() if party_id else None
    if party is None:
        errors.add(field, _("Choose a party of the agreement."))
    return party


def obligation_add(*, actor, agreement: Agreement, data: Mapping[str, Any], expected_version: int) -> Obligation:
    """An obligation of one party (what, by when). In a draft the signatures are cleared; once agreed it is an
    amendment."""
    _check_party(actor, agreement)
    errors = FieldErrors()
    party = _party(agreement, data.get("party"), errors)
    description = (data.get("description") or "").strip()
    if not description:
        errors.add("description", _("Say what the party undertakes."))
    elif len(description) > 500:
        errors.add("description", _("At most 500 characters."))
    due_on = data.get("due_on")
    if not due_on:
        errors.add("due_on", _("Enter by when."))
    plausible.check(errors, {"due_on": (plausible.OBLIGATION_DUE, due_on)})
    errors.raise_if_any()
    assert party is not None and due_on is not None
    with transaction.atomic():
        _claim(agreement, expected_version, [AgreementStatus.DRAFT, *AMENDABLE])
        obligation = Obligation.objects.create(agreement=agreement, party=party, description=description, due_on=due_on)
        if agreement.status == AgreementStatus.DRAFT:
            _clear_signatures(agreement)
            _note(agreement, actor, _("Obligation added: %(what)s") % {"what": description})
        else:
            summary = _("Obligation of %(party)s added: %(what)s by %(date)s") % {
                "party": party.organisation.name,
                "what": description,
                "date": short_date(due_on),
            }
            _amend(agreement, actor, summary, {"obligation_added": obligation.pk})
    return obligation


def _locked_obligation(obligation: Obligation) -> Obligation:
    current = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if current.status != ObligationStatus.OPEN:
        raise ValidationError(_("This obligation is already “%(status)s”.") % {"status": current.get_status_display()})
    return current


def _set_obligation(obligation: Obligation, **values) -> None:
    """Write the obligation's new state (locked and checked open by the caller) and keep the object in step."""
    Obligation.objects.filter(pk=obligation.pk).update(**values)
    for name, value in values.items():
        setattr(obligation, name, value)


def obligation_done(*, actor, obligation: Obligation, note: str = "") -> Obligation:
    """A party records that the obligation was fulfilled (who and when); a second click is refused cleanly."""
    agreement = obligation.agreement
    _check_party(actor, agreement)
    if agreement.status not in AMENDABLE:
        raise ValidationError(_("Obligations are marked done while the agreement is agreed or in force."))
    with transaction.atomic():
        _locked_obligation(obligation)
        _set_obligation(
            obligation,
            status=ObligationStatus.DONE,
            done_at=timezone.now(),
            done_by=_user(actor),
            note=(note or "").strip()[:500],
        )
        _note(agreement, actor, _("Obligation done: %(what)s") % {"what": obligation.description})
    return obligation


def obligation_cancel(*, actor, obligation: Obligation, reason: str) -> Obligation:
    """A party cancels an open obligation with its reason (an amendment once the agreement was agreed)."""
    agreement = obligation.agreement
    _check_party(actor, agreement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if agreement.status not in (AgreementStatus.DRAFT, *AMENDABLE):
        raise ValidationError(_("The obligations of an ended agreement no longer change."))
    with transaction.atomic():
        _locked_obligation(obligation)
        _set_obligation(obligation, status=ObligationStatus.CANCELLED, note=reason[:500])
        summary = _("Obligation cancelled: %(what)s (%(reason)s)") % {"what": obligation.description, "reason": reason}
        if agreement.status == AgreementStatus.DRAFT:
            _note(agreement, actor, summary)
        else:
            _amend(agreement, actor, summary[:2000], {"obligation_cancelled": obligation.pk})
    return obligation


def signatory_add(*, actor, agreement: Agreement, data: Mapping[str, Any], expected_version: int) -> Signatory:
    """A representative of a party who will sign (name and function). A user adds those of their own party, before
    it signs."""
    _check_party(actor, agreement)
    errors = FieldErrors()
    party = _party(agreement, data.get("party"), errors)
    if (
        party is not None
        and actor is not None
        and not actor.is_superuser
        and party.organisation_id not in party_organisation_ids(actor)
    ):
        errors.add("party", _("You add the signatories of your own organisation."))
    if party is not None and party.signed_at is not None:
        errors.add("party", _("This party has signed already."))
    name = (data.get("name") or "").strip()
    function = (data.get("function") or "").strip()
    if not name:
        errors.add("name", _("Enter the name."))
    if not function:
        errors.add("function", _("Enter the function."))
    for field, value in (("name", name), ("function", function)):
        if len(value) > 150:
            errors.add(field, _("At most 150 characters."))
    errors.raise_if_any()
    assert party is not None
    with transaction.atomic():
        _claim(agreement, expected_version, [AgreementStatus.DRAFT])
        signatory = Signatory.objects.create(agreement=agreement, party=party, name=name, function=function)
        _note(
            agreement,
            actor,
            _("Signatory of %(party)s: %(function)s") % {"party": party.organisation.name, "function": function},
        )
    return signatory


def agreement_sign(*, actor, agreement: Agreement, organisation_id: int, expected_version: int | None = None):
    """A party signs (confirms) the draft for itself: only its own user may (``actor`` None: the system, as the
    demo does). Refused without its signatories or without any obligation; a party signs once. When the last party
    signs, the agreement is agreed and every party is told."""
    party = agreement.parties.select_related("organisation").filter(organisation_id=organisation_id).first()
    if party is None:
        raise ValidationError({"party": _("This organisation is not a party of the agreement.")})
    if actor is not None and organisation_id not in signing_organisation_ids(actor):
        raise PermissionDenied
    errors = FieldErrors()
    if not party.signatories.exists():
        errors.add("party", _("Name the signatories of %(party)s first.") % {"party": party.organisation.name})
    if not agreement.obligations.exclude(status=ObligationStatus.CANCELLED).exists():
        errors.add("obligations", _("An agreement states at least one obligation."))
    errors.raise_if_any()
    with transaction.atomic():
        _claim(agreement, expected_version, [AgreementStatus.DRAFT])
        signed = AgreementParty.objects.filter(pk=party.pk, signed_at__isnull=True).update(
            signed_at=timezone.now(), signed_by=_user(actor)
        )
        if signed != 1:
            raise ValidationError(_("%(party)s has signed already.") % {"party": party.organisation.name})
        _note(agreement, actor, _("Signed for %(party)s") % {"party": party.organisation.name})
        if not AgreementParty.objects.filter(agreement=agreement, signed_at__isnull=True).exists():
            transition(
                agreement,
                machine=AGREEMENT_MACHINE,
                target=AgreementStatus.AGREED,
                actor=actor,
                event_model=AgreementEvent,
                note=_("Signed by every party"),
                extra_updates={"agreed_on": timezone.localdate(), "version": agreement.version + 1},
                agreement=agreement,
            )
            _tell_parties(agreement, gettext_noop("The agreement “%(subject)s” was signed by every party."))
    return agreement


def _tell_parties(agreement: Agreement, title: str) -> None:
    for party in agreement.parties.all():
        notify(
            recipients=users_with_roles_in(organisation_id=party.organisation_id, roles=PARTY_ROLES),
            kind="agreements.agreement",
            title=title,
            params={"subject": agreement.subject},
            link=_link(agreement),
        )


def _move(agreement: Agreement, target: str, *, actor, note: str = "", extra=None) -> Agreement:
    return transition(
        agreement,
        machine=AGREEMENT_MACHINE,
        target=target,
        actor=actor,
        event_model=AgreementEvent,
        note=note,
        extra_updates={**(extra or {}), "version": agreement.version + 1},
        agreement=agreement,
    )


def agreement_enforce(*, actor, agreement: Agreement, today: date | None = None) -> Agreement:
    """A party puts the agreed agreement in force, from the start of its validity on."""
    AGREEMENT_MACHINE.check_permission(actor, agreement, AgreementStatus.IN_FORCE)
    today = today or timezone.localdate()
    if agreement.valid_from > today:
        raise ValidationError(
            _("The agreement is valid from %(date)s: it is put in force from that day.")
            % {"date": short_date(agreement.valid_from)}
        )
    with transaction.atomic():
        _move(agreement, AgreementStatus.IN_FORCE, actor=actor)
        _tell_parties(agreement, gettext_noop("The agreement “%(subject)s” is in force."))
    return agreement


def agreement_end(*, actor, agreement: Agreement, today: date | None = None) -> Agreement:
    """The agreement ends when its validity is over (before that, a party terminates it)."""
    AGREEMENT_MACHINE.check_permission(actor, agreement, AgreementStatus.ENDED)
    today = today or timezone.localdate()
    if agreement.valid_to >= today:
        raise ValidationError(
            _("The agreement is valid until %(date)s; to end it earlier, terminate it with reasons.")
            % {"date": short_date(agreement.valid_to)}
        )
    with transaction.atomic():
        return _move(agreement, AgreementStatus.ENDED, actor=actor)


def agreement_terminate(*, actor, agreement: Agreement, reason: str) -> Agreement:
    AGREEMENT_MACHINE.check_permission(actor, agreement, AgreementStatus.TERMINATED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reasons for the termination.")})
    with transaction.atomic():
        _move(
            agreement,
            AgreementStatus.TERMINATED,
            actor=actor,
            note=reason[:500],
            extra={"termination_reason": reason[:2000]},
        )
        _tell_parties(agreement, gettext_noop("The agreement “%(subject)s” was terminated."))
    return agreement


def agreements_lapse(*, today: date | None = None) -> int:
    """Agreements in force whose validity is over end by themselves (the daily job); returns how many."""
    today = today or timezone.localdate()
    count = 0
    for agreement in Agreement.objects.filter(status=AgreementStatus.IN_FORCE, valid_to__lt=today).order_by("id"):
        try:
            with transaction.atomic():
                _move(agreement, AgreementStatus.ENDED, actor=None, note=_("Validity ended"))
        except ConflictError:
            continue
        count += 1
    return count
