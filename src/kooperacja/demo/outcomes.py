"""People of the demo who left their CIS/KIS some months ago, and what they went on to, with the follow-ups."""

from datetime import date, timedelta

from kooperacja.admission import services as admission
from kooperacja.demo.builders import pesel_for
from kooperacja.demo.referrals import demo_referral
from kooperacja.training import outcome_selectors
from kooperacja.training import services as training

# People who left some months ago, and what they went on to: (first name, last name, home, CIS/KIS, categories,
# exit reason, days since the exit, outcome kind, where, days from the exit to the outcome, follow-ups recorded
# as {months: still there}). Without attendance: they left before the months the benefit demo computes.
EXITED = [
    (
        "Krystyna",
        "Wróbel",
        "0462011",
        "cis-grudziadz",
        "disabled,long_term_unemployed",
        "employment",
        100,
        "supported_employment",
        "Zakład Aktywności Zawodowej w Grudziądzu",
        1,
        {3: True},
    ),
    (
        "Jadwiga",
        "Zając",
        "0462011",
        "cis-grudziadz",
        "homeless",
        "employment",
        75,
        "employment",
        "Przedsiębiorstwo Usług Komunalnych w Grudziądzu Sp. z o.o.",
        1,
        {},
    ),
    (
        "Marianna",
        "Szymańska",
        "0462011",
        "kis-grudziadz",
        "long_term_unemployed",
        "cooperative",
        120,
        "cooperative_founded",
        "Spółdzielnia Socjalna „Nowy Start” w Grudziądzu",
        2,
        {},
    ),
    (
        "Krzysztof",
        "Mazur",
        "0605053",
        "cis-janow",
        "long_term_unemployed",
        "business",
        110,
        "self_employment",
        "",
        5,
        {3: True},
    ),
]


def demo_outcomes(staff_of, organisations, today: date) -> None:
    """Stays that ended some months ago with their outcomes (supported employment, another employer, a social
    cooperative founded, an own business): the 3-month follow-ups recorded where due, one overdue, the 6-month
    ones still to come."""
    for index, (first, last, home, key, categories, reason, days_ago, kind, where, after, results) in enumerate(EXITED):
        organisation, actor = organisations[key], staff_of[key]
        start = today - timedelta(days=150)
        pesel = pesel_for(date(1968 + index * 3, 2 + index, 11 + index), 300 + index, first.endswith("a"))
        referral = demo_referral(
            organisations,
            home=home,
            target=organisation,
            person={"pesel": pesel, "first_name": first, "last_name": last, "phone": f"+48 600 000 {300 + index}"},
            categories=categories.split(","),
            issued_on=start - timedelta(days=14),
            number=200 + index,
        )
        participation = admission.referral_accept(
            actor=actor,
            referral=referral,
            person_data={
                "email": f"{last.lower()}@example.org".replace("ó", "o").replace("ą", "a").replace("ń", "n"),
            },
            participation_data={
                "categories": categories.split(","),
                "exclusions": [],
                "exclusions_none": True,
                "plan_reference": f"{'IPZS' if organisation.kind == 'cis' else 'KS'}/{today.year}/{301 + index:03d}",
                "plan_signed_on": start - timedelta(days=3),
                "start_date": start,
                "planned_end_date": start + timedelta(days=330),
                "working_time": "full_time",
                "preferred_services": [],
            },
        )
        if organisation.kind == "cis":
            training.participation_start_trial(actor=actor, participation=participation)
        training.participation_activate(actor=actor, participation=participation)
        exit_date = today - timedelta(days=days_ago)
        training.participation_exit(
            actor=actor,
            participation=participation,
            reason=reason,
            exit_date=exit_date,
            outcome=training.OutcomeInput(
                kind=kind, started_on=exit_date + timedelta(days=after), organisation_name=where
            ),
        )
        outcome = outcome_selectors.participation_outcome(participation)
        assert outcome is not None
        for follow_up in outcome.follow_ups.all():
            if follow_up.months_after in results and follow_up.due_on <= today:
                training.outcome_follow_up_record(
                    actor=actor,
                    follow_up=follow_up,
                    still_there=results[follow_up.months_after],
                    note="Rozmowa telefoniczna z uczestnikiem.",
                )
