"""Reads of selections, scoped to who asks: the host decides who manages and who views a selection; assessors
see the selections they score. A selection someone may not see is answered with 404; one they see but may not
manage, with 403 on a manager's page."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kooperacja.accounts.roles import Role
from kooperacja.accounts.selectors import user_get_active_by_username, users_with_roles_in
from kooperacja.audit.reads import shows_personal_data
from kooperacja.selection.codes import hash_code, normalise_code
from kooperacja.selection.hosts import host_of
from kooperacja.selection.models import (
    Appeal,
    Assessor,
    Criterion,
    Entry,
    Ranking,
    RankingRow,
    Score,
    Selection,
    SelectionEvent,
    State,
)
from kooperacja.selection.rules import is_assessor, manages, views


def _selection(public_id) -> Selection:
    selection = Selection.objects.select_related("owner", "confirmed_by").filter(public_id=public_id).first()
    if selection is None:
        raise Http404
    return selection


def selection_get_for_view(user, public_id) -> Selection:
    """The selection if the user may see it (its host's viewers, managers and assessors), else 404."""
    selection = _selection(public_id)
    if not views(user, selection):
        raise Http404
    return selection


def selection_get_for_manage(user, public_id) -> Selection:
    """The selection if the user manages it; 403 for one they only see, 404 for one they do not see."""
    selection = selection_get_for_view(user, public_id)
    if not manages(user, selection):
        raise PermissionDenied
    return selection


def selection_get_for_scoring(user, public_id) -> Selection:
    """The selection if the user is one of its assessors; 403 for one they only see, 404 otherwise."""
    selection = selection_get_for_view(user, public_id)
    if not is_assessor(user, selection):
        raise PermissionDenied
    return selection


def selections_for_subject(*, kind: str, subject_key: str) -> QuerySet[Selection]:
    """The host's selections about one of its objects, newest first (the host has authorised the reader)."""
    return Selection.objects.filter(kind=kind, subject_key=subject_key).order_by("-created_at", "-id")


def selection_for_subject(*, kind: str, subject_key: str) -> Selection | None:
    """The host's current selection about one of its objects: the newest that is not cancelled, else None."""
    return selections_for_subject(kind=kind, subject_key=subject_key).exclude(state=State.CANCELLED).first()


def criteria_of(selection: Selection) -> list[Criterion]:
    return list(selection.criteria.all())


def assessors_of(selection: Selection) -> list[Assessor]:
    return list(selection.assessors.select_related("user"))


def entries_of(selection: Selection) -> list[Entry]:
    return list(selection.entries.order_by("number", "id"))


def entry_find(*, selection: Selection, subject_key: str) -> Entry | None:
    return selection.entries.filter(subject_key=subject_key).first()


def entry_label(entry: Entry, user) -> str:
    """The entry's name as the host lets ``user`` see it (the code for those who may not see personal data)."""
    try:
        return host_of(entry.selection.kind).entry_label(entry, user)
    except LookupError:
        return entry.code


def events_of(selection: Selection) -> QuerySet[SelectionEvent]:
    return selection.events.select_related("actor").order_by("at", "id")


def own_scores(selection: Selection, user) -> dict[tuple[int, int], Score]:
    """The user's own scores, by (entry id, criterion id): an assessor sees only their own points before the
    ranking."""
    return {
        (score.entry_id, score.criterion_id): score
        for score in Score.objects.filter(entry__selection=selection, assessor=user)
    }


def score_progress(selection: Selection) -> list[tuple[Assessor, int, int]]:
    """(assessor, scores given, scores due) for each assessor: counts only, no points."""
    due = selection.entries.filter(withdrawn_at__isnull=True).count() * selection.criteria.count()
    result = []
    for assessor in assessors_of(selection):
        given = Score.objects.filter(
            entry__selection=selection, entry__withdrawn_at__isnull=True, assessor=assessor.user
        ).count()
        result.append((assessor, given, due))
    return result


def rankings_of(selection: Selection) -> list[Ranking]:
    return list(selection.rankings.select_related("computed_by").order_by("-number"))


def ranking_get(selection: Selection, number: int | None = None) -> Ranking | None:
    rankings = selection.rankings.select_related("computed_by")
    if number is None:
        return rankings.order_by("-number").first()
    return rankings.filter(number=number).first()


def ranking_rows(selection: Selection, version: int | None = None) -> list[RankingRow]:
    """The rows of a ranking version (the newest by default), in position order, with their entries."""
    ranking = ranking_get(selection, version)
    if ranking is None:
        return []
    return list(ranking.rows.select_related("entry").order_by("position"))


def means_of(row: RankingRow, criteria: list[Criterion]) -> list[tuple[Criterion, Decimal]]:
    return [(criterion, Decimal(row.means.get(str(criterion.pk), "0"))) for criterion in criteria]


def selected_entries(selection: Selection) -> list[Entry]:
    """The confirmed list, in rank order (empty until the selection is confirmed)."""
    if selection.state != State.CONFIRMED:
        return []
    return [row.entry for row in ranking_rows(selection) if row.selected]


def appeals_of(selection: Selection) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(entry__selection=selection)
        .select_related("entry", "ranking", "decided_by")
        .order_by("-submitted_at", "-id")
    )


def appeal_get_for_manage(user, selection: Selection, appeal_id: int) -> Appeal:
    if not manages(user, selection):
        raise PermissionDenied
    appeal = appeals_of(selection).filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404
    return appeal


def entry_by_access_code(code: str) -> Entry | None:
    """The entry whose access code this is, or None (a wrong code and no code look the same)."""
    if len(normalise_code(code)) < 20:
        return None
    return Entry.objects.select_related("selection").filter(access_code_hash=hash_code(code)).first()


def pending_appeals_count(selection: Selection) -> int:
    return Appeal.objects.filter(entry__selection=selection, state="pending").count()


@shows_personal_data(purpose="selection entries", fields=["label"])
def entry_names_shown(entries: list[Entry], *, user) -> list[Entry]:
    """The entries whose names (not bare codes) ``user`` is shown: logged as read."""
    return entries


def entry_labels(entries, user, *, channel: str = "web") -> dict[int, str]:
    """The name of each entry as ``user`` may see it; names that are not the bare code (the host showed personal
    data) are logged as read."""
    entries = list(entries)
    labels = {entry.pk: entry_label(entry, user) for entry in entries}
    shown = [entry for entry in entries if labels[entry.pk] != entry.code]
    if shown:
        entry_names_shown(shown, user=user, channel=channel)
    return labels


def assessor_candidates(selection: Selection) -> list:
    """The active users of the owner organisation who are not assessors yet (assessors from elsewhere are named
    by their login)."""
    taken = set(selection.assessors.values_list("user_id", flat=True))
    users = users_with_roles_in(organisation_id=selection.owner_id, roles=list(Role))
    return [user for user in users if user.pk not in taken]


def user_for_assessor(*, selection: Selection, user_id: int | None, username: str):
    """The user a manager named: one of the candidates by id, or any active user by login; None if unknown."""
    if user_id:
        return next((user for user in assessor_candidates(selection) if user.pk == user_id), None)
    return user_get_active_by_username(username=username.strip()) if username else None


def assessor_user(selection: Selection, user_id: int):
    assessor = selection.assessors.select_related("user").filter(user_id=user_id).first()
    if assessor is None:
        raise Http404
    return assessor.user


def ranking_for_reader(selection: Selection, user, *, version: int | None = None, channel: str = "web") -> dict:
    """A ranking version (the newest by default) as ``user`` reads it: its rows with the means per criterion in
    the criteria's order, and the entries' names as the host lets the user see them (logged when they are
    personal data). Empty when there is no ranking (yet, or of that version)."""
    ranking = ranking_get(selection, version)
    if ranking is None:
        return {"ranking": None, "rows": [], "labels": {}, "criteria": criteria_of(selection)}
    criteria = criteria_of(selection)
    rows = list(ranking.rows.select_related("entry", "entry__selection").order_by("position"))
    for row in rows:
        row.shown_means = means_of(row, criteria)  # type: ignore[attr-defined]
    labels = entry_labels([row.entry for row in rows], user, channel=channel)
    for row in rows:
        row.shown_label = labels[row.entry_id]  # type: ignore[attr-defined]
    return {"ranking": ranking, "rows": rows, "labels": labels, "criteria": criteria}
