"""Records of one CIS (org A) in 2025, counted by hand in the tests, and its yearly report."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kooperacja.benefits import services as benefits
from kooperacja.reintegration import services as reintegration
from kooperacja.reintegration.models import PlannedClass
from kooperacja.reporting import services
from kooperacja.training import services as training
from kooperacja.training.models import ExitOutcome, ParticipationStatus
from tests.benefits.factories import participant_with_march
from tests.training.factories import enrol

YEAR = 2025


def active(world, *, start: date, categories, reference: str, last_name: str, organisation=None):
    staff = world.user("pzs_staff")
    participation = enrol(
        actor=staff,
        organisation=organisation or world.org_a,
        start=start,
        categories=categories,
        plan_reference=reference,
    )
    participation.status = ParticipationStatus.ACTIVE
    participation.save(update_fields=["status"])
    person = participation.person
    person.last_name = last_name
    person.save(update_fields=["last_name"])
    return participation


@dataclass
class Records:
    with_two_groups: object  # homeless + alcohol, began 2025, left for work (programme completed), outcome employment
    in_march: object  # long-term unemployed, began March 2025, still there, benefit paid for March
    from_2024: object  # alcohol, began 2024, withdrew in May 2025, no outcome recorded
    gone_in_2024: object  # left in 2024: not counted
    referred: object  # never began: not counted
    cooperative: object  # disabled, began April 2025, left for a cooperative it founded in October
    march: object  # the paid benefit month


def records_2025(world) -> Records:
    staff = world.user("pzs_staff")
    in_march = participant_with_march(world)  # IPZS/1/2025, long-term unemployed, from 3 March 2025
    march = benefits.benefit_month_compute(actor=staff, organisation=world.org_a, year=YEAR, month=3)
    line = march.lines.get()
    benefits.benefit_line_set_bonus(actor=staff, line=line, amount="100.00")
    benefits.benefit_month_move(actor=staff, benefit_month=march, target="approved")
    benefits.benefit_month_move(actor=staff, benefit_month=march, target="paid")

    two = active(
        world,
        start=date(2025, 2, 3),
        categories=["homeless", "alcohol"],
        reference="IPZS/2/2025",
        last_name="Dwugrupowa",
    )
    programme = reintegration.programme_start(actor=staff, participation=two)
    goal = reintegration.goal_add(actor=staff, programme=programme, area="vocational", description="Praca")
    reintegration.action_add(
        actor=staff, programme=programme, goal=goal, description="Kurs", responsible="CIS", due_on=date(2025, 5, 30)
    )
    programme = reintegration.programme_sign(actor=staff, programme=programme, signed_on=date(2025, 2, 5))
    reintegration.programme_complete(actor=staff, programme=programme, ended_on=date(2025, 9, 30), reason="employment")
    ExitOutcome.objects.create(participation=two, kind="employment", started_on=date(2025, 10, 1))
    PlannedClass.objects.create(
        participation=two,
        month=date(2025, 3, 1),
        kind="vocational_workshop",
        description="Warsztat",
        hours=Decimal("80.5"),
    )
    PlannedClass.objects.create(
        participation=in_march,
        month=date(2025, 3, 1),
        kind="vocational_workshop",
        description="Warsztat",
        hours=Decimal("40"),
    )
    PlannedClass.objects.create(
        participation=in_march, month=date(2024, 12, 1), kind="therapy", description="Terapia", hours=Decimal("10")
    )

    from_2024 = active(
        world, start=date(2024, 6, 3), categories=["alcohol"], reference="IPZS/7/2024", last_name="Zeszłoroczny"
    )
    training.participation_exit(actor=staff, participation=from_2024, reason="withdrew", exit_date=date(2025, 5, 30))

    gone = active(world, start=date(2024, 1, 8), categories=["alcohol"], reference="IPZS/1/2024", last_name="Dawny")
    training.participation_exit(actor=staff, participation=gone, reason="withdrew", exit_date=date(2024, 11, 29))

    referred = enrol(actor=staff, organisation=world.org_a, start=date(2025, 4, 1), plan_reference="IPZS/9/2025")

    cooperative = active(
        world, start=date(2025, 4, 1), categories=["disabled"], reference="IPZS/5/2025", last_name="Spółdzielcza"
    )
    training.participation_exit(
        actor=staff, participation=cooperative, reason="cooperative", exit_date=date(2025, 10, 31)
    )
    ExitOutcome.objects.create(participation=cooperative, kind="cooperative_founded")
    return Records(
        with_two_groups=two,
        in_march=in_march,
        from_2024=from_2024,
        gone_in_2024=gone,
        referred=referred,
        cooperative=cooperative,
        march=march,
    )


def prepared(world, organisation=None):
    return services.annual_report_prepare(
        actor=world.user("pzs_staff"), organisation=organisation or world.org_a, year=YEAR
    )
