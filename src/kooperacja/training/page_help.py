"""The help shown on the pages of `training` (see core.help)."""

from django.utils.translation import gettext_lazy as _

from kooperacja.core.help import register_help

register_help(
    "training:programme-list",
    purpose=_("Training programmes of CIS and KIS, each built on the course of a service card from the catalogue."),
    next_steps=_(
        "CIS/KIS staff create a programme from a service card, then open it to plan cohorts (groups) "
        "with dates and seats."
    ),
    guide="programy-szkoleniowe-i-grupy",
)
register_help(
    "training:programme-detail",
    purpose=_("One training programme: its modules with hours and learning outcomes, and its cohorts."),
    next_steps=_(
        "Add a cohort with its dates, seats and place, then open it to link it to the lines of a staffing plan."
    ),
    guide="programy-szkoleniowe-i-grupy",
)
register_help(
    "training:cohort-detail",
    purpose=_(
        "One cohort: dates, seats taken, instructors, place, the staffing plan lines it trains for and "
        "its participants."
    ),
    next_steps=_(
        "Link the cohort to plan lines so the plan counts the people in training; participants join a "
        "cohort from their own page."
    ),
    guide="programy-szkoleniowe-i-grupy",
)
register_help(
    "training:participant-list",
    purpose=_("The participants of your CIS or KIS and how their participation goes."),
    next_steps=_(
        "Open a participant to record attendance, status changes, courses, qualifications and the "
        "outcome. A new participant usually comes through an incoming referral; use the PESEL search to "
        "check whether a person is already in your records."
    ),
    guide="uczestnicy-cis-i-kis-ochrona-danych",
)
register_help(
    "training:participant-detail",
    purpose=_(
        "One participant's stay in a CIS or KIS: status and dates, categories and exclusions, cohort, "
        "attendance, courses and qualifications, the outcome after leaving."
    ),
    next_steps=_(
        "Move the stay on with “Change the status”, record a day of attendance, and open the individual "
        "programme (IPZS or social contract). Viewing this page is recorded."
    ),
    guide="uczestnicy-cis-i-kis-kto-moze-uczestniczyc-i-jak-dlugo",
)
register_help(
    "training:attendance-week",
    purpose=_("The weekly attendance grid: one row per participant, one column per day."),
    next_steps=_(
        "Choose the CIS or KIS and the week, fill in the kind of day and the hours, and save the whole "
        "week at once. If any cell is wrong, nothing is saved and every error is shown."
    ),
    guide="obecnosc-uczestnikow-dzien-po-dniu",
)
register_help(
    "training:outcome-follow-ups",
    purpose=_(
        "Follow-ups of your former participants' outcomes, 3 and 6 months after the job, business or education began."
    ),
    next_steps=_(
        "Start with the overdue ones: open the participant and record whether the person is still there, "
        "from the due day on."
    ),
    guide="efekty-uczestnictwa-i-ich-monitoring-3-i-6-miesiecy",
)
register_help(
    "training:import-list",
    purpose=_("Imports of participants, attendance or staffing needs from XLSX or CSV files, and how each went."),
    next_steps=_(
        "Download the template, fill it in and upload it. A file with even one wrong row is refused as a "
        "whole, with every wrong row listed."
    ),
    guide="import-z-plikow-xlsx-i-csv",
)
register_help(
    "training:import-detail",
    purpose=_("One import: its progress, and the rows that were refused with the reason."),
    next_steps=_(
        "Correct the rows listed in the file and upload it again. If the import was interrupted, start it again."
    ),
    guide="import-z-plikow-xlsx-i-csv",
)
register_help(
    "training:parameters",
    purpose=_(
        "The values set by law that Kooperacja calculates with (periods, hours, amounts), each with the "
        "date it applies from and its legal basis."
    ),
    next_steps=_(
        "Read the “Assumption” notes: they say what was assumed where the wording of the law could not be checked."
    ),
    guide="uczestnicy-cis-i-kis-kto-moze-uczestniczyc-i-jak-dlugo",
)
