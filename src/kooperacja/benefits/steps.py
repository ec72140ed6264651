"""Labels of the calculation steps kept on each benefit line (``BenefitLine.steps``)."""

from django.utils.translation import gettext_lazy as _

STEP_LABELS = {
    "base": _("Unemployment benefit (base amount)"),
    "rate": _("Rate of the integration benefit (%)"),
    "trial_rate": _("Rate in the trial month (%)"),
    "full": _("Full monthly benefit (zł)"),
    "working_days": _("Working days in the month"),
    "stay_days": _("Working days of the participation in the month"),
    "entitled": _("Benefit for the days of the participation (zł)"),
    "days_present": _("Days present"),
    "days_excused": _("Days of excused absence (not deducted)"),
    "days_unexcused": _("Days of unexcused absence"),
    "days_sick": _("Days of sick leave"),
    "days_day_off": _("Days off"),
    "days_none": _("Working days without a record"),
    "days_off_year": _("Days off taken this year (limit)"),
    "deduct_unexcused": _("Deduction for unexcused absence and days off over the limit (zł)"),
    "deduct_sick": _("Deduction for sick leave (zł)"),
    "benefit": _("Benefit after deductions (zł)"),
    "bonus": _("Motivation bonus (zł)"),
    "contribution_pension": _("Pension insurance contribution (zł)"),
    "contribution_disability": _("Disability insurance contribution (zł)"),
    "contribution_accident": _("Accident insurance contribution (zł)"),
    "contribution_health": _("Health insurance contribution (zł)"),
    "to_pay": _("To pay to the participant (zł)"),
}


def labelled(steps: list[dict]) -> list[dict]:
    return [{**step, "label": STEP_LABELS.get(step["code"], step["code"])} for step in steps]
