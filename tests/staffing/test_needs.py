"""Staffing needs: validation, optimistic locking, the state machine, hires and expiry."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from kooperacja.core.errors import ConflictError
from kooperacja.registry.models import OrganisationKind
from kooperacja.staffing import services
from kooperacja.staffing.models import NeedEvent, NeedStatus, StaffingNeed
from kooperacja.staffing.tasks import expire_needs
from tests.factories import GRUDZIADZ, OrganisationFactory
from tests.staffing.factories import NeedFactory, in_days, make_card, provider_with_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    manager = world.user("member_b")
    provider = provider_with_manager(manager)
    card = make_card()
    return manager, provider, card


def _data(provider, card, **changes):
    data = {
        "provider": provider,
        "card_version": card,
        "position": "Opiekunka środowiskowa",
        "headcount": 3,
        "required_qualifications": ["TQ-1", "TQ-2"],
        "working_time": "full_time",
        "hours_per_week": 40,
        "start_date": in_days(30),
        "end_date": in_days(20),
        "municipality": GRUDZIADZ,
        "pay_min": 4900,
        "pay_max": 5600,
        "conditions": "Umowa o pracę.",
    }
    data.update(changes)
    return data


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [error.code for error in errors] for field, errors in exc.error_dict.items()}


def test_it_creates_a_draft_need_with_the_card_qualifications(setting):
    manager, provider, card = setting
    need = services.need_create(actor=manager, data=_data(provider, card))
    assert need.status == NeedStatus.DRAFT
    assert sorted(q.code for q in need.required_qualifications.all()) == ["TQ-1", "TQ-2"]
    assert need.search_text.startswith("opiekunka srodowiskowa")
    assert need.created_by == manager


def test_it_names_a_qualification_the_card_does_not_know(setting):
    manager, provider, card = setting
    with pytest.raises(ValidationError) as caught:
        services.need_create(actor=manager, data=_data(provider, card, required_qualifications=["TQ-1", "ZZ-9"]))
    assert _codes(caught.value) == {"required_qualifications": ["unknown_qualification"]}
    assert "ZZ-9" in caught.value.message_dict["required_qualifications"][0]
    assert not StaffingNeed.objects.exists()


def test_it_refuses_a_qualification_of_another_card(setting):
    manager, provider, card = setting
    other = make_card(qualifications=(("OT-1", "Inna", True),))
    with pytest.raises(ValidationError) as caught:
        services.need_create(
            actor=manager, data=_data(provider, card, required_qualifications=[other.qualifications.get()])
        )
    assert "OT-1" in caught.value.message_dict["required_qualifications"][0]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"headcount": 0}, "headcount", "min_headcount"),
        ({"pay_min": 6000, "pay_max": 5000}, "pay_max", "pay_range"),
        ({"pay_min": -1}, "pay_min", "negative_pay"),
        ({"start_date": in_days(-1)}, "start_date", "start_in_past"),
        ({"end_date": in_days(-1)}, "end_date", "end_in_past"),
        ({"municipality": "0462"}, "municipality", "wrong_level"),
        ({"municipality": "9999999"}, "municipality", "invalid_choice"),
        ({"hours_per_week": 70}, "hours_per_week", "out_of_range"),
        ({"headcount": 101}, "headcount", "out_of_range"),
        ({"pay_max": 600_000}, "pay_max", "out_of_range"),
        ({"start_date": in_days(4 * 366)}, "start_date", "out_of_range"),
        ({"position": ""}, "position", "blank"),
        ({"working_time": "nights"}, "working_time", "invalid_choice"),
        ({"card_version": None}, "card_version", "required"),
    ],
)
def test_it_refuses_bad_input(setting, changes, field, code):
    manager, provider, card = setting
    with pytest.raises(ValidationError) as caught:
        services.need_create(actor=manager, data=_data(provider, card, **changes))
    assert code in _codes(caught.value)[field]
    assert not StaffingNeed.objects.exists()


def test_it_refuses_a_provider_that_is_not_a_provider_kind(world, setting):
    manager, _provider, card = setting
    ops = OrganisationFactory(kind=OrganisationKind.OPS)
    with pytest.raises(ValidationError) as caught:
        services.need_create(actor=world.user("admin"), data=_data(ops, card))
    assert _codes(caught.value) == {"provider": ["not_a_provider"]}


def test_it_refuses_a_provider_the_actor_does_not_act_for(world, setting):
    _manager, provider, card = setting
    with pytest.raises(ValidationError) as caught:
        services.need_create(actor=world.user("pes_manager"), data=_data(provider, card))
    assert _codes(caught.value) == {"provider": ["not_your_provider"]}


def test_it_saves_an_edit_read_at_the_current_version(setting):
    manager, provider, card = setting
    need = services.need_create(actor=manager, data=_data(provider, card))
    services.need_update(
        actor=manager, need=need, data={"headcount": 5, "required_qualifications": ["TQ-3"]}, expected_version=1
    )
    need.refresh_from_db()
    assert (need.headcount, need.version) == (5, 2)
    assert [q.code for q in need.required_qualifications.all()] == ["TQ-3"]


def test_it_refuses_a_stale_edit_and_writes_nothing(setting):
    manager, provider, card = setting
    need = services.need_create(actor=manager, data=_data(provider, card))
    services.need_update(actor=manager, need=need, data={"headcount": 4}, expected_version=1)
    stale = StaffingNeed.objects.get(pk=need.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        services.need_update(actor=manager, need=stale, data={"headcount": 9}, expected_version=1)
    need.refresh_from_db()
    assert (need.headcount, need.version) == (4, 2)


def test_it_refuses_an_edit_by_another_providers_manager(world, setting):
    manager, provider, card = setting
    need = services.need_create(actor=manager, data=_data(provider, card))
    with pytest.raises(PermissionDenied):
        services.need_update(actor=world.user("pes_manager"), need=need, data={"headcount": 9}, expected_version=1)


def test_it_keeps_headcount_above_the_people_hired(setting):
    manager, provider, _card = setting
    need = NeedFactory(provider=provider, headcount=3, filled_count=2, status=NeedStatus.PARTLY_FILLED)
    with pytest.raises(ValidationError) as caught:
        services.need_update(actor=manager, need=need, data={"headcount": 1}, expected_version=1)
    assert _codes(caught.value) == {"headcount": ["below_filled"]}


def test_it_publishes_and_withdraws_with_events(setting):
    manager, provider, card = setting
    need = services.need_create(actor=manager, data=_data(provider, card))
    services.need_publish(actor=manager, need=need)
    services.need_withdraw(actor=manager, need=need, note="Zmiana planów")
    need.refresh_from_db()
    assert need.status == NeedStatus.WITHDRAWN
    events = list(NeedEvent.objects.filter(need=need).values_list("from_state", "to_state", "actor", "note"))
    assert events == [
        ("draft", "open", manager.pk, ""),
        ("open", "withdrawn", manager.pk, "Zmiana planów"),
    ]


def test_it_refuses_invalid_transitions_without_events(setting):
    manager, provider, _card = setting
    need = NeedFactory(provider=provider, status=NeedStatus.FILLED, filled_count=2)
    for move in (services.need_publish, services.need_withdraw):
        with pytest.raises(ValidationError) as caught:
            move(actor=manager, need=need)
        assert caught.value.code == "invalid_transition"
    assert not NeedEvent.objects.exists()


def test_it_refuses_a_transition_when_someone_moved_the_need_first(setting):
    manager, provider, _card = setting
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    StaffingNeed.objects.filter(pk=need.pk).update(status=NeedStatus.WITHDRAWN)
    with pytest.raises(ConflictError):
        services.need_publish(actor=manager, need=need)
    assert StaffingNeed.objects.get(pk=need.pk).status == NeedStatus.WITHDRAWN


def test_it_refuses_to_edit_a_closed_need(setting):
    manager, provider, _card = setting
    need = NeedFactory(provider=provider, status=NeedStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as caught:
        services.need_update(actor=manager, need=need, data={"headcount": 5}, expected_version=1)
    assert caught.value.code == "not_editable"


def test_it_records_hires_until_the_need_is_filled(setting):
    _manager, provider, _card = setting
    need = NeedFactory(provider=provider, headcount=2)
    services.need_record_hire(actor=None, need=need)
    assert (need.filled_count, need.status) == (1, NeedStatus.PARTLY_FILLED)
    services.need_record_hire(actor=None, need=need)
    assert (need.filled_count, need.status) == (2, NeedStatus.FILLED)
    with pytest.raises(ValidationError) as caught:
        services.need_record_hire(actor=None, need=need)
    assert caught.value.code == "no_open_position"
    need.refresh_from_db()
    assert need.filled_count == 2
    assert list(need.events.values_list("to_state", flat=True)) == ["partly_filled", "filled"]


def test_it_keeps_a_partly_filled_need_partly_filled_with_a_timeline_entry(setting):
    _manager, provider, _card = setting
    need = NeedFactory(provider=provider, headcount=3)
    services.need_record_hire(actor=None, need=need)
    services.need_record_hire(actor=None, need=need)
    assert (need.filled_count, need.status) == (2, NeedStatus.PARTLY_FILLED)
    assert list(need.events.values_list("from_state", "to_state")) == [
        ("open", "partly_filled"),
        ("partly_filled", "partly_filled"),
    ]


def test_it_refuses_a_hire_for_a_draft(setting):
    _manager, provider, _card = setting
    need = NeedFactory(provider=provider, status=NeedStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.need_record_hire(actor=None, need=need)


def test_it_expires_needs_whose_end_date_passed_by_command_and_task(setting):
    _manager, provider, _card = setting
    due = NeedFactory(provider=provider, end_date=in_days(-1))
    partly = NeedFactory(provider=provider, end_date=in_days(-3), status=NeedStatus.PARTLY_FILLED, filled_count=1)
    later = NeedFactory(provider=provider, end_date=in_days(5))
    draft = NeedFactory(provider=provider, end_date=in_days(-1), status=NeedStatus.DRAFT)
    out = StringIO()
    call_command("expire_needs", stdout=out)
    assert "2" in out.getvalue()
    statuses = dict(StaffingNeed.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: NeedStatus.EXPIRED,
        partly.pk: NeedStatus.EXPIRED,
        later.pk: NeedStatus.OPEN,
        draft.pk: NeedStatus.DRAFT,
    }
    assert NeedEvent.objects.filter(need=due, to_state=NeedStatus.EXPIRED, actor=None).exists()
    result = expire_needs.enqueue()
    assert result.return_value == 0


def test_it_expires_by_a_given_date(setting):
    _manager, provider, _card = setting
    need = NeedFactory(provider=provider, end_date=in_days(5))
    call_command("expire_needs", "--today", in_days(6).isoformat(), stdout=StringIO())
    need.refresh_from_db()
    assert need.status == NeedStatus.EXPIRED


def test_it_lets_an_admin_declare_for_any_provider(world, setting):
    _manager, provider, card = setting
    need = services.need_create(actor=world.user("admin"), data=_data(provider, card))
    assert need.provider == provider
