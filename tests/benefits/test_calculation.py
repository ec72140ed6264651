"""The integration benefit of one participant, step by step (benefits.calculation and the month's lines)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kooperacja.benefits import services
from kooperacja.benefits.calculation import LineInput, compute_line, public_holidays, working_days
from kooperacja.law.selectors import statutory_parameter_get
from tests.benefits.factories import computed_march, participant_with_march

pytestmark = pytest.mark.django_db


def _steps(line) -> dict[str, str]:
    return {step["code"]: step["value"] for step in line.steps}


def test_polish_public_holidays_are_not_working_days():
    assert date(2025, 4, 21) in public_holidays(2025)  # Easter Monday
    assert date(2025, 6, 19) in public_holidays(2025)  # Corpus Christi
    assert date(2025, 12, 24) in public_holidays(2025) and date(2024, 12, 24) not in public_holidays(2024)
    assert len(working_days(date(2025, 3, 1), date(2025, 3, 31))) == 21
    assert len(working_days(date(2025, 5, 1), date(2025, 5, 31))) == 21  # 22 weekdays but 1 May


def test_a_full_month_present_gets_120_percent_of_the_unemployment_benefit_and_its_contributions(world):
    line = computed_march(world).lines.get()
    assert line.base_amount == Decimal("1662.20") and line.rate_pct == 120
    assert line.full_amount == Decimal("1994.64") and line.benefit == Decimal("1994.64")
    assert (line.working_days, line.stay_days, line.days_present, line.unrecorded_days) == (21, 21, 21, 0)
    assert line.deductions == 0 and line.to_pay == Decimal("1994.64")
    # 19.52 % + 8 % + 1.67 % of 1994.64, each rounded to the grosz; health 9 %.
    assert line.social_contributions == Decimal("389.35") + Decimal("159.57") + Decimal("33.31")
    assert line.health_contribution == Decimal("179.52")
    steps = {step["code"]: step for step in line.steps}
    assert "Założenie" in steps["base"]["note"] and "1721" not in steps["base"]["value"]
    assert "art. 15a" in steps["bonus"]["note"].lower() or "Art. 15a" in steps["bonus"]["note"]


def test_unexcused_absence_is_deducted_per_working_day_and_sick_leave_by_a_fortieth(world):
    line = computed_march(world, kinds={10: "unexcused", 11: "unexcused", 12: "sick", 13: "excused"}).lines.get()
    steps = _steps(line)
    assert steps["deduct_unexcused"] == "189.97"  # 2 × 1994.64 / 21
    assert steps["deduct_sick"] == "49.87"  # 2.5 % of 1994.64
    assert steps["days_excused"] == "1"  # not deducted
    assert line.deductions == Decimal("239.84") and line.benefit == Decimal("1754.80")


def test_a_stay_starting_mid_month_gets_its_share_of_the_working_days(world):
    line = computed_march(world, start=date(2025, 3, 17)).lines.get()
    assert line.stay_days == 11 and line.benefit == Decimal("1044.81")


def test_days_off_over_the_yearly_limit_are_deducted_like_unexcused_absence(world):
    days = {date(2025, 3, day): ("day_off", Decimal("0")) for day in (3, 4)}
    data = LineInput(period=(date(2025, 1, 1), date(2025, 12, 31)), trial=None, days=days, days_off_before=11)
    result = compute_line(2025, 3, data, statutory_parameter_get)
    steps = {step["code"]: step for step in result.steps}
    assert steps["days_off_year"]["value"] == "13" and steps["days_off_year"]["limit"] == 12
    assert steps["deduct_unexcused"]["value"] == "94.98" and steps["deduct_unexcused"]["days"] == 1


def test_the_motivation_bonus_is_capped_at_the_benefit_and_raises_the_contributions(world):
    month = computed_march(world)
    line = month.lines.get()
    staff = world.user("pzs_staff")
    with pytest.raises(ValidationError) as caught:
        services.benefit_line_set_bonus(actor=staff, line=line, amount="1994.65")
    assert "1994.64" in caught.value.message_dict["bonus"][0] and "15a" in caught.value.message_dict["bonus"][0]
    line = services.benefit_line_set_bonus(actor=staff, line=line, amount="200")
    assert line.bonus == 200 and line.to_pay == Decimal("2194.64")
    assert line.health_contribution == Decimal("197.52")  # 9 % of 2194.64
    # Computing the draft again keeps the bonus.
    services.benefit_month_compute(actor=staff, organisation=world.org_a, year=2025, month=3)
    assert month.lines.get().bonus == 200


def test_a_month_without_the_base_amount_in_force_is_refused_with_a_clear_message(world):
    participant_with_march(world)
    with pytest.raises(ValidationError) as caught:
        services.benefit_month_compute(actor=world.user("pzs_staff"), organisation=world.org_a, year=2023, month=1)
    assert "unemployment_benefit_base" in caught.value.message_dict["month"][0]
