"""Rows built once for all the tests of a module.

``built_once`` runs a builder inside a transaction that stays open while the module's tests run. Each test
still runs in its own savepoint (pytest-django's ``django_db``) and is rolled back to the built rows, and the
transaction is rolled back after the last test, so the tests stay as independent as with a fresh build each,
at the cost of one build per module and worker.
"""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import transaction

Built = TypeVar("Built")


def built_once(django_db_blocker, build: Callable[[], Built]) -> Iterator[Built]:
    """For a module-scoped fixture: ``yield from built_once(django_db_blocker, build)``."""
    kept = transaction.atomic()
    with django_db_blocker.unblock():
        kept.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)
