"""The voivode's register: CIS terms (granted, extended, withdrawn, expired), KIS entries (entered, struck off),
the status of a social enterprise, and that only the register officer of the voivodeship or an administrator
decides any of it (services, web pages and API)."""

import importlib
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from kooperacja.accounts.roles import Role
from kooperacja.law.models import StatutoryParameter
from kooperacja.registry import services
from kooperacja.registry.models import (
    Organisation,
    OrganisationKind,
    ReachChange,
    ReachChangeKind,
    RegisterEvent,
    RegisterStanding,
    RegisterTerm,
    RegisterTermStatus,
    SocialEnterpriseState,
    SocialEnterpriseStatus,
)
from tests.factories import GRUDZIADZ, LUBLIN, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CIS_GRANT = {
    "number": "CIS/04/7",
    "decision_number": "WPS-II.9421.7.2024",
    "decision_date": date(2024, 2, 20),
    "term_start": date(2024, 3, 1),
}


def field_errors(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def fresh(organisation) -> Organisation:
    return Organisation.objects.get(pk=organisation.pk)


def grant(world, organisation=None, actor="register_officer", **data):
    return services.register_term_grant(
        actor=world.user(actor) if actor else None,
        organisation=organisation or world.org_a,
        data={**CIS_GRANT, **data},
    )


def kis(**kwargs):
    return OrganisationFactory(name="KIS Grudziądz", kind=OrganisationKind.KIS, municipality_id=GRUDZIADZ, **kwargs)


def cooperative():
    return OrganisationFactory(
        name="Spółdzielnia Socjalna Grudziądz", kind=OrganisationKind.SOCIAL_COOPERATIVE, municipality_id=GRUDZIADZ
    )


# --- CIS terms -------------------------------------------------------------------------------------------


def test_it_grants_a_cis_status_for_the_statutory_term_and_records_who_and_why(world):
    officer = world.user("register_officer")
    term = grant(world)
    assert term.status == RegisterTermStatus.GRANTED and term.voivodeship_id == "04"
    # five years (cis_status_term_years, art. 5) less one day
    assert term.term_end == date(2029, 2, 28) and term.recorded_by == officer
    assert services.cis_status_end(date(2024, 2, 29)) == date(2029, 2, 28)
    organisation = fresh(world.org_a)
    assert organisation.is_in_force(date(2029, 2, 28)) and organisation.is_in_force(date(2024, 3, 1))
    assert not organisation.is_in_force(date(2024, 2, 29))
    event = RegisterEvent.objects.get(term=term)
    assert (event.from_state, event.to_state, event.actor) == ("", "granted", officer)
    change = ReachChange.objects.get(organisation=world.org_a, kind=ReachChangeKind.REGISTER_STATUS)
    assert change.changes == {"status": ["none", "in_force"]} and change.actor == officer


def test_the_term_follows_the_dated_statutory_parameter(world):
    StatutoryParameter.objects.create(
        code="cis_status_term_years",
        name="test",
        value=3,
        unit="lata",
        valid_from=date(2024, 1, 1),
        legal_basis="test",
    )
    StatutoryParameter.objects.filter(code="cis_status_term_years", valid_from__lt=date(2024, 1, 1)).update(
        valid_to=date(2023, 12, 31)
    )
    assert grant(world).term_end == date(2027, 2, 28)


def test_a_status_whose_term_ended_is_expired_on_read(world):
    term = grant(world, decision_date=date(2018, 1, 5), term_start=date(2018, 1, 10))
    organisation = fresh(world.org_a)
    assert term.term_end == date(2023, 1, 9)
    assert organisation.register_status(date(2023, 1, 9)) == RegisterStanding.IN_FORCE
    assert organisation.register_status(date(2023, 1, 10)) == RegisterStanding.EXPIRED
    assert organisation.register_status() == RegisterStanding.EXPIRED and organisation.lacks_active_register_entry
    term.refresh_from_db()
    assert term.status == RegisterTermStatus.GRANTED  # nothing is written: expiry is evaluated on read


def test_it_refuses_a_bad_grant_with_every_error_at_once_and_saves_nothing(world):
    with pytest.raises(ValidationError) as caught:
        grant(
            world,
            number="",
            decision_number="",
            decision_date=TODAY + timedelta(days=3),
            term_end=date(2030, 1, 1),
            voivodeship="06",
        )
    assert set(field_errors(caught)) == {"number", "decision_number", "decision_date", "term_end", "voivodeship"}
    with pytest.raises(ValidationError) as caught:
        grant(world, decision_date=date(2024, 3, 5))
    assert set(field_errors(caught)) == {"term_start"}  # the status cannot run before its decision
    assert not RegisterTerm.objects.exists() and not RegisterEvent.objects.exists()


def test_it_refuses_a_register_number_of_another_organisation_and_a_decision_recorded_twice(world):
    other = OrganisationFactory(name="CIS Toruń", kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    grant(world, organisation=other)
    with pytest.raises(ValidationError) as caught:
        grant(world)
    errors = field_errors(caught)
    assert "CIS Toruń" in errors["number"][0] and "decision_number" in errors


def test_it_extends_a_status_with_a_new_term_keeping_the_history(world):
    first = grant(world, decision_date=date(2019, 1, 2), term_start=date(2019, 1, 10))
    second = services.register_term_extend(
        actor=world.user("register_officer"),
        organisation=world.org_a,
        data={"decision_number": "WPS-II.9421.7.2023/P", "decision_date": date(2023, 11, 20)},
    )
    assert second.previous == first and second.status == RegisterTermStatus.EXTENDED
    assert (second.term_start, second.term_end, second.number) == (date(2024, 1, 10), date(2029, 1, 9), first.number)
    assert RegisterTerm.objects.filter(organisation=world.org_a).count() == 2
    organisation = fresh(world.org_a)
    assert organisation.is_in_force(date(2024, 1, 9)) and organisation.is_in_force(date(2024, 1, 10))
    assert organisation.register_term_on(date(2020, 1, 1)) == first
    assert RegisterEvent.objects.filter(term=second, to_state="extended").exists()


def test_it_does_not_extend_a_status_that_expired_or_was_withdrawn(world):
    grant(world, decision_date=date(2018, 1, 2), term_start=date(2018, 1, 10))
    with pytest.raises(ValidationError) as caught:
        services.register_term_extend(
            actor=None,
            organisation=world.org_a,
            data={"decision_number": "late", "decision_date": date(2023, 2, 1)},
        )
    assert set(field_errors(caught)) == {"decision_date"}
    # an expired status is granted again, as a new term after the old one
    again = grant(world, decision_number="new", decision_date=date(2024, 2, 20))
    services.register_term_end(
        actor=world.user("admin"), term=again, ended_on=TODAY, reason="Decyzja o cofnięciu statusu nr 5/2025"
    )
    with pytest.raises(ValidationError):
        services.register_term_extend(
            actor=None, organisation=world.org_a, data={"decision_number": "x", "decision_date": TODAY}
        )
    assert RegisterTerm.objects.count() == 2


def test_it_refuses_a_second_grant_while_a_status_is_in_force(world):
    grant(world)
    with pytest.raises(ValidationError) as caught:
        grant(world, decision_number="other", term_start=date(2025, 1, 1))
    assert set(field_errors(caught)) == {"term_start"}


def test_it_withdraws_a_status_from_a_date_with_a_recorded_reason(world):
    officer = world.user("register_officer")
    term = grant(world)
    with pytest.raises(ValidationError) as caught:
        services.register_term_end(actor=officer, term=term, ended_on=None, reason="short")
    assert set(field_errors(caught)) == {"ended_on", "reason"}
    ended_on = date(2025, 6, 1)
    services.register_term_end(actor=officer, term=term, ended_on=ended_on, reason="Decyzja wojewody nr 12/2025")
    term.refresh_from_db()
    assert term.status == RegisterTermStatus.WITHDRAWN and term.ended_on == ended_on
    organisation = fresh(world.org_a)
    assert organisation.register_status() == RegisterStanding.WITHDRAWN
    assert organisation.is_in_force(date(2025, 5, 31))  # the history stays true
    event = RegisterEvent.objects.get(term=term, to_state="withdrawn")
    assert event.from_state == "granted" and event.actor == officer and "12/2025" in event.note
    change = ReachChange.objects.filter(kind=ReachChangeKind.REGISTER_STATUS).first()
    assert change.changes == {"status": ["in_force", "withdrawn"]} and change.reason == "Decyzja wojewody nr 12/2025"
    with pytest.raises(ValidationError):  # a withdrawn status has no way out
        services.register_term_end(actor=officer, term=term, ended_on=TODAY, reason="Jeszcze raz cofnięty")


def test_withdrawing_an_extension_not_yet_started_ends_the_term_in_force_too(world):
    start = TODAY - timedelta(days=5 * 365 - 30)
    first = grant(world, decision_date=start - timedelta(days=5), term_start=start)
    second = services.register_term_extend(
        actor=None, organisation=world.org_a, data={"decision_number": "P/1", "decision_date": TODAY}
    )
    assert second.term_start > TODAY
    services.register_term_end(actor=None, term=second, ended_on=TODAY, reason="Cofnięcie statusu w całości")
    first.refresh_from_db()
    assert first.status == RegisterTermStatus.WITHDRAWN and first.ended_on == TODAY
    assert fresh(world.org_a).register_status() == RegisterStanding.WITHDRAWN


# --- KIS ---------------------------------------------------------------------------------------------------


def test_a_kis_is_entered_without_an_end_and_struck_off(world):
    club = kis()
    with pytest.raises(ValidationError) as caught:
        services.register_term_grant(
            actor=None, organisation=club, data={"number": "KIS/1", "term_start": date(2020, 1, 1), "term_end": TODAY}
        )
    assert set(field_errors(caught)) == {"term_end"}
    term = services.register_term_grant(
        actor=None, organisation=club, data={"number": "KIS/1", "term_start": date(2020, 1, 1)}
    )
    assert term.status == RegisterTermStatus.ENTERED and term.term_end is None
    assert fresh(club).is_in_force(date(2090, 1, 1))  # a KIS entry does not expire
    services.register_term_end(
        actor=world.user("register_officer"), term=term, ended_on=TODAY, reason="Zgłoszenie zaprzestania działalności"
    )
    term.refresh_from_db()
    assert term.status == RegisterTermStatus.STRUCK_OFF
    assert fresh(club).register_status() == RegisterStanding.STRUCK_OFF
    with pytest.raises(ValidationError):  # only a CIS status is extended
        services.register_term_extend(
            actor=None, organisation=club, data={"decision_number": "x", "decision_date": TODAY}
        )
    # entered again later: a new term
    services.register_term_grant(actor=None, organisation=club, data={"number": "KIS/1", "term_start": TODAY})
    assert fresh(club).is_in_force() and RegisterTerm.objects.filter(organisation=club).count() == 2


def test_there_is_no_suspension(world):
    assert "suspended" not in RegisterTermStatus.values and "suspended" not in RegisterStanding.values
    with pytest.raises(ValidationError):
        services.register_term_grant(
            actor=None, organisation=world.org_b, data={"number": "1", "term_start": date(2024, 1, 1)}
        )


# --- only from above -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["pzs_staff", "pes_manager", "coordinator", "social_worker", "analyst"])
def test_the_organisation_and_others_cannot_decide_in_the_register(world, client_for, persona):
    with pytest.raises(PermissionDenied):
        grant(world, actor=persona)
    term = grant(world)
    with pytest.raises(PermissionDenied):
        services.register_term_end(actor=world.user(persona), term=term, ended_on=TODAY, reason="Sami się skreślamy")
    client = client_for(persona)
    kwargs = {"public_id": world.org_a.public_id}
    assert client.post(reverse("registry:register-grant", kwargs=kwargs), {**CIS_GRANT}).status_code == 403
    assert client.get(reverse("registry:register-extend", kwargs=kwargs)).status_code == 403
    end = reverse("registry:register-end", kwargs={**kwargs, "term_id": term.pk})
    assert client.post(end, {"ended_on": TODAY.isoformat(), "reason": "Sami się skreślamy"}).status_code == 403
    api = f"/api/v1/organisations/{world.org_a.public_id}/register/{term.pk}/end"
    body = json.dumps({"ended_on": TODAY.isoformat(), "reason": "Sami się skreślamy"})
    assert client.post(api, body, content_type="application/json").status_code == 403
    term.refresh_from_db()
    assert term.status == RegisterTermStatus.GRANTED and RegisterTerm.objects.count() == 1


def test_a_register_officer_decides_only_in_their_own_voivodeship(world, client_for):
    lublin = OrganisationFactory(name="CIS Lublin", kind=OrganisationKind.CIS, municipality_id=LUBLIN)
    with pytest.raises(PermissionDenied):
        grant(world, organisation=lublin)
    url = reverse("registry:register-grant", kwargs={"public_id": lublin.public_id})
    assert client_for("register_officer").post(url, {**CIS_GRANT}).status_code == 403
    assert client_for("admin").get(url).status_code == 200


def test_the_officer_grants_extends_and_withdraws_on_the_pages(world, client_for):
    client = client_for("register_officer")
    kwargs = {"public_id": world.org_a.public_id}
    detail = reverse("registry:detail", kwargs=kwargs)
    assert "register/grant" in client.get(detail).content.decode()
    assert "register/grant" not in client_for("pzs_staff").get(detail).content.decode()
    response = client.post(reverse("registry:register-grant", kwargs=kwargs), {"number": "", "term_start": "x"})
    assert response.status_code == 200 and {"number", "term_start", "decision_number"} <= set(
        response.context["form"].errors
    )
    data = {**CIS_GRANT, "decision_date": "2019-01-02", "term_start": "2019-01-10"}
    assert client.post(reverse("registry:register-grant", kwargs=kwargs), data).status_code == 302
    response = client.post(
        reverse("registry:register-extend", kwargs=kwargs), {"decision_number": "P/2023", "decision_date": "2023-12-01"}
    )
    assert response.status_code == 302
    latest = RegisterTerm.objects.get(status="extended")
    body = client.get(detail).content.decode()
    assert "P/2023" in body and CIS_GRANT["decision_number"] in body  # the history table shows both terms
    end = reverse("registry:register-end", kwargs={**kwargs, "term_id": latest.pk})
    response = client.post(end, {"ended_on": TODAY.isoformat(), "reason": "Decyzja o cofnięciu nr 3/2026"})
    assert response.status_code == 302
    assert fresh(world.org_a).register_status() == RegisterStanding.WITHDRAWN


def test_the_officer_decides_over_the_api(world, client_for):
    client = client_for("register_officer")
    base = f"/api/v1/organisations/{world.org_a.public_id}"
    payload = {**CIS_GRANT, "decision_date": "2019-01-02", "term_start": "2019-01-10"}
    response = client.post(f"{base}/register/grant", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201 and response.json()["term_end"] == "2024-01-09"
    response = client.post(
        f"{base}/register/extend",
        json.dumps({"decision_number": "P/9", "decision_date": "2023-10-01"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["previous_id"] is not None
    response = client.post(f"{base}/register/grant", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    body = client.get(base).json()
    assert body["register_status"] == "in_force" and len(body["register_terms"]) == 2
    assert body["register_terms"][0]["status"] == "extended"


# --- social enterprise ---------------------------------------------------------------------------------


SE_DATA = {"decision_number": "WPS-III.9441.3.2024", "decision_date": date(2024, 5, 6), "valid_from": date(2024, 5, 6)}


def test_a_social_enterprise_status_is_granted_and_revoked_by_the_officer(world):
    officer = world.user("register_officer")
    coop = cooperative()
    status = services.social_enterprise_grant(actor=officer, organisation=coop, data=SE_DATA)
    coop = fresh(coop)
    assert coop.is_social_enterprise() and not coop.is_social_enterprise(date(2024, 5, 5))
    with pytest.raises(ValidationError) as caught:
        services.social_enterprise_grant(actor=officer, organisation=coop, data={**SE_DATA, "decision_number": "2"})
    assert set(field_errors(caught)) == {"valid_from"}
    with pytest.raises(ValidationError) as caught:
        services.social_enterprise_revoke(actor=officer, status=status, revoked_on=None, reason="")
    assert set(field_errors(caught)) == {"revoked_on", "reason"}
    services.social_enterprise_revoke(
        actor=officer, status=status, revoked_on=TODAY, reason="Niespełnianie warunków statusu"
    )
    status.refresh_from_db()
    assert status.state == SocialEnterpriseState.REVOKED and status.revoked_on == TODAY
    assert not fresh(coop).is_social_enterprise() and fresh(coop).is_social_enterprise(TODAY - timedelta(days=1))
    assert list(RegisterEvent.objects.filter(social_enterprise_status=status).values_list("to_state", "actor")) == [
        ("active", officer.pk),
        ("revoked", officer.pk),
    ]


def test_only_cooperatives_ngos_and_companies_hold_the_status(world):
    with pytest.raises(ValidationError):
        services.social_enterprise_grant(actor=None, organisation=world.org_a, data=SE_DATA)
    assert "social_enterprise" not in OrganisationKind.values and "company" in OrganisationKind.values
    company = OrganisationFactory(kind=OrganisationKind.COMPANY, municipality_id=GRUDZIADZ)
    assert services.social_enterprise_grant(actor=None, organisation=company, data=SE_DATA).pk


def test_the_cooperative_itself_cannot_grant_or_revoke_its_status(world, client_for):
    coop = cooperative()
    manager = world.user("pes_manager")
    MembershipFactory(user=manager, organisation=coop, role=Role.PES_MANAGER)
    with pytest.raises(PermissionDenied):
        services.social_enterprise_grant(actor=manager, organisation=coop, data=SE_DATA)
    status = services.social_enterprise_grant(actor=None, organisation=coop, data=SE_DATA)
    with pytest.raises(PermissionDenied):
        services.social_enterprise_revoke(actor=manager, status=status, revoked_on=TODAY, reason="Rezygnujemy sami")
    client = client_for("pes_manager")
    url = reverse("registry:social-enterprise-grant", kwargs={"public_id": coop.public_id})
    assert client.post(url, {k: str(v) for k, v in SE_DATA.items()}).status_code == 403
    api = f"/api/v1/organisations/{coop.public_id}/social-enterprise/{status.pk}/revoke"
    body = json.dumps({"revoked_on": TODAY.isoformat(), "reason": "Rezygnujemy sami"})
    assert client.post(api, body, content_type="application/json").status_code == 403
    assert SocialEnterpriseStatus.objects.get().state == SocialEnterpriseState.ACTIVE


def test_the_status_is_a_badge_and_a_filter_on_the_list_and_pages(world, client_for):
    coop = cooperative()
    client = client_for("register_officer")
    url = reverse("registry:social-enterprise-grant", kwargs={"public_id": coop.public_id})
    assert client.post(url, {k: str(v) for k, v in SE_DATA.items()}).status_code == 302
    listing = client_for("analyst").get(reverse("registry:list"), {"social_enterprise": "on"})
    names = [organisation.name for organisation in listing.context["page_obj"]]
    assert names == [coop.name]
    assert "badge text-bg-success" in listing.content.decode()
    detail = client_for("analyst").get(reverse("registry:detail", kwargs={"public_id": coop.public_id}))
    assert detail.context["social_enterprise_now"] is not None
    api = client_for("analyst").get("/api/v1/organisations", {"social_enterprise": "true"}).json()
    assert [item["name"] for item in api["items"]] == [coop.name]


# --- the migration of existing rows ---------------------------------------------------------------------

MIGRATION = "kooperacja.registry.migrations.0004_register_terms_and_social_enterprise_status"


class _Apps:
    """The apps a data migration sees: the former RegisterEntry, and today's models for the rest."""

    def __init__(self, entry_model):
        self.entry_model = entry_model

    def get_model(self, app_label, name):
        from django.apps import apps

        return self.entry_model if name == "RegisterEntry" else apps.get_model(app_label, name)


def test_the_migration_carries_entries_over_as_terms_and_suspended_ones_as_ended(world):
    migration = importlib.import_module(MIGRATION)
    state = MigrationLoader(connection).project_state(("registry", "0003_reach_changes_and_public_contacts"))
    entry_model = state.apps.get_model("registry", "RegisterEntry")
    with connection.cursor() as cursor:  # the former table, inside this test's transaction
        cursor.execute(
            "CREATE TABLE registry_registerentry (id integer PRIMARY KEY, organisation_id bigint, "
            "number varchar(50), entry_date date, valid_until date NULL, voivodeship_id varchar(7), "
            "status varchar(20), confirmed_by_id integer NULL, confirmed_at timestamp with time zone NULL, "
            "updated_at timestamp with time zone)"
        )
    club, suspended_cis = kis(), OrganisationFactory(kind=OrganisationKind.CIS, municipality_id=GRUDZIADZ)
    now = timezone.now()
    officer = world.user("register_officer")
    rows = [
        (1, world.org_a, "active", date(2024, 1, 1), None, officer.pk, now),
        (2, club, "suspended", date(2020, 1, 1), None, None, None),
        (3, suspended_cis, "suspended", date(2022, 1, 1), date(2026, 12, 31), officer.pk, now),
    ]
    for pk, organisation, status, entry_date, valid_until, confirmed_by, confirmed_at in rows:
        entry_model.objects.create(
            pk=pk,
            organisation_id=organisation.pk,
            number=f"N/{pk}",
            entry_date=entry_date,
            valid_until=valid_until,
            voivodeship_id="04",
            status=status,
            confirmed_by_id=confirmed_by,
            confirmed_at=confirmed_at,
            updated_at=now,
        )
    enterprise = OrganisationFactory(kind="social_enterprise", municipality_id=GRUDZIADZ)
    migration.entries_to_terms(_Apps(entry_model), None)
    migration.social_enterprises_to_status(_Apps(entry_model), None)

    active = RegisterTerm.objects.get(organisation=world.org_a)
    assert (active.status, active.term_end, active.recorded_by) == ("granted", date(2028, 12, 31), officer)
    club_term = RegisterTerm.objects.get(organisation=club)
    assert club_term.status == "struck_off" and club_term.ended_on is not None and "zawieszony" in club_term.note
    assert "nie potwierdził" in club_term.note
    cis_term = RegisterTerm.objects.get(organisation=suspended_cis)
    assert cis_term.status == "withdrawn" and not fresh(suspended_cis).is_in_force()
    assert RegisterEvent.objects.filter(term__isnull=False).count() == 3
    enterprise = fresh(enterprise)
    assert enterprise.kind == "company" and enterprise.is_social_enterprise()
    assert ReachChange.objects.get(organisation=enterprise).changes == {"kind": ["social_enterprise", "company"]}


def test_the_officer_records_the_decision_of_a_migrated_status_once(world, client_for):
    coop = cooperative()
    # As the migration from the former kind left it: in force from a date, without its decision.
    migrated = SocialEnterpriseStatus.objects.create(organisation=coop, valid_from=date(2024, 3, 1))
    officer = world.user("register_officer")
    client = client_for("register_officer")
    detail = client.get(reverse("registry:detail", kwargs={"public_id": coop.public_id})).content.decode()
    url = reverse("registry:social-enterprise-decision", kwargs={"public_id": coop.public_id, "status_id": migrated.pk})
    assert url in detail
    refused = client.post(url, {"decision_number": "", "decision_date": "2024-03-05"})
    refused_errors = refused.context["form"].errors
    assert set(refused_errors) == {"decision_number", "decision_date"}  # both at once
    assert "cannot be later" in refused_errors["decision_date"][0]
    assert client.post(url, {"decision_number": "WPS-S/7/2024", "decision_date": "2024-02-20"}).status_code == 302
    migrated.refresh_from_db()
    assert (migrated.decision_number, migrated.decision_date) == ("WPS-S/7/2024", date(2024, 2, 20))
    event = RegisterEvent.objects.get(social_enterprise_status=migrated)
    assert event.actor == officer and "WPS-S/7/2024" in event.note
    with pytest.raises(ValidationError) as caught:  # recorded once: a later correction is not silent
        services.social_enterprise_decision_record(
            actor=officer, status=migrated, data={"decision_number": "X", "decision_date": date(2024, 2, 1)}
        )
    assert "already" in field_errors(caught)["decision_number"][0]
    manager = world.user("pes_manager")
    MembershipFactory(user=manager, organisation=coop, role=Role.PES_MANAGER)
    with pytest.raises(PermissionDenied):  # the cooperative does not decide its own status
        services.social_enterprise_decision_record(actor=manager, status=migrated, data={})
