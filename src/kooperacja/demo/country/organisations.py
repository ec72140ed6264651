"""Organisations of the country, spread over the municipalities by population, with their identifiers, register
entries (CIS/KIS), workshops and places, and public contacts."""

import random
from datetime import date, timedelta

from stdnum.pl import nip as nip_number
from stdnum.pl import regon as regon_number

from kooperacja.demo.builders import identifier_with_check_digit
from kooperacja.demo.country import names
from kooperacja.demo.country.places import Municipality, sample_by_population
from kooperacja.demo.country.world import Org, World, day_between, moment, public_id
from kooperacja.registry.models import (
    ContactPerson,
    Organisation,
    OrganisationKind,
    RegisterEvent,
    RegisterKind,
    RegisterTerm,
    RegisterTermStatus,
    SocialEnterpriseState,
    SocialEnterpriseStatus,
    Workshop,
    WorkshopKind,
)
from kooperacja.registry.services.organisations import organisation_fill_derived
from kooperacja.registry.services.register import years_later_minus_one_day

K = OrganisationKind

# Organisations of a whole country placed by population (one OPS per municipality, one PUP per county and so
# on are added per territory by ``organisations_plan``).
SPREAD: dict[str, int] = {
    K.CIS: 230,
    K.KIS: 300,
    K.SOCIAL_COOPERATIVE: 2000,
    K.NGO: 1500,
    K.COMPANY: 300,
    K.ZAZ: 120,
    K.WTZ: 700,
    K.SCHOOL: 600,
    K.HEALTH_CARE: 300,
    K.POLICE: 300,
    K.COURT_PROBATION: 100,
    K.MUNICIPALITY_OFFICE: 250,
    K.OTHER: 80,
}
CUS_SHARE = 0.03  # of the social-assistance centres, the ones turned into social services centres
WITH_KRS = frozenset({K.SOCIAL_COOPERATIVE, K.NGO, K.COMPANY, K.OTHER})

KRAKOW = "1261011"  # the municipality (and only one) of the city county of Kraków, TERYT 1261
WARSZAWA = "1465011"
MAZOWIECKIE = "14"
PERSONA_ORGS: dict[str, tuple[str, str, str]] = {
    "ops": (K.OPS, KRAKOW, "Miejski Ośrodek Pomocy Społecznej w Krakowie"),
    "cis": (K.CIS, KRAKOW, "Centrum Integracji Społecznej „Nowa Huta” w Krakowie"),
    "cooperative": (K.SOCIAL_COOPERATIVE, KRAKOW, "Spółdzielnia Socjalna „Krakowska Opieka”"),
    "voivode": (K.VOIVODE_OFFICE, WARSZAWA, "Mazowiecki Urząd Wojewódzki w Warszawie — Wydział Polityki Społecznej"),
}

# name patterns: {motto}, {town}, {county}, {number}
PATTERNS: dict[str, tuple[str, ...]] = {
    K.CIS: ("Centrum Integracji Społecznej „{motto}” – {town}",),
    K.KIS: ("Klub Integracji Społecznej „{motto}” – {town}",),
    K.SOCIAL_COOPERATIVE: ("Spółdzielnia Socjalna „{motto}”", "Spółdzielnia Socjalna „{motto}” – {town}"),
    K.NGO: ("Fundacja „{motto}”", "Stowarzyszenie „{motto}” – {town}", "Stowarzyszenie na rzecz gminy {town}"),
    K.COMPANY: ("Przedsiębiorstwo Społeczne „{motto}” sp. z o.o. non-profit", "„{motto}” sp. z o.o. – {town}"),
    K.ZAZ: ("Zakład Aktywności Zawodowej „{motto}” – {town}",),
    K.WTZ: ("Warsztat Terapii Zajęciowej – {town}", "Warsztat Terapii Zajęciowej „{motto}” – {town}"),
    K.SCHOOL: ("Szkoła Podstawowa nr {number} – {town}", "Zespół Szkół nr {number} – {town}"),
    K.HEALTH_CARE: ("Przychodnia „{motto}” – {town}", "Samodzielny Publiczny Zakład Opieki Zdrowotnej – {town}"),
    K.POLICE: ("Komisariat Policji – {town}",),
    K.COURT_PROBATION: ("Zespół Kuratorskiej Służby Sądowej – {town}",),
    K.MUNICIPALITY_OFFICE: ("Urząd Gminy – {town}", "Urząd Miasta – {town}"),
    K.OTHER: ("Stowarzyszenie Sąsiadów „{motto}” – {town}", "Koło Gospodyń Wiejskich „{motto}” – {town}"),
    K.OPS: ("Ośrodek Pomocy Społecznej – {town}",),
    K.CUS: ("Centrum Usług Społecznych – {town}",),
    K.PUP: ("Powiatowy Urząd Pracy – {county}",),
    K.PCPR: ("Powiatowe Centrum Pomocy Rodzinie – {county}",),
    K.OWES: ("Ośrodek Wsparcia Ekonomii Społecznej „{motto}” – subregion {town}",),
    K.VOIVODE_OFFICE: ("Urząd Wojewódzki – {voivodeship} — Wydział Polityki Społecznej",),
}
DESCRIPTIONS: dict[str, str] = {
    K.CIS: "Reintegracja społeczna i zawodowa w warsztatach; indywidualne programy zatrudnienia socjalnego.",
    K.KIS: "Zajęcia klubowe, kontrakty socjalne i przygotowanie do pracy.",
    K.SOCIAL_COOPERATIVE: "Usługi opiekuńcze, porządkowe i gastronomiczne na rzecz mieszkańców.",
}


def _municipalities_for(world: World, rng: random.Random, units: list[Municipality], forced: list[str]) -> list:
    return sample_by_population(
        rng,
        units,
        [m.population for m in units],
        world.count(len(units), 1),
        forced=[world.territory.by_code[code] for code in forced],
    )


def organisations_plan(world: World) -> None:
    """Decide every organisation: its kind, place, name and founding date (nothing written yet)."""
    rng = world.rng("organisations")
    territory = world.territory
    placed: list[tuple[str, Municipality, str]] = []  # kind, municipality, fixed name or ""

    for kind, code, name in PERSONA_ORGS.values():
        placed.append((kind, territory.by_code[code], name))
    # One social-assistance centre per municipality (a few are social services centres), one labour office per
    # county, one family support centre per land county (a city county's MOPS acts as one), one OWES per subregion,
    # one voivode's office per voivodeship.
    municipalities = _municipalities_for(world, rng, territory.municipalities, [KRAKOW])
    for municipality in municipalities:
        if municipality.code == KRAKOW:
            continue  # the persona's MOPS
        placed.append((K.CUS if rng.random() < CUS_SHARE else K.OPS, municipality, ""))
    county_seats = [_seat(world, county) for county in sorted(territory.counties)]
    for seat in _municipalities_for(world, rng, county_seats, [KRAKOW]):
        placed.append((K.PUP, seat, ""))
    land = [seat for seat in county_seats if seat.county[2:4] < "61"]
    for seat in sample_by_population(rng, land, [m.population for m in land], world.count(len(land), 1)):
        placed.append((K.PCPR, seat, ""))
    centres = [_seat(world, county) for county in sorted(territory.subregions)]
    for seat in _municipalities_for(world, rng, centres, [KRAKOW]):
        placed.append((K.OWES, seat, ""))
    capitals = [_capital(world, code) for code in sorted(territory.voivodeships) if code != MAZOWIECKIE]
    for capital in _municipalities_for(world, rng, capitals, []):
        placed.append((K.VOIVODE_OFFICE, capital, ""))
    for kind, base in SPREAD.items():
        for _ in range(world.count(base, 1)):
            placed.append((kind, territory.draw(rng), ""))

    ids = world.writer.ids(Organisation, len(placed))
    founded_from = world.as_of - timedelta(days=3 * 365)
    for org_id, (kind, municipality, fixed) in zip(ids, placed, strict=True):
        name = fixed or _name(world, rng, kind, municipality)
        created = founded_from if fixed else day_between(rng, founded_from, world.as_of - timedelta(days=30))
        world.add_org(Org(org_id, kind, name, municipality, created))
    world.personas.update({f"org:{key}": world.orgs[index].id for index, key in enumerate(PERSONA_ORGS)})


def _phone(rng: random.Random) -> str:
    return f"+48 {rng.randint(12, 99)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def _seat(world: World, county: str) -> Municipality:
    """The most populous municipality of a county (its seat, as a rule)."""
    return max(world.territory.in_county[county], key=lambda m: (m.population, m.code))


def _capital(world: World, voivodeship: str) -> Municipality:
    return max(world.territory.in_voivodeship[voivodeship], key=lambda m: (m.population, m.code))


def _name(world: World, rng: random.Random, kind: str, municipality: Municipality) -> str:
    pattern = rng.choice(PATTERNS[kind])
    county = world.territory.counties.get(municipality.county, municipality.name)
    return pattern.format(
        motto=rng.choice(names.MOTTOS),
        town=municipality.name,
        county=county if municipality.county[2:4] >= "61" else f"powiat {county}",
        number=rng.randint(1, 40),
        voivodeship=world.territory.voivodeships.get(municipality.voivodeship, ""),
    )


COLUMNS = (
    "id", "public_id", "name", "short_name", "kind", "nip", "regon", "krs", "street", "postal_code", "city",
    "municipality_id", "email", "phone", "website", "description", "is_active", "sort_name", "search_text",
    "version", "created_at", "updated_at",
)  # fmt: skip


def organisations_write(world: World) -> int:
    rng = world.rng("organisations:rows")
    taken = {
        name: set(Organisation.objects.exclude(**{f"{name}__isnull": True}).values_list(name, flat=True))
        for name in ("nip", "regon", "krs")
    }
    bases = {"nip": 521_000_000, "regon": 61_000_000, "krs": 900_000}

    def identifier(name: str, valid) -> str:
        while True:
            bases[name] += 3
            value = (
                f"{bases[name]:010d}" if valid is None else identifier_with_check_digit(bases[name], valid)
            )  # KRS has no check digit
            if value not in taken[name]:
                taken[name].add(value)
                return value

    persona_orgs = {world.personas[f"org:{key}"] for key in PERSONA_ORGS}

    def rows():
        for org in world.orgs:
            organisation = Organisation(
                name=org.name,
                short_name="",
                city=org.municipality.name,
                nip=identifier("nip", nip_number.is_valid),
                regon=identifier("regon", regon_number.is_valid),
                krs=identifier("krs", None) if org.kind in WITH_KRS else None,
            )
            organisation_fill_derived(organisation)
            created = moment(org.created, rng)
            yield (
                org.id, public_id(rng), org.name, "", org.kind, organisation.nip, organisation.regon, organisation.krs,
                names.street(rng), names.postal_code(rng), org.municipality.name, org.municipality.code,
                f"{org.kind.replace('_', '-')}.{org.id}@example.org", _phone(rng),
                "", DESCRIPTIONS.get(org.kind, ""), rng.random() > 0.01 or org.id in persona_orgs,
                organisation.sort_name, organisation.search_text, 1, created, created,
            )  # fmt: skip

    return world.writer.write(Organisation, COLUMNS, rows())


CIS_TERM_YEARS = 5  # cis_status_term_years, in force over the whole generated period
# Every register term starts before the earliest activity of a centre (stays begin within about two years and
# a month back); a status that ended did so in the last three months.
BEFORE_ACTIVITY = timedelta(days=760)
# Of each kind, the share holding the status of a social enterprise.
SOCIAL_ENTERPRISE_SHARES: dict[str, float] = {K.COMPANY: 0.8, K.SOCIAL_COOPERATIVE: 0.15, K.NGO: 0.05}


def _register_terms(world: World, rng: random.Random, org: Org, number: str) -> list[dict]:
    """The terms of one CIS or KIS: mostly in force (some CIS extended once), some expired, withdrawn or struck
    off recently. Each term is a dict of RegisterTerm columns (``previous`` is the index of the term extended)."""
    as_of = world.as_of
    cis = org.kind == K.CIS
    persona = org.id == world.personas.get("org:cis")
    roll = rng.random()
    terms: list[dict] = []

    def term(start, *, previous=None, status=None):
        end = years_later_minus_one_day(start, CIS_TERM_YEARS) if cis else None
        decided = start - timedelta(days=rng.randint(7, 40))
        terms.append(
            {
                "register": RegisterKind.CIS if cis else RegisterKind.KIS,
                "status": status or (RegisterTermStatus.GRANTED if cis else RegisterTermStatus.ENTERED),
                "number": number,
                "decision_number": f"WPS.9421.{org.id}.{len(terms) + 1}.{decided.year}" if cis else "",
                "decision_date": decided if cis else None,
                "term_start": start,
                "term_end": end,
                "previous": previous,
                "ended_on": None,
                "end_reason": "",
            }
        )
        return end

    if persona or roll < 0.85:
        if cis and not persona and roll < 0.3:  # granted over five years ago and extended
            first_end = day_between(rng, as_of - timedelta(days=4 * 365), as_of - timedelta(days=30))
            end = term(first_end - timedelta(days=5 * 365 - 1))
            term(end + timedelta(days=1), previous=0, status=RegisterTermStatus.EXTENDED)
        else:
            low = as_of - timedelta(days=(4 * 365 + 180) if cis else 6 * 365)
            term(day_between(rng, low, as_of - BEFORE_ACTIVITY))
    elif cis and roll < 0.93:  # expired: its five years ended lately and were not extended
        end = day_between(rng, as_of - timedelta(days=90), as_of - timedelta(days=5))
        term(end - timedelta(days=5 * 365 - 1))
        terms[-1]["term_end"] = end
    else:  # withdrawn (CIS) or struck off (KIS) lately
        term(day_between(rng, as_of - timedelta(days=4 * 365), as_of - BEFORE_ACTIVITY))
        terms[-1]["status"] = RegisterTermStatus.WITHDRAWN if cis else RegisterTermStatus.STRUCK_OFF
        terms[-1]["ended_on"] = day_between(rng, as_of - timedelta(days=90), as_of - timedelta(days=5))
        terms[-1]["end_reason"] = (
            "Decyzja wojewody o cofnięciu statusu: niespełnianie warunków."
            if cis
            else "Zgłoszenie zaprzestania działalności klubu."
        )
    return terms


def registers_write(world: World) -> dict[str, int]:
    """Register terms of every CIS and KIS (with their events), the status of a social enterprise of most
    companies and some cooperatives and NGOs, workshops, sections and places, and a public contact of CIS, KIS and
    social cooperatives."""
    rng = world.rng("registers")
    registered = [org for org in world.orgs if org.kind in (K.CIS, K.KIS)]
    offices = voivode_offices(world)
    numbers: dict[str, int] = {}
    planned: list[tuple[Org, dict, int | None]] = []
    for org in registered:
        numbers[org.voivodeship] = numbers.get(org.voivodeship, 0) + 1
        number = f"{org.kind.upper()}/{org.voivodeship}/{numbers[org.voivodeship]:03d}"
        officers = world.staff.get(offices.get(org.voivodeship, 0), {}).get("register_officer", [])
        for term in _register_terms(world, rng, org, number):
            planned.append((org, term, officers[0] if officers else None))
    term_ids = world.writer.ids(RegisterTerm, len(planned))
    rows: list[tuple] = []
    events: list[tuple] = []
    first_of: dict[int, int] = {}
    for term_id, (org, term, officer) in zip(term_ids, planned, strict=True):
        first_of.setdefault(org.id, term_id)
        previous = first_of[org.id] if term["previous"] is not None else None
        recorded = moment(term["decision_date"] or term["term_start"], rng)
        rows.append(
            (term_id, org.id, term["register"], term["status"], term["number"], org.voivodeship,
             term["decision_number"], term["decision_date"], term["term_start"], term["term_end"], previous,
             term["ended_on"], term["end_reason"], "", officer, recorded, recorded)
        )  # fmt: skip
        created = (
            RegisterTermStatus.EXTENDED
            if previous
            else (RegisterTermStatus.GRANTED if term["register"] == RegisterKind.CIS else RegisterTermStatus.ENTERED)
        )
        events.append((org.id, term_id, None, "", created, officer, term["decision_number"], recorded))
        if term["ended_on"]:
            events.append(
                (org.id, term_id, None, created, term["status"], officer, term["end_reason"],
                 moment(term["ended_on"], rng))
            )  # fmt: skip
    world.writer.write(
        RegisterTerm,
        ("id", "organisation_id", "register", "status", "number", "voivodeship_id", "decision_number",
         "decision_date", "term_start", "term_end", "previous_id", "ended_on", "end_reason", "note",
         "recorded_by_id", "recorded_at", "updated_at"),
        rows,
    )  # fmt: skip

    statuses = []
    for org in world.orgs:
        share = SOCIAL_ENTERPRISE_SHARES.get(org.kind, 0.0)
        if share and rng.random() < share:
            decided = day_between(rng, max(org.created, date(2022, 10, 30)), world.as_of - timedelta(days=10))
            revoked = rng.random() < 0.05 and decided < world.as_of - timedelta(days=60)
            officers = world.staff.get(offices.get(org.voivodeship, 0), {}).get("register_officer", [])
            statuses.append((org, decided, revoked, officers[0] if officers else None))
    status_ids = world.writer.ids(SocialEnterpriseStatus, len(statuses))
    status_rows = []
    for status_id, (org, decided, revoked, officer) in zip(status_ids, statuses, strict=True):
        revoked_on = (
            day_between(rng, decided + timedelta(days=30), world.as_of - timedelta(days=5)) if revoked else None
        )
        recorded = moment(decided, rng)
        status_rows.append(
            (status_id, org.id, SocialEnterpriseState.REVOKED if revoked else SocialEnterpriseState.ACTIVE,
             f"WPS.9441.{org.id}.{decided.year}", decided, decided, None, revoked_on,
             "Niespełnianie warunków statusu (art. 9 ustawy)." if revoked else "", "", officer, recorded, recorded)
        )  # fmt: skip
        events.append((org.id, None, status_id, "", SocialEnterpriseState.ACTIVE, officer, "", recorded))
        if revoked_on:
            events.append(
                (org.id, None, status_id, SocialEnterpriseState.ACTIVE, SocialEnterpriseState.REVOKED, officer,
                 "", moment(revoked_on, rng))
            )  # fmt: skip
    world.writer.write(
        SocialEnterpriseStatus,
        ("id", "organisation_id", "state", "decision_number", "decision_date", "valid_from", "valid_to",
         "revoked_on", "revoke_reason", "note", "recorded_by_id", "recorded_at", "updated_at"),
        status_rows,
    )  # fmt: skip
    event_ids = world.writer.ids(RegisterEvent, len(events))
    world.writer.write(
        RegisterEvent,
        ("id", "organisation_id", "term_id", "social_enterprise_status_id", "from_state", "to_state", "actor_id",
         "note", "at"),
        ((event_id, *event) for event_id, event in zip(event_ids, events, strict=True)),
    )  # fmt: skip

    workshops = []
    for org in registered:
        persona = org.id == world.personas.get("org:cis")
        count = 6 if persona else rng.randint(2, 5) if org.kind == K.CIS else rng.randint(1, 3)
        for index in range(count):
            kind = WorkshopKind.WORKSHOP if org.kind == K.CIS else WorkshopKind.SECTION
            place = org.municipality
            if index == count - 1 and count > 2:
                kind, place = WorkshopKind.PLACE, world.territory.near(rng, org.municipality, same_county=1.0)
            label = {"workshop": "Warsztat", "section": "Sekcja", "place": "Punkt zajęć —"}[kind]
            workshops.append(
                (f"{label} {rng.choice(names.WORKSHOPS)}" if kind != WorkshopKind.PLACE else f"{label} {place.name}",
                 kind, org.id, rng.randint(8, 16), place.code, names.street(rng))
            )  # fmt: skip
    ids = world.writer.ids(Workshop, len(workshops))
    world.writer.write(
        Workshop,
        ("id", "name", "kind", "organisation_id", "capacity", "municipality_id", "address", "description"),
        ((workshop_id, *row, "") for workshop_id, row in zip(ids, workshops, strict=True)),
    )

    with_contact = [org for org in world.orgs if org.kind in (K.CIS, K.KIS, K.SOCIAL_COOPERATIVE)]
    ids = world.writer.ids(ContactPerson, len(with_contact))

    def contacts():
        for contact_id, org in zip(ids, with_contact, strict=True):
            female = rng.random() < 0.7
            first, last = names.person_name(rng, female=female)
            position = {"cis": "kierownik CIS", "kis": "kierownik KIS"}.get(org.kind, "prezes zarządu")
            email = f"{names.ascii_slug(f'{first} {last}')}.{contact_id}@example.org"
            phone = f"+48 {rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
            yield (contact_id, org.id, f"{first} {last}", position, email, phone, rng.random() < 0.6)

    world.writer.write(
        ContactPerson, ("id", "organisation_id", "full_name", "position", "email", "phone", "is_public"), contacts()
    )
    return {
        "register terms": len(rows),
        "social enterprises": len(status_rows),
        "workshops": len(workshops),
        "contacts": len(with_contact),
    }


def voivode_offices(world: World) -> dict[str, int]:
    """Voivodeship code -> the id of its voivode's office (at smaller scales not every voivodeship has one)."""
    return {org.voivodeship: org.id for org in world.by_kind[K.VOIVODE_OFFICE]}
