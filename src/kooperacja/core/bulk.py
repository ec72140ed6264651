"""Writing many rows of one table at the speed of the database: ``COPY`` on PostgreSQL, ``executemany`` of one
prepared INSERT elsewhere (SQLite). For imports and generators that have already validated their rows.

The rows are plain tuples in the order of ``columns`` (database column names), holding values the database
driver takes as they are: ``str``, ``int``, ``bool``, ``Decimal``, ``date``, ``None``, datetimes converted once
with :func:`db_datetime` and new UUIDs from :func:`new_public_ids`. Nothing here sends signals, runs ``save()``
or writes change-log entries: the caller is a service that has checked every row and records what it did.

Rows that point at each other (a person and its participation) get their ids first from :func:`allocate_ids`,
inside the transaction that writes them.
"""

import os
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

# Rows sent to the database per statement (SQLite) or per buffer flush (PostgreSQL's COPY streams anyway).
BATCH_ROWS = 5_000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def db_datetime(value: datetime) -> Any:
    """An aware datetime as the database driver takes it (SQLite stores text in UTC)."""
    return connection.ops.adapt_datetimefield_value(value)


def new_public_ids(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as 32 hexadecimal digits, the form both PostgreSQL's uuid type and
    Django's UUIDField on SQLite take, from one read of the system's random source."""
    random = os.urandom(16 * count)
    return [
        format(
            (int.from_bytes(random[start : start + 16], "big") & _UUID_CLEAR) | _UUID_V4,
            "032x",
        )
        for start in range(0, 16 * count, 16)
    ]


# The version (4) and variant (RFC 4122) bits of a random UUID, as uuid.UUID(version=4) sets them.
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4 = (0x4000 << 64) | (0x8000 << 48)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model``'s table, unused by anyone else.

    PostgreSQL: taken from the table's sequence in one statement. SQLite: the numbers after the highest id
    ever given (``sqlite_sequence`` of an AUTOINCREMENT table, or the highest id present); call it inside the
    transaction that inserts the rows, after the transaction has written something, so that SQLite's single
    writer lock keeps them ours until the rows are in."""
    if count <= 0:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",  # noqa: S608
                [model._meta.db_table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({pk}) FROM {table}")  # noqa: S608 - names quoted by the backend
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
        found = cursor.fetchone()
        if found is not None:
            highest = max(highest, found[0] or 0)
    return list(range(highest + 1, highest + 1 + count))


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` into ``model``'s table (``columns`` are database column names); returns how many.

    Runs in the caller's transaction: a constraint the rows break raises ``IntegrityError`` and the caller's
    ``atomic`` block rolls everything back."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    written = 0
    if is_postgresql():
        statement = f"COPY {table} ({names}) FROM STDIN"
        started = time.monotonic()
        # psycopg's own cursor (COPY is not part of the DB-API), its errors raised as Django's (IntegrityError…).
        with connection.cursor() as cursor, connection.wrap_database_errors:
            raw = cursor.cursor
            with raw.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
        if connection.queries_logged:  # counted like any statement (assertNumQueries, the debug toolbar)
            connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - started:.3f}"})
        return written
    statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                cursor.executemany(statement, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            written += len(batch)
    return written
