"""The public result page: a candidate enters the access code of their entry and sees only that entry's result
(position, total, means, selected, the deadline) and may appeal before the deadline. No sign-in; nothing but the
entry's own code is shown. A wrong code is answered exactly like a missing one, and the attempts of one address
are limited (``ATTEMPTS`` per ``WINDOW_SECONDS``), which the page says."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from kooperacja.selection import selectors, services
from kooperacja.selection.forms import AccessCodeForm, AppealForm
from kooperacja.selection.models import State

ATTEMPTS = 20
WINDOW_SECONDS = 10 * 60
SHOWN_STATES = (State.RANKED, State.CONFIRMED, State.SCORING)


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def _throttled(request) -> bool:
    """Count one attempt of the client's address; True once it made more than ``ATTEMPTS`` in the window."""
    key = f"selection-result:{_client(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > ATTEMPTS


def _result_of(entry) -> dict | None:
    """The entry's row of the newest ranking, with the means by criterion name."""
    selection = entry.selection
    if selection.state not in SHOWN_STATES:
        return None
    ranking = selectors.ranking_get(selection)
    if ranking is None:
        return None
    row = ranking.rows.filter(entry=entry).first()
    criteria = selectors.criteria_of(selection)
    open_for_appeal = (
        selection.state == State.RANKED
        and selection.appeal_deadline is not None
        and timezone.now() < selection.appeal_deadline
        and entry.withdrawn_at is None
    )
    return {
        "selection": selection,
        "ranking": ranking,
        "row": row,
        "means": selectors.means_of(row, criteria) if row else [],
        "entries_ranked": ranking.rows.count(),
        "may_appeal": open_for_appeal and not entry.appeals.filter(state="pending").exists(),
        "appeal_pending": entry.appeals.filter(state="pending").exists(),
        "appeals": list(entry.appeals.order_by("submitted_at")),
    }


def result(request):
    context: dict = {"attempts": ATTEMPTS, "minutes": WINDOW_SECONDS // 60}
    status = 200
    wants_appeal = request.method == "POST" and "reason" in request.POST
    form = (AppealForm if wants_appeal else AccessCodeForm)(request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            context |= {"form": AccessCodeForm(), "throttled": True}
            return render(request, "selection/result.html", context, status=429)
        entry = selectors.entry_by_access_code(request.POST.get("access_code", ""))
        if entry is None:
            context |= {"form": AccessCodeForm(), "not_found": True}
            return render(request, "selection/result.html", context, status=200)
        if wants_appeal and form.is_valid():
            try:
                services.appeal_submit(
                    entry=entry, reason=form.cleaned_data["reason"], access_code=form.cleaned_data["access_code"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
                status = 422
            else:
                context["appeal_sent"] = True
        elif wants_appeal:
            status = 422
        context |= {
            "entry_code": entry.code,
            "access_code": request.POST.get("access_code", ""),
            "result": _result_of(entry),
            "appeal_form": form if wants_appeal and status == 422 else AppealForm(),
        }
    context.setdefault("form", AccessCodeForm())
    return render(request, "selection/result.html", context, status=status)
