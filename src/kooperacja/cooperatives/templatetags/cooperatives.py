from django import template

register = template.Library()


@register.filter
def count_of(counts: dict, key) -> int | str:
    """The count of ``key`` in ``counts``, or an empty cell."""
    return counts.get(key, "") if counts else ""
