"""Selections of the test host, built through the services: organisation A's CIS staff ("pzs_staff") manage,
the social worker and the OWES advisor of A assess."""

from datetime import timedelta

from django.utils import timezone

from kooperacja.selection import services
from tests.selection.conftest import KIND

CRITERIA = (("Doświadczenie", "2", 10), ("Motywacja", "1", 5))


def draft(world, *, places=2, threshold=None, tie_rule="criteria_order", appeal_days=7, criteria=CRITERIA, **kw):
    selection = services.selection_create(
        actor=world.user("pzs_staff"),
        kind=KIND,
        owner=world.org_a,
        subject_key=kw.pop("subject_key", "test:1"),
        title=kw.pop("title", "Grupa założycielska"),
        places=places,
        threshold=threshold,
        tie_rule=tie_rule,
        appeal_days=appeal_days,
    )
    for name, weight, max_points in criteria:
        services.criterion_add(
            actor=world.user("pzs_staff"),
            selection=selection,
            name=name,
            description="",
            weight=weight,
            max_points=max_points,
        )
    return selection


def with_entries(selection, count=3, start=None):
    """``count`` entries (subject keys c1, c2, ...; submitted a minute apart); returns [(entry, code)]."""
    start = start or timezone.now() - timedelta(days=1)
    return [
        services.entry_add(
            selection=selection, subject_key=f"c{i}", label=f"Kandydat {i}", submitted_at=start + timedelta(minutes=i)
        )
        for i in range(1, count + 1)
    ]


def scoring(world, *, assessors=("social_worker", "owes_advisor"), entries=3, **kw):
    """A selection in scoring with its entries; returns (selection, [(entry, code)])."""
    selection = draft(world, **kw)
    manager = world.user("pzs_staff")
    services.selection_publish(actor=manager, selection=selection, version=selection.version)
    made = with_entries(selection, entries)
    for name in assessors:
        services.assessor_add(actor=manager, selection=selection, user=world.user(name))
    services.selection_start_scoring(actor=manager, selection=selection, version=selection.version)
    return selection, made


def score_all(world, selection, points, *, assessors=("social_worker", "owes_advisor")):
    """``points``: {entry code: [points per criterion]} given by every assessor."""
    criteria = list(selection.criteria.all())
    entries = {e.code: e for e in selection.entries.all()}
    for name in assessors:
        for code, values in points.items():
            for criterion, value in zip(criteria, values, strict=True):
                services.score_set(actor=world.user(name), entry=entries[code], criterion=criterion, points=value)


def ranked(world, points=None, **kw):
    selection, made = scoring(world, **kw)
    points = points or {"K-001": [8, 3], "K-002": [9, 5], "K-003": [4, 1]}
    score_all(world, selection, points, assessors=kw.get("assessors", ("social_worker", "owes_advisor")))
    services.selection_rank(actor=world.user("pzs_staff"), selection=selection, version=selection.version)
    return selection, made
