"""Attendance pages: the weekly grid of a CIS/KIS, one day on the participant's page, the degree of disability."""

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kooperacja.core.dates import week_monday
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.law import parameters as statutory
from kooperacja.law.selectors import statutory_parameter_get
from kooperacja.training import attendance_selectors, selectors, services
from kooperacja.training.forms import AttendanceForm, AttendanceWeekForm, DisabilityForm
from kooperacja.training.models import AttendanceKind
from kooperacja.training.services.attendance import cell_key, row_key
from kooperacja.training.views.common import form_page

GRID_PER_PAGE = 40


def _cell_names(pk: int, day) -> tuple[str, str]:
    return f"k-{pk}-{day.isoformat()}", f"h-{pk}-{day.isoformat()}"


def attendance_week(request):
    """The week's grid of a CIS/KIS: a row per participant, a cell per day (kind and hours), saved at once."""
    organisations = list(selectors.staff_organisations_for(request.user))
    if not organisations:
        return render(request, "training/attendance_week.html", {"organisation": None})
    data = request.GET.copy()
    data.setdefault("organisation", str(organisations[0].pk))
    chooser = AttendanceWeekForm(data, organisations=organisations)
    if not chooser.is_valid():
        chooser = AttendanceWeekForm({"organisation": organisations[0].pk}, organisations=organisations)
        chooser.is_valid()
    organisation = next(o for o in organisations if o.pk == chooser.cleaned_data["organisation"])
    monday = week_monday(chooser.cleaned_data.get("week") or timezone.localdate())
    days = [monday + timedelta(days=offset) for offset in range(7)]
    shown = attendance_selectors.participations_for_attendance_grid(
        user=request.user, organisation_id=organisation.pk, monday=monday
    )
    page_obj = paginate(request, shown, per_page=GRID_PER_PAGE)
    participations = list(page_obj.object_list)
    errors: dict[str, list[str]] = {}
    posted = None
    if request.method == "POST":
        posted = request.POST
        cells = {}
        for participation in participations:
            start, end = services.participation_period(participation)
            for day in days:
                if start <= day <= end:
                    kind_name, hours_name = _cell_names(participation.pk, day)
                    cells[(participation.pk, day)] = (posted.get(kind_name, ""), posted.get(hours_name, ""))
        try:
            result = services.attendance_week_save(
                actor=request.user,
                organisation=organisation,
                monday=monday,
                participations=participations,
                cells=cells,
                fingerprint=posted.get("fingerprint") or None,
            )
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, _("Nothing was saved: correct the marked cells."))
        except ConflictError as exc:
            messages.error(request, str(exc))
            posted = None
        else:
            messages.success(
                request,
                _("The week was saved (%(written)s days written).") % {"written": result.written + result.removed},
            )
            for flag in result.flags:
                messages.warning(request, flag)
            return redirect(request.get_full_path())
    recorded = services.attendance_week_read([p.pk for p in participations], monday)
    rows = []
    for participation in participations:
        start, end = services.participation_period(participation)
        entries = recorded.get(participation.pk, {})
        cells_shown = []
        total = Decimal("0")
        for day in days:
            entry = entries.get(day)
            kind_name, hours_name = _cell_names(participation.pk, day)
            if posted is not None:
                kind, hours = posted.get(kind_name, ""), posted.get(hours_name, "")
            else:
                kind = entry.kind if entry else ""
                hours = "" if entry is None or entry.kind != AttendanceKind.PRESENT else f"{entry.hours.normalize():f}"
            if entry is not None:
                total += entry.hours
            cells_shown.append(
                {
                    "day": day,
                    "inside": start <= day <= end,
                    "kind_name": kind_name,
                    "hours_name": hours_name,
                    "kind": kind,
                    "hours": hours,
                    "errors": errors.get(cell_key(participation, day), []),
                }
            )
        rows.append(
            {
                "participation": participation,
                "cells": cells_shown,
                "total": total,
                "errors": errors.get(row_key(participation), []),
            }
        )
    query: dict[str, str] = {"organisation": str(organisation.pk), "week": monday.isoformat()}
    minimum = statutory_parameter_get(statutory.WEEKLY_HOURS_MIN, monday)
    maximum = statutory_parameter_get(statutory.WEEKLY_HOURS_MAX, monday)
    context = {
        "chooser": chooser,
        "organisation": organisation,
        "organisations": organisations,
        "monday": monday,
        "days": days,
        "rows": rows,
        "page_obj": page_obj,
        "kinds": AttendanceKind.choices,
        "fingerprint": services.attendance_week_fingerprint([p.pk for p in participations], monday),
        "has_errors": bool(errors),
        "previous_url": "?" + urlencode({**query, "week": (monday - timedelta(days=7)).isoformat()}),
        "next_url": "?" + urlencode({**query, "week": (monday + timedelta(days=7)).isoformat()}),
        "assumptions": [parameter.assumption for parameter in (maximum, minimum) if parameter and parameter.assumption],
    }
    return render(request, "training/attendance_week.html", context)


def participant_attendance(request, public_id):
    """One day of one participant."""
    participation = selectors.participation_get_for_attendance(user=request.user, public_id=public_id)
    form = AttendanceForm(request.POST or None, initial={"day": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.attendance_record(
                actor=request.user,
                participation=participation,
                day=form.cleaned_data["day"],
                kind=form.cleaned_data["kind"],
                hours=form.cleaned_data.get("hours"),
                expected_kind=form.cleaned_data.get("expected_kind") or None,
                expected_hours=form.cleaned_data.get("expected_hours"),
            )
        )
    ):
        messages.success(request, _("The attendance was recorded."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    return form_page(
        request, form, title=_("Record attendance of %(name)s") % {"name": participation.person}, back_url=back
    )


def participant_disability(request, public_id):
    """The degree of disability of a participation (health data; it sets the hours limits)."""
    participation = selectors.participation_get_for_attendance(user=request.user, public_id=public_id)
    form = DisabilityForm(request.POST or None, initial={"disability_degree": participation.disability_degree})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.participation_disability_set(
                actor=request.user, participation=participation, degree=form.cleaned_data["disability_degree"]
            )
        )
    ):
        messages.success(request, _("The degree of disability was recorded."))
        return redirect("training:participant-detail", public_id=participation.public_id)
    back = reverse("training:participant-detail", kwargs={"public_id": participation.public_id})
    return form_page(
        request,
        form,
        title=_("Degree of disability of %(name)s") % {"name": participation.person},
        back_url=back,
        intro=_("Health data: seen only by the staff of this CIS/KIS."),
    )
