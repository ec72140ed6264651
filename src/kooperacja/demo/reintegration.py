"""The demo's individual programmes: every CIS/KIS participant past the trial has one, signed, with goals of
vocational and social reintegration and actions; some actions done, one change recorded, and the programmes of
finished stays ended with them. Each centre has instructors, and each participant still taking part has a
programme of classes for the current month."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.reintegration import services
from kooperacja.reintegration.models import Action, IndividualProgramme, Instructor
from kooperacja.training.models import Participation, ParticipationStatus

GOALS = (
    (
        "vocational",
        "Przygotowanie do pracy w usługach opiekuńczych",
        (
            ("Kurs przygotowawczy według karty usługi", "instruktor zawodu CIS"),
            ("Praktyka u realizatora usług", "doradca zawodowy CIS"),
        ),
    ),
    (
        "social",
        "Samodzielne planowanie budżetu domowego",
        (("Warsztaty gospodarowania pieniędzmi", "pracownik socjalny CIS"),),
    ),
)

LIVE = (ParticipationStatus.ACTIVE, ParticipationStatus.READY, ParticipationStatus.PLACED)
FINISHED = (ParticipationStatus.COMPLETED, ParticipationStatus.TERMINATED)


def demo_programmes_load() -> int:
    today = timezone.localdate()
    admin = get_user_model().objects.get(username="admin")
    made = 0
    have_one = IndividualProgramme.objects.values("participation_id")
    participations = (
        Participation.objects.filter(status__in=(*LIVE, *FINISHED))
        .exclude(pk__in=have_one)  # loading the demo again adds nothing
        .select_related("organisation", "referred_by")
    )
    for participation in participations.order_by("id"):
        programme = services.programme_start(
            actor=admin,
            participation=participation,
            situation="Osoba długotrwale bezrobotna; chce pracować w usługach opiekuńczych w swojej gminie.",
            agreed_with=participation.referred_by.name if participation.referred_by else "",
        )
        for area, goal_text, actions in GOALS:
            goal = services.goal_add(actor=admin, programme=programme, area=area, description=goal_text)
            for number, (action_text, responsible) in enumerate(actions, start=1):
                services.action_add(
                    actor=admin,
                    programme=programme,
                    goal=goal,
                    description=action_text,
                    responsible=responsible,
                    due_on=participation.start_date + timedelta(days=60 * number),
                )
        signed_on = min(participation.start_date, today)
        programme = services.programme_sign(actor=admin, programme=programme, signed_on=signed_on)
        first_action = Action.objects.filter(goal__programme=programme).order_by("goal__position", "position").first()
        if participation.start_date + timedelta(days=30) <= today:
            services.action_mark_done(
                actor=admin,
                programme=programme,
                action=first_action,
                done_on=participation.start_date + timedelta(days=30),
            )
        if participation.status in LIVE:
            services.goal_add(
                actor=admin,
                programme=programme,
                area="social",
                description="Uregulowanie zadłużenia czynszowego",
                change="Uczestnik poprosił o wsparcie w rozmowach ze spółdzielnią mieszkaniową.",
                requested_by="participant",
            )
        elif participation.status == ParticipationStatus.COMPLETED:
            services.programme_complete(
                actor=admin, programme=programme, ended_on=participation.exit_date, reason=participation.exit_reason
            )
        else:
            services.programme_terminate(
                actor=admin, programme=programme, ended_on=participation.exit_date, reason=participation.exit_reason
            )
        made += 1
    return made


INSTRUCTORS = {
    "cis": (("Bożena Wiśniewska", "instruktor zawodu — opiekunka środowiskowa"), ("Piotr Zieliński", "psycholog")),
    "kis": (("Ewa Malinowska", "doradca zawodowy"), ("Tomasz Kwiatkowski", "terapeuta uzależnień")),
}
# (kind, description, which instructor (0, 1 or None), hours in the month, place)
CLASSES = {
    "cis": (
        ("vocational_workshop", "Warsztat opiekuńczy: higiena, żywienie, pomoc w codziennych czynnościach", 0, 80, ""),
        ("work_placement", "Praktyka w spółdzielni socjalnej", None, 24, "Spółdzielnia Socjalna „Opiekunka”"),
        ("therapy", "Terapia grupowa", 1, 8, ""),
        ("counselling", "Poradnictwo zawodowe", 1, 4, ""),
    ),
    "kis": (
        (
            "socially_useful_work",
            "Prace społecznie użyteczne w świetlicy osiedlowej",
            0,
            40,
            "Świetlica przy ul. Klubowej",
        ),
        ("self_help_group", "Grupa samopomocowa", 1, 8, ""),
    ),
}


def demo_classes_load() -> int:
    """Instructors of every demo CIS/KIS with participants, and this month's classes of those taking part."""
    admin = get_user_model().objects.get(username="admin")
    month = timezone.localdate().replace(day=1)
    made = 0
    participations = Participation.objects.filter(status__in=LIVE).select_related("organisation").order_by("id")
    for participation in participations:
        organisation = participation.organisation
        staff = list(Instructor.objects.filter(organisation=organisation).order_by("id"))
        if not staff:
            staff = [
                services.instructor_create(actor=admin, organisation=organisation, name=name, specialty=specialty)
                for name, specialty in INSTRUCTORS[organisation.kind]
            ]
        if month > participation.planned_end_date.replace(day=1) or services.planned_classes_exist(
            participation=participation, month=month
        ):
            continue
        for kind, description, who, hours, place in CLASSES[participation.kind]:
            services.planned_class_add(
                actor=admin,
                participation=participation,
                month=month,
                kind=kind,
                description=description,
                instructor=staff[who] if who is not None else None,
                hours=Decimal(hours),
                place=place,
            )
            made += 1
    return made
