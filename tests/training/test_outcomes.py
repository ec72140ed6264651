"""Exit outcomes of stays and their 3- and 6-month follow-ups: the services, the pages, the API, the counts the
statutory reports read."""

import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.dates import add_months
from kooperacja.core.errors import ConflictError
from kooperacja.placement import services as placement_services
from kooperacja.training import outcome_selectors, services
from kooperacja.training.models import ExitOutcome, OutcomeFollowUp, Participation, ParticipationStatus
from tests.placement import factories as placement_factories
from tests.training.factories import enrol, make_kis, make_staff

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)


class Clock:
    """Today as the services and pages see it (``timezone.localdate()``), moved by the test."""

    def __init__(self, monkeypatch):
        self.today: date | None = None
        original = timezone.localdate

        def localdate(value=None, timezone=None):
            if value is None and self.today is not None:
                return self.today
            return original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    def move_to(self, day: date) -> None:
        self.today = day


@pytest.fixture
def time_machine(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def _taking_part(world, *, start=START, organisation=None, staff=None):
    staff = staff or world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=organisation or world.org_a, start=start)
    if participation.kind == "cis":
        services.participation_start_trial(actor=staff, participation=participation)
    return services.participation_activate(actor=staff, participation=participation)


def _ended(world, *, exit_date=date(2025, 8, 29), reason="employment", start=START, **kwargs):
    participation = _taking_part(world, start=start, **kwargs)
    return services.participation_exit(
        actor=kwargs.get("staff") or world.user("pzs_staff"),
        participation=participation,
        reason=reason,
        exit_date=exit_date,
    )


def _record(world, participation, **values):
    values = {
        "kind": "employment",
        "started_on": date(2025, 9, 1),
        "organisation_name": "Przedsiębiorstwo Usług Opiekuńczych Sp. z o.o.",
        **values,
    }
    return services.outcome_record(actor=world.user("pzs_staff"), participation=participation, **values)


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


# --- services -------------------------------------------------------------------------------------------------


def test_it_plans_follow_ups_three_and_six_calendar_months_after_the_outcome_began_end_of_month_safe(world):
    participation = _ended(world)
    outcome = _record(world, participation, started_on=date(2025, 8, 31))
    due = dict(outcome.follow_ups.values_list("months_after", "due_on"))
    assert due == {3: date(2025, 11, 30), 6: date(2026, 2, 28)}


def test_it_plans_no_follow_ups_for_no_work_or_education(world):
    participation = _ended(world, reason="period_expired")
    outcome = _record(world, participation, kind="none", started_on=None, organisation_name="")
    assert outcome.kind == "none" and not outcome.follow_ups.exists()


def test_it_refuses_an_outcome_of_a_stay_still_under_way(world):
    participation = _taking_part(world)
    with pytest.raises(ValidationError) as exc_info:
        _record(world, participation)
    assert "has not ended" in _errors(exc_info)["kind"][0]
    assert not ExitOutcome.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose the outcome."),
        ({"kind": "astronaut"}, "kind", "Choose one of the outcomes offered."),
        ({"started_on": None}, "started_on", "Enter the date the outcome began"),
        ({"started_on": date(2025, 3, 1)}, "started_on", "before the participation started (03/03/2025)"),
        ({"started_on": date(2026, 3, 1)}, "started_on", "within 6 months of the exit"),
        ({"organisation_name": "  "}, "organisation_name", "name of the employer or the social cooperative"),
        ({"kind": "self_employment"}, "kind", "took up employment"),
    ],
)
def test_it_refuses_an_outcome_that_breaks_a_rule_with_a_field_error_and_saves_nothing(world, values, field, message):
    participation = _ended(world)
    with pytest.raises(ValidationError) as exc_info:
        _record(world, participation, **values)
    assert message in " ".join(_errors(exc_info)[field])
    assert not ExitOutcome.objects.exists() and not OutcomeFollowUp.objects.exists()


def test_it_refuses_an_outcome_in_the_future(world):
    today = timezone.localdate()
    participation = _ended(world, exit_date=today - timedelta(days=3), start=today - timedelta(days=100))
    with pytest.raises(ValidationError) as exc_info:
        _record(world, participation, started_on=today + timedelta(days=1))
    assert "in the future" in _errors(exc_info)["started_on"][0]


def test_it_requires_a_cooperative_outcome_for_an_exit_to_a_cooperative_and_names_the_choices(world):
    participation = _ended(world, reason="cooperative")
    with pytest.raises(ValidationError) as exc_info:
        _record(world, participation, kind="employment")
    message = _errors(exc_info)["kind"][0]
    assert "joined or founded a social cooperative" in message
    assert "founding a social cooperative" in message and "joining a social cooperative" in message
    outcome = _record(world, participation, kind="cooperative_founded", organisation_name="Spółdzielnia „Razem”")
    assert outcome.follow_ups.count() == 2


def test_it_corrects_an_outcome_with_the_version_read_and_plans_again_the_follow_ups_not_recorded(world, time_machine):
    participation = _ended(world)
    outcome = _record(world, participation, started_on=date(2025, 9, 1))
    three = outcome.follow_ups.get(months_after=3)
    time_machine.move_to(date(2025, 12, 5))
    services.outcome_follow_up_record(actor=world.user("pzs_staff"), follow_up=three, still_there=True)

    corrected = _record(world, participation, started_on=date(2025, 9, 15), version=outcome.version)
    assert corrected.version == outcome.version + 1
    due = {f.months_after: (f.due_on, f.still_there) for f in corrected.follow_ups.all()}
    assert due == {3: (date(2025, 12, 1), True), 6: (date(2026, 3, 15), None)}  # the recorded one is kept
    with pytest.raises(ConflictError):
        _record(world, participation, started_on=date(2025, 9, 20), version=outcome.version)
    with pytest.raises(ConflictError):  # a form read before the outcome was recorded
        _record(world, participation, started_on=date(2025, 9, 20), version=None)
    assert ExitOutcome.objects.get().started_on == date(2025, 9, 15)


def test_it_refuses_a_follow_up_before_it_is_due_saying_from_when_and_refuses_it_twice(world, time_machine):
    participation = _ended(world)
    outcome = _record(world, participation, started_on=date(2025, 9, 1))
    six = outcome.follow_ups.get(months_after=6)
    time_machine.move_to(date(2026, 2, 28))
    with pytest.raises(ValidationError) as exc_info:
        services.outcome_follow_up_record(actor=world.user("social_worker"), follow_up=six, still_there=True)
    assert "due on 03/01/2026" in _errors(exc_info)["still_there"][0]
    time_machine.move_to(date(2026, 3, 1))
    services.outcome_follow_up_record(actor=world.user("social_worker"), follow_up=six, still_there=False, note="x")
    with pytest.raises(ValidationError) as exc_info:
        services.outcome_follow_up_record(actor=world.user("pzs_staff"), follow_up=six, still_there=True)
    assert "was recorded on" in _errors(exc_info)["still_there"][0]
    six.refresh_from_db()
    assert six.still_there is False and six.recorded_by == world.user("social_worker")


def test_it_refuses_outcomes_to_those_who_do_not_work_with_the_participants(world):
    participation = _ended(world)
    with pytest.raises(PermissionDenied):
        services.outcome_record(actor=world.user("analyst"), participation=participation, kind="none", started_on=None)


def test_it_records_the_outcome_with_the_exit_in_one_transaction(world):
    participation = _taking_part(world)
    staff = world.user("pzs_staff")
    outcome = services.OutcomeInput(kind="employment", started_on=date(2025, 9, 1), organisation_name="")
    with pytest.raises(ValidationError) as exc_info:
        services.participation_exit(
            actor=staff, participation=participation, reason="employment", exit_date=date(2025, 8, 29), outcome=outcome
        )
    assert set(_errors(exc_info)) == {"outcome_organisation_name"}
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACTIVE and not ExitOutcome.objects.exists()

    outcome = services.OutcomeInput(kind="supported_employment", started_on=date(2025, 9, 1), organisation_name="ZAZ")
    services.participation_exit(
        actor=staff, participation=participation, reason="employment", exit_date=date(2025, 8, 29), outcome=outcome
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.COMPLETED
    assert participation.outcome.kind == "supported_employment" and participation.outcome.follow_ups.count() == 2


def test_it_exits_without_an_outcome_when_none_is_given(world):
    participation = _taking_part(world)
    services.participation_exit(
        actor=world.user("pzs_staff"),
        participation=participation,
        reason="withdrew",
        exit_date=date(2025, 6, 2),
        outcome=services.OutcomeInput(kind=""),
    )
    assert not ExitOutcome.objects.exists()


def _hired(world, participation, *, hired_on):
    need = placement_factories.need(
        provider=world.org_b, card_version=placement_factories.card(), start=hired_on, headcount=2
    )
    referral = placement_factories.referral(
        participation=participation, need_row=need, status="hired", hired_on=hired_on
    )
    placement_factories.follow_ups(referral, hired_on)
    return referral


def test_it_plans_no_follow_ups_for_the_job_a_hired_referral_led_to_and_shows_the_referrals(world):
    participation = _taking_part(world)
    _hired(world, participation, hired_on=date(2025, 9, 1))
    participation = services.participation_exit(
        actor=world.user("pzs_staff"), participation=participation, reason="employment", exit_date=date(2025, 8, 29)
    )
    # The same employer by name (case and spacing aside): covered by the referral's follow-ups.
    outcome = _record(world, participation, organisation_name=f"  {world.org_b.name.upper()} ")
    assert not outcome.follow_ups.exists()
    coverage = outcome_selectors.outcome_covered(participation, outcome)
    assert coverage is not None and world.org_b.name in str(coverage.label)
    assert [row.due_on for row in coverage.follow_ups] == [date(2025, 12, 1), date(2026, 3, 1)]

    # Another employer, found without the platform: followed up by training itself.
    other = _record(
        world,
        participation,
        organisation_name="Hotel Pod Lipami",
        started_on=date(2025, 9, 10),
        version=outcome.version,
    )
    assert other.follow_ups.count() == 2
    assert outcome_selectors.outcome_covered(participation, other) is None
    # Back to the hire (same start day as the hire): the follow-ups not recorded are dropped again.
    again = _record(
        world, participation, organisation_name="Pod Lipami", started_on=date(2025, 9, 1), version=other.version
    )
    assert not again.follow_ups.exists()


def test_it_follows_up_a_business_even_after_a_hire_through_the_platform(world):
    participation = _taking_part(world)
    _hired(world, participation, hired_on=date(2025, 9, 1))
    participation = services.participation_exit(
        actor=world.user("pzs_staff"), participation=participation, reason="business", exit_date=date(2025, 8, 29)
    )
    outcome = _record(world, participation, kind="self_employment", organisation_name="")
    assert outcome.follow_ups.count() == 2


def test_it_writes_outcome_and_follow_up_changes_to_the_change_log(world, time_machine):
    participation = _ended(world)
    outcome = _record(world, participation, started_on=date(2025, 9, 1))
    _record(world, participation, started_on=date(2025, 9, 2), version=outcome.version)
    time_machine.move_to(date(2025, 12, 3))
    follow_up = outcome.follow_ups.get(months_after=3)
    services.outcome_follow_up_record(actor=world.user("pzs_staff"), follow_up=follow_up, still_there=True)
    outcome_entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ExitOutcome))
    assert outcome_entries.count() == 2
    assert "started_on" in outcome_entries.latest("timestamp").changes_dict
    follow_up_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(OutcomeFollowUp), object_pk=str(follow_up.pk)
    )
    assert any("still_there" in entry.changes_dict for entry in follow_up_entries)


# --- selectors --------------------------------------------------------------------------------------------------


def test_it_counts_the_years_exits_by_outcome_and_traces_them_back(world, django_assert_max_num_queries):
    first = _ended(world, exit_date=date(2025, 8, 29))
    _record(world, first, kind="employment")
    second = _ended(world, exit_date=date(2025, 9, 30), reason="cooperative")
    _record(world, second, kind="cooperative_joined", started_on=date(2025, 10, 1), organisation_name="Spółdzielnia")
    _ended(world, exit_date=date(2025, 10, 15), reason="withdrew")
    _ended(world, exit_date=date(2024, 12, 20), start=date(2024, 6, 3), reason="withdrew")  # another year
    kis = make_kis()
    _ended(world, organisation=kis, staff=make_staff(kis), reason="withdrew")  # another organisation
    with django_assert_max_num_queries(1):
        counts = outcome_selectors.outcomes_by_kind(organisation_ids=[world.org_a.pk], year=2025)
    assert counts == {"employment": 1, "cooperative_joined": 1, "": 1}
    traced = outcome_selectors.outcome_participations(organisation_ids=[world.org_a.pk], year=2025, kind="")
    assert [p.exit_reason for p in traced] == ["withdrew"]
    traced = outcome_selectors.outcome_participations(organisation_ids=[world.org_a.pk], year=2025, kind="employment")
    assert list(traced) == [first]


def test_it_lists_the_follow_ups_due_to_those_who_work_with_the_participants_only(world, time_machine):
    participation = _ended(world)
    _record(world, participation, started_on=date(2025, 9, 1))
    kis = make_kis()
    kis_staff = make_staff(kis)
    other = _ended(world, organisation=kis, staff=kis_staff, reason="period_expired")
    services.outcome_record(
        actor=kis_staff,
        participation=other,
        kind="education",
        started_on=date(2025, 10, 1),
        organisation_name="",
    )
    time_machine.move_to(date(2025, 12, 10))
    on = date(2025, 12, 10)
    mine = outcome_selectors.outcome_follow_ups_due(user=world.user("pzs_staff"), on=on)
    assert [(f.outcome.participation_id, f.months_after) for f in mine] == [
        (participation.pk, 3),
        (participation.pk, 6),
    ]
    overdue = outcome_selectors.outcome_follow_ups_due(user=world.user("pzs_staff"), on=on, state="overdue")
    assert [f.due_on for f in overdue] == [date(2025, 12, 1)]
    due = outcome_selectors.outcome_follow_ups_due(user=world.user("social_worker"), on=on, state="due")
    assert [f.due_on for f in due] == [date(2026, 3, 1)]
    assert not outcome_selectors.outcome_follow_ups_due(user=world.user("analyst"), on=on).exists()
    assert outcome_selectors.outcome_follow_ups_due(user=world.user("admin"), on=on).count() == 4


# --- pages ------------------------------------------------------------------------------------------------------


def test_it_shows_the_outcome_section_in_polish_and_saves_the_outcome_form(world, client_for, polish):
    participation = _ended(world)
    client = client_for("pzs_staff")
    url = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    page = client.get(url).content.decode()
    assert "Brak zapisanego efektu" in page or "Zapisz efekt" in page
    response = client.post(
        reverse("training:participant-outcome", kwargs={"public_id": participation.public_id}),
        {
            "outcome-kind": "employment",
            "outcome-started_on": "2025-09-01",
            "outcome-organisation_name": "Zakład Opieki „Pogodna Jesień”",
            "outcome-note": "umowa o pracę",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Pogodna Jesień" in page and "01.12.2025" in page and "01.03.2026" in page


def test_it_shows_the_form_again_with_the_error_and_saves_nothing(world, client_for):
    participation = _ended(world)
    response = client_for("pzs_staff").post(
        reverse("training:participant-outcome", kwargs={"public_id": participation.public_id}),
        {"outcome-kind": "employment", "outcome-started_on": "2025-09-01", "outcome-organisation_name": ""},
    )
    assert response.status_code == 200
    assert "Enter the name of the employer" in response.content.decode()
    assert not ExitOutcome.objects.exists()


def test_it_shows_a_stale_outcome_form_again_with_the_current_version(world, client_for):
    participation = _ended(world)
    outcome = _record(world, participation)
    _record(world, participation, note="changed by a colleague", version=outcome.version)
    url = reverse("training:participant-outcome", kwargs={"public_id": participation.public_id})
    body = {
        "outcome-kind": "employment",
        "outcome-started_on": "2025-09-03",
        "outcome-organisation_name": "Firma",
        "outcome-version": outcome.version,
    }
    response = client_for("pzs_staff").post(url, body)
    content = response.content.decode()
    assert "Someone else recorded or changed this outcome" in content
    assert f'value="{outcome.version + 1}"' in content and 'value="2025-09-03"' in content
    assert client_for("pzs_staff").post(url, {**body, "outcome-version": outcome.version + 1}).status_code == 302


def test_it_records_the_outcome_with_the_exit_from_the_participant_page(world, client_for):
    participation = _taking_part(world)
    response = client_for("social_worker").post(
        reverse("training:participant-transition", kwargs={"public_id": participation.public_id}),
        {
            "action": "exit",
            "reason": "business",
            "exit_date": "2025-08-29",
            "outcome_kind": "self_employment",
            "outcome_started_on": "2025-09-01",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "completed" and participation.outcome.kind == "self_employment"


def test_it_records_a_follow_up_from_the_participant_page(world, client_for, time_machine):
    participation = _ended(world)
    _record(world, participation, started_on=date(2025, 9, 1))
    url = reverse("training:participant-outcome-follow-up", kwargs={"public_id": participation.public_id})
    client = client_for("pzs_staff")
    time_machine.move_to(date(2025, 11, 20))
    client.post(url, {"months": 3, "still_there": "yes"})
    assert OutcomeFollowUp.objects.get(months_after=3).still_there is None  # not due yet
    time_machine.move_to(date(2025, 12, 2))
    assert client.post(url, {"months": 3, "still_there": "no", "note": "zwolniła się"}).status_code == 302
    recorded = OutcomeFollowUp.objects.get(months_after=3)
    assert recorded.still_there is False and recorded.note == "zwolniła się"


def test_it_answers_404_for_another_cis_participant_and_403_to_the_read_only(world, client_for):
    kis = make_kis()
    other = _ended(world, organisation=kis, staff=make_staff(kis))
    client = client_for("pzs_staff")
    for name in ("training:participant-outcome", "training:participant-outcome-follow-up"):
        url = reverse(name, kwargs={"public_id": other.public_id})
        assert client.post(url, {"months": 3, "still_there": "yes", "outcome-kind": "none"}).status_code == 404
    assert client.get(reverse("training:participant-outcome", kwargs={"public_id": other.public_id})).status_code == 404
    mine = _ended(world)
    url = reverse("training:participant-outcome", kwargs={"public_id": mine.public_id})
    assert client_for("analyst").get(url).status_code == 403
    assert not ExitOutcome.objects.exists()


def test_it_lists_the_follow_ups_due_in_polish_paginated_and_filtered(
    world, client_for, polish, time_machine, django_assert_max_num_queries
):
    for _ in range(3):
        participation = _ended(world)
        _record(world, participation, started_on=date(2025, 9, 1))
    time_machine.move_to(date(2025, 12, 10))
    client = client_for("pzs_staff")
    url = reverse("training:outcome-follow-ups")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Monitoring efektów" in page and "01.12.2025" in page and "01.03.2026" in page
    assert page.count(reverse("training:participant-detail", kwargs={"public_id": participation.public_id})) == 2
    overdue = client.get(url, {"state": "overdue", "order": "-due_on"}).content.decode()
    assert "01.12.2025" in overdue and "01.03.2026" not in overdue
    assert client_for("analyst").get(url).status_code == 403


def test_the_follow_ups_link_to_a_participant_only_for_whom_the_page_opens(world, client_for, time_machine):
    """An administrator sees every follow-up, but a participant's page only opens to their CIS/KIS: no dead link."""
    participation = _ended(world)
    _record(world, participation, started_on=date(2025, 9, 1))
    time_machine.move_to(date(2025, 12, 10))
    detail = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    url = reverse("training:outcome-follow-ups")
    admin = client_for("admin")
    page = admin.get(url).content.decode()
    assert participation.person.last_name in page and detail not in page
    assert admin.get(detail).status_code == 404
    assert detail in client_for("pzs_staff").get(url).content.decode()


# --- API --------------------------------------------------------------------------------------------------------


def _api(client, method, url, body=None):
    return client.generic(method, url, json.dumps(body or {}, default=str), content_type="application/json")


def test_it_reads_records_and_corrects_an_outcome_over_the_api(world, client_for, time_machine):
    participation = _ended(world)
    client = client_for("pzs_staff")
    url = f"/api/v1/training/participants/{participation.public_id}/outcome"
    assert client.get(url).status_code == 404
    bad = _api(client, "PUT", url, {"kind": "employment", "started_on": "2025-09-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "organisation_name"
    body = {"kind": "employment", "started_on": "2025-09-01", "organisation_name": "Firma"}
    created = _api(client, "PUT", url, body)
    assert created.status_code == 200
    data = created.json()
    assert data["version"] == 1 and [f["due_on"] for f in data["follow_ups"]] == ["2025-12-01", "2026-03-01"]
    assert _api(client, "PUT", url, {**body, "note": "x"}).status_code == 409
    corrected = _api(client, "PUT", url, {**body, "note": "umowa na czas nieokreślony", "version": 1})
    assert corrected.status_code == 200 and corrected.json()["version"] == 2
    assert client.get(url).json()["note"] == "umowa na czas nieokreślony"

    follow_up_url = f"{url}/follow-ups"
    time_machine.move_to(date(2025, 11, 1))
    early = _api(client, "POST", follow_up_url, {"months": 3, "still_there": True})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "still_there"
    time_machine.move_to(date(2025, 12, 1))
    recorded = _api(client, "POST", follow_up_url, {"months": 3, "still_there": True})
    assert recorded.status_code == 201 and recorded.json()["still_there"] is True


def test_it_answers_404_over_the_api_for_another_cis_participant(world, client_for):
    kis = make_kis()
    other = _ended(world, organisation=kis, staff=make_staff(kis))
    client = client_for("pzs_staff")
    url = f"/api/v1/training/participants/{other.public_id}/outcome"
    assert client.get(url).status_code == 404
    assert _api(client, "PUT", url, {"kind": "none"}).status_code == 404
    assert _api(client, "POST", f"{url}/follow-ups", {"months": 3, "still_there": True}).status_code == 404


# --- the reintegration programme ends the stay with its outcome ----------------------------------------------


def test_it_hires_through_placement_and_the_outcome_reuses_the_referrals_follow_ups(world):
    """The real services: a hire plans the referral's follow-ups; the outcome of that job plans none."""
    participation = _taking_part(world, start=timezone.localdate() - timedelta(days=200))
    staff = world.user("pzs_staff")
    participation = services.participation_confirm_ready(actor=staff, participation=participation)
    need = placement_factories.need(provider=world.org_b, card_version=placement_factories.card(), headcount=2)
    referral = placement_factories.referral(
        participation=participation,
        need_row=need,
        status="interview",
        referred_on=timezone.localdate() - timedelta(days=60),
    )
    hired_on = timezone.localdate() - timedelta(days=40)
    placement_services.referral_hire(actor=world.user("admin"), referral=referral, hired_on=hired_on)
    participation = Participation.objects.get(pk=participation.pk)
    services.participation_exit(
        actor=staff,
        participation=participation,
        reason="employment",
        exit_date=hired_on - timedelta(days=1),
        outcome=services.OutcomeInput(kind="employment", started_on=hired_on, organisation_name="inna nazwa"),
    )
    outcome = ExitOutcome.objects.get(participation=participation)
    assert not outcome.follow_ups.exists()  # the hire's day: the referral's follow-ups cover it
    assert referral.follow_ups.count() == 2
    assert add_months(hired_on, 3) in referral.follow_ups.values_list("due_on", flat=True)
