"""What waits in training (``core.waiting``): weeks of attendance not entered for the participants of the user's
CIS/KIS, imports of the user's organisations that failed, and outcome follow-ups due. Labels give weeks, counts,
files and dates, never a participant's name."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.actor import actor_of
from kooperacja.core import waiting
from kooperacja.core.dates import week_monday
from kooperacja.core.text import short_date
from kooperacja.registry import selectors as registry
from kooperacja.training.models import Attendance, ImportJob, ImportStatus, Participation, ParticipationStatus
from kooperacja.training.outcome_selectors import outcome_follow_ups_due
from kooperacja.training.selectors import staff_organisation_ids

ATTENDANCE_WEEKS_BACK = 4  # the finished weeks looked at, before the current one
ATTENDED_STATES = (ParticipationStatus.TRIAL, ParticipationStatus.ACTIVE, ParticipationStatus.READY)
FOLLOW_UP_NOTICE_DAYS = 14
FAILED_IMPORT_DAYS = 30  # a failed import waits to be started again this long


def _stay(row) -> tuple[date, date]:
    first = min(day for day in (row["trial_start"], row["start_date"]) if day is not None)
    last = row["exit_date"] or row["planned_end_date"]
    return first, last


def missing_attendance(user, *, today: date | None = None) -> dict[tuple[int, date], int]:
    """``{(organisation id, monday): participants without a single day recorded in that week}`` for the finished
    weeks of the last ``ATTENDANCE_WEEKS_BACK`` in the user's CIS/KIS, counting the participants taking part
    (trial month, taking part, ready for work) whose stay covered a working day of the week. Two queries."""
    organisations = staff_organisation_ids(user)
    if not organisations:
        return {}
    today = today or timezone.localdate()
    this_monday = week_monday(today)
    mondays = [this_monday - timedelta(weeks=back) for back in range(ATTENDANCE_WEEKS_BACK, 0, -1)]
    window_start = mondays[0]
    stays = list(
        Participation.objects.filter(organisation_id__in=organisations, status__in=ATTENDED_STATES)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=window_start))
        .values("pk", "organisation_id", "trial_start", "start_date", "exit_date", "planned_end_date")
    )
    if not stays:
        return {}
    entered = set(
        Attendance.objects.filter(
            participation__organisation_id__in=organisations,
            participation__status__in=ATTENDED_STATES,
            day__gte=window_start,
            day__lt=this_monday,
        )
        .annotate(week=TruncWeek("day"))
        .values_list("participation_id", "week")
        .distinct()
    )
    entered = {(participation, week.date() if hasattr(week, "date") else week) for participation, week in entered}
    missing: dict[tuple[int, date], int] = defaultdict(int)
    for row in stays:
        first, last = _stay(row)
        for monday in mondays:
            friday = monday + timedelta(days=4)
            if first <= friday and last >= monday and (row["pk"], monday) not in entered:
                missing[(row["organisation_id"], monday)] += 1
    return dict(missing)


def attendance_not_entered(user, limit: int) -> waiting.Waiting:
    missing = missing_attendance(user)
    if not missing or not limit:
        return waiting.Waiting(len(missing))
    keys = sorted(missing, key=lambda key: (key[1], key[0]))[:limit]
    names = dict(registry.organisations(ids={key[0] for key in keys}).values_list("pk", "name"))
    items = tuple(
        waiting.WaitingItem(
            label=ngettext(
                "%(organisation)s, week of %(monday)s: %(count)d participant without attendance",
                "%(organisation)s, week of %(monday)s: %(count)d participants without attendance",
                missing[key],
            )
            % {"organisation": names.get(key[0], ""), "monday": short_date(key[1]), "count": missing[key]},
            url=reverse("training:attendance-week") + f"?organisation={key[0]}&week={key[1].isoformat()}",
            due=key[1] + timedelta(days=6),
        )
        for key in keys
    )
    return waiting.Waiting(len(missing), items)


def imports_failed(user, limit: int) -> waiting.Waiting:
    """Imports of the user's organisations (or started by the user) that failed in the last 30 days: nothing of
    them was written, and they can be started again."""
    organisations = actor_of(user).organisation_ids
    if not organisations:
        return waiting.NOTHING
    since = timezone.now() - timedelta(days=FAILED_IMPORT_DAYS)
    jobs = ImportJob.objects.filter(
        Q(organisation_id__in=organisations) | Q(started_by=user), status=ImportStatus.FAILED, created_at__gte=since
    )
    count = jobs.count()
    if not count or not limit:
        return waiting.Waiting(count)
    items = tuple(
        waiting.WaitingItem(
            label=gettext("%(file)s, uploaded on %(date)s")
            % {"file": job.file_name, "date": short_date(timezone.localtime(job.created_at))},
            url=reverse("training:import-detail", kwargs={"public_id": job.public_id}),
        )
        for job in jobs.only("public_id", "file_name", "created_at").order_by("-created_at", "-id")[:limit]
    )
    return waiting.Waiting(count, items)


def outcome_follow_ups(user, limit: int) -> waiting.Waiting:
    """Follow-ups of exit outcomes not recorded, due within two weeks or overdue."""
    if not staff_organisation_ids(user):
        return waiting.NOTHING
    today = timezone.localdate()
    follow_ups = outcome_follow_ups_due(user=user).filter(due_on__lte=today + timedelta(days=FOLLOW_UP_NOTICE_DAYS))
    count = follow_ups.count()
    if not count or not limit:
        return waiting.Waiting(count)
    rows = (
        follow_ups.select_related(None)
        .select_related("outcome__participation")
        .only("months_after", "due_on", "outcome__participation__public_id")[:limit]
    )
    items = tuple(
        waiting.WaitingItem(
            label=gettext("Outcome follow-up after %(months)s months") % {"months": follow_up.months_after},
            url=reverse("training:participant-detail", kwargs={"public_id": follow_up.outcome.participation.public_id}),
            due=follow_up.due_on,
        )
        for follow_up in rows
    )
    return waiting.Waiting(count, items, more_url=reverse("training:outcome-follow-ups"))


KINDS = (
    waiting.Kind(
        "training.attendance",
        _("Weeks of attendance not entered"),
        attendance_not_entered,
        "training:attendance-week",
        40,
    ),
    waiting.Kind("training.imports_failed", _("Imports that failed"), imports_failed, "training:import-list", 41),
    waiting.Kind(
        "training.outcome_follow_ups",
        _("Outcome follow-ups due"),
        outcome_follow_ups,
        "training:outcome-follow-ups",
        42,
    ),
)
