"""Pages read keys first: the page's keys by the list's filter and order alone, then those rows with their
related rows by key.

A list that shows each row with several related rows (``select_related`` over half a dozen tables) and is
scoped by a subquery leads the planner to join the whole table before it sorts and cuts the page. Reading the
25 keys first touches only the list's own table and its order index; the second query joins 25 rows.
"""

from functools import cache

from django.db.models import QuerySet
from django.db.models.query import ModelIterable

# A page read together with its count reads at most this many keys (the API counts to 10,000; deeper pages
# are counted apart).
LEADING_KEYS_LIMIT = 20_000


def count_up_to(rows, limit: int) -> int:
    """The number of ``rows``, counted up to ``limit`` (a QuerySet, or a list-like with ``count_up_to``)."""
    counter = getattr(rows, "count_up_to", None)
    if counter is not None:
        return counter(limit)
    if isinstance(rows, QuerySet):
        # Without the order: the database stops at ``limit`` rows instead of sorting every one first.
        return QuerySet.__getitem__(rows.order_by(), slice(None, limit)).count()
    return min(len(rows), limit)


def page_and_count(rows, start: int, stop: int, limit: int) -> tuple[list, int]:
    """Rows ``[start:stop]`` of ``rows`` and their number counted up to ``limit``; in one query where the list
    reads keys first (see :meth:`KeysFirstQuerySet.page_and_count`), and through wrappers that define it."""
    reader = getattr(rows, "page_and_count", None)
    if reader is not None:
        return reader(start, stop, limit)
    return _counted_then_sliced(rows, start, stop, limit)


def _counted_then_sliced(rows, start: int, stop: int, limit: int) -> tuple[list, int]:
    """Counted first, so that a page past the end (an empty list) reads no rows."""
    counted = count_up_to(rows, limit)
    return (list(rows[start : min(stop, counted)]) if counted > start else []), counted


def _plain(rows: QuerySet) -> bool:
    query = rows.query
    return (
        rows._iterable_class is ModelIterable
        and not query.annotation_select  # aliases (to filter or sort by) are fine: the keys query keeps them
        and not query.extra
        and not query.distinct
        and not query.combinator
    )


class KeysFirstQuerySet(QuerySet):
    def __getitem__(self, k):
        if (
            not isinstance(k, slice)
            or self._result_cache is not None
            or k.stop is None
            or k.step is not None
            or k.stop - (k.start or 0) <= 1  # first(): one row, one query
            or not _plain(self)
        ):
            return super().__getitem__(k)
        return self.rows_with_keys(list(QuerySet.values_list(self, "pk", flat=True)[k]))

    def rows_with_keys(self, keys: list) -> list:
        """The rows with these keys, in their order, with the list's related rows (one query, and the list's
        prefetches)."""
        if not keys:
            return []
        rows = self.model._base_manager.all()
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        # The list's prefetches, as Django keeps them on the queryset (no public reader exists).
        rows = rows.prefetch_related(*self._prefetch_related_lookups)  # type: ignore[attr-defined]
        found = {row.pk: row for row in rows.filter(pk__in=keys).order_by()}
        return [found[key] for key in keys if key in found]

    def page_and_count(self, start: int, stop: int, limit: int) -> tuple[list, int]:
        """Rows ``[start:stop]`` and the number of rows counted up to ``limit``, from one read of the first
        ``limit`` keys: a scoped list evaluates its scope once, not once to count and again to page."""
        if limit > LEADING_KEYS_LIMIT or self._result_cache is not None or not _plain(self):
            return _counted_then_sliced(self, start, stop, limit)
        keys = list(QuerySet.values_list(self, "pk", flat=True)[:limit])
        return self.rows_with_keys(keys[start:stop]), len(keys)


@cache
def _keys_first_class(queryset_class: type) -> type:
    if issubclass(queryset_class, KeysFirstQuerySet):
        return queryset_class
    return type(f"KeysFirst{queryset_class.__name__}", (KeysFirstQuerySet, queryset_class), {})


def keys_first(rows: QuerySet) -> QuerySet:
    """``rows`` whose slices (pages) are read keys first (two queries: the keys, then the rows)."""
    clone = rows.all()
    clone.__class__ = _keys_first_class(type(rows))
    return clone


def own_columns(model, *, without: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names of ``model``'s own columns (foreign keys included), for ``.only()`` next to the few columns a
    list shows of its related rows: a list row then carries no long texts of a related card or organisation."""
    return tuple(field.name for field in model._meta.concrete_fields if field.name not in without)
