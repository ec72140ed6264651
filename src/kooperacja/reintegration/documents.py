"""The documents of an individual programme, in Polish by default: the programme itself (to sign), the manager's
decision terminating it (with the instruction on the right to complain), and the completion certificate
(art. 13 of the act on social employment: participation and the skills acquired)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument
from kooperacja.core.text import long_date, month_in_sentence, short_date
from kooperacja.reintegration.models import IndividualProgramme
from kooperacja.training import selectors as training
from kooperacja.training.models import ExitReason, Participation, ParticipationKind


def title_of(participation: Participation) -> str:
    if participation.kind == ParticipationKind.CIS:
        return _("Individual social employment programme (IPZS)")
    return _("Social contract / individual programme of the KIS participant")


def _head(participation: Participation, programme: IndividualProgramme) -> list[tuple[str, str]]:
    person = participation.person
    return [
        (_("Participant"), f"{person.first_name} {person.last_name}"),
        (_("Date of birth"), short_date(person.birth_date)),
        (_("CIS or KIS"), participation.organisation.name),
        (_("Number"), participation.plan_reference),
        (_("Referred by"), participation.referred_by.name if participation.referred_by else ""),
        (_("Agreed with"), programme.agreed_with),
        (_("Participation from"), short_date(participation.start_date)),
        (_("Planned end"), short_date(participation.planned_end_date)),
        (_("Signed on"), short_date(programme.signed_on) if programme.signed_on else _("not signed yet (draft)")),
    ]


def programme_pdf(participation: Participation, programme: IndividualProgramme) -> bytes:
    document = PdfDocument(title_of(participation), subtitle=participation.organisation.name)
    document.key_values(_head(participation, programme))
    if programme.situation:
        document.heading(_("Starting situation and needs")).paragraph(programme.situation)
    for number, goal in enumerate(programme.goals.all(), start=1):
        document.heading(f"{number}. {goal.get_area_display()}: {goal.description}")
        rows = [
            [
                f"{number}.{index}",
                action.description,
                action.responsible,
                short_date(action.due_on),
                short_date(action.done_on) if action.done_on else "",
            ]
            for index, action in enumerate(goal.actions.all(), start=1)
        ]
        document.table(
            [_("No."), _("Action"), _("Responsible"), _("Due by"), _("Done on")], rows, widths=(10, 80, 45, 22, 22)
        )
    changes = list(programme.changes.all())
    if changes:
        document.heading(_("Changes"))
        document.table(
            [_("Date"), _("Requested by"), _("What changes and why")],
            [[short_date(change.at), change.get_requested_by_display(), change.description] for change in changes],
            widths=(25, 35, 119),
        )
    document.signatures([_("Participant"), _("Social worker of the CIS/KIS"), _("Manager of the CIS/KIS")])
    return document.render()


def decision_pdf(participation: Participation, programme: IndividualProgramme) -> bytes:
    person = participation.person
    document = PdfDocument(
        _("Decision no. %(number)s") % {"number": programme.decision_number},
        subtitle=participation.organisation.name,
    )
    document.paragraph(
        _(
            "On the basis of art. 13 of the act of 13 June 2003 on social employment, the manager of the centre "
            "terminates the individual social employment programme of %(name)s (no. %(reference)s) as of %(date)s."
        )
        % {
            "name": f"{person.first_name} {person.last_name}",
            "reference": participation.plan_reference,
            "date": long_date(programme.ended_on),
        }
    )
    document.heading(_("Ground")).paragraph(str(ExitReason(programme.end_reason).label))
    document.heading(_("Reasons")).paragraph(programme.decision_reasons)
    document.heading(_("Instruction"))
    document.paragraph(
        _(
            "The participant may lodge a complaint against this decision with the voivodeship administrative court, "
            "through the manager of the centre, within 30 days of the day it was delivered."
        )
    )
    document.signatures([_("Manager of the CIS"), _("Received on (date and signature of the participant)")])
    return document.render()


def certificate_pdf(participation: Participation, programme: IndividualProgramme) -> bytes:
    person = participation.person
    document = PdfDocument(_("Certificate of participation"), subtitle=participation.organisation.name)
    document.paragraph(
        _(
            "%(name)s, born on %(birth)s, took part in the classes of %(organisation)s from %(start)s to %(end)s "
            "under the individual programme no. %(reference)s, completed on %(completed)s (%(reason)s)."
        )
        % {
            "name": f"{person.first_name} {person.last_name}",
            "birth": long_date(person.birth_date),
            "organisation": participation.organisation.name,
            "start": long_date(participation.start_date),
            "end": long_date(participation.exit_date or programme.ended_on),
            "reference": participation.plan_reference,
            "completed": long_date(programme.ended_on),
            "reason": str(ExitReason(programme.end_reason).label),
        }
    )
    modules = [item for item in training.participation_modules(participation=participation) if item["completion"]]
    document.heading(_("Skills acquired"))
    if modules:
        document.table(
            [_("Module"), _("Hours"), _("Completed on")],
            [
                [item["module"].title, str(item["module"].hours), short_date(item["completion"].completed_on)]
                for item in modules
            ],
            widths=(120, 25, 35),
        )
    else:
        document.paragraph(_("No course module is recorded as completed."))
    courses = training.person_courses(person=person)
    if courses:
        document.heading(_("Completed courses"))
        document.table(
            [_("Service card"), _("Course"), _("Completed on")],
            [
                [c.card_version.name, "KIS" if c.variant == "kis" else "CIS", short_date(c.completed_on)]
                for c in courses
            ],
            widths=(120, 25, 35),
        )
    qualifications = training.person_qualifications(person=person)
    if qualifications:
        document.heading(_("Qualifications and certificates"))
        document.table(
            [_("Qualification"), _("Document number"), _("Issued by"), _("Issued on")],
            [[q.name, q.certificate_number, q.issuer, short_date(q.issued_on)] for q in qualifications],
            widths=(70, 40, 45, 25),
        )
    document.signatures([_("Manager of the CIS/KIS")])
    return document.render()


def classes_pdf(participation: Participation, month, lines) -> bytes:
    person = participation.person
    document = PdfDocument(
        _("Programme of classes for %(month)s") % {"month": month_in_sentence(month)},
        subtitle=participation.organisation.name,
    )
    document.key_values(
        [
            (_("Participant"), f"{person.first_name} {person.last_name}"),
            (_("Number"), participation.plan_reference),
        ]
    )
    total = sum((line.hours for line in lines), Decimal(0))
    document.table(
        [_("Kind of classes"), _("Classes"), _("Instructor"), _("Place"), _("Hours")],
        [
            [
                line.get_kind_display(),
                line.description,
                line.instructor.name if line.instructor else "",
                line.place,
                number_format(line.hours),
            ]
            for line in lines
        ],
        widths=(35, 60, 35, 35, 15),
        footer=["", "", "", _("Total"), number_format(total)],
    )
    document.signatures([_("Manager of the CIS/KIS"), _("Participant")])
    return document.render()
