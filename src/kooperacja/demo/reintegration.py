"""The demo's individual programmes: every CIS/KIS participant past the trial has one, signed, with goals of
vocational and social reintegration and actions; some actions done, one change recorded, and the programmes of
finished stays ended with them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.reintegration import services
from kooperacja.reintegration.models import Action, IndividualProgramme
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
