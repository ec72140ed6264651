"""Bulk writes of generated rows: COPY on PostgreSQL, batched ``executemany`` on SQLite.

Rows are plain tuples in the order of the columns named (attribute names: ``organisation_id``, not
``organisation``), with explicit primary keys taken from :meth:`Writer.ids`, so that the rows of one table can
point at another's without reading anything back. Values are Python values (dates, aware datetimes, Decimals,
UUIDs, dicts for JSON columns); each backend gets them in the form its driver expects. Nothing goes through
``save()`` or signals: the database still checks every constraint (foreign keys, uniqueness, checks).
"""

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 5000


def _converter(field: models.Field, vendor: str) -> Callable[[Any], Any] | None:
    """How a value of ``field`` is handed to the driver (None: as it is)."""
    if isinstance(field, models.JSONField):
        if vendor == "postgresql":
            return json.dumps
        return lambda value: field.get_db_prep_save(value, connection)
    if vendor == "postgresql":
        return None  # psycopg adapts dates, aware datetimes, Decimals, UUIDs and booleans itself
    if isinstance(field, models.DateField | models.DecimalField | models.UUIDField):  # DateTimeField is a DateField
        return lambda value: field.get_db_prep_save(value, connection)
    return None


class Writer:
    """Writes rows table by table and hands out the primary keys the rows will have."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self._next_id: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = {}

    def ids(self, model: type[models.Model], count: int) -> range:
        """``count`` fresh primary keys of ``model``: after the highest one in the table, and after any already
        handed out (the table may hold rows from before, e.g. the demo region)."""
        if model not in self._next_id:
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(model._meta.db_table)
                column = connection.ops.quote_name(model._meta.pk.column)
                cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608 - names from the model's meta
                (highest,) = cursor.fetchone()
            self._next_id[model] = (highest or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (tuples in the order of ``columns``) into ``model``'s table; returns the rows written."""
        fields = {field.attname: field for field in model._meta.concrete_fields}
        converters = [_converter(fields[name], self.vendor) for name in columns]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(fields[name].column) for name in columns)
        prepared = (
            tuple(
                value if convert is None or value is None else convert(value)
                for value, convert in zip(row, converters, strict=True)
            )
            for row in rows
        )
        count = 0
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model's meta
                while batch := list(islice(prepared, BATCH)):
                    cursor.executemany(sql, batch)
                    count += len(batch)
        self.written[model._meta.label] = self.written.get(model._meta.label, 0) + count
        return count

    def finish(self) -> None:
        """Move the id sequences past the rows written (PostgreSQL; SQLite's AUTOINCREMENT follows by itself)."""
        if self.vendor != "postgresql" or not self._next_id:
            return
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next_id))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
