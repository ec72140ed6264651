from django import template

from kooperacja.core import text

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def month_in_sentence(value) -> str:
    """``{{ month|month_in_sentence }}``: "listopad 2026" inside a Polish sentence (see core.text)."""
    return text.month_in_sentence(value) if value else ""


@register.filter
def from_iso(value):
    """``{{ stored|from_iso|date:"SHORT_DATE_FORMAT" }}``: a date kept as ISO text (in JSON) back as a date,
    so that the page shows it in the reader's format; anything else unchanged."""
    return text.parse_iso_date(value)
