"""Building blocks shared by every app's API router: paging, bounded integer parameters, the error schema.

Every number a client sends is bounded before it reaches the database, so that a huge ``offset`` or id
is answered with 422 or 404 instead of an integer overflow in the database driver.
"""

from typing import Annotated

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# The largest value of a database ``bigint`` (every primary key of the project is a BigAutoField).
MAX_ID = 2**63 - 1
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000

# The largest value every database stores in an integer column (``PositiveIntegerField``).
MAX_INT = 2**31 - 1

# A primary key in a path or query parameter: anything outside 1…2**63-1 cannot name a row.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A version number (of a card, or of a record under optimistic locking).
VersionNumber = Annotated[int, Field(ge=1, le=MAX_INT)]


class Pagination(LimitOffsetPagination):
    """``limit`` (1…100) and ``offset`` (0…1,000,000) paging of a list; anything else is answered with 422."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT, description="Items on the page (1 to 100)"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip (0 to 1,000,000)")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class FieldErrorOut(Schema):
    field: str = Field(..., description="The input field, dotted for nested ones; empty for the whole request")
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    detail: str
    code: str = Field(..., description="not_authenticated, invalid_token, forbidden, not_found, conflict, invalid, …")
    errors: list[FieldErrorOut]
