"""A CIS participant with a month of daily attendance, and its computed benefit month."""

from datetime import date, timedelta

from kooperacja.benefits import services
from kooperacja.training import services as training
from kooperacja.training.models import ParticipationStatus
from tests.training.factories import enrol

MARCH = (2025, 3)


def participant_with_march(world, *, start=date(2025, 3, 3), kinds=None):
    """An active CIS participant of org A present 7 h every working day of March 2025 (from ``start``), except
    the days given in ``kinds`` (day of the month -> kind; None: nothing recorded)."""
    staff = world.user("pzs_staff")
    participation = enrol(actor=staff, organisation=world.org_a, start=start, planned_end_date=date(2025, 12, 31))
    participation.status = ParticipationStatus.ACTIVE
    participation.save(update_fields=["status"])
    kinds = kinds or {}
    day = date(2025, 3, 1)
    cells_by_week: dict[date, dict] = {}
    while day.month == 3:
        kind = kinds.get(day.day, "present")
        if day.weekday() < 5 and day >= start and kind is not None:
            monday = day - timedelta(days=day.weekday())
            cells_by_week.setdefault(monday, {})[(participation.pk, day)] = (kind, "7" if kind == "present" else "")
        day += timedelta(days=1)
    for monday, cells in cells_by_week.items():
        training.attendance_week_save(
            actor=staff, organisation=world.org_a, monday=monday, participations=[participation], cells=cells
        )
    return participation


def computed_march(world, **kwargs):
    participant_with_march(world, **kwargs)
    return services.benefit_month_compute(actor=world.user("pzs_staff"), organisation=world.org_a, year=2025, month=3)
