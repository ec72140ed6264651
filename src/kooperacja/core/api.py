"""Building blocks shared by every app's API router: paging, bounded integer parameters, the error schema.

Every number a client sends is bounded before it reaches the database, so that a huge ``offset`` or id
is answered with 422 or 404 instead of an integer overflow in the database driver.
"""

from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination
from pydantic import model_serializer

from kooperacja.core.keyset import decode_cursor, encode_cursor, keyset_after, keyset_order
from kooperacja.core.querysets import count_up_to, page_and_count

# The largest value of a database ``bigint`` (every primary key of the project is a BigAutoField).
MAX_ID = 2**63 - 1
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_CURSOR = 1000
# The cursor of a list's first page.
FIRST_PAGE = "start"
# Items an API list counts exactly (further when the page asked for lies deeper).
COUNT_LIMIT = 10_000

# The largest value every database stores in an integer column (``PositiveIntegerField``).
MAX_INT = 2**31 - 1

# A primary key in a path or query parameter: anything outside 1…2**63-1 cannot name a row.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A version number (of a card, or of a record under optimistic locking).
VersionNumber = Annotated[int, Field(ge=1, le=MAX_INT)]


class Pagination(LimitOffsetPagination):
    """``limit`` (1…100) and ``offset`` (0…1,000,000) paging of a list, or ``cursor``: the ``next_cursor`` of the
    page before, which starts the next page where that one ended (by the list's order, through an index) however
    deep it is. ``count`` is exact up to ``max(10,000, offset + limit)``; ``more`` says there are more items.
    Anything out of bounds is answered with 422."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT, description="Items on the page (1 to 100)"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip (0 to 1,000,000)")
        cursor: str | None = Field(
            None,
            min_length=1,
            max_length=MAX_CURSOR,
            description=(
                "Keyset paging: 'start' for the first page, then the next_cursor of the page before "
                "(offset is not used); the answer then has more and next_cursor"
            ),
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Items in the list, counted up to max(10,000, offset + limit)")
        more: bool | None = Field(None, description="With cursor: whether the list holds more items than count")
        next_cursor: str | None = Field(
            None, description="With cursor: pass it as cursor to get the next page; null on the last page"
        )

        @model_serializer(mode="wrap")
        def _keyset_fields_on_request(self, handler):
            """``more`` and ``next_cursor`` answer a request with ``cursor`` only; an offset page is as it was."""
            data = handler(self)
            for name in ("more", "next_cursor"):
                if name not in self.model_fields_set:
                    data.pop(name, None)
            return data

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination: Any, request, **params):
        limit = min(pagination.limit, self.max_limit)
        offset = 0 if pagination.cursor else pagination.offset
        counted_to = max(COUNT_LIMIT, offset + limit)
        if not pagination.cursor:
            items, counted = page_and_count(queryset, offset, offset + limit, counted_to + 1)
            return {"count": min(counted, counted_to), "items": items}
        counted = count_up_to(queryset, counted_to + 1)
        page: dict[str, Any] = {"count": min(counted, counted_to)}
        # A list that turns its rows into output objects names the rows it takes them from (``source``) and
        # how (``present``); the cursor is made of the rows.
        source = getattr(queryset, "source", queryset)
        order = keyset_order(source)
        if pagination.cursor == FIRST_PAGE:
            rows = list(source[:limit])
        else:
            after = decode_cursor(pagination.cursor, order) if order else None
            if after is None:
                raise ValidationError([{"loc": ["query", "cursor"], "msg": "Not a cursor of this list"}])
            rows = list(source.filter(keyset_after(order, after))[:limit])
        page.update(
            items=queryset.present(rows) if source is not queryset else rows,
            more=counted > counted_to,
            next_cursor=encode_cursor(order, rows[-1]) if order and len(rows) == limit else None,
        )
        return page


class FieldErrorOut(Schema):
    field: str = Field(..., description="The input field, dotted for nested ones; empty for the whole request")
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    detail: str
    code: str = Field(..., description="not_authenticated, invalid_token, forbidden, not_found, conflict, invalid, …")
    errors: list[FieldErrorOut]
