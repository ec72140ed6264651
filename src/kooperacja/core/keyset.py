"""Keyset ("seek") paging: the next page starts after the last row of the previous one, by the list's order.

A cursor holds the values of the ordering columns of the last row shown; the next page filters
``(a, b, id) > (last a, last b, last id)`` in the list's directions, with a plain bound on the first column so
that an index on the order starts where the previous page ended instead of reading and skipping the rows before.
Only lists ordered by plain columns and ending with the primary key (a total order) get a cursor.
"""

import base64
import binascii
import datetime
import decimal
import json
import uuid
from typing import Any

from django.db.models import Q

Order = list[tuple[str, bool]]  # (field path, descending)


def keyset_order(rows) -> Order:
    """The order of ``rows`` (a QuerySet, or a list-like exposing ``query`` and ``model``) as field paths with
    their direction; empty when it cannot be paged by keyset (expressions, or not ending with the key)."""
    query = getattr(rows, "query", None)
    if query is None:
        return []
    ordering = list(query.order_by) or list(rows.model._meta.ordering)
    order: Order = []
    for item in ordering:
        if not isinstance(item, str) or item == "?":
            return []
        descending = item.startswith("-")
        order.append((item.lstrip("-"), descending))
    if not order or order[-1][0] not in ("pk", rows.model._meta.pk.name):
        return []
    return order


def _value_of(row, path: str) -> Any:
    value = row
    for name in path.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


class _CursorEncoder(json.JSONEncoder):
    """Dates and times in full ISO 8601 (to the microsecond: a cursor must name its row exactly)."""

    def default(self, o):
        if isinstance(o, datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, uuid.UUID | decimal.Decimal):
            return str(o)
        return super().default(o)


def encode_cursor(order: Order, row) -> str | None:
    values = [_value_of(row, path) for path, _descending in order]
    if any(value is None for value in values):
        return None  # a NULL has no place in a keyset comparison: offsets still work
    payload = json.dumps({"o": [path for path, _d in order], "v": values}, cls=_CursorEncoder)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Order) -> list | None:
    """The values a cursor holds, or None when it is not one of this list's cursors."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or payload.get("o") != [path for path, _d in order]:
        return None
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(order):
        return None
    if not all(isinstance(value, str | int | float) and not isinstance(value, bool) for value in values):
        return None
    return values


def keyset_after(order: Order, values: list) -> Q:
    """Rows after ``values`` in ``order``."""
    after = Q(pk__in=[])
    equal = Q()
    for (path, descending), value in zip(order, values, strict=True):
        after |= equal & Q(**{f"{path}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{path: value})
    first_path, first_descending = order[0]
    bound = Q(**{f"{first_path}__{'lte' if first_descending else 'gte'}": values[0]})
    return bound & after
