"""Writes of the scoring, the ranking, the appeals and the confirmation of a selection (re-exported by
``services``)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kooperacja.accounts.roles import Role
from kooperacja.accounts.selectors import users_with_roles_in
from kooperacja.core.errors import FieldErrors
from kooperacja.notifications.services import notify
from kooperacja.selection import ranking as pure
from kooperacja.selection.codes import code_matches
from kooperacja.selection.hosts import host_of
from kooperacja.selection.models import (
    Appeal,
    AppealState,
    Entry,
    Ranking,
    RankingRow,
    Score,
    Selection,
    State,
)
from kooperacja.selection.rules import is_assessor, manages
from kooperacja.selection.workflow import check_version, lock, move, refresh, require_manager, state_error, who

MAX_MISSING_NAMED = 10


def score_set(*, actor, entry: Entry, criterion, points, comment="") -> Score:
    """The actor's own points for ``entry`` on ``criterion`` (while scoring; 0..max_points)."""
    with transaction.atomic():
        locked = lock(entry.selection)
        if locked.state != State.SCORING:
            raise state_error(locked, _("Scores are given only while the selection is being scored."))
        if actor is None or not is_assessor(actor, locked):
            raise ValidationError({"assessor": _("Only the selection's assessors give scores.")})
        if criterion.selection_id != locked.pk or entry.selection_id != locked.pk:
            raise ValidationError({"criterion": _("This criterion is not one of the selection's.")})
        if entry.withdrawn_at is not None:
            raise ValidationError({"entry": _("This entry has been withdrawn.")})
        try:
            value = int(points)
            if str(points).strip() != str(value):
                raise ValueError
        except (TypeError, ValueError):
            raise ValidationError({"points": _("Enter the points as a whole number.")}) from None
        if not 0 <= value <= criterion.max_points:
            raise ValidationError({"points": _("Give between 0 and %(max)s points.") % {"max": criterion.max_points}})
        comment = (comment or "").strip()
        if len(comment) > 1000:
            raise ValidationError({"comment": _("A comment has at most 1000 characters.")})
        score, _created = Score.objects.update_or_create(
            entry=entry, criterion=criterion, assessor=actor, defaults={"points": value, "comment": comment}
        )
    return score


def entry_scores_set(*, actor, entry: Entry, values: dict) -> int:
    """The actor's points (and comments) for one entry on several criteria at once — one row of the scoring
    sheet: ``values`` maps a criterion to (points, comment); a criterion with empty points is left as it was.
    Every value is checked first; errors are keyed ``points_<criterion id>``. Returns the scores written."""
    errors = FieldErrors()
    written = 0
    with transaction.atomic():
        for criterion, (points, comment) in values.items():
            if points in (None, ""):
                continue
            try:
                with transaction.atomic():
                    score_set(actor=actor, entry=entry, criterion=criterion, points=points, comment=comment)
                    written += 1
            except ValidationError as exc:
                found = getattr(exc, "error_dict", {})
                if set(found) & {"state", "assessor", "entry", "criterion"}:
                    raise
                for problems in found.values():
                    for problem in problems:
                        errors.add(f"points_{criterion.pk}", problem.messages[0])
        if errors:
            transaction.set_rollback(True)
    errors.raise_if_any()
    return written


def missing_scores(selection: Selection) -> list[tuple]:
    """(assessor user, entry, criterion) of every score still missing, in the sheet's order."""
    entries = list(selection.entries.filter(withdrawn_at__isnull=True).order_by("number"))
    criteria = list(selection.criteria.all())
    assessors = [a.user for a in selection.assessors.select_related("user")]
    given = set(Score.objects.filter(entry__selection=selection).values_list("assessor_id", "entry_id", "criterion_id"))
    return [
        (user, entry, criterion)
        for user in assessors
        for entry in entries
        for criterion in criteria
        if (user.pk, entry.pk, criterion.pk) not in given
    ]


def _missing_message(missing: list[tuple]) -> str:
    by_assessor: dict = {}
    for user, entry, criterion in missing:
        by_assessor.setdefault(user, []).append(f"{entry.code} ({criterion.name})")
    parts = []
    for user, items in list(by_assessor.items())[:MAX_MISSING_NAMED]:
        shown = ", ".join(items[:MAX_MISSING_NAMED]) + ("…" if len(items) > MAX_MISSING_NAMED else "")
        params = {"name": who(user), "count": len(items), "items": shown}
        parts.append(_("%(name)s: %(count)s missing — %(items)s") % params)
    return _("Not every assessor has scored every entry on every criterion. %(details)s") % {
        "details": "; ".join(parts)
    }


def ranking_inputs(selection: Selection) -> dict:
    """The inputs of the pure ranking function, read from the database."""
    entries = [
        pure.EntryInput(key=e.pk, code=e.code, submitted_at=e.submitted_at, withdrawn=e.withdrawn_at is not None)
        for e in selection.entries.all()
    ]
    criteria = [
        pure.CriterionInput(key=c.pk, weight=c.weight, position=c.position, name=c.name)
        for c in selection.criteria.all()
    ]
    assessor_ids = set(selection.assessors.values_list("user_id", flat=True))
    scores = [
        pure.ScoreInput(entry=s.entry_id, criterion=s.criterion_id, assessor=s.assessor_id, points=s.points)
        for s in Score.objects.filter(entry__selection=selection, assessor_id__in=assessor_ids)
    ]
    return {
        "entries": entries,
        "criteria": criteria,
        "scores": scores,
        "tie_rule": selection.tie_rule,
        "places": selection.places,
        "threshold": selection.threshold,
        "seed": selection.lot_seed,
    }


def selection_rank(*, actor, selection: Selection, version) -> Ranking:
    """Scoring → ranked: every assessor has scored every entry on every criterion. Writes a new ranking version
    and opens the appeals until the deadline."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        if locked.state == State.SCORING:
            missing = missing_scores(locked)
            if missing:
                raise ValidationError({"scores": _missing_message(missing)})
        inputs = ranking_inputs(locked)
        now = timezone.now()
        move(
            actor=actor,
            selection=locked,
            target=State.RANKED,
            version=version,
            extra={"appeal_deadline": now + timedelta(days=locked.appeal_days)},
        )
        number = (locked.rankings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        ranking = Ranking.objects.create(
            selection=locked,
            number=number,
            computed_by=actor if getattr(actor, "is_authenticated", False) else None,
            tie_rule=locked.tie_rule,
            places=locked.places,
            threshold=locked.threshold,
            inputs_digest=pure.inputs_digest(**inputs),
        )
        RankingRow.objects.bulk_create(
            RankingRow(
                ranking=ranking,
                entry_id=row.key,  # type: ignore[misc]  # the key is the entry id
                position=row.position,
                total=row.total,
                means={str(key): str(mean) for key, mean in row.means.items()},
                selected=row.selected,
                below_threshold=row.below_threshold,
                tie_note=row.tie_note,
            )
            for row in pure.rank(**inputs)
        )
        refresh(selection, locked)
    return ranking


def managers_of(selection: Selection) -> list:
    """The users of the owner organisation who manage the selection (the ones told about an appeal)."""
    users = users_with_roles_in(organisation_id=selection.owner_id, roles=list(Role))
    return [user for user in users if manages(user, selection)]


def appeal_submit(*, entry: Entry, reason, access_code=None, actor=None) -> Appeal:
    """The candidate's appeal against the ranking (by the entry's access code, or by a signed-in user whose own
    entry it is), before the deadline. The managers are told."""
    host = host_of(entry.selection.kind)
    by_code = bool(access_code) and code_matches(access_code, entry.access_code_hash)
    by_user = bool(actor is not None and getattr(actor, "is_authenticated", False) and host.is_own(actor, entry))
    if not (by_code or by_user):
        raise ValidationError({"access_code": _("The access code does not match this entry.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you appeal.")})
    if len(reason) > 3000:
        raise ValidationError({"reason": _("The reason has at most 3000 characters.")})
    with transaction.atomic():
        locked = lock(entry.selection)
        if locked.state != State.RANKED:
            raise state_error(locked, _("Appeals are possible only against a published ranking."))
        if locked.appeal_deadline is None or timezone.now() >= locked.appeal_deadline:
            raise ValidationError({"reason": _("The time for appeals has passed.")})
        if entry.withdrawn_at is not None:
            raise ValidationError({"reason": _("This entry has been withdrawn.")})
        if entry.appeals.filter(state=AppealState.PENDING).exists():
            raise ValidationError({"reason": _("An appeal of this entry is already waiting for a decision.")})
        ranking = locked.rankings.order_by("-number").first()
        assert ranking is not None  # a ranked selection has a ranking
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    entry=entry,
                    ranking=ranking,
                    reason=reason,
                    submitted_by=actor if by_user and not by_code else None,
                )
        except IntegrityError:
            raise ValidationError({"reason": _("An appeal of this entry is already waiting for a decision.")}) from None
        notify(
            recipients=managers_of(locked),
            kind="selection_appeal",
            title=gettext_noop("An appeal in the selection %(title)s"),
            params={"title": locked.title},
            link=reverse("selection:appeals", args=[locked.public_id]),
        )
    return appeal


def appeal_decide(*, actor, appeal: Appeal, upheld: bool, reason) -> Appeal:
    """Uphold (the selection goes back to scoring for a re-score, then a new ranking) or dismiss an appeal."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Give the reason of the decision.")})
    with transaction.atomic():
        locked = lock(appeal.entry.selection)
        require_manager(actor, locked)
        current = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if current.state != AppealState.PENDING:
            raise ValidationError({"decision_reason": _("This appeal has already been decided.")})
        if locked.state not in (State.RANKED, State.SCORING):
            raise state_error(locked, _("Appeals are decided only before the selection is confirmed."))
        current.state = AppealState.UPHELD if upheld else AppealState.DISMISSED
        current.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        current.decided_at = timezone.now()
        current.decision_reason = reason[:3000]
        current.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        if upheld and locked.state == State.RANKED:
            move(
                actor=actor,
                selection=locked,
                target=State.SCORING,
                version=locked.version,
                note=_("Appeal of %(code)s upheld: re-scoring.") % {"code": appeal.entry.code},
            )
        refresh(appeal.entry.selection, locked)
        for field in ("state", "decided_by", "decided_at", "decision_reason"):
            setattr(appeal, field, getattr(current, field))
    return appeal


def selection_confirm(*, actor, selection: Selection, version) -> Selection:
    """Ranked → confirmed: the deadline for appeals has passed and none is pending. The host is told in the same
    transaction (``Host.on_confirmed``). Of two managers confirming at once, one wins; the other is told who."""
    with transaction.atomic():
        locked = lock(selection)
        require_manager(actor, locked)
        check_version(locked, version)
        if locked.state == State.RANKED:
            if locked.appeal_deadline is not None and timezone.now() < locked.appeal_deadline:
                raise ValidationError(
                    {
                        "state": _("The time for appeals has not passed yet; confirm after %(deadline)s.")
                        % {"deadline": timezone.localtime(locked.appeal_deadline).strftime("%Y-%m-%d %H:%M")}
                    }
                )
            if Appeal.objects.filter(entry__selection=locked, state=AppealState.PENDING).exists():
                raise ValidationError({"state": _("An appeal is waiting for a decision.")})
        now = timezone.now()
        move(
            actor=actor,
            selection=locked,
            target=State.CONFIRMED,
            version=version,
            extra={"confirmed_by": actor if getattr(actor, "is_authenticated", False) else None, "confirmed_at": now},
        )
        host_of(locked.kind).on_confirmed(locked)
        refresh(selection, locked)
    return selection
