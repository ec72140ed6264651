"""The call for candidates and the applications (F2.3).

The call states its dates (server clock), places, eligibility rules as data (the categories of art. 4 of the social
cooperatives act, the minimum age, residence in the municipality or county) and the selection criteria with their
weights and tie rule; publishing it (with the launch's move to recruiting) creates the ``selection`` Selection from
them, so the criteria are published with the call. An application — a participant put forward by a committed
CIS/KIS, or a direct applicant entered from the paper form by the launching organisation — is checked against the
deadline and the rules at submission (nothing is saved when it fails), is unique per person per call (blind index
of the PESEL) and becomes an entry of the selection; the entry's access code is returned once, for the printed
confirmation."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.crypto import blind_index, encrypt
from kooperacja.core.errors import ConflictError, FieldErrors
from kooperacja.core.fsm import transition
from kooperacja.launches.models import (
    APPLICATION_MACHINE,
    Application,
    ApplicationEvent,
    ApplicationSource,
    ApplicationState,
    Call,
    Eligibility,
    Launch,
    LaunchState,
    Residence,
)
from kooperacja.launches.rules import referring_organisation_ids
from kooperacja.launches.services import claim, user_or_none
from kooperacja.selection import selectors as selection_selectors
from kooperacja.selection import services as selection_services
from kooperacja.selection.models import TieRule
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Level
from kooperacja.training.services.persons import pesel_validate

# The version of the consent text shown to candidates (templates/launches/consent.html); a new text, a new version.
CONSENT_VERSION = "2026-1"
CALL_STATES = frozenset({LaunchState.DRAFT, LaunchState.ANNOUNCED})
APPLYING_STATES = frozenset({LaunchState.RECRUITING, LaunchState.TRAINING})
MAX_CRITERIA = 20


def _criteria_checked(errors: FieldErrors, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    criteria: list[dict[str, Any]] = []
    for row in rows:
        name = (row.get("name") or "").strip()
        if not name and not row.get("weight"):
            continue
        try:
            weight = float(row.get("weight") or 0)
            max_points = int(row.get("max_points") or 0)
        except (TypeError, ValueError):
            weight, max_points = 0, 0
        if not name or len(name) > 200 or weight <= 0 or weight > 100 or not 1 <= max_points <= 100:
            errors.add("criteria", _("Give each criterion a name, a weight above 0 (at most 100) and 1–100 points."))
            continue
        criteria.append(
            {
                "name": name,
                "description": (row.get("description") or "").strip()[:2000],
                "weight": str(row.get("weight")).strip(),
                "max_points": max_points,
            }
        )
    if not criteria and "criteria" not in errors:
        errors.add("criteria", _("Publish at least one selection criterion with the call."))
    if len(criteria) > MAX_CRITERIA:
        errors.add("criteria", _("At most %(count)s criteria.") % {"count": MAX_CRITERIA})
    return criteria


def _call_checked(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    values: dict[str, Any] = {}
    opens_at, deadline = data.get("opens_at"), data.get("deadline")
    if not isinstance(opens_at, datetime):
        errors.add("opens_at", _("Enter when applications open."))
    if not isinstance(deadline, datetime):
        errors.add("deadline", _("Enter the deadline for applications."))
    elif isinstance(opens_at, datetime) and deadline <= opens_at:
        errors.add("deadline", _("The deadline comes after the opening."))
    values["opens_at"], values["deadline"] = opens_at, deadline
    try:
        places = int(data.get("places") or 0)
    except (TypeError, ValueError):
        places = 0
    if not 1 <= places <= 100:
        errors.add("places", _("Enter the number of places (1–100)."))
    values["places"] = places
    categories = [code for code in (data.get("categories") or []) if code]
    if not categories:
        errors.add("categories", _("Choose at least one category of eligible persons."))
    elif any(code not in Eligibility.values for code in categories):
        errors.add("categories", _("Choose categories from the list."))
    values["categories"] = sorted(set(categories))
    try:
        min_age = int(data.get("min_age") or 18)
    except (TypeError, ValueError):
        min_age = 0
    if not 18 <= min_age <= 99:
        errors.add("min_age", _("A founder of a social cooperative is an adult: 18 years or more."))
    values["min_age"] = min_age
    residence = data.get("residence") or Residence.MUNICIPALITY
    if residence not in Residence.values:
        errors.add("residence", _("Choose the residence required."))
    values["residence"] = residence
    values["information"] = (data.get("information") or "").strip()[:4000]
    values["criteria"] = _criteria_checked(errors, data.get("criteria") or [])
    tie_rule = data.get("tie_rule") or ""
    if tie_rule not in TieRule.values:
        errors.add("tie_rule", _("Choose the rule that breaks ties."))
    values["tie_rule"] = tie_rule
    try:
        appeal_days = int(data.get("appeal_days") or 0)
    except (TypeError, ValueError):
        appeal_days = 0
    if not 1 <= appeal_days <= 60:
        errors.add("appeal_days", _("Enter the days for appeals (1–60)."))
    values["appeal_days"] = appeal_days
    errors.raise_if_any()
    return values


def call_save(*, actor, launch: Launch, data: Mapping[str, Any], expected_version: int) -> Call:
    """Write the launch's call (create or edit) before it is published; the launch's version is claimed."""
    if actor is not None and not actor.has_perm("launches.manage_launch", launch):
        raise PermissionDenied
    if launch.state not in CALL_STATES:
        raise ValidationError(_("The call can be changed only before it is published."))
    values = _call_checked(data)
    with transaction.atomic():
        claim(launch, expected_version, CALL_STATES)
        call, _created = Call.objects.update_or_create(launch=launch, defaults=values)
    return call


def call_publish(*, actor, launch: Launch) -> Call:
    """Publish the call with the launch's move to recruiting: the selection with the call's criteria, weights and
    tie rule is created and published. Called inside that transaction."""
    call = Call.objects.filter(launch=launch).first()
    if call is None:
        raise ValidationError(_("Write the call for candidates before recruitment starts."))
    if call.deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline for applications has passed: change it first.")})
    selection = selection_services.selection_create(
        actor=actor,
        kind="launch",
        owner=launch.owner,
        subject_key=launch.subject_key,
        title=launch.title,
        places=call.places,
        threshold=None,
        tie_rule=call.tie_rule,
        appeal_days=call.appeal_days,
    )
    for row in call.criteria:
        selection_services.criterion_add(
            actor=actor,
            selection=selection,
            name=row["name"],
            description=row.get("description", ""),
            weight=row["weight"],
            max_points=row["max_points"],
        )
    selection_services.selection_publish(actor=actor, selection=selection, version=selection.version)
    call.selection_public_id = selection.public_id
    call.published_at = timezone.now()
    call.save(update_fields=["selection_public_id", "published_at"])
    return call


def selection_of(call: Call | None):
    """The selection of the call's launch (None before the call is published)."""
    if call is None or call.selection_public_id is None:
        return None
    return selection_selectors.selections_for_subject(kind="launch", subject_key=call.launch.subject_key).first()


def selection_cancel_for(*, actor, launch: Launch, reason: str) -> None:
    """A cancelled launch cancels its selection (if any and not yet confirmed)."""
    selection = selection_of(Call.objects.filter(launch=launch).first())
    if selection is not None and selection.state not in ("confirmed", "cancelled"):
        selection_services.selection_cancel(actor=None, selection=selection, version=selection.version, reason=reason)


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _eligibility_checked(
    errors: FieldErrors, call: Call, *, birth_date: date | None, residence, categories, justification: str
) -> None:
    today = timezone.localdate()
    if birth_date is not None and _age_on(birth_date, today) < call.min_age:
        errors.add(
            "birth_date",
            _("The candidate must be at least %(age)s years old on the day of the application.")
            % {"age": call.min_age},
        )
    launch = call.launch
    if residence is not None:
        required = launch.municipality_id if call.residence == Residence.MUNICIPALITY else launch.municipality_id[:4]
        if not residence.code.startswith(required):
            errors.add(
                "residence",
                _("The call is for residents of the municipality %(name)s.") % {"name": launch.municipality.name}
                if call.residence == Residence.MUNICIPALITY
                else _("The call is for residents of the county of %(name)s.") % {"name": launch.municipality.name},
            )
    if not categories:
        errors.add("categories", _("Choose the categories the candidate belongs to."))
    elif not set(categories) & set(call.categories):
        errors.add("categories", _("The candidate belongs to none of the categories the call is open to."))
    elif any(code not in Eligibility.values for code in categories):
        errors.add("categories", _("Choose categories from the list."))
    if Eligibility.OTHER in categories and not justification:
        errors.add("other_justification", _("Justify the other category."))


def _open_call(launch: Launch) -> Call:
    call = Call.objects.filter(launch=launch).select_related("launch", "launch__municipality").first()
    now = timezone.now()
    if call is None or call.published_at is None or launch.state not in APPLYING_STATES:
        raise ValidationError(_("The launch takes no applications now."), code="closed")
    if now < call.opens_at:
        raise ValidationError(_("Applications open on %(date)s.") % {"date": timezone.localtime(call.opens_at)})
    if now > call.deadline:
        raise ValidationError(
            _("The deadline for applications passed on %(date)s; the application was not saved.")
            % {"date": timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M")},
            code="deadline",
        )
    return call


def _submit(*, actor, call: Call, values: dict[str, Any]) -> tuple[Application, str]:
    selection = selection_of(call)
    if selection is None:
        raise ValidationError(_("The launch takes no applications now."), code="closed")
    duplicate = _("This person has already applied to this call.")
    if Application.objects.filter(call=call, pesel_index=values["pesel_index"]).exists():
        raise ValidationError({"pesel": duplicate}, code="duplicate")
    now = timezone.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                **values,
                consent_version=CONSENT_VERSION,
                consent_recorded_at=now,
                consent_recorded_by=user_or_none(actor),
                submitted_at=now,
                submitted_by=user_or_none(actor),
            )
            entry, code = selection_services.entry_add(
                selection=selection,
                subject_key=application.subject_key,
                label=f"{application.first_name} {application.last_name}",
                submitted_at=now,
            )
            application.entry_code = entry.code
            application.save(update_fields=["entry_code"])
            ApplicationEvent.objects.create(
                application=application, from_state="", to_state=ApplicationState.SUBMITTED, actor=user_or_none(actor)
            )
    except IntegrityError:
        raise ValidationError({"pesel": duplicate}, code="duplicate") from None
    return application, code


def _common(errors: FieldErrors, data: Mapping[str, Any]) -> dict[str, Any]:
    if not data.get("consent"):
        errors.add("consent", _("The candidate's consent to the processing of their data is required."))
    categories = sorted({code for code in (data.get("categories") or []) if code})
    return {
        "categories": categories,
        "evidence_note": (data.get("evidence_note") or "").strip()[:2000],
        "other_justification": (data.get("other_justification") or "").strip()[:2000],
    }


def application_add_direct(*, actor, launch: Launch, data: Mapping[str, Any]) -> tuple[Application, str]:
    """A direct applicant entered from the paper form by the launching organisation; returns the application and
    the entry's access code (shown once, on the printed confirmation)."""
    if actor is not None and not actor.has_perm("launches.manage_launch", launch):
        raise PermissionDenied
    call = _open_call(launch)
    errors = FieldErrors()
    values = _common(errors, data)
    first_name = (data.get("first_name") or "").strip()[:100]
    last_name = (data.get("last_name") or "").strip()[:100]
    if not first_name:
        errors.add("first_name", _("Enter the first name."))
    if not last_name:
        errors.add("last_name", _("Enter the last name."))
    pesel = ""
    try:
        pesel = pesel_validate(data.get("pesel") or "")
    except ValidationError as error:
        errors.absorb(error)
    birth_date = data.get("birth_date")
    if not isinstance(birth_date, date):
        errors.add("birth_date", _("Enter the date of birth."))
        birth_date = None
    residence = data.get("residence")
    if isinstance(residence, str):
        residence = territory.unit_find(code=residence)
    if residence is None or residence.level != Level.MUNICIPALITY:
        errors.add("residence", _("Choose the municipality of residence."))
        residence = None
    if not (data.get("phone") or data.get("email")):
        errors.add("phone", _("Enter a phone number or an e-mail address to reach the candidate."))
    _eligibility_checked(
        errors,
        call,
        birth_date=birth_date,
        residence=residence,
        categories=values["categories"],
        justification=values["other_justification"],
    )
    errors.raise_if_any()
    values.update(
        source=ApplicationSource.DIRECT,
        first_name=first_name,
        last_name=last_name,
        pesel_encrypted=encrypt(pesel),
        pesel_index=blind_index(pesel),
        birth_date=birth_date,
        phone=(data.get("phone") or "").strip()[:30],
        email=(data.get("email") or "").strip()[:254],
        residence=residence,
    )
    return _submit(actor=actor, call=call, values=values)


def application_add_participant(
    *, actor, launch: Launch, participation, data: Mapping[str, Any]
) -> tuple[Application, str]:
    """A participant of the actor's CIS/KIS (a committed partner) put forward as a candidate, linked to their
    participation; the person's data are taken from the CIS/KIS's record."""
    if actor is not None and not actor.has_perm("launches.add_application", launch):
        raise PermissionDenied
    if (
        actor is not None
        and not actor.is_superuser
        and participation.organisation_id not in referring_organisation_ids(actor)
    ):
        raise PermissionDenied
    if participation.organisation_id not in set(
        launch.partners.filter(state="committed").values_list("organisation_id", flat=True)
    ):
        raise ValidationError(_("Only a committed CIS or KIS puts its participants forward."))
    call = _open_call(launch)
    errors = FieldErrors()
    values = _common(errors, data)
    person = participation.person
    _eligibility_checked(
        errors,
        call,
        birth_date=person.birth_date,
        residence=person.home_municipality,
        categories=values["categories"],
        justification=values["other_justification"],
    )
    errors.raise_if_any()
    values.update(
        source=ApplicationSource.PARTICIPANT,
        referred_by_id=participation.organisation_id,
        participation=participation,
        first_name=person.first_name,
        last_name=person.last_name,
        pesel_encrypted=person.pesel_encrypted,
        pesel_index=person.pesel_index,
        birth_date=person.birth_date,
        phone=person.phone,
        email=person.email,
        residence=person.home_municipality,
    )
    return _submit(actor=actor, call=call, values=values)


def application_withdraw(*, actor, application: Application, version: int, reason: str) -> Application:
    """Withdraw an application before the ranking (its selection entry is withdrawn too)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    if version != application.version:
        raise ConflictError(_("Someone else changed this application in the meantime. Reload the page."))
    with transaction.atomic():
        transition(
            application,
            machine=APPLICATION_MACHINE,
            target=ApplicationState.WITHDRAWN,
            actor=actor,
            event_model=ApplicationEvent,
            field="state",
            note=reason[:500],
            extra_updates={"version": application.version + 1, "withdraw_reason": reason[:500]},
            application=application,
        )
        selection = selection_of(application.call)
        if selection is not None:
            selection_services.entry_withdraw(selection=selection, subject_key=application.subject_key, reason=reason)
    return application


def applications_settle(*, launch: Launch) -> None:
    """After the confirmation: each submitted application is selected or not, with its position in the ranking."""
    call = Call.objects.filter(launch=launch).first()
    selection = selection_of(call)
    if selection is None:
        return
    rows = {row.entry.subject_key: row for row in selection_selectors.ranking_rows(selection)}
    for application in Application.objects.filter(call=call, state=ApplicationState.SUBMITTED):
        row = rows.get(application.subject_key)
        target = ApplicationState.SELECTED if row is not None and row.selected else ApplicationState.NOT_SELECTED
        transition(
            application,
            machine=APPLICATION_MACHINE,
            target=target,
            actor=None,
            event_model=ApplicationEvent,
            field="state",
            extra_updates={"version": application.version + 1, "rank": row.position if row is not None else None},
            application=application,
        )
