"""Pages read keys first: the page's keys by the list's filter and order alone, then those rows with their
related rows by key.

A list that shows each row with several related rows (``select_related`` over half a dozen tables) and is
scoped by a subquery leads the planner to join the whole table before it sorts and cuts the page. Reading the
25 keys first touches only the list's own table and its order index; the second query joins 25 rows.
"""

from functools import cache

from django.db.models import QuerySet
from django.db.models.query import ModelIterable


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
        keys = list(QuerySet.values_list(self, "pk", flat=True)[k])
        if not keys:
            return []
        rows = self.model._base_manager.all()
        rows.query.select_related = self.query.select_related
        rows.query.deferred_loading = self.query.deferred_loading
        # The list's prefetches, as Django keeps them on the queryset (no public reader exists).
        rows = rows.prefetch_related(*self._prefetch_related_lookups)  # type: ignore[attr-defined]
        found = {row.pk: row for row in rows.filter(pk__in=keys).order_by()}
        return [found[key] for key in keys if key in found]


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
