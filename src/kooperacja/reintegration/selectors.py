"""Reads of individual programmes; a participation of another institution answers 404 like a missing one."""

from django.db.models import Prefetch

from kooperacja.audit.reads import shows_personal_data
from kooperacja.reintegration.models import Action, Goal, IndividualProgramme
from kooperacja.training import selectors as training
from kooperacja.training.models import Participation

# What the programme's pages and documents show of the person.
PROGRAMME_FIELDS = ("first_name", "last_name", "birth_date", "home_municipality")


def programme_of(participation: Participation) -> IndividualProgramme | None:
    """The participation's programme with its goals, actions, changes and moves, or None before one is started."""
    return (
        IndividualProgramme.objects.filter(participation=participation)
        .select_related("prepared_by")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("actions", Action.objects.all()))),
            "changes__recorded_by",
            "events__actor",
        )
        .first()
    )


def _person_of(participation: Participation) -> list:
    return [participation.person]


@shows_personal_data(purpose="individual programme", fields=PROGRAMME_FIELDS, persons=_person_of)
def participation_get_for_programme(*, user, public_id) -> Participation:
    """The participation (of one of the user's CIS/KIS) whose programme is shown or printed."""
    return training.participation_get_for_staff(user=user, public_id=public_id)


def action_of(programme: IndividualProgramme, action_id: int) -> Action | None:
    return Action.objects.filter(goal__programme=programme, pk=action_id).first()


def goal_of(programme: IndividualProgramme, goal_id: int) -> Goal | None:
    return programme.goals.filter(pk=goal_id).first()
