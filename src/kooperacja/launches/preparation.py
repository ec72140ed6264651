"""Preparation of the candidates: training sessions and workshops built from the launched services' card programme
modules (the title and hours are the card version's), led by a committed partner, with the hours each applicant
attended and their result (passed / not passed, a score). The selection's assessors may use them."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.errors import FieldErrors
from kooperacja.launches.models import (
    Application,
    ApplicationState,
    Launch,
    LaunchState,
    PartnerState,
    PreparationSession,
    ResultKind,
    SessionKind,
    SessionResult,
)
from kooperacja.launches.partners import modules_for
from kooperacja.launches.services import user_or_none

SESSION_STATES = frozenset({LaunchState.RECRUITING, LaunchState.TRAINING})
RESULT_STATES = frozenset({LaunchState.TRAINING, LaunchState.SELECTION})


def _manage(actor, launch: Launch) -> None:
    if actor is not None and not actor.has_perm("launches.manage_launch", launch):
        raise PermissionDenied


def session_add(*, actor, launch: Launch, data: Mapping[str, Any]) -> PreparationSession:
    """A training session (a module of the launched services' programme) or a workshop, with its dates."""
    _manage(actor, launch)
    if launch.state not in SESSION_STATES:
        raise ValidationError(_("Sessions are planned during recruitment and training."))
    errors = FieldErrors()
    kind = data.get("kind") or ""
    if kind not in SessionKind.values:
        errors.add("kind", _("Choose a training session or a workshop."))
    values: dict[str, Any] = {"kind": kind}
    module_id = getattr(data.get("module"), "pk", data.get("module"))
    module = None
    if module_id not in (None, ""):
        module = next((item for item in modules_for(launch) if str(item.pk) == str(module_id)), None)
        if module is None:
            errors.add("module", _("Choose a module of the launched services' programme."))
    if kind == SessionKind.TRAINING and module is None and "module" not in errors:
        errors.add("module", _("A training session teaches a module of the launched services' programme."))
    if module is not None:
        values.update(module=module, title=module.title, hours=module.hours)
    else:
        values["title"] = (data.get("title") or "").strip()[:200]
        if not values["title"]:
            errors.add("title", _("Enter the title of the workshop."))
        try:
            values["hours"] = int(data.get("hours") or 0)
        except (TypeError, ValueError):
            values["hours"] = 0
        if not 1 <= values["hours"] <= 500:
            errors.add("hours", _("Enter the hours (1–500)."))
    led_by = data.get("led_by")
    if led_by not in (None, ""):
        led_by_id = str(getattr(led_by, "pk", led_by))
        led_by = launch.partners.filter(pk=led_by_id, state=PartnerState.COMMITTED).first()
        if led_by is None:
            errors.add("led_by", _("Choose a committed partner."))
    values["led_by"] = led_by or None
    start, end = data.get("starts_on"), data.get("ends_on")
    if not start:
        errors.add("starts_on", _("Enter the first day."))
    if not end:
        errors.add("ends_on", _("Enter the last day."))
    if start and end and end < start:
        errors.add("ends_on", _("A session cannot end before it starts."))
    values["starts_on"], values["ends_on"] = start, end
    errors.raise_if_any()
    with transaction.atomic():
        return PreparationSession.objects.create(launch=launch, **values)


def result_set(
    *, actor, session: PreparationSession, application: Application, data: Mapping[str, Any]
) -> SessionResult:
    """Record an applicant's attendance and result in a session (one row each; a second write corrects it)."""
    launch = session.launch
    _manage(actor, launch)
    if launch.state not in RESULT_STATES:
        raise ValidationError(_("Attendance and results are recorded during training and selection."))
    if application.call.launch_id != launch.pk or application.state != ApplicationState.SUBMITTED:
        raise ValidationError(_("Choose a candidate of this launch whose application is open."))
    errors = FieldErrors()
    try:
        hours = int(data.get("hours_attended") or 0)
    except (TypeError, ValueError):
        hours = -1
    if not 0 <= hours <= session.hours:
        errors.add("hours_attended", _("Hours attended: from 0 to %(hours)s.") % {"hours": session.hours})
    result = data.get("result") or ""
    if result and result not in ResultKind.values:
        errors.add("result", _("Choose passed or not passed."))
    score = data.get("score")
    if score in (None, ""):
        score = None
    else:
        try:
            score = Decimal(str(score)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            score = Decimal("-1")
        if not Decimal("0") <= score <= Decimal("100"):
            errors.add("score", _("A score from 0 to 100."))
    errors.raise_if_any()
    with transaction.atomic():
        row, _created = SessionResult.objects.update_or_create(
            session=session,
            application=application,
            defaults={"hours_attended": hours, "result": result, "score": score, "recorded_by": user_or_none(actor)},
        )
    return row
