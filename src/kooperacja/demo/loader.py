"""The demo region: Grudziądz (city and county, kujawsko-pomorskie) and the county of Janów Lubelski
(lubelskie), with fictional organisations of every kind in real municipalities, and one user per role.

Built through the same services the product uses; idempotent (records are found by their natural keys,
so loading twice changes nothing).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from stdnum.pl import nip as nip_number
from stdnum.pl import regon as regon_number

from kooperacja.accounts.roles import Role
from kooperacja.demo.agreements import demo_agreements_load
from kooperacja.demo.builders import identifier_with_check_digit
from kooperacja.demo.commissioning import demo_commissioning_load
from kooperacja.demo.cooperatives import demo_cooperatives_load
from kooperacja.demo.delivery import demo_delivery_load
from kooperacja.demo.founding import demo_founding_load
from kooperacja.demo.launches import demo_launches_load
from kooperacja.demo.notices import demo_notifications_settle
from kooperacja.demo.readiness import demo_readiness_load
from kooperacja.demo.reintegration import demo_classes_load, demo_programmes_load
from kooperacja.demo.reporting import demo_former_participants_load, demo_reports_load
from kooperacja.demo.sphere1 import demo_sphere1_load
from kooperacja.registry import services as registry
from kooperacja.registry.models import Organisation, OrganisationKind, WorkshopKind
from kooperacja.registry.services import membership_grant

DEMO_PASSWORD = "Kooperacja-demo-2026"  # noqa: S105 - the published password of the demo users

GRUDZIADZ = "0462011"
GRUDZIADZ_RURAL = "0406012"
LASIN = "0406033"
RADZYN_CHELMINSKI = "0406043"
BYDGOSZCZ = "0461011"
JANOW = "0605053"
MODLIBORZYCE = "0605063"
BATORZ = "0605012"
LUBLIN = "0663011"

K = OrganisationKind

# key, kind, name, municipality, town, street, postal code
ORGANISATIONS = [
    (
        "um-grudziadz",
        K.MUNICIPALITY_OFFICE,
        "Urząd Miejski „Nad Wisłą” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Ratuszowa 1",
        "86-300",
    ),
    (
        "mops-grudziadz",
        K.OPS,
        "Miejski Ośrodek Pomocy Rodzinie „Wspólnota” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Opiekuńcza 5",
        "86-300",
    ),
    (
        "kis-grudziadz",
        K.KIS,
        "Klub Integracji Społecznej „Przystań”",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Klubowa 12",
        "86-300",
    ),
    ("fundacja-horyzont", K.NGO, "Fundacja „Nowy Horyzont”", GRUDZIADZ, "Grudziądz", "ul. Klubowa 12", "86-300"),
    (
        "cis-grudziadz",
        K.CIS,
        "Centrum Integracji Społecznej „Wspólna Droga”",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Warsztatowa 3",
        "86-300",
    ),
    (
        "ss-opiekunka",
        K.SOCIAL_COOPERATIVE,
        "Spółdzielnia Socjalna „Dobra Opieka”",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Sąsiedzka 8",
        "86-300",
    ),
    (
        "ss-smak",
        K.SOCIAL_COOPERATIVE,
        "Spółdzielnia Socjalna „Smak Wisły”",
        GRUDZIADZ_RURAL,
        "Węgrowo",
        "Węgrowo 14",
        "86-302",
    ),
    (
        "pup-grudziadz",
        K.PUP,
        "Powiatowy Urząd Pracy „Praca Blisko” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Zatrudnienia 2",
        "86-300",
    ),
    (
        "owes-most",
        K.OWES,
        "Ośrodek Wsparcia Ekonomii Społecznej „Most”",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Partnerska 4",
        "86-300",
    ),
    (
        "sp-grudziadz",
        K.SCHOOL,
        "Szkoła Podstawowa „Pod Lipami” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Szkolna 10",
        "86-300",
    ),
    (
        "zoz-grudziadz",
        K.HEALTH_CARE,
        "Przychodnia „Zdrowa Rodzina” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Lekarska 6",
        "86-300",
    ),
    (
        "kurator-grudziadz",
        K.COURT_PROBATION,
        "Zespół Kuratorskiej Służby Sądowej (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Sądowa 1",
        "86-300",
    ),
    (
        "policja-grudziadz",
        K.POLICE,
        "Komisariat Policji „Śródmieście” (demo)",
        GRUDZIADZ,
        "Grudziądz",
        "ul. Bezpieczna 2",
        "86-300",
    ),
    (
        "ops-gmina-grudziadz",
        K.OPS,
        "Gminny Ośrodek Pomocy Społecznej „Razem” (demo)",
        GRUDZIADZ_RURAL,
        "Grudziądz",
        "ul. Wiejska 3",
        "86-300",
    ),
    (
        "wtz-lasin",
        K.WTZ,
        "Warsztat Terapii Zajęciowej „Pracownia” w Łasinie",
        LASIN,
        "Łasin",
        "ul. Rzemieślnicza 7",
        "86-320",
    ),
    (
        "zaz-radzyn",
        K.ZAZ,
        "Zakład Aktywności Zawodowej „Krok” w Radzyniu Chełmińskim",
        RADZYN_CHELMINSKI,
        "Radzyń Chełmiński",
        "ul. Zamkowa 9",
        "87-220",
    ),
    (
        "pcpr-grudziadz",
        K.PCPR,
        "Powiatowe Centrum Pomocy Rodzinie „Ostoja” (demo)",
        GRUDZIADZ_RURAL,
        "Grudziądz",
        "ul. Rodzinna 11",
        "86-300",
    ),
    (
        "uw-bydgoszcz",
        K.VOIVODE_OFFICE,
        "Urząd Wojewódzki — Wydział Polityki Społecznej (demo)",
        BYDGOSZCZ,
        "Bydgoszcz",
        "ul. Wojewódzka 1",
        "85-950",
    ),
    (
        "cus-janow",
        K.CUS,
        "Centrum Usług Społecznych „Janowskie Razem” (demo)",
        JANOW,
        "Janów Lubelski",
        "ul. Usługowa 2",
        "23-300",
    ),
    (
        "cis-janow",
        K.CIS,
        "Centrum Integracji Społecznej „Humanitas Plus”",
        JANOW,
        "Janów Lubelski",
        "ul. Zielona 20",
        "23-300",
    ),
    (
        "kis-modliborzyce",
        K.KIS,
        "Klub Integracji Społecznej „Razem Możemy”",
        MODLIBORZYCE,
        "Modliborzyce",
        "ul. Rynek 4",
        "23-310",
    ),
    (
        "ss-janow",
        K.SOCIAL_COOPERATIVE,
        "Spółdzielnia Socjalna „Leśny Krąg Usług”",
        JANOW,
        "Janów Lubelski",
        "ul. Leśna 15",
        "23-300",
    ),
    (
        "pes-batorz",
        K.COMPANY,
        "Przedsiębiorstwo Społeczne „Złota Rączka Batorz”",
        BATORZ,
        "Batorz",
        "Batorz 30",
        "23-320",
    ),
    ("pup-janow", K.PUP, "Powiatowy Urząd Pracy „Janów” (demo)", JANOW, "Janów Lubelski", "ul. Ogrodowa 1", "23-300"),
    (
        "pcpr-janow",
        K.PCPR,
        "Powiatowe Centrum Pomocy Rodzinie „Janów” (demo)",
        JANOW,
        "Janów Lubelski",
        "ul. Jana Zamoyskiego 59",
        "23-300",
    ),
    (
        "owes-lublin",
        K.OWES,
        "Ośrodek Wsparcia Ekonomii Społecznej „Lubelski Start”",
        LUBLIN,
        "Lublin",
        "ul. Społeczna 17",
        "20-001",
    ),
    (
        "uw-lublin",
        K.VOIVODE_OFFICE,
        "Urząd Wojewódzki w Lublinie — rejestr PZS (demo)",
        LUBLIN,
        "Lublin",
        "ul. Spokojna 4",
        "20-914",
    ),
    (
        "fundacja-inna",
        K.OTHER,
        "Stowarzyszenie Sąsiadów „Wspólne Podwórko”",
        JANOW,
        "Janów Lubelski",
        "ul. Podwórkowa 3",
        "23-300",
    ),
    # Janów Lubelski turned its social assistance centre into the CUS above, which refers its residents to the
    # CIS; Modliborzyce keeps its social assistance centre, which refers them to its KIS.
    (
        "gops-modliborzyce",
        K.OPS,
        "Miejsko-Gminny Ośrodek Pomocy Społecznej „Sąsiedzi” w Modliborzycach (demo)",
        MODLIBORZYCE,
        "Modliborzyce",
        "ul. Piłsudskiego 10",
        "23-310",
    ),
]

# (organisation key, number, entry date, status)
# The voivode's register, dated back from the day the demo is loaded so that every entry precedes the first
# participation (at most 150 days back) and the statuses are in force whenever it is loaded: (organisation,
# register number, days back of the first term's start, days back of its decision, extended). The CIS in Janów
# has two terms: granted six years ago and extended for five more from the day after the first one ended.
REGISTER_TERMS = [
    ("kis-grudziadz", "KIS/04/17", 5 * 365, None, False),
    ("cis-grudziadz", "CIS/04/05", 3 * 365, 3 * 365 + 21, False),
    ("cis-janow", "CIS/06/03", 7 * 365, 7 * 365 + 30, True),
    ("kis-modliborzyce", "KIS/06/41", 4 * 365, None, False),
]
# The status of a social enterprise: (organisation, decision number, days back of the decision).
SOCIAL_ENTERPRISES = [
    ("pes-batorz", "WPS-III.9441.3", 2 * 365),
    ("ss-janow", "WPS-III.9441.11", 400),
]

WORKSHOPS = [
    ("cis-grudziadz", WorkshopKind.WORKSHOP, "Warsztat opiekuńczy", 12, GRUDZIADZ),
    ("cis-grudziadz", WorkshopKind.WORKSHOP, "Warsztat gastronomiczny", 10, GRUDZIADZ),
    ("cis-grudziadz", WorkshopKind.WORKSHOP, "Warsztat remontowo-porządkowy", 10, GRUDZIADZ),
    ("kis-grudziadz", WorkshopKind.SECTION, "Sekcja przygotowania do pracy w usługach opiekuńczych", 15, GRUDZIADZ),
    ("cis-janow", WorkshopKind.WORKSHOP, "Warsztat opieki nad osobami starszymi", 12, JANOW),
    ("cis-janow", WorkshopKind.WORKSHOP, "Warsztat drobnych napraw", 8, JANOW),
    ("cis-janow", WorkshopKind.PLACE, "Punkt zajęć w Modliborzycach", 8, MODLIBORZYCE),
    ("kis-modliborzyce", WorkshopKind.SECTION, "Sekcja usług sąsiedzkich", 15, MODLIBORZYCE),
]

# organisation key, full name, position, e-mail, phone, published as the organisation's public contact
CONTACTS = [
    (
        "cis-grudziadz",
        "Joanna Wiśniewska",
        "kierowniczka CIS",
        "cis.wspolna.droga@example.org",
        "+48 56 000 10 01",
        True,
    ),
    ("kis-grudziadz", "Marek Zieliński", "kierownik KIS", "kis.przystan@example.org", "+48 56 000 10 02", False),
    ("cis-janow", "Ewa Mazur", "kierowniczka CIS", "cis.humanitas@example.org", "+48 15 000 20 01", True),
    (
        "ss-opiekunka",
        "Katarzyna Lewandowska",
        "prezeska zarządu",
        "dobra.opieka@example.org",
        "+48 56 000 10 03",
        False,
    ),
]

# username, first name, last name, role, organisation key
USERS = [
    ("koordynator", "Agnieszka", "Nowak", Role.COORDINATOR, "mops-grudziadz"),
    ("koordynator.janow", "Tomasz", "Wójcik", Role.COORDINATOR, "cus-janow"),
    ("pracownik.socjalny", "Barbara", "Kamińska", Role.SOCIAL_WORKER, "mops-grudziadz"),
    ("pracownik.socjalny.janow", "Dorota", "Sowińska", Role.SOCIAL_WORKER, "cus-janow"),
    ("pracownik.socjalny.modliborzyce", "Leszek", "Bielecki", Role.SOCIAL_WORKER, "gops-modliborzyce"),
    ("kadra.cis", "Joanna", "Wiśniewska", Role.PZS_STAFF, "cis-grudziadz"),
    ("kadra.kis", "Marek", "Zieliński", Role.PZS_STAFF, "kis-grudziadz"),
    ("kadra.cis.janow", "Ewa", "Mazur", Role.PZS_STAFF, "cis-janow"),
    ("manager.pes", "Katarzyna", "Lewandowska", Role.PES_MANAGER, "ss-opiekunka"),
    ("manager.pes.janow", "Piotr", "Dąbrowski", Role.PES_MANAGER, "ss-janow"),
    ("doradca.owes", "Michał", "Kowalczyk", Role.OWES_ADVISOR, "owes-most"),
    ("partner.szkola", "Anna", "Jankowska", Role.PARTNER_WORKER, "sp-grudziadz"),
    ("partner.pup", "Krzysztof", "Szymański", Role.PARTNER_WORKER, "pup-grudziadz"),
    ("urzednik.wojewody", "Małgorzata", "Woźniak", Role.REGISTER_OFFICER, "uw-bydgoszcz"),
    ("urzednik.wojewody.lublin", "Paweł", "Kozłowski", Role.REGISTER_OFFICER, "uw-lublin"),
    ("ekspert.pilotazu", "Zofia", "Jabłońska", Role.PILOT_EXPERT, "cis-grudziadz"),
    # A long name on purpose: the top bar must still fit in one row at 1366 px (e2e/test_layout.py).
    ("specjalista.jakosci", "Jan Konstanty", "Majewski-Brzęczyszczykiewicz", Role.QUALITY_SPECIALIST, "owes-most"),
    ("ekspert.efektow", "Magdalena", "Pawlak", Role.LEARNING_OUTCOMES_EXPERT, "owes-lublin"),
    ("analityk", "Grzegorz", "Olszewski", Role.ANALYST, "uw-bydgoszcz"),
    ("redaktor.katalogu", "Natalia", "Krawczyk", Role.CATALOGUE_EDITOR, "owes-most"),
]


def _organisations() -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for index, (key, kind, name, municipality, town, street, postal) in enumerate(ORGANISATIONS):
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = registry.organisation_create(
                actor=None,
                data={
                    "name": name,
                    "kind": kind,
                    "municipality": municipality,
                    "city": town,
                    "street": street,
                    "postal_code": postal,
                    "nip": identifier_with_check_digit(952000100 + index * 7, nip_number.is_valid),
                    "regon": identifier_with_check_digit(93000010 + index * 3, regon_number.is_valid),
                    "email": f"{key}@example.org",
                    "description": "Organizacja demonstracyjna regionu pilotażowego.",
                },
            )
        found[key] = organisation
    return found


def _register_terms(organisations) -> None:
    """Recorded by the system as the register officer would: granted (or entered), and one CIS extended."""
    today = timezone.localdate()
    for key, number, start_back, decision_back, extended in REGISTER_TERMS:
        organisation = organisations[key]
        if organisation.register_terms.exists():
            continue
        start = today - timedelta(days=start_back)
        data = {"number": f"{number}/{start.year}", "term_start": start}
        if decision_back is not None:
            decided = today - timedelta(days=decision_back)
            data |= {"decision_number": f"WPS-II.9421.{len(key)}.{decided.year}", "decision_date": decided}
        term = registry.register_term_grant(actor=None, organisation=organisation, data=data)
        if extended and term.term_end is not None:
            decided = term.term_end - timedelta(days=60)
            registry.register_term_extend(
                actor=None,
                organisation=organisation,
                data={"decision_number": f"WPS-II.9421.{len(key)}.{decided.year}/P", "decision_date": decided},
            )


def _social_enterprises(organisations) -> None:
    today = timezone.localdate()
    for key, number, decision_back in SOCIAL_ENTERPRISES:
        organisation = organisations[key]
        if organisation.social_enterprise_statuses.exists():
            continue
        decided = today - timedelta(days=decision_back)
        registry.social_enterprise_grant(
            actor=None,
            organisation=organisation,
            data={
                "decision_number": f"{number}.{decided.year}",
                "decision_date": decided,
                "valid_from": decided,
            },
        )


def _workshops(organisations) -> None:
    for key, kind, name, capacity, municipality in WORKSHOPS:
        organisation = organisations[key]
        if not organisation.workshops.filter(name=name).exists():
            registry.workshop_create(
                actor=None,
                organisation=organisation,
                data={"kind": kind, "name": name, "capacity": capacity, "municipality": municipality},
            )


def _contacts(organisations) -> None:
    for key, full_name, position, email, phone, public in CONTACTS:
        organisation = organisations[key]
        if not organisation.contacts.filter(full_name=full_name).exists():
            registry.contact_create(
                actor=None,
                organisation=organisation,
                data={
                    "full_name": full_name,
                    "position": position,
                    "email": email,
                    "phone": phone,
                    "is_public": public,
                },
            )


def _users(organisations) -> None:
    user_model = get_user_model()
    for username, first_name, last_name, role, key in USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
            )
        membership_grant(organisation=organisations[key], user=user, role=role, reason="Dane demonstracyjne.")
    if not user_model.objects.filter(username="admin").exists():
        user_model.objects.create_superuser(username="admin", email="admin@example.org", password=DEMO_PASSWORD)


@transaction.atomic
def demo_load() -> dict[str, int]:
    organisations = _organisations()
    _register_terms(organisations)
    _social_enterprises(organisations)
    _workshops(organisations)
    _contacts(organisations)
    _users(organisations)
    demo_sphere1_load(organisations)
    demo_former_participants_load(organisations)
    demo_programmes_load()
    demo_classes_load()
    demo_reports_load(organisations)
    demo_readiness_load(organisations)
    demo_agreements_load(organisations)
    demo_commissioning_load(organisations)
    demo_delivery_load(organisations)
    demo_cooperatives_load(organisations)
    demo_launches_load(organisations)
    demo_founding_load(organisations)  # after the launches' demo: its own launches, through the services
    transaction.on_commit(demo_notifications_settle)  # after the notifications themselves, written on commit
    return {"organisations": len(organisations), "users": len(USERS) + 1}


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [(username, str(role.label), key) for username, _f, _l, role, key in USERS]
    names = {key: name for key, _kind, name, *_rest in ORGANISATIONS}
    return [("admin", "administrator", "—")] + [(u, r, names[k]) for u, r, k in rows]
