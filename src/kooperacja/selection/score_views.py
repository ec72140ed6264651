"""The assessor's own scoring sheet: one row per entry, one input per criterion, saved per entry. An assessor
sees only their own points (never another assessor's before the ranking)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kooperacja.core.errors import ConflictError
from kooperacja.selection import selectors, services
from kooperacja.selection.models import State
from kooperacja.selection.pages import context_for


def _rows(selection, user, entries, criteria, *, posted_entry=None, posted=None, errors=None):
    own = selectors.own_scores(selection, user)
    labels = selectors.entry_labels(entries, user)
    rows = []
    for entry in entries:
        cells = []
        for criterion in criteria:
            score = own.get((entry.pk, criterion.pk))
            key = f"points_{criterion.pk}"
            if posted_entry == entry.pk and posted is not None:
                value, comment = posted.get(key, ""), posted.get(f"comment_{criterion.pk}", "")
                problems = (errors or {}).get(key, [])
            else:
                value = "" if score is None else score.points
                comment = "" if score is None else score.comment
                problems = []
            cells.append(
                {
                    "criterion": criterion,
                    "name": key,
                    "comment_name": f"comment_{criterion.pk}",
                    "value": value,
                    "comment": comment,
                    "missing": score is None,
                    "errors": problems,
                    "id": f"e{entry.pk}-c{criterion.pk}",
                }
            )
        rows.append(
            {
                "entry": entry,
                "label": labels[entry.pk],
                "cells": cells,
                "missing": sum(cell["missing"] for cell in cells),
                "withdrawn": entry.withdrawn_at is not None,
            }
        )
    return rows


def score_sheet(request, public_id):
    selection = selectors.selection_get_for_scoring(request.user, public_id)
    criteria = selectors.criteria_of(selection)
    entries = selectors.entries_of(selection)
    posted_entry = posted = errors = None
    if request.method == "POST":
        entry = next((e for e in entries if str(e.pk) == request.POST.get("entry")), None)
        if entry is None:
            messages.error(request, _("Choose an entry of this selection."))
            return redirect(reverse("selection:score", args=[selection.public_id]))
        values = {
            criterion: (
                request.POST.get(f"points_{criterion.pk}", "").strip(),
                request.POST.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in criteria
        }
        try:
            written = services.entry_scores_set(actor=request.user, entry=entry, values=values)
        except ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            found = getattr(exc, "error_dict", None)
            if found and all(key.startswith("points_") for key in found):
                posted_entry, posted = entry.pk, request.POST
                errors = {key: [m for problem in problems for m in problem.messages] for key, problems in found.items()}
                messages.error(
                    request,
                    _("The scores of %(code)s were not saved: correct the marked points.") % {"code": entry.code},
                )
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved %(count)s scores of %(code)s.") % {"count": written, "code": entry.code})
            return redirect(reverse("selection:score", args=[selection.public_id]) + f"#entry-{entry.pk}")
    rows = _rows(selection, request.user, entries, criteria, posted_entry=posted_entry, posted=posted, errors=errors)
    active = [row for row in rows if not row["withdrawn"]]
    context = context_for(request, selection) | {
        "criteria": criteria,
        "rows": rows,
        "missing_total": sum(row["missing"] for row in active),
        "open": selection.state == State.SCORING,
    }
    return render(request, "selection/score.html", context, status=422 if errors else 200)
