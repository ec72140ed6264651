"""Reads of personal data are logged by the selectors that return them for display, so no view can forget it.

A selector that returns people's data to be shown is decorated with :func:`shows_personal_data`: every call
records, for each person shown, who saw which fields, why and through which channel (``PersonalDataAccess``).
A selector that returns a list returns :class:`ShownRows`: the rows are logged when a page of them is taken
(a paginator's slice, or the whole list), so a page of 25 logs those 25, not the whole table.

Every decorated selector is listed in :data:`SHOWING_SELECTORS`; a test calls each of them and checks its log.
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kooperacja.audit.services import personal_data_read_log
from kooperacja.core.querysets import count_up_to, page_and_count


@dataclass(frozen=True)
class ShowingSelector:
    name: str
    purpose: str
    fields: tuple[str, ...]


SHOWING_SELECTORS: dict[str, ShowingSelector] = {}


class ShownRows:
    """A list of rows whose people are logged as shown when the rows are taken (sliced or iterated)."""

    def __init__(self, rows: QuerySet, log: Callable[[list], None]):
        self.rows = rows
        self._log = log

    def count(self) -> int:
        return self.rows.count()

    @property
    def query(self):
        return self.rows.query

    @property
    def model(self):
        return self.rows.model

    def filter(self, *args, **kwargs) -> "ShownRows":
        return ShownRows(self.rows.filter(*args, **kwargs), self._log)

    def count_up_to(self, limit: int) -> int:
        """The number of rows, counted up to ``limit`` (nothing is shown, so nothing is logged)."""
        return count_up_to(self.rows, limit)

    def page_and_count(self, start: int, stop: int, limit: int) -> tuple[list, int]:
        """Rows ``[start:stop]`` (logged as shown) and the rows counted up to ``limit``."""
        taken, counted = page_and_count(self.rows, start, stop, limit)
        self._log(taken)
        return taken, counted

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        taken = self.rows[item]
        if isinstance(item, slice):
            taken = list(taken)
            self._log(taken)
        else:
            self._log([taken])
        return taken

    def __iter__(self):
        taken = list(self.rows)
        self._log(taken)
        return iter(taken)


def shows_personal_data(
    *, purpose: str, fields: Sequence[str], persons: Callable[[Any], Iterable] = lambda shown: [shown]
):
    """Decorate a selector taking ``user`` (and optionally ``channel``, "web" by default) that returns people's
    data for display. ``persons`` picks the records shown from one returned item: the row itself by default, or
    e.g. ``lambda participation: [participation.person]``. A returned QuerySet becomes :class:`ShownRows`."""

    def decorate(selector):
        name = f"{selector.__module__}.{selector.__qualname__}"

        @functools.wraps(selector)
        def showing(*args, user, channel: str = "web", **kwargs):
            result = selector(*args, user=user, **kwargs)

            def log(items: Iterable) -> None:
                # Each person once, even when shown through several rows (two roles, two stays).
                records = list(
                    {
                        (type(record), record.pk): record
                        for item in items
                        if item is not None
                        for record in persons(item)
                    }.values()
                )
                if records:
                    personal_data_read_log(actor=user, records=records, fields=fields, purpose=purpose, channel=channel)

            if isinstance(result, QuerySet):
                return ShownRows(result, log)
            if isinstance(result, list | tuple):
                log(result)
            else:
                log([result])
            return result

        SHOWING_SELECTORS[name] = ShowingSelector(name=name, purpose=purpose, fields=tuple(fields))
        return showing

    return decorate
