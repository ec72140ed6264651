"""Demo launches of sphere 2 in Grudziądz (seed 001/002 region): the MOPR and the city office launch packages of
social services to be run by new social cooperatives. One launch in each state up to the selection — a draft, one
announced (the CIS, the KIS and the OWES „Most” invited), one recruiting (the CIS committed, the KIS declined, the
call open with a paper application and a CIS participant put forward), one preparing its candidates (sessions from
the respite-care programme with attendance and results), one selecting its founding group (scored and ranked) — and
one cancelled. Everything goes through the services; only the dates of the two calls that have closed are set in
the past, as if the demo had been running for weeks."""

import uuid
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.catalogue import selectors as catalogue
from kooperacja.demo.builders import pesel_for
from kooperacja.launches import calls, partners, preparation, services
from kooperacja.launches.models import Call, Launch, LaunchState
from kooperacja.selection import services as selection_services
from kooperacja.training import selectors as training

GRUDZIADZ = "0462011"
# The launch in selection has a fixed public id: the load benchmark reads its applications and ranking.
SELECTION_LAUNCH = uuid.UUID("5e1ec7ed-0000-4000-8000-000000000002")
RESPITE = "opieka-wytchnieniowa"
CARE = "uslugi-opiekuncze"

CANDIDATES = [
    ("Halina", "Wrona", date(1971, 5, 3), ["unemployed", "over_50"]),
    ("Robert", "Cichy", date(1988, 9, 21), ["social_employment"]),
    ("Monika", "Lis", date(1995, 1, 30), ["disabled"]),
    ("Stefan", "Bąk", date(1966, 11, 12), ["unemployed"]),
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _data(owner, title, description, *, codes=(RESPITE,), form="cooperative_natural", form_description=""):
    today = timezone.localdate()
    service_rows = []
    for code in codes:
        service = catalogue.service_type_find(code=code)
        if service is None or service.current_version_id is None:
            continue
        service_rows.append(
            {
                "service_type": service,
                "unit": "hours",
                "planned_volume": "2400",
                "starts_on": today + timedelta(days=150),
                "ends_on": today + timedelta(days=515),
            }
        )
    return {
        "owner": owner,
        "title": title,
        "description": description,
        "form": form,
        "form_description": form_description,
        "services": service_rows,
        "budget_lines": [
            {"source": "municipality", "amount": "180000", "note": "Budżet gminy na 2027 r."},
            {"source": "eu", "amount": "240000", "note": "FEKP, działanie 8.x"},
        ],
    }


def _call(**overrides):
    now = timezone.now()
    data = {
        "opens_at": now - timedelta(days=2),
        "deadline": now + timedelta(days=5),
        "places": 5,
        "categories": ["unemployed", "social_employment", "disabled", "under_30", "over_50"],
        "min_age": 18,
        "residence": "county",
        "information": "Spotkanie informacyjne w MOPR, ul. Opiekuńcza 5.",
        "criteria": [
            {"name": "Motywacja i gotowość do pracy w spółdzielni", "weight": "3", "max_points": 10},
            {"name": "Doświadczenie w opiece", "weight": "2", "max_points": 10},
            {"name": "Wyniki przygotowania", "weight": "1", "max_points": 10},
        ],
        "tie_rule": "criteria_order",
        "appeal_days": 7,
    }
    return data | overrides


def _launch(owner, title, description, **kwargs) -> tuple[Launch, bool]:
    found = Launch.objects.filter(title=title, owner=owner).first()
    if found is not None:
        return found, False
    return services.launch_create(actor=None, data=_data(owner, title, description, **kwargs)), True


def _announce(launch, coordinator) -> None:
    calls.call_save(actor=coordinator, launch=launch, data=_call(), expected_version=launch.version)
    launch.refresh_from_db()
    services.launch_announce(actor=coordinator, launch=launch, version=launch.version)
    launch.refresh_from_db()


def _answers(launch, organisations) -> None:
    due = timezone.localdate() + timedelta(days=45)
    modules = partners.modules_for(launch)
    cis = launch.partners.get(organisation=organisations["cis-grudziadz"])
    items = [{"kind": "recruitment", "candidates": 6, "due_on": due, "description": ""}]
    if modules:
        items.append({"kind": "training", "module": modules[0].pk, "due_on": due, "description": ""})
    partners.partner_commit(actor=None, partner=cis, version=cis.version, items=items)
    owes = launch.partners.filter(organisation=organisations["owes-most"]).first()
    if owes is not None:
        partners.partner_commit(
            actor=None,
            partner=owes,
            version=owes.version,
            items=[
                {"kind": "mentoring", "description": "Doradztwo przy biznesplanie i statucie", "due_on": due},
                {"kind": "workshop", "description": "Warsztat: jak działa spółdzielnia socjalna", "due_on": due},
            ],
        )
    kis = launch.partners.filter(organisation=organisations["kis-grudziadz"]).first()
    if kis is not None:
        partners.partner_decline(
            actor=None, partner=kis, version=kis.version, reason="Brak wolnej kadry w tym półroczu."
        )


def _recruit(launch, coordinator) -> None:
    launch.refresh_from_db()
    services.launch_start_recruiting(actor=coordinator, launch=launch, version=launch.version)
    launch.refresh_from_db()


def _applicants(launch, start: int, count: int, staff=None, cis=None) -> list:
    made = []
    for index, (first, last, born, categories) in enumerate(CANDIDATES[:count]):
        application, _code = calls.application_add_direct(
            actor=None,
            launch=launch,
            data={
                "first_name": first,
                "last_name": last,
                "pesel": pesel_for(born, start + index, female=first.endswith("a")),
                "birth_date": born,
                "phone": f"600 200 {start + index:03d}",
                "residence": GRUDZIADZ,
                "categories": categories,
                "evidence_note": "Okazano zaświadczenie.",
                "consent": True,
            },
        )
        made.append(application)
    if staff is not None and cis is not None:
        shown = list(training.participations_for_candidacy(user=staff, organisation_id=cis.pk)[:1])
        if shown:
            participation = shown[0]
            application, _code = calls.application_add_participant(
                actor=None,
                launch=launch,
                participation=participation,
                data={"categories": ["social_employment"], "consent": True, "evidence_note": "Uczestnik CIS."},
            )
            made.append(application)
    return made


def _close_call(launch) -> None:
    """As if the call had closed: its dates moved into the past (the server's clock decides the deadline)."""
    now = timezone.now()
    Call.objects.filter(launch=launch).update(opens_at=now - timedelta(days=40), deadline=now - timedelta(days=10))


def _prepare(launch, coordinator, applications) -> None:
    launch.refresh_from_db()
    services.launch_start_training(actor=coordinator, launch=launch, version=launch.version)
    launch.refresh_from_db()
    modules = partners.modules_for(launch)
    today = timezone.localdate()
    cis = launch.partners.filter(state="committed", kind="pzs").first()
    sessions = []
    for module in modules[:2]:
        sessions.append(
            preparation.session_add(
                actor=None,
                launch=launch,
                data={
                    "kind": "training",
                    "module": module.pk,
                    "led_by": cis.pk if cis else None,
                    "starts_on": today - timedelta(days=14),
                    "ends_on": today - timedelta(days=7),
                },
            )
        )
    sessions.append(
        preparation.session_add(
            actor=None,
            launch=launch,
            data={
                "kind": "workshop",
                "title": "Jak działa spółdzielnia socjalna",
                "hours": 6,
                "starts_on": today - timedelta(days=5),
                "ends_on": today - timedelta(days=5),
            },
        )
    )
    for session in sessions:
        for index, application in enumerate(applications):
            passed = index % 4 != 3
            preparation.result_set(
                actor=None,
                session=session,
                application=application,
                data={
                    "hours_attended": session.hours if passed else session.hours // 2,
                    "result": "passed" if passed else "not_passed",
                    "score": 90 - index * 12,
                },
            )


def _rank(launch, coordinator, assessors, applications) -> None:
    _close_call(launch)
    launch.refresh_from_db()
    services.launch_start_selection(actor=coordinator, launch=launch, version=launch.version)
    selection = calls.selection_of(Call.objects.get(launch=launch))
    for assessor in assessors:
        selection_services.assessor_add(actor=coordinator, selection=selection, user=assessor)
    selection.refresh_from_db()
    selection_services.selection_start_scoring(actor=coordinator, selection=selection, version=selection.version)
    criteria = list(selection.criteria.all())
    entries = {entry.subject_key: entry for entry in selection.entries.all()}
    for offset, assessor in enumerate(assessors):
        for index, application in enumerate(applications):
            for position, criterion in enumerate(criteria):
                points = max(1, min(criterion.max_points, 9 - index - position + offset))
                selection_services.score_set(
                    actor=assessor, entry=entries[application.subject_key], criterion=criterion, points=points
                )
    selection.refresh_from_db()
    selection_services.selection_rank(actor=coordinator, selection=selection, version=selection.version)


def demo_launches_load(organisations) -> None:
    mops, office = organisations["mops-grudziadz"], organisations["um-grudziadz"]
    coordinator, worker = _user("koordynator"), _user("pracownik.socjalny")
    staff, cis = _user("kadra.cis"), organisations["cis-grudziadz"]

    _launch(
        office,
        "Usługi sąsiedzkie na Tarpnie",
        "Pomoc sąsiedzka dla starszych mieszkańców osiedla Tarpno, świadczona przez nową spółdzielnię socjalną.",
        codes=(CARE,),
    )

    launch, new = _launch(
        mops,
        "Asystencja w domu dla seniorów",
        "Usługi opiekuńcze w miejscu zamieszkania dla seniorów z dzielnicy Strzemięcin.",
        codes=(CARE,),
    )
    if new:
        _announce(launch, coordinator)

    launch, new = _launch(
        mops,
        "Opieka wytchnieniowa „Chwila dla siebie”",
        "Opieka wytchnieniowa dla rodzin osób z niepełnosprawnościami; nabór grupy założycielskiej spółdzielni.",
    )
    if new:
        _announce(launch, coordinator)
        _answers(launch, organisations)
        _recruit(launch, coordinator)
        _applicants(launch, 100, 1, staff=staff, cis=cis)

    launch, new = _launch(
        mops,
        "Opieka wytchnieniowa na Rządzu",
        "Opieka wytchnieniowa w formie dziennej; kandydaci w przygotowaniu (szkolenia z programu karty usługi).",
    )
    if new:
        _announce(launch, coordinator)
        _answers(launch, organisations)
        _recruit(launch, coordinator)
        _prepare(launch, coordinator, _applicants(launch, 200, 3))

    launch, new = _launch(
        mops,
        "Spółdzielnia socjalna „Wytchnienie”",
        "Opieka wytchnieniowa całodobowa; wybór grupy założycielskiej spółdzielni socjalnej osób fizycznych.",
    )
    if new:
        Launch.objects.filter(pk=launch.pk).update(public_id=SELECTION_LAUNCH)
        launch.refresh_from_db()
        _announce(launch, coordinator)
        _answers(launch, organisations)
        _recruit(launch, coordinator)
        applications = _applicants(launch, 300, 4)
        _prepare(launch, coordinator, applications)
        _rank(launch, coordinator, [coordinator, worker], applications)

    launch, new = _launch(
        office,
        "Catering społeczny dla szkół",
        "Posiłki dla szkół podstawowych przygotowywane przez spółdzielnię socjalną.",
        codes=(CARE,),
        form="other",
        form_description="Spółka non-profit z udziałem gminy.",
    )
    if new:
        services.launch_cancel(
            actor=None, launch=launch, version=launch.version, reason="Gmina wybrała zlecenie usługi w trybie art. 19a."
        )


__all__ = ["LaunchState", "demo_launches_load"]
