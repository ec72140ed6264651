"""The order of the stages, the checks before the first one, and the progress each stage reports."""

import time
from collections.abc import Callable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from kooperacja.demo.country import matching, needs, organisations, reads, referrals, rounds, stays, training, users
from kooperacja.demo.country.cards import cards_load
from kooperacja.demo.country.places import territory_load
from kooperacja.demo.country.world import World
from kooperacja.registry.models import Organisation
from kooperacja.territory.models import Unit

Report = Callable[[str, dict[str, int], float], None]


class CountryRefused(Exception):
    """The database is not ready for a country, or already holds data and ``force`` was not given."""


def country_check(*, force: bool) -> None:
    required = (organisations.KRAKOW, organisations.WARSZAWA)
    if Unit.objects.filter(code__in=required).count() < len(required):
        raise CountryRefused("The territory is not loaded: run `manage.py load_territory` first.")
    if not cards_load():
        raise CountryRefused("The catalogue is not loaded: run `manage.py load_catalogue` first.")
    taken = [name for name, *_rest in users.PERSONAS] + [users.ADMIN]
    if get_user_model().objects.filter(username__in=taken).exists():
        raise CountryRefused(
            "This database already holds a generated country (its bench users exist); generate into a fresh database."
        )
    if Organisation.objects.exists() and not force:
        raise CountryRefused(
            "The database already holds organisations; a country is generated into an empty database. "
            "Use --force to add one to the data already there."
        )


def country_generate(*, scale: float, seed: int, as_of: date, force: bool, report: Report) -> dict[str, int]:
    """Build the whole country in one transaction (all or nothing) and return the rows written per table."""
    country_check(force=force)
    with transaction.atomic():
        world = World(scale=scale, seed=seed, as_of=as_of, territory=territory_load())
        world.cards = cards_load()

        def stage(name: str, work: Callable[[], dict[str, int] | int]) -> None:
            started = time.monotonic()
            result = work()
            counts = result if isinstance(result, dict) else {name: result}
            report(name, counts, time.monotonic() - started)

        def plan() -> dict[str, int]:
            organisations.organisations_plan(world)
            return {"organisations planned": len(world.orgs)}

        stage(
            "territory and catalogue",
            lambda: {"municipalities": len(world.territory.municipalities), "cards": len(world.cards)},
        )
        stage("organisations", lambda: (plan(), {"organisations": organisations.organisations_write(world)})[1])
        stage("users and memberships", lambda: users.users_write(world))
        stage("register, workshops, contacts", lambda: organisations.registers_write(world))
        planned: dict = {}

        def plan_people() -> dict[str, int]:
            planned["stays"] = stays.stays_plan(world)
            planned["needs"] = needs.needs_plan(world)
            planned["refs"] = referrals.referrals_plan(world, planned["stays"], planned["needs"])
            return {"stays": len(planned["stays"]), "needs": len(planned["needs"]), "referrals": len(planned["refs"])}

        stage("planning stays, needs and referrals", plan_people)
        people, wanted, refs = planned["stays"], planned["needs"], planned["refs"]
        stage("persons", lambda: training.persons_write(world, people))
        stage("participations", lambda: training.participations_write(world, people))
        stage("programmes, cohorts, modules", lambda: training.programmes_write(world, people))
        stage("qualifications", lambda: training.qualifications_write(world, people))
        stage("attendance", lambda: training.attendance_write(world, people))
        stage("staffing needs", lambda: needs.needs_write(world, wanted))
        stage("diagnosis rounds and plans", lambda: rounds.rounds_write(world, wanted))
        stage("matching runs and referrals", lambda: matching.placement_write(world, refs, people, wanted))
        stage("exit outcomes and follow-ups", lambda: training.outcomes_write(world, people))
        stage("personal-data read log", lambda: reads.reads_write(world, people, refs))
        world.writer.finish()
    return world.writer.written
