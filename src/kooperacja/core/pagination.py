"""Pages of a list whose cost follows the page, not the table.

A list counts its rows only up to a limit (:data:`COUNT_LIMIT`, or further when a deeper page is asked for):
beyond it the page says "more than N results" instead of making the database count a national table.
"""

import math
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

from kooperacja.core.querysets import page_and_count

DEFAULT_PAGE_SIZE = 25
# Rows counted exactly; a list with more shows "more than 1,000".
COUNT_LIMIT = 1000
# The deepest page a web list serves (page numbers beyond it give the last page served).
MAX_PAGE = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``max(COUNT_LIMIT, the rows up to the page after the asked one)``.

    ``count`` is then that limit and ``more`` says that there are more rows than ``count``."""

    def __init__(self, object_list, per_page, *, wanted_page: int = 1, count_limit: int = COUNT_LIMIT, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.wanted_page = wanted_page
        self.limit = max(count_limit, (wanted_page + 1) * per_page)

    @cached_property
    def _wanted(self) -> tuple[list, int]:
        """The wanted page's rows and the count, read together (one query where the list allows it)."""
        bottom = (self.wanted_page - 1) * self.per_page
        return page_and_count(self.object_list, bottom, bottom + self.per_page, self.limit + 1)

    @cached_property
    def counted(self) -> int:
        return self._wanted[1]

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if number == self.wanted_page:
            return Page(self._wanted[0], number, self)
        return super().page(number)  # past the last page: the last page, read on its own

    @cached_property
    def count(self) -> int:  # a capped count (Paginator.count is a cached property too)
        return min(self.counted, self.limit)

    @property
    def more(self) -> bool:
        """Whether there are more rows than ``count``."""
        return self.counted > self.limit

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))


def _page_number(value) -> int:
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(
    request, queryset, *, per_page: int = DEFAULT_PAGE_SIZE, param: str = "page", count_limit: int | None = COUNT_LIMIT
) -> Page:
    """The requested page of ``queryset``; a bad or too-high page number gives the nearest page. The rows are
    counted up to ``count_limit`` (see :class:`CappedPaginator`); ``None`` counts them all (a list bounded by
    what it belongs to, such as the proposals of one run)."""
    wanted = request.GET.get(param)
    if count_limit is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = CappedPaginator(queryset, per_page, wanted_page=_page_number(wanted), count_limit=count_limit)
    try:
        return paginator.page(wanted or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
