"""The selection's services: the whole path from draft to confirmed, and every refusal (nothing written)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.core.errors import ConflictError
from kooperacja.notifications.models import Notification
from kooperacja.selection import selectors, services
from kooperacja.selection.codes import normalise_code
from kooperacja.selection.models import Appeal, Ranking, Score, Selection, SelectionEvent, State
from tests.factories import UserFactory
from tests.selection import factories
from tests.selection.hosts import CONFIRMED

pytestmark = pytest.mark.django_db(transaction=False)


def _expire_appeals(selection):
    Selection.objects.filter(pk=selection.pk).update(appeal_deadline=timezone.now() - timedelta(seconds=1))
    selection.refresh_from_db()


def test_whole_path(world, django_capture_on_commit_callbacks):
    manager = world.user("pzs_staff")
    with django_capture_on_commit_callbacks(execute=True):
        selection, made = factories.scoring(world)
    assert selection.state == State.SCORING
    assert len(selection.lot_seed) == 32
    assert [entry.code for entry, _code in made] == ["K-001", "K-002", "K-003"]
    assert Notification.objects.filter(kind="selection_scoring").count() == 2
    factories.score_all(world, selection, {"K-001": [8, 3], "K-002": [9, 5], "K-003": [4, 1]})
    ranking = services.selection_rank(actor=manager, selection=selection, version=selection.version)
    assert ranking.number == 1 and len(ranking.inputs_digest) == 64
    rows = selectors.ranking_rows(selection)
    assert [(r.entry.code, r.total, r.selected) for r in rows] == [
        ("K-002", Decimal("23.00"), True),
        ("K-001", Decimal("19.00"), True),
        ("K-003", Decimal("9.00"), False),
    ]
    assert selection.appeal_deadline > timezone.now() + timedelta(days=6)
    _expire_appeals(selection)
    services.selection_confirm(actor=manager, selection=selection, version=selection.version)
    assert selection.state == State.CONFIRMED and selection.confirmed_by == manager
    assert [selection.pk] == CONFIRMED
    assert [e.code for e in selectors.selected_entries(selection)] == ["K-002", "K-001"]
    states = list(SelectionEvent.objects.filter(selection=selection).values_list("to_state", flat=True))
    assert states == ["draft", "published", "scoring", "ranked", "confirmed"]


def test_access_code_is_high_entropy_and_stored_as_hash(world):
    selection = factories.draft(world)
    entry, code = factories.with_entries(selection, 1)[0]
    assert len(normalise_code(code)) == 20
    assert code not in entry.access_code_hash and len(entry.access_code_hash) == 64
    assert selectors.entry_by_access_code(code.lower()) == entry
    assert selectors.entry_by_access_code("AAAAA-AAAAA-AAAAA-AAAAA") is None


def test_criteria_frozen_after_publish(world):
    manager = world.user("pzs_staff")
    selection = factories.draft(world)
    services.selection_publish(actor=manager, selection=selection, version=selection.version)
    criterion = selection.criteria.first()
    with pytest.raises(ValidationError) as error:
        services.criterion_update(
            actor=manager, criterion=criterion, name="X", description="", weight="5", max_points=3
        )
    assert "frozen" in str(error.value.message_dict["criteria"])
    with pytest.raises(ValidationError):
        services.criterion_add(actor=manager, selection=selection, name="Y", description="", weight=1, max_points=3)
    criterion.refresh_from_db()
    assert criterion.name == "Doświadczenie" and selection.criteria.count() == 2


def test_publish_needs_a_criterion_and_scoring_an_assessor_and_an_entry(world):
    manager = world.user("pzs_staff")
    selection = factories.draft(world, criteria=())
    with pytest.raises(ValidationError) as error:
        services.selection_publish(actor=manager, selection=selection, version=selection.version)
    assert "criteria" in error.value.message_dict
    services.criterion_add(actor=manager, selection=selection, name="A", description="", weight=1, max_points=5)
    services.selection_publish(actor=manager, selection=selection, version=selection.version)
    with pytest.raises(ValidationError) as error:
        services.selection_start_scoring(actor=manager, selection=selection, version=selection.version)
    assert set(error.value.message_dict) == {"assessors", "entries"}
    assert Selection.objects.get(pk=selection.pk).state == State.PUBLISHED


def test_points_out_of_range_and_non_assessor(world):
    selection, made = factories.scoring(world)
    entry = made[0][0]
    criterion = selection.criteria.first()
    with pytest.raises(ValidationError) as error:
        services.score_set(actor=world.user("social_worker"), entry=entry, criterion=criterion, points=11)
    assert "between 0 and 10" in str(error.value.message_dict["points"])
    with pytest.raises(ValidationError):
        services.score_set(actor=world.user("social_worker"), entry=entry, criterion=criterion, points=-1)
    with pytest.raises(ValidationError) as error:
        services.score_set(actor=world.user("pzs_staff"), entry=entry, criterion=criterion, points=3)
    assert "assessor" in error.value.message_dict
    assert not Score.objects.exists()


def test_rank_with_missing_scores_says_which(world):
    selection, _made = factories.scoring(world)
    factories.score_all(world, selection, {"K-001": [1, 1], "K-002": [1, 1]}, assessors=("social_worker",))
    with pytest.raises(ValidationError) as error:
        services.selection_rank(actor=world.user("pzs_staff"), selection=selection, version=selection.version)
    message = str(error.value.message_dict["scores"])
    assert "K-003" in message and "Kowalska" in message
    assert not Ranking.objects.exists()
    assert Selection.objects.get(pk=selection.pk).state == State.SCORING


def test_only_managers_move(world):
    selection = factories.draft(world)
    with pytest.raises(PermissionDenied):
        services.selection_publish(actor=world.user("social_worker"), selection=selection, version=selection.version)


def test_appeal_by_code_then_upheld_rescoring_and_reranking(world, django_capture_on_commit_callbacks):
    manager = world.user("pzs_staff")
    selection, made = factories.ranked(world)
    entry, code = made[2]
    with pytest.raises(ValidationError) as error:
        services.appeal_submit(entry=entry, reason="Błąd", access_code=made[0][1])
    assert "access_code" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_submit(entry=entry, reason="Pominięto moje doświadczenie.", access_code=code)
    assert list(Notification.objects.filter(kind="selection_appeal").values_list("recipient__username", flat=True)) == [
        "pzs_staff"
    ]
    with pytest.raises(ValidationError):
        services.appeal_submit(entry=entry, reason="Jeszcze raz", access_code=code)
    _expire_appeals(selection)
    with pytest.raises(ValidationError) as error:
        services.selection_confirm(actor=manager, selection=selection, version=selection.version)
    assert "appeal" in str(error.value.message_dict["state"])
    services.appeal_decide(actor=manager, appeal=appeal, upheld=True, reason="Zasadne.")
    selection.refresh_from_db()
    assert selection.state == State.SCORING
    assert Appeal.objects.get(pk=appeal.pk).state == "upheld"
    factories.score_all(world, selection, {"K-003": [10, 5]})
    second = services.selection_rank(actor=manager, selection=selection, version=selection.version)
    assert second.number == 2
    assert [r.entry.code for r in selectors.ranking_rows(selection)] == ["K-003", "K-002", "K-001"]
    assert [r.entry.code for r in selectors.ranking_rows(selection, 1)] == ["K-002", "K-001", "K-003"]


def test_appeal_after_deadline_and_by_own_user(world):
    selection, made = factories.ranked(world)
    entry, _code = made[0]
    candidate = UserFactory(username="c1")
    appeal = services.appeal_submit(entry=entry, reason="Proszę o ponowną ocenę.", actor=candidate)
    assert appeal.submitted_by == candidate
    _expire_appeals(selection)
    with pytest.raises(ValidationError) as error:
        services.appeal_submit(entry=made[1][0], reason="Za późno", access_code=made[1][1])
    assert "passed" in str(error.value.message_dict["reason"])


def test_confirm_before_deadline_refused(world):
    selection, _made = factories.ranked(world)
    with pytest.raises(ValidationError) as error:
        services.selection_confirm(actor=world.user("pzs_staff"), selection=selection, version=selection.version)
    assert "not passed" in str(error.value.message_dict["state"])
    assert Selection.objects.get(pk=selection.pk).state == State.RANKED


def test_second_confirmation_with_stale_version_says_who(world):
    selection, _made = factories.ranked(world)
    _expire_appeals(selection)
    stale = selection.version
    other = Selection.objects.get(pk=selection.pk)
    services.selection_confirm(actor=world.user("pzs_staff"), selection=selection, version=stale)
    with pytest.raises(ConflictError) as error:
        services.selection_confirm(actor=world.user("admin"), selection=other, version=stale)
    assert "already confirmed by" in str(error.value)
    assert SelectionEvent.objects.filter(selection=selection, to_state="confirmed").count() == 1
    assert [selection.pk] == CONFIRMED


def test_withdrawn_entry_is_not_ranked(world):
    selection, _made = factories.scoring(world)
    services.entry_withdraw(selection=selection, subject_key="c3", reason="Rezygnacja")
    factories.score_all(world, selection, {"K-001": [8, 3], "K-002": [9, 5]})
    services.selection_rank(actor=world.user("pzs_staff"), selection=selection, version=selection.version)
    assert [r.entry.code for r in selectors.ranking_rows(selection)] == ["K-002", "K-001"]
    with pytest.raises(ValidationError):
        services.entry_withdraw(selection=selection, subject_key="c1", reason="Po rankingu")
