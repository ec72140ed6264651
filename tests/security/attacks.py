"""The three attacks: widening one's own reach, walking every route, and writing to the victims' records.

Each attack records what got through in a :class:`~tests.security.probes.Findings`; the tests assert that
nothing did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.accounts.models import Membership
from kooperacja.accounts.roles import Role
from kooperacja.core.crypto import decrypt
from kooperacja.core.routes import PUBLIC
from kooperacja.registry.models import Organisation, OrganisationKind
from kooperacja.training.models import Participation
from tests.security import probes
from tests.security.probes import (
    OWN,
    REFERENCE,
    TARGET,
    Attacker,
    Detector,
    Findings,
    Route,
    Unreachable,
    attacker,
    forms_in,
    kwargs_for,
    url_for,
)
from tests.security.world import (
    GRUDZIADZ,
    KRAKOW,
    Persona,
    SecurityWorld,
    fingerprint,
    fingerprint_changes,
    reach,
    reach_gained,
)

SCHEMA_REJECTED = "The request is not valid."  # the API's 422 for a body its schema refuses


def _route(name: str, method: str = "GET") -> Route:
    return next(r for r in probes.routes() if r.name == name and r.method == method)


def check_coverage(world: SecurityWorld, routes: Iterable[Route], findings: Findings) -> None:
    """Every route can be aimed at the victims, and every API write has a sample body."""
    for route in routes:
        try:
            kwargs_for(route, world)
            if route.is_api and route.method in probes.WRITE_METHODS:
                probes.api_body(route)
        except Unreachable as exc:
            findings.add("route not covered", str(exc))


# --- 1. widening its own reach ---------------------------------------------------------------------------

# Roles an attacker tries to hand itself and its second account.
WANTED_ROLES = (Role.REGISTER_OFFICER, Role.COORDINATOR, Role.ANALYST, Role.CATALOGUE_EDITOR)
# Where and as what it tries to move its own organisation.
MOVES = ((GRUDZIADZ, OrganisationKind.VOIVODE_OFFICE), (GRUDZIADZ, OrganisationKind.OPS))


class _Attempt:
    """One attempt: the persona's reach before it, and afterwards anything gained, reported and undone
    so that the next attempt (another channel) starts from the same place."""

    def __init__(self, world: SecurityWorld, a: Attacker, findings: Findings, detector: Detector, what: str):
        self.world, self.a, self.findings, self.detector, self.what = world, a, findings, detector, what

    def __enter__(self):
        self.before = reach(self.world, [self.a.name])
        self.organisations = {
            o.pk: (o.kind, o.municipality_id)
            for o in Organisation.objects.filter(pk__in=[o.pk for o in self.world.attacker_organisations.values()])
        }
        self.memberships = set(Membership.objects.values_list("pk", flat=True))
        self.participations = set(Participation.objects.values_list("pk", flat=True))
        return self

    def response(self, response, sent: object = None, then: str = "") -> None:
        what = f"{self.what}, then {then}" if then else self.what
        self.findings.leak(what, self.a.name, response, self.detector, sent)
        self.findings.server_error(what, self.a.name, response)
        if not hasattr(self, "status"):
            self.status = response.status_code

    def post(self, url: str, data) -> None:
        """Submit like a browser: the answer to the POST is reported, the page it leads to is scanned too."""
        response = self.a.web.post(url, data)
        self.response(response, data)
        if response.status_code == 302:
            location = response["Location"]
            self.response(self.a.web.get(location), data, then=f"GET {location}")

    def __exit__(self, *exc_info):
        if exc_info[0] is not None:
            return False
        gained = reach_gained(self.before, reach(self.world, [self.a.name]))
        if gained:
            status = getattr(self, "status", "?")
            self.findings.add("reach widened", f"{self.what} as {self.a.name} -> {status}: " + "; ".join(gained))
        for pk, (kind, municipality) in self.organisations.items():
            Organisation.objects.filter(pk=pk).update(kind=kind, municipality_id=municipality)
        Membership.objects.exclude(pk__in=self.memberships).filter(
            user_id__in=[self.a.persona.user.pk, self.a.persona.second.pk]
        ).delete()
        new = Participation.objects.exclude(pk__in=self.participations)
        new.filter(person__organisation_id__in=self.world.victims.organisation_ids).delete()
        return False


def _organisation_form_body(a: Attacker, organisation: Organisation, url: str) -> dict:
    """The fields of the edit form as the attacker sees it; built from the record if it may not open it."""
    forms = [f for f in forms_in(a.web.get(url), url) if f.action == url]
    if forms:
        return forms[0].body()
    organisation.refresh_from_db()
    body = {k: ("" if v is None else v) for k, v in probes.organisation_body(organisation).items()}
    body["is_active"] = "on" if organisation.is_active else ""
    body["version"] = organisation.version
    return body


def _secret(response) -> str | None:
    found = re.search(rb"koop_[A-Za-z0-9_\-]{20,}", response.content)
    return found.group().decode() if found else None


def _with_token(a: Attacker, token: str | None) -> Attacker:
    if not token:
        return a
    persona = Persona(a.persona.name, a.persona.user, a.persona.second, a.persona.organisations, token)
    return Attacker(persona=persona, web=a.web, admitted=a.admitted)


def _tokens(world, a, findings, detector) -> tuple[str | None, str | None]:
    """New tokens made through the web page and through the API (the latter with the persona's token)."""
    web_secret = api_secret = None
    with _Attempt(world, a, findings, detector, "POST accounts:profile (create a token)") as attempt:
        response = a.web.post(reverse("accounts:profile"), {"name": "atak przez stronę"})
        attempt.response(response)
        web_secret = _secret(response)
    route = _route("api:accounts-tokens", "POST")
    with _Attempt(world, a, findings, detector, "POST api:accounts-tokens") as attempt:
        response = a.call(route, url_for(route, {}), data={"name": "atak przez API"})
        attempt.response(response)
        if response.status_code == 201:
            api_secret = response.json()["secret"]
    if a.persona.user is not None and not (web_secret and api_secret):
        findings.add("attack not run", f"{a.name} could not make its own API tokens (web: {web_secret is not None})")
    return web_secret, api_secret


def _move_own_organisations(world, a: Attacker, findings, detector, token: str | None) -> None:
    route = _route("api:registry-organisation", "PUT")
    for organisation in a.persona.organisations:
        url = reverse("registry:edit", kwargs={"public_id": organisation.public_id})
        for municipality, kind in MOVES:
            what = f"POST registry:edit [{organisation.name} -> {kind} in {municipality}]"
            with _Attempt(world, a, findings, detector, what) as attempt:
                body = {**_organisation_form_body(a, organisation, url), "municipality": municipality, "kind": kind}
                attempt.post(url, body)
            what = f"PUT api:registry-organisation with a new token [{organisation.name} -> {kind} in {municipality}]"
            with _Attempt(world, a, findings, detector, what) as attempt:
                organisation.refresh_from_db()
                body = {
                    **probes.organisation_body(organisation),
                    "description": organisation.description,
                    "version": organisation.version,
                    "municipality": municipality,
                    "kind": kind,
                }
                path = url_for(route, {"public_id": organisation.public_id})
                attempt.response(_with_token(a, token).call(route, path, data=body))


def _grant(world, a: Attacker, findings, detector, organisation: Organisation, roles) -> None:
    url = reverse("registry:member-grant", kwargs={"public_id": organisation.public_id})
    for user in (a.persona.user, a.persona.second):
        for role in roles:
            what = f"POST registry:member-grant [{organisation.name}: {user.username} as {role}]"
            with _Attempt(world, a, findings, detector, what) as attempt:
                attempt.post(url, {"username": user.username, "role": role})


def _create_and_join(world, a: Attacker, findings, detector, token: str | None) -> None:
    """Register organisations in the victims' municipality, then try to take roles in them."""
    names = {
        "web": f"Ośrodek Pomocy Społecznej „Przyczółek” ({a.name})",
        "api": f"Urząd Wojewódzki „Przyczółek” ({a.name})",
    }
    url = reverse("registry:create")
    with _Attempt(world, a, findings, detector, f"POST registry:create [OPS in {GRUDZIADZ}]") as attempt:
        forms = [f for f in forms_in(a.web.get(url), url) if f.action == url]
        body = forms[0].body() if forms else {"is_active": "on"}
        body.update({"name": names["web"], "kind": OrganisationKind.OPS, "municipality": GRUDZIADZ})
        attempt.post(url, body)
    route = _route("api:registry-organisations", "POST")
    what = f"POST api:registry-organisations with a new token [voivode's office in {GRUDZIADZ}]"
    with _Attempt(world, a, findings, detector, what) as attempt:
        body = {"name": names["api"], "kind": OrganisationKind.VOIVODE_OFFICE, "municipality": GRUDZIADZ}
        attempt.response(_with_token(a, token).call(route, url_for(route, {}), data=body))
    for organisation in Organisation.objects.filter(name__in=names.values()):
        _grant(world, a, findings, detector, organisation, (Role.COORDINATOR, Role.REGISTER_OFFICER, Role.PZS_STAFF))


def _claim_victim_people(world, a: Attacker, findings, detector, token: str | None) -> None:
    """Enrol, in its own CIS/KIS, people of the victims known to it only by their PESEL (with a made-up
    name): the person's real name, phone and e-mail must not come back."""
    enrol = _route("training:participant-enrol")
    if not a.admitted(enrol):
        return
    today = timezone.localdate()
    # People whose stays end before the made-up one starts (an overlap would be refused for that reason).
    people = [
        p for _label, p in world.victims.samples["participation"] if p.planned_end_date < today + timedelta(days=380)
    ]
    pesels = [decrypt(p.person.pesel_encrypted) for p in people[:3]]
    dates = {
        "referral_date": str(today + timedelta(days=380)),
        "plan_signed_on": str(today + timedelta(days=390)),
        "start_date": str(today + timedelta(days=400)),
        "planned_end_date": str(today + timedelta(days=600)),
    }
    made_up = {
        "first_name": "Nieznana",
        "last_name": "Osoba",
        "home_municipality": KRAKOW,
        "phone": "+48 12 000 00 01",
        "email": "nieznana@atak.example.com",
        "categories": ["homeless"],
        "exclusions_none": True,
        "plan_reference": "IPZS/KRK/PESEL",
        "commute_limit_km": "25",
        "working_time": "full_time",
    }
    url = url_for(enrol, {})
    forms = [f for f in forms_in(a.web.get(url), url) if f.action == url]
    own = forms[0].body().get("organisation") if forms else None
    if not own:
        return  # no CIS/KIS of its own to enrol anyone in
    with _Attempt(world, a, findings, detector, "POST training:participant-enrol [a victim's PESEL]") as attempt:
        attempt.post(url, {**made_up, **dates, "organisation": own, "pesel": pesels[0]})
    route = _route("api:training-participants", "POST")
    own_public_id = next(o.public_id for o in a.persona.organisations if str(o.pk) == str(own))
    with _Attempt(world, a, findings, detector, "POST api:training-participants [a victim's PESEL]") as attempt:
        body = {**made_up, **dates, "organisation": str(own_public_id), "pesel": pesels[1]}
        body["commute_limit_km"] = 25
        attempt.response(_with_token(a, token).call(route, url_for(route, {}), data=body))
    columns = ("pesel", "first_name", "last_name", "home_municipality", "eligibility", "exclusions")
    columns += ("referral_date", "plan_reference", "plan_signed_on", "start_date", "planned_end_date", "phone", "email")
    row = {**made_up, **dates, "pesel": pesels[2], "eligibility": "homeless", "exclusions": "none"}
    content = (";".join(columns) + "\n" + ";".join(str(row[c]) for c in columns) + "\n").encode()
    url = reverse("training:import-participants")
    with _Attempt(world, a, findings, detector, "POST training:import-participants [a victim's PESEL]") as attempt:
        upload = SimpleUploadedFile("uczestnicy.csv", content, content_type="text/csv")
        with TestCase.captureOnCommitCallbacks(execute=True):
            attempt.post(url, {"organisation": own, "file": upload})
        listing = reverse("training:participant-list")
        attempt.response(a.web.get(listing), then=f"GET {listing}")


def widen_reach(world: SecurityWorld, findings: Findings, detector: Detector) -> None:
    """Every attacker tries every write it can reach on its own organisation, memberships and tokens."""
    initial = reach(world)
    with probes.quiet_refusals():
        for persona in world.personas.values():
            if persona.user is None:
                continue
            a = attacker(persona)
            web_token, api_token = _tokens(world, a, findings, detector)
            _move_own_organisations(world, a, findings, detector, web_token)
            for organisation in persona.organisations:
                _grant(world, a, findings, detector, organisation, WANTED_ROLES)
            _create_and_join(world, a, findings, detector, api_token)
            _claim_victim_people(world, a, findings, detector, api_token)
    # Whatever the answers were, the database decides: nothing gained (each attempt was also undone above,
    # so anything left here slipped past those checks).
    findings.extend("reach widened", (f"after all attempts: {line}" for line in reach_gained(initial, reach(world))))


# --- 2. walking every route ------------------------------------------------------------------------------


def walk(world: SecurityWorld, persona_names: Iterable[str], findings: Findings, detector: Detector, only=None) -> int:
    """Every web page (GET) and every API read as each persona, aimed at the victims' records (``only``:
    just the routes named). Returns the number of requests made."""
    read = [r for r in probes.routes() if r.method == "GET" and (only is None or r.name in only)]
    check_coverage(world, read, findings)
    count = 0
    with probes.quiet_refusals():
        for name in persona_names:
            a = attacker(world.persona(name))
            for route in read:
                try:
                    variants = kwargs_for(route, world)
                except Unreachable:
                    continue
                admitted = a.admitted(route)
                # A route refused by its rule is refused before any object is looked at: one try is enough.
                for label, kwargs in variants if admitted else variants[:1]:
                    url = url_for(route, kwargs)
                    queries = [None] + (probes.EXTRA_QUERIES.get(route.name, lambda w: [])(world) if admitted else [])
                    for query in queries:
                        with probes.writes() as written:
                            response = a.call(route, url, query=query)
                        count += 1
                        where = f"GET {route.name} [{label}] {url}" + (f" ?{query}" if query else "")
                        findings.extend("GET wrote", (f"{where} as {name}: {table}" for table in written))
                        findings.leak(where, name, response, detector, query)
                        findings.server_error(where, name, response)
    return count


# --- 3. writing to the victims' records ------------------------------------------------------------------

# Web fields set on top of the harvested form, per route (function(world, attacker) -> fields).
WEB_OVERRIDES = {
    "registry:member-grant": lambda w, a: {
        "username": a.persona.user.username if a.persona.user else "admin",
        "role": Role.COORDINATOR,
    },
    "placement:index": lambda w, a: {"territory": "0462"},
    "staffing:round-create": lambda w, a: {"territory": GRUDZIADZ},
}


def _plausible() -> dict[str, str]:
    """Values for the fields a harvested form leaves empty, so that a form that should have refused is
    also likely to be valid (and so to show, in the victims' data, what it let through)."""
    today = timezone.localdate()
    return {
        "week_start": str(today - timedelta(days=today.weekday())),
        "day": str(today - timedelta(days=today.weekday())),
        "kind": "present",
        "hours": "6",
        "completed_on": str(today),
        "issued_on": str(today),
        "exit_date": str(today),
        "hired_on": str(today),
        "start_date": str(today + timedelta(days=10)),
        "end_date": str(today + timedelta(days=40)),
        "period_start": str(today + timedelta(days=10)),
        "period_end": str(today + timedelta(days=300)),
        "entry_date": str(today),
        "quarter": f"{today.year + 1}-Q1",
        "code": "UO-1",
        "name": "Zmiana obcej instytucji",
        "full_name": "Obca Osoba",
        "title": "Obca diagnoza",
        "position": "Obce stanowisko",
        "reason": "obca instytucja",
        "note": "obca instytucja",
        "description": "obca instytucja",
        "seats": "5",
        "headcount": "1",
        "capacity": "5",
        "additional_staff": "1",
        "number": "OBCY/1/2026",
    }


def _fill(body: dict) -> dict:
    plausible = _plausible()
    return {name: (plausible.get(name, value) if value in ("", "\n") else value) for name, value in body.items()}


# Writes that change nothing of another institution, or that end the session.
NOT_VICTIM_WRITES = {"accounts:login", "accounts:logout", "accounts:sign-out-everywhere", "set_language"}


# Who shows the suite the forms of the victims' pages: the demo's administrator first, then the victims'
# own staff (the administrator does not work with participants, so it does not see their pages).
FORM_READERS = ("admin", "kadra.cis", "kadra.kis", "kadra.cis.janow", "koordynator", "manager.pes")


def _readers() -> list[Client]:
    clients = []
    for username in FORM_READERS:
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=username))
        clients.append(client)
    return clients


def _harvest(world: SecurityWorld, web: list[Route]) -> tuple[dict, set[str]]:
    """The forms that someone allowed is shown on every page of the victims' records (URL -> forms), and
    the routes that take writes (a form posts to them, or they refuse GET)."""
    readers = _readers()
    forms: dict[str, list] = {}
    takes_posts: set[str] = set()
    urls: dict[str, list[str]] = {}
    for route in web:
        try:
            variants = kwargs_for(route, world)
        except Unreachable:
            continue
        for _label, kwargs in variants:
            url = url_for(route, kwargs)
            urls.setdefault(route.name, []).append(url)
            for reader in list(readers):
                response = reader.get(url)
                if response.status_code == 405:
                    takes_posts.add(route.name)
                if response.status_code not in (403, 404):
                    # Whoever could open it is asked first for the route's next object.
                    readers.remove(reader)
                    readers.insert(0, reader)
                    break
            for form in forms_in(response, url):
                forms.setdefault(form.action, []).append(form)
    for name, route_urls in urls.items():
        if any(url in forms for url in route_urls):
            takes_posts.add(name)
    return forms, takes_posts


def _prefer_victims(world: SecurityWorld):
    names = [o.name for o in world.victims.organisations.values()]

    def prefer(field: str, options: list[tuple[str, str]]) -> str | None:
        for value, label in options:
            if value and any(name in label for name in names):
                return value
        return None

    return prefer


_READS = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


class _Guard:
    """Takes the victims' fingerprint before a batch of requests and reports any change after it.

    Used as a context manager around the requests, it also watches which tables they write: when none of the
    tables the fingerprint reads was written, the victims' data cannot have changed, and the fingerprint (some
    thirty queries) is not taken again."""

    def __init__(self, world: SecurityWorld, findings: Findings):
        self.world, self.findings = world, findings
        with CaptureQueriesContext(connection) as read:
            self.before = fingerprint(world)
        self.tables = {table for query in read.captured_queries for table in _READS.findall(query["sql"])}
        self.written: set[str] = set()

    def __enter__(self):
        self._watching = connection.execute_wrapper(self._watch)
        self._watching.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._watching.__exit__(*exc_info)

    def _watch(self, execute, sql, params, many, context):
        match = probes.WRITE_STATEMENT.match(sql)
        if match:
            self.written.add(match.group(1))
        return execute(sql, params, many, context)

    def check(self, what: str) -> None:
        if not self.written & self.tables:
            return
        self.written.clear()
        after = fingerprint(self.world)
        changes = fingerprint_changes(self.before, after)
        if changes:
            self.findings.add("victim data changed", f"{what}: " + " | ".join(changes))
        self.before = after


def write(world: SecurityWorld, persona_names: Iterable[str], findings: Findings, detector: Detector, only=None) -> int:
    """Every write that names a victim's record, as each persona: web forms (filled from the forms someone
    allowed is shown) and API operations (with a valid body); ``only``: just the routes named. Returns
    the number of requests made."""
    all_routes = [r for r in probes.routes() if only is None or r.name in only]
    web = [r for r in all_routes if not r.is_api and r.rule != PUBLIC and r.name not in NOT_VICTIM_WRITES]
    api = [r for r in all_routes if r.is_api and r.method in probes.WRITE_METHODS]
    check_coverage(world, web + api, findings)
    count = 0
    with probes.quiet_refusals():
        attackers = [attacker(world.persona(name)) for name in persona_names]
        # Only a route that lets some persona past its rule needs a real form: the others refuse at once.
        forms, takes_posts = _harvest(world, [r for r in web if any(a.admitted(r) for a in attackers)])
        prefer = _prefer_victims(world)
        with _Guard(world, findings) as guard:
            for a in attackers:
                for route in web:
                    # Past its rule, only a route that takes writes is posted to; a route refused by its rule
                    # is tried once whatever it is.
                    if a.admitted(route) and route.name not in takes_posts:
                        continue
                    count += _web_write(world, a, route, forms, prefer, findings, detector, guard)
                for route in api:
                    count += _api_write(world, a, route, findings, detector, guard)
            guard.check("a write refused by its rule, after the last route that admits one")
    return count


def _web_write(world, a: Attacker, route: Route, forms, prefer, findings, detector, guard) -> int:
    variants = kwargs_for(route, world)
    admitted = a.admitted(route)
    count = 0
    for label, kwargs in variants if admitted else variants[:1]:
        url = url_for(route, kwargs)
        candidates = forms.get(url) or []
        body = _fill(candidates[0].body(prefer if not route.params else None)) if candidates else {}
        body.update(WEB_OVERRIDES.get(route.name, lambda w, a: {})(world, a))
        response = a.call(route, url, method="POST", data=body)
        count += 1
        where = f"POST {route.name} [{label}] {url}"
        # A route aimed at a victim's record by its URL must refuse; a form of one's own (a "new …" page)
        # may answer with its errors, and only the victims' data decides.
        if probes.aims_at_victim(route) and not probes.denied(route, a, response):
            findings.add(
                "write not refused", f"{where} as {a.name} -> {response.status_code} {response.get('Location', '')}"
            )
        findings.leak(where, a.name, response, detector, body)
        findings.server_error(where, a.name, response)
    if admitted:
        guard.check(f"POST {route.name} as {a.name}")
    return count


def _api_write(world, a: Attacker, route: Route, findings, detector, guard) -> int:
    try:
        kind, make, field = probes.api_body(route)
        variants = kwargs_for(route, world)
    except Unreachable:
        return 0
    if kind == OWN:
        return 0
    admitted = a.admitted(route)
    count = 0
    for label, kwargs in variants if admitted else variants[:1]:
        url = url_for(route, kwargs)
        body = make(world, kwargs)
        response = a.call(route, url, data=body)
        count += 1
        where = f"{route.method} {route.name} [{label}] {url} as {a.name}"
        payload = response.json() if "json" in response.get("Content-Type", "") else {}
        if response.status_code == 422 and payload.get("detail") == SCHEMA_REJECTED:
            findings.add(
                "unproven", f"{where}: the sample body fails the schema {payload.get('errors')}; fix API_BODIES"
            )
        elif kind == TARGET and not probes.denied(route, a, response):
            findings.add("write not refused", f"{where} -> {response.status_code}: {str(payload)[:200]}")
        elif kind == REFERENCE and not probes.denied(route, a, response):
            fields = {error.get("field") for error in payload.get("errors", [])}
            if not (response.status_code == 422 and field in fields):
                findings.add("write not refused", f"{where} -> {response.status_code}: {str(payload)[:200]}")
        findings.leak(f"{route.method} {route.name} [{label}] {url}", a.name, response, detector, body)
        findings.server_error(f"{route.method} {route.name} [{label}] {url}", a.name, response)
    if admitted:
        guard.check(f"{route.method} {route.name} as {a.name}")
    return count
