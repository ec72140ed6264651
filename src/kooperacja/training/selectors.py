"""Reads of the training app, scoped to the user who asks, and the read interfaces other apps call.

Persons and participations are special-category personal data: full records only for the members
(CIS/KIS staff, social workers) of the CIS or KIS where the participation is; a provider sees the
hiring profile of a participant who consented and was referred to one of its needs. Every display of
a person's data is logged by the selector that returns it for display (``audit.reads.shows_personal_data``).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts.actor import actor_of
from kooperacja.accounts.roles import Role
from kooperacja.audit.reads import shows_personal_data
from kooperacja.catalogue import selectors as catalogue
from kooperacja.core.crypto import blind_index
from kooperacja.core.querysets import keys_first, own_columns
from kooperacja.law import selectors as law
from kooperacja.registry import selectors as registry
from kooperacja.registry.models import PROVIDER_KINDS, Organisation, OrganisationKind
from kooperacja.staffing import selectors as staffing
from kooperacja.territory.models import within
from kooperacja.training.candidates import Candidate, matching_candidates  # noqa: F401 - read as selectors
from kooperacja.training.figures import (  # noqa: F401 - the plan-line figures are read as training's selectors too
    plan_line_figures,
    plan_line_progress,
)
from kooperacja.training.models import (
    Attendance,
    Cohort,
    CourseCompletion,
    ExitOutcome,
    ImportJob,
    ImportKind,
    ModuleCompletion,
    OutcomeKind,
    Participation,
    ParticipationEvent,
    ParticipationStatus,
    PeriodExtension,
    Person,
    QualificationGained,
    TrainingProgramme,
)
from kooperacja.training.rules import PARTICIPANT_STAFF_ROLES

PZS_KINDS = (OrganisationKind.CIS, OrganisationKind.KIS)
# Participations that still take part (may attend, join cohorts, gain modules).
ONGOING_STATES = (ParticipationStatus.REFERRED, ParticipationStatus.TRIAL, ParticipationStatus.ACTIVE)


# What the pages show of a person (every display is logged by the selector that returns it).
NAME_FIELDS = ("first_name", "last_name")
LIST_FIELDS = ("first_name", "last_name", "home_municipality")
# The participant's page. Never the PESEL, nor any of its digits: next to the date of birth even the last
# digits would narrow it to a handful of numbers.
STAFF_DETAIL_FIELDS = ("first_name", "last_name", "birth_date", "home_municipality", "phone", "email")
PERSON_FIELDS = ("first_name", "last_name", "home_municipality", "phone", "email")


def _person_of(participation) -> list:
    return [participation.person]


# --- who may do what, where --------------------------------------------------------------------------


def staff_organisation_ids(user) -> frozenset[int]:
    """The CIS/KIS where the user works with participants (staff or social worker)."""
    return actor_of(user).organisations_with(*PARTICIPANT_STAFF_ROLES, kinds=PZS_KINDS)


def programme_organisations_for(user) -> QuerySet[Organisation]:
    """The CIS/KIS for which the user may build programmes and run cohorts."""
    if user.is_superuser:
        return registry.organisations(kinds=PZS_KINDS)
    return registry.organisations(ids=actor_of(user).organisations_with(Role.PZS_STAFF, kinds=PZS_KINDS))


def staff_organisations_for(user) -> QuerySet[Organisation]:
    return registry.organisations(ids=staff_organisation_ids(user))


# --- programmes and cohorts --------------------------------------------------------------------------


def programme_list(*, user, organisation_id: int | None = None, mine: bool = False) -> QuerySet[TrainingProgramme]:
    """Programmes are institutional records: every signed-in user may browse them."""
    programmes = TrainingProgramme.objects.select_related(
        "organisation", "organisation__municipality", "card_version", "card_version__service_type"
    ).order_by("name", "id")
    if organisation_id:
        programmes = programmes.filter(organisation_id=organisation_id)
    if mine:
        programmes = programmes.filter(organisation__memberships__user=user).distinct()
    return programmes


def programme_get_for_view(*, user, public_id) -> TrainingProgramme:
    programme = (
        programme_list(user=user)
        .prefetch_related(
            "modules",
            Prefetch("cohorts", queryset=Cohort.objects.select_related("municipality").order_by("start_date", "id")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if programme is None:
        raise Http404("programme")
    return programme


def may_edit_programmes_of(user, organisation: Organisation) -> bool:
    if user.is_superuser:
        return True
    return organisation.pk in actor_of(user).organisations_with(Role.PZS_STAFF, kinds=PZS_KINDS)


def programme_get_for_edit(*, user, public_id) -> TrainingProgramme:
    programme = programme_list(user=user).filter(public_id=public_id).first()
    if programme is None:
        raise Http404("programme")
    if not may_edit_programmes_of(user, programme.organisation):
        raise PermissionDenied
    return programme


def cohort_list(*, user, organisation_ids: Iterable[int] | None = None) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.select_related(
        "programme", "programme__organisation", "programme__card_version", "municipality"
    ).order_by("start_date", "id")
    if organisation_ids is not None:
        cohorts = cohorts.filter(programme__organisation_id__in=list(organisation_ids))
    return cohorts


def cohort_get_for_view(*, user, public_id) -> Cohort:
    cohort = (
        cohort_list(user=user)
        .prefetch_related(Prefetch("plan_lines", queryset=staffing.plan_lines_shown()))
        .filter(public_id=public_id)
        .first()
    )
    if cohort is None:
        raise Http404("cohort")
    return cohort


def cohort_get_for_edit(*, user, public_id) -> Cohort:
    cohort = cohort_list(user=user).filter(public_id=public_id).first()
    if cohort is None:
        raise Http404("cohort")
    if not may_edit_programmes_of(user, cohort.programme.organisation):
        raise PermissionDenied
    return cohort


@shows_personal_data(purpose="cohort participants", fields=NAME_FIELDS, persons=_person_of)
def cohort_participants_for(*, user, cohort: Cohort) -> list[Participation]:
    """The cohort's participants, only for the staff of the CIS/KIS that runs it (others see a count)."""
    if cohort.programme.organisation_id not in staff_organisation_ids(user):
        return []
    return list(
        cohort.participations.select_related("person").order_by("person__last_name", "person__first_name", "id")
    )


def plan_lines_linkable(*, cohort: Cohort):
    """Lines of draft or signed plans for the service of the programme's card."""
    return staffing.plan_lines_for_training(service_type_id=cohort.programme.card_version.service_type_id)


# --- persons and participations ----------------------------------------------------------------------


def pesel_compact(value: str) -> str:
    return "".join(ch for ch in str(value or "") if not ch.isspace() and ch != "-")


def person_find_by_pesel(*, organisation: Organisation, pesel: str) -> Person | None:
    """The person with exactly this PESEL in the records of ``organisation`` (looked up by its blind index), or
    None. Other institutions' records are never searched."""
    compact = pesel_compact(pesel)
    if not compact:
        return None
    return (
        Person.objects.select_related("home_municipality")
        .filter(organisation=organisation, pesel_index=blind_index(compact))
        .first()
    )


def participation_list_for_staff(
    *,
    user,
    status: str | None = None,
    organisation_id: int | None = None,
    cohort_id: int | None = None,
    q: str | None = None,
) -> QuerySet[Participation]:
    """Participations of the CIS/KIS where the user works with participants, by the person's name.

    The names to sort by are looked up per participation of the user's CIS/KIS (by key), and a page reads its
    keys first: joining the persons to sort them made the database read every person of the country."""
    person = Person.objects.filter(pk=OuterRef("person_id")).order_by()
    participations = (
        keys_first(Participation.objects.filter(organisation_id__in=staff_organisation_ids(user)))
        .alias(
            person_last_name=Subquery(person.values("last_name")[:1]),
            person_first_name=Subquery(person.values("first_name")[:1]),
        )
        .select_related("person", "person__home_municipality", "organisation")
        .order_by("person_last_name", "person_first_name", "id")
    )
    if status:
        participations = participations.filter(status=status)
    if organisation_id:
        participations = participations.filter(organisation_id=organisation_id)
    if cohort_id:
        participations = participations.filter(cohorts__id=cohort_id)
    if q and q.strip():
        for word in q.split():
            participations = participations.filter(
                Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word)
            )
    return participations


COOPERATIVE_OUTCOMES = (OutcomeKind.COOPERATIVE_FOUNDED, OutcomeKind.COOPERATIVE_JOINED)


@shows_personal_data(purpose="candidates for a launch", fields=NAME_FIELDS, persons=_person_of)
def participations_for_candidacy(*, user, organisation_id: int) -> QuerySet[Participation]:
    """The participations of one of the user's CIS/KIS that may be put forward as candidates for a social
    cooperative: those whose exit outcome is founding or joining one first, then the others, by name."""
    return (
        participation_list_for_staff(user=user, organisation_id=organisation_id)
        .select_related("outcome")
        .order_by(
            Case(When(outcome__kind__in=COOPERATIVE_OUTCOMES, then=0), default=1),
            "person_last_name",
            "person_first_name",
            "id",
        )
    )


def participation_get_for_staff(*, user, public_id) -> Participation:
    """A participation of one of the user's CIS/KIS; another institution's answers 404."""
    participation = (
        participation_list_for_staff(user=user)
        .select_related("referred_by", "ready_confirmed_by", "exclusions_checked_by")
        .filter(public_id=public_id)
        .first()
    )
    if participation is None:
        raise Http404("participation")
    return participation


def participation_ids_within(*, territory_code: str) -> QuerySet:
    """The ids (a subquery) of the participations in a CIS/KIS that lies within the unit ``territory_code``."""
    return Participation.objects.filter(within("organisation__municipality_id", territory_code)).values("pk")


def participation_ids_of_organisations(*, organisation_ids) -> QuerySet:
    """The ids (a subquery) of the participations in these organisations."""
    return Participation.objects.filter(organisation_id__in=organisation_ids).values("pk")


def participation_find(*, public_id) -> Participation:
    """The participation with its person, whoever asks: for the apps above, which authorise the caller
    themselves (placement's candidate profile). 404 if there is none."""
    participation = (
        Participation.objects.select_related("person", "person__home_municipality", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if participation is None:
        raise Http404("participation")
    return participation


@shows_personal_data(purpose="search by PESEL", fields=NAME_FIELDS, persons=_person_of)
def participation_find_by_pesel_for_staff(*, user, pesel: str) -> list[Participation]:
    """Participations of the person with this exact PESEL in the user's own CIS/KIS (empty otherwise,
    so a search never reveals that the person exists elsewhere)."""
    compact = pesel_compact(pesel)
    if not compact:
        return []
    return list(participation_list_for_staff(user=user).filter(person__pesel_index=blind_index(compact)))


def participation_progress(participations: list[Participation], *, month: date | None = None) -> list[Participation]:
    """Attach attendance this month, modules done / total and qualifications (a fixed number of queries)."""
    ids = [p.pk for p in participations]
    if not ids:
        return participations
    today = month or timezone.localdate()
    first = today.replace(day=1)
    next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    hours = dict(
        Attendance.objects.filter(participation_id__in=ids, day__gte=first, day__lt=next_month)
        .values("participation_id")
        .annotate(total=Sum("hours"))
        .values_list("participation_id", "total")
    )
    done: dict[int, int] = defaultdict(int)
    for participation_id in ModuleCompletion.objects.filter(participation_id__in=ids).values_list(
        "participation_id", flat=True
    ):
        done[participation_id] += 1
    programme_ids_of: dict[int, set[int]] = defaultdict(set)
    for participation_id, programme_id in Participation.cohorts.through.objects.filter(
        participation_id__in=ids
    ).values_list("participation_id", "cohort__programme_id"):
        programme_ids_of[participation_id].add(programme_id)
    modules_of: dict[int, set[int]] = defaultdict(set)
    all_programmes = set().union(*programme_ids_of.values()) if programme_ids_of else set()
    for programme_id, module_id in TrainingProgramme.modules.through.objects.filter(
        trainingprogramme_id__in=all_programmes
    ).values_list("trainingprogramme_id", "programmemodule_id"):
        modules_of[programme_id].add(module_id)
    person_ids = {p.person_id for p in participations}
    qualifications: dict[int, list[str]] = defaultdict(list)
    for person_id, code in QualificationGained.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "code"
    ):
        qualifications[person_id].append(code)
    # Display values for the list, not model fields: hence the ignores.
    for participation in participations:
        participation.attendance_month_hours = hours.get(participation.pk) or Decimal("0")  # type: ignore[attr-defined]
        participation.modules_done = done.get(participation.pk, 0)  # type: ignore[attr-defined]
        modules: set[int] = set()
        for programme_id in programme_ids_of.get(participation.pk, ()):
            modules |= modules_of.get(programme_id, set())
        participation.modules_total = len(modules)  # type: ignore[attr-defined]
        participation.qualification_codes = sorted(qualifications.get(participation.person_id, []))  # type: ignore[attr-defined]
    return participations


def participation_timeline(*, participation: Participation) -> QuerySet[ParticipationEvent]:
    return participation.events.select_related("actor").order_by("at", "id")


def participation_modules(*, participation: Participation) -> list[dict]:
    """The modules of the programmes of the participant's cohorts, each with its completion (if any)."""
    completions = {c.module_id: c for c in participation.module_completions.all()}
    modules = catalogue.programme_modules_with_ids(
        ids=TrainingProgramme.modules.through.objects.filter(
            trainingprogramme__cohorts__participations=participation
        ).values("programmemodule_id")
    ).order_by("version_id", "variant", "order", "id")
    return [{"module": module, "completion": completions.get(module.pk)} for module in modules]


# --- interfaces for placement and staffing -----------------------------------------------------------


def person_qualifications(*, person: Person) -> list[QualificationGained]:
    """The vocational qualifications the person holds, with their evidence."""
    return list(person.qualifications.order_by("issued_on", "id"))


def person_courses(*, person: Person) -> list[CourseCompletion]:
    """The CIS/KIS courses of service cards the person completed (in any of their stays), with the card."""
    return list(
        CourseCompletion.objects.filter(participation__person=person)
        .select_related("card_version__service_type")
        .only(
            "participation_id",
            "card_version",
            "variant",
            "completed_on",
            "card_version__name",
            "card_version__number",
            "card_version__service_type",
            "card_version__service_type__code",
        )
        .order_by("completed_on", "id")
    )


def participation_course_programmes(*, participation: Participation) -> QuerySet[TrainingProgramme]:
    """The programmes of the participant's cohorts: the courses whose completion may be recorded."""
    return (
        TrainingProgramme.objects.filter(
            pk__in=Participation.cohorts.through.objects.filter(participation=participation).values(
                "cohort__programme_id"
            )
        )
        .select_related("card_version")
        .only("public_id", "name", "variant", "card_version_id", "card_version__name", "card_version__number")
        .order_by("name", "id")
    )


# --- imports -----------------------------------------------------------------------------------------

IMPORT_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    # kind -> (roles, organisation kinds) that may import it for an organisation
    ImportKind.PARTICIPANTS: ((Role.PZS_STAFF,), PZS_KINDS),
    ImportKind.ATTENDANCE: ((Role.PZS_STAFF,), PZS_KINDS),
    ImportKind.NEEDS: ((Role.PZS_STAFF, Role.PES_MANAGER), None),
}


def import_organisations_for(*, user, kind: str) -> QuerySet[Organisation]:
    """Organisations for which the user may import files of ``kind``."""
    roles, kinds = IMPORT_RULES[kind]
    kinds = kinds or tuple(PROVIDER_KINDS)
    if user.is_superuser:
        return registry.organisations(kinds=kinds)
    return registry.organisations(kinds=kinds, ids=actor_of(user).organisations_with(*roles, kinds=kinds))


def import_job_list(*, user) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.select_related("organisation", "started_by").defer("content_encrypted")
    if user.is_superuser:
        return jobs
    return jobs.filter(Q(started_by=user) | Q(organisation_id__in=actor_of(user).organisation_ids))


def import_job_get_for_view(*, user, public_id) -> ImportJob:
    job = import_job_list(user=user).filter(public_id=public_id).first()
    if job is None:
        raise Http404("import")
    return job


def import_job_may_restart(*, user, job: ImportJob) -> bool:
    """Whether the user may import the job's file again (the same right as uploading it)."""
    return import_organisations_for(user=user, kind=job.kind).filter(pk=job.organisation_id).exists()


def import_job_get_for_restart(*, user, public_id) -> ImportJob:
    """A job the user sees and may upload again; 404 when not visible, 403 without the right to upload it."""
    job = import_job_get_for_view(user=user, public_id=public_id)
    if not import_job_may_restart(user=user, job=job):
        raise PermissionDenied
    return job


def not_found_message() -> str:
    return _("No participant of your organisations has this PESEL.")


# --- people's data for display (each read is logged) ---------------------------------------------------------


# What the participants list (page and API) reads of a participation's person and CIS/KIS: the fields it shows
# and logs as shown, not the person's contact data or PESEL.
PARTICIPANT_LIST_COLUMNS = (
    *own_columns(Participation),
    "person__public_id",
    "person__first_name",
    "person__last_name",
    "person__home_municipality",
    "person__home_municipality__name",
    "person__home_municipality__level",
    "organisation__public_id",
    "organisation__name",
    "organisation__kind",
    "organisation__municipality",
)


@shows_personal_data(purpose="participants list", fields=LIST_FIELDS, persons=_person_of)
def participations_shown_to_staff(*, user, **filters) -> QuerySet[Participation]:
    """The participants list (filters as :func:`participation_list_for_staff`); a page taken of it is logged."""
    return participation_list_for_staff(user=user, **filters).only(*PARTICIPANT_LIST_COLUMNS)


@shows_personal_data(purpose="participants export", fields=LIST_FIELDS, persons=_person_of)
def participations_for_export(*, user, **filters) -> list[Participation]:
    return list(participation_list_for_staff(user=user, **filters))


@shows_personal_data(purpose="participant page", fields=STAFF_DETAIL_FIELDS, persons=_person_of)
def participation_get_for_page(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="person correction", fields=PERSON_FIELDS, persons=_person_of)
def participation_get_for_person_correction(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="extension form", fields=NAME_FIELDS, persons=_person_of)
def participation_get_for_extension(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="eligibility check", fields=NAME_FIELDS, persons=_person_of)
def participation_get_for_eligibility(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="exit outcome", fields=NAME_FIELDS, persons=_person_of)
def participation_get_for_outcome(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="attendance form", fields=NAME_FIELDS, persons=_person_of)
def participation_get_for_attendance(*, user, public_id) -> Participation:
    return participation_get_for_staff(user=user, public_id=public_id)


@shows_personal_data(purpose="enrolment: data held", fields=PERSON_FIELDS)
def person_held_shown(*, user, organisation: Organisation, pesel: str) -> Person | None:
    """The organisation's own record of this PESEL, shown to its staff who typed it in an enrolment."""
    if organisation.pk not in staff_organisation_ids(user) and not user.is_superuser:
        return None
    return person_find_by_pesel(organisation=organisation, pesel=pesel)


# --- the dated rules applied to a stay ---------------------------------------------------------------


def statutory_notes(*, codes: Iterable[str], on_date: date) -> list[str]:
    """What is assumed (distinct notes, in the order of ``codes``) by the dated rules in force on ``on_date``:
    shown wherever the rule is applied."""
    notes: list[str] = []
    for code in codes:
        parameter = law.statutory_parameter_get(code, on_date)
        if parameter is not None and parameter.assumption and parameter.assumption not in notes:
            notes.append(parameter.assumption)
    return notes


def participation_extensions(*, participation: Participation) -> list[PeriodExtension]:
    """The decisions extending a stay, oldest first, with who took them."""
    return list(participation.extensions.select_related("decided_by").order_by("decided_on", "id"))


def participation_category_labels(*, participation: Participation) -> list[str]:
    return [row.get_category_display() for row in participation.categories.order_by("category")]


# --- what a referring institution may know of the stays it referred ------------------------------------------


def participation_outcome(participation: Participation) -> ExitOutcome | None:
    """Where the person went after the stay, if the CIS/KIS recorded it."""
    return ExitOutcome.objects.filter(participation=participation).first()
