"""What every page of a selection shows in its head: the selection, the host's object it belongs to, and what
the reader may do."""

from django.utils.translation import gettext_lazy

from kooperacja.selection.hosts import host_of
from kooperacja.selection.models import TieRule
from kooperacja.selection.rules import is_assessor, manages

TIE_RULE_TEXT = {
    TieRule.CRITERIA_ORDER: gettext_lazy(
        "Equal totals: the higher mean on the first criterion decides, then on the next one, and so on; then the "
        "earlier submission; then the entry code."
    ),
    TieRule.EARLIER_SUBMISSION: gettext_lazy("Equal totals: the earlier submission decides; then the entry code."),
    TieRule.LOT: gettext_lazy(
        "Equal totals: a lot decides, drawn from a seed recorded when the selection was published, so that anyone "
        "can repeat it."
    ),
}


def host_link(selection) -> str:
    try:
        return host_of(selection.kind).back_link(selection)
    except LookupError:
        return ""


def host_label(selection) -> str:
    try:
        return str(host_of(selection.kind).label)
    except LookupError:
        return ""


def context_for(request, selection) -> dict:
    return {
        "selection": selection,
        "host_link": host_link(selection),
        "host_label": host_label(selection),
        "manages": manages(request.user, selection),
        "assesses": is_assessor(request.user, selection),
    }
