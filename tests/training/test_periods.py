"""The periods of a CIS stay (art. 15): the base period and the maximum under the law before and since
15.02.2022, the decision extending a stay, and the dated parameters they are read from."""

import importlib
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.core.text import short_date
from kooperacja.law import parameters as statutory
from kooperacja.law.models import StatutoryParameter
from kooperacja.law.selectors import statutory_parameter_get
from kooperacja.training import services
from kooperacja.training.models import Participation, PeriodExtension
from tests.training.factories import make_kis, make_staff, participation_data, person_data

pytestmark = pytest.mark.django_db


def _enrol(world, organisation=None, **overrides):
    """Enrol through the service as the form does (no automatic extension)."""
    return services.participant_enrol(
        actor=world.user("pzs_staff"),
        organisation=organisation or world.org_a,
        person_data=person_data(),
        participation_data=participation_data(overrides.pop("start", None), **overrides),
    )


def _planned_end_error(world, **overrides) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _enrol(world, **overrides)
    return caught.value


# --- the dated parameters ------------------------------------------------------------------------------


def test_the_parameters_start_on_the_day_the_rules_entered_into_force():
    assert not StatutoryParameter.objects.filter(valid_from=date(2003, 6, 13)).exists()
    act = statutory_parameter_get(statutory.CIS_MAX_PARTICIPATION_MONTHS, date(2003, 8, 14))
    assert act is not None and act.value == 18 and "14 sierpnia 2003" in act.assumption
    assert statutory_parameter_get(statutory.CIS_MAX_PARTICIPATION_MONTHS, date(2003, 8, 13)) is None
    benefit = statutory_parameter_get(statutory.CIS_BENEFIT_PCT_REGULAR, date(2022, 1, 1))
    assert benefit.value == 120 and "z mocą od 1 stycznia 2022" in benefit.legal_basis
    since = statutory_parameter_get(statutory.CIS_BASE_PARTICIPATION_MONTHS, date(2022, 2, 15))
    assert since.value == 12 and "[UNCERTAIN]" not in since.assumption and "12 miesięcy" in since.assumption
    assert statutory_parameter_get(statutory.CIS_TRIAL_COUNTED_IN_PERIOD, date(2022, 2, 14)).value == 1
    assert statutory_parameter_get(statutory.CIS_TRIAL_COUNTED_IN_PERIOD, date(2022, 2, 15)).value == 0


def test_the_data_migration_drops_the_rows_of_the_old_start_date_and_reapplies_the_file():
    StatutoryParameter.objects.create(
        code=statutory.TRIAL_PERIOD_MONTHS,
        name="stary wiersz",
        value=1,
        unit="miesiące",
        valid_from=date(2003, 6, 13),
        legal_basis="x",
    )
    StatutoryParameter.objects.filter(code=statutory.CIS_BASE_PARTICIPATION_MONTHS).delete()
    migration = importlib.import_module("kooperacja.training.migrations.0011_statutory_periods_in_force")
    migration.reapply(apps, None)
    assert not StatutoryParameter.objects.filter(valid_from=date(2003, 6, 13)).exists()
    assert StatutoryParameter.objects.filter(code=statutory.CIS_BASE_PARTICIPATION_MONTHS).count() == 2


# --- base period and maximum ---------------------------------------------------------------------------


def test_before_2022_the_trial_month_counts_into_the_base_period_of_12_months(world):
    # Start 1.03.2021: the base period (with the trial month) ends 28.02.2022, the maximum (18) 31.08.2022.
    ok = _enrol(world, start=date(2021, 3, 1), planned_end_date=date(2022, 2, 28))
    rule = services.participation_period_rule(ok)
    assert rule.trial_counted and rule.counted_from == date(2021, 3, 1)
    assert (rule.base_end, rule.max_end) == (date(2022, 2, 28), date(2022, 8, 31))
    error = _planned_end_error(world, start=date(2021, 3, 1), planned_end_date=date(2022, 3, 1))
    message = error.message_dict["planned_end_date"][0]
    assert short_date(date(2022, 2, 28)) in message and "extending" in message
    assert error.error_dict["planned_end_date"][0].code == "beyond_base_period"


def test_since_15_02_2022_the_periods_run_from_the_end_of_the_trial_month(world):
    # Trial month 2.01–1.02.2023: base period 2.02.2023–1.02.2024, maximum (24 months) to 1.02.2025.
    ok = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    rule = services.participation_period_rule(ok)
    assert not rule.trial_counted and rule.counted_from == date(2023, 2, 2)
    assert (rule.base_end, rule.max_end) == (date(2024, 2, 1), date(2025, 2, 1))
    error = _planned_end_error(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 2))
    assert short_date(date(2024, 2, 1)) in error.message_dict["planned_end_date"][0]
    beyond = _planned_end_error(world, start=date(2023, 1, 2), planned_end_date=date(2025, 2, 2))
    assert "24 months" in beyond.message_dict["planned_end_date"][0]
    assert beyond.error_dict["planned_end_date"][0].code == "beyond_maximum"


def test_a_trial_month_entered_by_hand_moves_the_periods(world):
    ok = _enrol(
        world,
        start=date(2023, 3, 1),
        trial_start=date(2023, 2, 1),
        trial_end=date(2023, 2, 28),
        planned_end_date=date(2024, 2, 29),
    )
    assert services.participation_period_rule(ok).base_end == date(2024, 2, 29)


def test_a_kis_stay_has_no_statutory_maximum(world):
    kis = make_kis()
    make_staff(kis, username="kis_staff")
    participation = services.participant_enrol(
        actor=None,
        organisation=kis,
        person_data=person_data(),
        participation_data=participation_data(
            date(2023, 1, 2), planned_end_date=date(2027, 1, 1), plan_reference="KS/1/2023"
        ),
    )
    assert participation.trial_start is None and services.participation_period_rule(participation) is None
    with pytest.raises(ValidationError) as caught:
        services.participation_extend(
            actor=None,
            participation=participation,
            decided_on=date(2024, 1, 2),
            new_planned_end=date(2028, 1, 1),
            justification="x",
        )
    assert "individually" in caught.value.message_dict["new_planned_end"][0]


# --- the extension decision ----------------------------------------------------------------------------


def test_an_extension_decision_moves_the_planned_end_and_is_recorded_with_who_and_why(world):
    staff = world.user("pzs_staff")
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    extension = services.participation_extend(
        actor=staff,
        participation=participation,
        decided_on=date(2024, 1, 15),
        new_planned_end=date(2024, 8, 31),
        justification="  Kończy kurs zawodowy.  ",
    )
    participation.refresh_from_db()
    assert participation.planned_end_date == date(2024, 8, 31) and participation.version == 2
    assert (extension.previous_planned_end, extension.decided_by, extension.justification) == (
        date(2024, 2, 1),
        staff,
        "Kończy kurs zawodowy.",
    )
    assert LogEntry.objects.get_for_object(extension).exists()


def test_an_extension_without_a_decision_is_refused_with_every_reason_and_nothing_saved(world):
    staff = world.user("pzs_staff")
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    with pytest.raises(ValidationError) as caught:
        services.participation_extend(
            actor=staff,
            participation=participation,
            decided_on=None,
            new_planned_end=date(2025, 3, 1),
            justification=" ",
        )
    errors = caught.value.message_dict
    assert set(errors) == {"decided_on", "justification", "new_planned_end"}
    assert short_date(date(2025, 2, 1)) in errors["new_planned_end"][0]
    with pytest.raises(ValidationError) as earlier:
        services.participation_extend(
            actor=staff,
            participation=participation,
            decided_on=date(2024, 1, 15),
            new_planned_end=date(2024, 1, 31),
            justification="x",
        )
    assert "after the current one" in earlier.value.message_dict["new_planned_end"][0]
    participation.refresh_from_db()
    assert participation.planned_end_date == date(2024, 2, 1)
    assert not PeriodExtension.objects.exists()


def test_only_the_staff_of_the_cis_extend_a_stay(world):
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    for name in ("social_worker", "member_b", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.participation_extend(
                actor=world.user(name),
                participation=participation,
                decided_on=date(2024, 1, 15),
                new_planned_end=date(2024, 5, 1),
                justification="x",
            )
    assert not PeriodExtension.objects.exists()


def test_the_participant_page_shows_the_rule_its_assumption_and_the_extensions(world, client_for):
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    client = client_for("pzs_staff")
    url = f"/training/participants/{participation.public_id}/"
    page = client.get(url).content.decode()
    assert short_date(date(2025, 2, 1)) in page and "Assumption:" in page and "od końca miesiąca próbnego" in page
    assert "Record the extension" in page
    bad = client.post(f"{url}extend/", {"decided_on": "2024-01-15", "new_planned_end": "2026-01-01"})
    assert bad.status_code == 200 and "justification" in bad.content.decode().lower()
    response = client.post(
        f"{url}extend/",
        {"decided_on": "2024-01-15", "new_planned_end": "2024-06-30", "justification": "Egzamin w czerwcu."},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Egzamin w czerwcu." in page and short_date(date(2024, 6, 30)) in page
    assert Participation.objects.get(pk=participation.pk).planned_end_date == date(2024, 6, 30)


def test_a_social_worker_sees_the_periods_but_may_not_extend(world, client_for):
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    client = client_for("social_worker")
    url = f"/training/participants/{participation.public_id}/"
    page = client.get(url).content.decode()
    assert short_date(date(2024, 2, 1)) in page and "Record the extension" not in page
    response = client.post(
        f"{url}extend/", {"decided_on": "2024-01-15", "new_planned_end": "2024-06-30", "justification": "x"}
    )
    assert response.status_code == 403
    assert not PeriodExtension.objects.exists()


def test_the_api_extends_and_shows_the_periods(world, client_for):
    participation = _enrol(world, start=date(2023, 1, 2), planned_end_date=date(2024, 2, 1))
    client = client_for("pzs_staff")
    url = f"/api/v1/training/participants/{participation.public_id}"
    refused = client.post(
        f"{url}/extensions",
        {"decided_on": "2024-01-15", "new_planned_end": "2025-02-02", "justification": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "new_planned_end" in refused.content.decode()
    created = client.post(
        f"{url}/extensions",
        {"decided_on": "2024-01-15", "new_planned_end": "2025-02-01", "justification": "Przedłużenie."},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["new_planned_end"] == "2025-02-01"
    detail = client.get(url).json()
    assert detail["base_period_end"] == "2024-02-01" and detail["max_period_end"] == "2025-02-01"
    assert detail["period_assumptions"] and detail["extensions"][0]["previous_planned_end"] == "2024-02-01"
    denied = client_for("social_worker").post(
        f"{url}/extensions",
        {"decided_on": "2024-01-15", "new_planned_end": "2025-01-01", "justification": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
