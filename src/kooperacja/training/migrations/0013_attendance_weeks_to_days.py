# Attendance becomes daily (stage 2 of 3): each weekly row is replaced by rows of its days.
#
# A week's hours are spread evenly, in tenths of an hour, over its working days (Monday to Friday) inside the
# stay (from the trial month, or the start, to the exit or the planned end); the first days take the odd
# tenths, so the week's total is kept exactly. A week whose stay covers only a weekend spreads over those days.
# A week recorded with 0 hours says the participant did not come and gives no reason: its working days become
# unexcused absences (the only kind that records "absent, no reason known"); staff can correct them.
from datetime import timedelta
from decimal import Decimal

from django.db import migrations

BATCH = 5000


def _period(participation):
    start = participation.trial_start or participation.start_date
    if participation.trial_start and participation.start_date:
        start = min(participation.trial_start, participation.start_date)
    return start, participation.exit_date or participation.planned_end_date


def _days(monday, hours, start, end):
    inside = [monday + timedelta(days=offset) for offset in range(7)]
    inside = [day for day in inside if start <= day <= end] or [monday]
    working = [day for day in inside if day.weekday() < 5] or inside
    tenths = int((hours * 10).to_integral_value())
    if tenths <= 0:
        return [(day, "unexcused", Decimal("0")) for day in working]
    working = working[: min(len(working), tenths)]
    base, extra = divmod(tenths, len(working))
    return [
        (day, "present", Decimal(base + (1 if position < extra else 0)) / 10) for position, day in enumerate(working)
    ]


def weeks_to_days(apps, schema_editor):
    Attendance = apps.get_model("training", "Attendance")
    Participation = apps.get_model("training", "Participation")
    weekly = Attendance.objects.filter(day__isnull=True)
    participation_ids = set(weekly.values_list("participation_id", flat=True).distinct())
    periods = {}
    for participation in Participation.objects.filter(pk__in=participation_ids).only(
        "trial_start", "start_date", "exit_date", "planned_end_date"
    ):
        periods[participation.pk] = _period(participation)
    pending = []
    for participation_id, monday, hours, recorded_by_id in weekly.values_list(
        "participation_id", "week_start", "hours", "recorded_by_id"
    ).iterator(chunk_size=BATCH):
        start, end = periods[participation_id]
        for day, kind, day_hours in _days(monday, hours, start, end):
            pending.append(
                Attendance(
                    participation_id=participation_id,
                    week_start=monday,
                    day=day,
                    kind=kind,
                    hours=day_hours,
                    recorded_by_id=recorded_by_id,
                )
            )
        if len(pending) >= BATCH:
            Attendance.objects.bulk_create(pending)
            pending = []
    if pending:
        Attendance.objects.bulk_create(pending)
    weekly.delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0012_attendance_daily_fields")]

    operations = [migrations.RunPython(weeks_to_days, migrations.RunPython.noop, elidable=False)]
