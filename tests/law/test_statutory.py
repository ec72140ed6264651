from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from kooperacja.law.models import StatutoryParameter
from kooperacja.law.selectors import StatutoryParameterMissing, statutory_value
from kooperacja.law.services import statutory_parameters_load

pytestmark = pytest.mark.django_db


def test_it_has_the_parameters_in_a_fresh_database():
    codes = set(StatutoryParameter.objects.values_list("code", flat=True))
    assert {
        "cis_max_participation_months",
        "cis_benefit_pct_regular",
        "cis_benefit_pct_trial",
        "weekly_hours_max",
        "weekly_hours_min",
        "trial_period_months",
        "days_off_full_benefit",
    } <= codes
    assert all("Dz.U." in p.legal_basis for p in StatutoryParameter.objects.all())


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("cis_max_participation_months", date(2022, 2, 14), 18),
        ("cis_max_participation_months", date(2022, 2, 15), 24),
        ("weekly_hours_max", date(2022, 2, 14), 30),
        ("weekly_hours_max", date(2022, 2, 15), 40),
        ("cis_benefit_pct_regular", date(2021, 12, 31), 100),
        ("cis_benefit_pct_trial", date(2021, 12, 31), 50),
        ("cis_benefit_pct_trial", date(2022, 1, 1), 120),
        ("days_off_full_benefit", date(2020, 5, 1), 6),
        ("days_off_full_benefit", date(2025, 5, 1), 12),
        ("trial_period_months", date(2025, 5, 1), 1),
        ("weekly_hours_min", date(2023, 1, 1), 30),
    ],
)
def test_it_gives_the_value_in_force_on_a_date(code, day, expected):
    assert statutory_value(code, day) == Decimal(expected)


def test_it_says_clearly_when_no_value_covers_the_date():
    with pytest.raises(StatutoryParameterMissing, match="weekly_hours_min.*2021-06-01"):
        statutory_value("weekly_hours_min", date(2021, 6, 1))


def test_it_loads_the_parameters_idempotently():
    StatutoryParameter.objects.all().delete()
    first = statutory_parameters_load()
    count = StatutoryParameter.objects.count()
    second = statutory_parameters_load()
    assert first["created"] == count > 0
    assert second == {"created": 0, "updated": 0, "unchanged": count}
    StatutoryParameter.objects.filter(code="weekly_hours_max", valid_from=date(2022, 2, 15)).update(value=99)
    call_command("load_statutory_parameters")
    assert statutory_value("weekly_hours_max", date(2023, 1, 1)) == 40


def test_it_shows_the_parameters_to_signed_in_users(client_for):
    response = client_for("analyst").get("/training/parameters/")
    assert response.status_code == 200
    assert "Dz.U. 2022 poz. 218" in response.content.decode()
    assert client_for("anonymous").get("/training/parameters/").status_code == 302
