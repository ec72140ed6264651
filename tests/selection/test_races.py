"""Two managers confirming one selection at the same moment: one wins, the other is told who confirmed it, and
nothing is written twice. Threads need real transactions of PostgreSQL (SQLite serialises the whole database;
the stale-version case is covered in test_services)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kooperacja.core.errors import ConflictError
from kooperacja.selection import services
from kooperacja.selection.models import Selection, SelectionEvent
from tests.selection import factories
from tests.selection.hosts import CONFIRMED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions of PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_managers_confirm_at_once(world):
    selection, _made = factories.ranked(world)
    Selection.objects.filter(pk=selection.pk).update(appeal_deadline=timezone.now() - timedelta(seconds=1))
    version = Selection.objects.get(pk=selection.pk).version
    barrier = threading.Barrier(2)
    outcomes: list = []

    def confirm(username):
        from django.db import connections

        try:
            barrier.wait()
            services.selection_confirm(
                actor=world.user(username), selection=Selection.objects.get(pk=selection.pk), version=version
            )
            outcomes.append(("ok", username))
        except ConflictError as exc:
            outcomes.append(("conflict", str(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(name,)) for name in ("pzs_staff", "admin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["conflict", "ok"]
    message = next(detail for kind, detail in outcomes if kind == "conflict")
    assert "already confirmed by" in message
    assert SelectionEvent.objects.filter(selection=selection, to_state="confirmed").count() == 1
    assert [selection.pk] == CONFIRMED
