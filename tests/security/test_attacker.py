"""An attacker with ordinary accounts at unrelated institutions in Kraków never reaches the records of the
demo region (Grudziądz and Janów Lubelski): it cannot widen its own reach, no page or API answer shows it
the victims' people, and every write aimed at the victims' records is refused and changes nothing.

The routes come from the URLconf and the victim from the demo loader, so a new route or a new kind of record
is attacked without changing this file. The world is loaded once per module and worker (about two seconds)
and every test is rolled back to it; the personas are split into groups so that pytest-xdist can run the
tests side by side.
"""

import re
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model

from kooperacja.accounts.roles import Role
from kooperacja.accounts.services import api_token_create
from tests.once import built_once
from tests.security import attacks, probes
from tests.security.world import ANONYMOUS, NO_MEMBERSHIP, Persona, build, victim_needles

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build)


@pytest.fixture
def world(built_world):
    """The module's world, with a persona table of its own (a test may add insiders to it)."""
    return replace(built_world, personas=dict(built_world.personas), extra=dict(built_world.extra))


# Balanced by the number of routes each persona is admitted to.
GROUPS = {
    "coordinators": [Role.COORDINATOR.value, Role.SOCIAL_WORKER.value, Role.PARTNER_WORKER.value, ANONYMOUS],
    "providers": [Role.PZS_STAFF.value, Role.PES_MANAGER.value, Role.PILOT_EXPERT.value, NO_MEMBERSHIP],
    "regional": [
        Role.REGISTER_OFFICER.value,
        Role.OWES_ADVISOR.value,
        Role.ANALYST.value,
        Role.CATALOGUE_EDITOR.value,
        Role.QUALITY_SPECIALIST.value,
        Role.LEARNING_OUTCOMES_EXPERT.value,
    ],
}


def test_it_attacks_with_every_persona():
    every = [name for names in GROUPS.values() for name in names]
    assert sorted(every) == sorted([role.value for role in Role] + [NO_MEMBERSHIP, ANONYMOUS])


def test_it_knows_how_to_aim_every_route_at_the_victims(world):
    findings = probes.Findings()
    routes = probes.routes()
    attacks.check_coverage(world, routes, findings)
    assert not findings, findings.report()


def test_it_keeps_every_attacker_within_its_own_reach(world):
    findings = probes.Findings()
    attacks.widen_reach(world, findings, probes.Detector(victim_needles(world)))
    assert not findings, findings.report()


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_it_shows_no_victim_person_to_an_attacker_on_any_route(world, group):
    findings = probes.Findings()
    attacks.walk(world, GROUPS[group], findings, probes.Detector(victim_needles(world)))
    assert not findings, findings.report()


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_it_refuses_every_attacker_write_to_another_institution(world, group):
    findings = probes.Findings()
    attacks.write(world, GROUPS[group], findings, probes.Detector(victim_needles(world)))
    assert not findings, findings.report()


def _insider(world, name: str, username: str) -> None:
    user = get_user_model().objects.get(username=username)
    world.personas[name] = Persona(name, user, user, [], api_token_create(user=user, name="kontrola")[1])


def test_it_catches_an_insider_doing_what_attackers_must_not(world):
    """The suite's own check: the victims' own staff, run through the same walk and writes, are reported
    (they see their participants, and they may withdraw their needs), so a silent suite means something."""
    _insider(world, "cis staff", "kadra.cis")
    _insider(world, "provider manager", "manager.pes")
    detector = probes.Detector(victim_needles(world))

    seen = probes.Findings()
    attacks.walk(world, ["cis staff"], seen, detector, only={"training:participant-detail", "api:training-participant"})
    leaks = "\n".join(seen.report().splitlines())
    assert "GET training:participant-detail" in leaks and "GET api:training-participant" in leaks
    assert "participant Maria Adamska (name)" in leaks and "(phone)" in leaks and "(e-mail)" in leaks

    written = probes.Findings()
    only = {"staffing:need-withdraw", "api:staffing-need-withdraw"}
    attacks.write(world, ["provider manager"], written, detector, only=only)
    refused_not = "\n".join(written.lines.get("write not refused", []))
    changed = "\n".join(written.lines.get("victim data changed", []))
    assert "POST staffing:need-withdraw" in refused_not and "POST api:staffing-need-withdraw" in refused_not
    assert "POST staffing:need-withdraw as provider manager: staffing need changed" in changed


def test_it_names_the_table_to_extend_for_a_route_it_cannot_aim():
    new_page = probes.Route("registry:new-page", "GET", frozenset({"public_id", "gadget_id"}), "core.signed_in")
    with pytest.raises(probes.Unreachable, match="add the route to VICTIM_KWARGS in tests/security/probes.py"):
        probes.kwargs_for(new_page, world=None)
    new_write = probes.Route("api:registry-gadgets", "POST", frozenset(), "core.signed_in")
    with pytest.raises(probes.Unreachable, match="add one to API_BODIES in tests/security/probes.py"):
        probes.api_body(new_write)


def test_no_page_or_read_writes_to_the_database(world):
    """A GET changes nothing (the session, the read log and a token's last use aside), even for the people who
    see everything the victims hold: their own staff, their coordinator and an administrator."""
    for name, username in [("cis staff", "kadra.cis"), ("coordinator", "koordynator"), ("administrator", "admin")]:
        _insider(world, name, username)
    findings = probes.Findings()
    walked = attacks.walk(world, ["cis staff", "coordinator", "administrator"], findings, probes.Detector([]))
    assert walked > 300
    assert findings.lines == {}, findings.report()


def test_it_notices_a_write_but_not_bookkeeping():
    from django.contrib.sessions.models import Session

    from kooperacja.registry.models import Organisation

    with probes.writes() as written:
        Organisation.objects.filter(pk=-1).update(name="x")
        Session.objects.filter(pk="none").delete()
        list(Organisation.objects.all()[:1])
    assert written == ["registry_organisation"]


def test_what_waits_for_an_attacker_never_counts_the_victims(world):
    """The home page's kinds of waiting item count the attacker's own institutions only: no item of any kind links
    to a record of the victims, and every count is the attacker's items alone (all of them listed here), while the
    victims' own staff are shown theirs."""
    from kooperacja.core import waiting

    victim_ids = {
        str(obj.public_id)
        for rows in world.victims.samples.values()
        for _label, obj in rows
        if getattr(obj, "public_id", None) is not None
    }
    assert victim_ids
    for persona in world.personas.values():
        if persona.user is None:
            continue
        for entry in waiting.waiting_for(persona.user, limit=1000):
            if entry.kind.code == "training.attendance":
                assert entry.count == len(entry.items)
            for item in entry.items:
                leaked = [public_id for public_id in victim_ids if public_id in item.url]
                assert leaked == [], f"{persona.name} is shown {entry.kind.code}: {item.url}"
                organisation = re.search(r"organisation=(\d+)", item.url)
                assert organisation is None or int(organisation.group(1)) not in world.victims.organisation_ids
    staff = get_user_model().objects.get(username="kadra.cis")
    shown = {entry.kind.code for entry in waiting.waiting_for(staff)}
    assert {"admission.incoming", "training.attendance", "reporting.reports_due"} <= shown
