"""What the load benchmark drives: the personas, every list page and list API endpoint with the overviews,
and the table behind each of them (whose bare list is measured right after it).

Plain data, no Django imports: the client processes read it too. ``tests/bench/test_load_targets.py`` fails
when a list route of the product (a URL name ending in ``list``, or a GET API operation answering a page)
is missing here.
"""

from dataclasses import dataclass

# Persona role -> sign-in name. The generated country (``manage.py generate_country``) has one bench user per
# role; the demo region (``manage.py load_demo``) has the same roles under its own logins.
PERSONAS: dict[str, dict[str, str]] = {
    "country": {
        "coordinator": "kraj.koordynator",
        "cis_staff": "kraj.kadra",
        "provider": "kraj.dostawca",
        "analyst": "kraj.analityk",
        "admin": "kraj.admin",
    },
    "demo": {
        "coordinator": "koordynator",
        "cis_staff": "kadra.cis",
        "provider": "manager.pes",
        "analyst": "analityk",
        "admin": "admin",
    },
}

# The territory each persona set works in: the coordinator's county, the analyst's voivodeship.
PLACES: dict[str, dict[str, str]] = {
    "country": {"county": "1261", "voivodeship": "14"},  # Kraków (city county); mazowieckie
    "demo": {"county": "0462", "voivodeship": "04"},  # Grudziądz (city county); kujawsko-pomorskie
}

# The public id the demo loader gives its launch in selection (so the benchmark can read its lists).
DEMO_LAUNCH = "5e1ec7ed-0000-4000-8000-000000000002"

# Table key -> (model label, the few columns its bare list shows). The bare list is 50 rows of the table,
# ordered by primary key, as `.values()`: what any page of that table costs at least.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": ("territory.Unit", ("code", "name", "level")),
    "organisation": ("registry.Organisation", ("public_id", "name", "kind", "municipality_id")),
    "service_type": ("catalogue.ServiceType", ("code", "current_version_id", "created_at")),
    "need": ("staffing.StaffingNeed", ("public_id", "position", "status", "headcount")),
    "round": ("staffing.DiagnosisRound", ("public_id", "title", "status")),
    "programme": ("training.TrainingProgramme", ("public_id", "name", "organisation_id")),
    "cohort": ("training.Cohort", ("public_id", "name", "programme_id")),
    "participation": ("training.Participation", ("public_id", "status", "person_id", "organisation_id")),
    "import_job": ("training.ImportJob", ("public_id", "kind", "status")),
    "run": ("placement.MatchingRun", ("public_id", "status", "territory_id")),
    "referral": ("placement.Referral", ("public_id", "status", "need_id", "participation_id")),
    "data_access": ("audit.PersonalDataAccess", ("id", "at", "purpose")),
    "notification": ("notifications.Notification", ("id", "kind", "title", "created_at")),
    "api_token": ("accounts.ApiToken", ("id", "name", "prefix")),
    "benefit_month": ("benefits.BenefitMonth", ("public_id", "year", "month", "state")),
    "annual_report": ("reporting.AnnualReport", ("public_id", "year", "status")),
    "admission_referral": ("admission.AdmissionReferral", ("public_id", "status", "target_organisation_id")),
    "delivery_summary": ("delivery.ContractDelivery", ("contract_id", "units_delivered", "commissioner_id")),
    "delivery_report": ("delivery.DeliveryReport", ("public_id", "status", "period_start")),
    "drift_alert": ("delivery.DriftAlert", ("public_id", "status", "shortfall_percent")),
    "delivery_import": ("delivery.ReportImport", ("public_id", "status", "file_name")),
    "commissioning_order": ("commissioning.Order", ("public_id", "number", "status", "offer_deadline")),
    "commissioning_offer": ("commissioning.Offer", ("public_id", "status", "total_price")),
    "commissioning_contract": ("commissioning.Contract", ("public_id", "number", "status", "value")),
    "readiness_assessment": ("readiness.ReadinessAssessment", ("public_id", "status", "provider_id")),
    "readiness_decision": ("readiness.ReadinessDecision", ("public_id", "number", "outcome", "valid_until")),
    "cooperative_model": ("cooperatives.CooperativeModel", ("code", "name", "status")),
    "franchisee": ("cooperatives.Franchisee", ("public_id", "state", "unit_id")),
    "offer": ("agreements.ProgrammeOffer", ("public_id", "title", "status", "organisation_id")),
    "contact_request": ("agreements.ContactRequest", ("public_id", "status", "offer_id", "requester_id")),
    "agreement": ("agreements.Agreement", ("public_id", "subject", "status", "review_on")),
    "launch": ("launches.Launch", ("public_id", "title", "state", "municipality_id")),
    "launch_application": ("launches.Application", ("public_id", "entry_code", "state", "call_id")),
}


@dataclass(frozen=True)
class Target:
    name: str  # what the table of results calls it; also the value of --only
    route: str  # the URL name ("registry:list", "api:registry-organisations")
    path: str  # with {county} / {voivodeship} filled in from PLACES
    persona: str  # a role of PERSONAS
    table: str  # a key of TABLES

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api:")


def page(name: str, route: str, path: str, persona: str, table: str) -> Target:
    return Target(name=name, route=route, path=path, persona=persona, table=table)


def api(name: str, url_name: str, path: str, persona: str, table: str) -> Target:
    return Target(name=name, route=f"api:{url_name}", path=f"/api/v1{path}", persona=persona, table=table)


TARGETS: list[Target] = [
    # Overviews and the screens the issue names.
    page("staffing overview (county)", "staffing:index", "/staffing/?territory={county}", "coordinator", "need"),
    page("regional overview (voivodeship)", "staffing:index", "/staffing/?territory={voivodeship}", "analyst", "need"),
    page("matching screen", "placement:index", "/placement/", "coordinator", "run"),
    page("territory search", "territory:search", "/territory/search/?q=ow", "coordinator", "unit"),
    # List pages.
    page("organisations list", "registry:list", "/organisations/", "coordinator", "organisation"),
    page("catalogue list", "catalogue:list", "/catalogue/", "provider", "service_type"),
    page("needs list", "staffing:need-list", "/staffing/needs/", "coordinator", "need"),
    page("my needs", "staffing:my-needs", "/staffing/needs/mine/", "provider", "need"),
    page("rounds list", "staffing:round-list", "/staffing/rounds/", "coordinator", "round"),
    page("programmes list", "training:programme-list", "/training/programmes/", "cis_staff", "programme"),
    page("participants list", "training:participant-list", "/training/participants/", "cis_staff", "participation"),
    page("imports list", "training:import-list", "/training/imports/", "cis_staff", "import_job"),
    page("benefit months", "benefits:month-list", "/benefits/", "cis_staff", "benefit_month"),
    page("yearly reports", "reporting:report-list", "/reporting/", "cis_staff", "annual_report"),
    page("referrals list", "placement:referral-list", "/placement/referrals/", "coordinator", "referral"),
    page("provider candidates", "placement:provider-candidates", "/placement/candidates/", "provider", "referral"),
    page("referred by us", "admission:sent", "/admission/sent/", "coordinator", "admission_referral"),
    page("orders open", "commissioning:order-list", "/commissioning/orders/", "provider", "commissioning_order"),
    page(
        "our orders", "commissioning:my-order-list", "/commissioning/orders/mine/", "coordinator", "commissioning_order"
    ),
    page("our offers", "commissioning:offer-list", "/commissioning/offers/", "provider", "commissioning_offer"),
    page(
        "contracts", "commissioning:contract-list", "/commissioning/contracts/", "coordinator", "commissioning_contract"
    ),
    page("readiness assessments", "readiness:list", "/readiness/", "coordinator", "readiness_assessment"),
    page("readiness decisions", "readiness:decisions", "/readiness/decisions/", "coordinator", "readiness_decision"),
    page("confirmed providers", "readiness:providers", "/readiness/providers/", "provider", "readiness_decision"),
    page("programme offers", "agreements:offer-list", "/agreements/", "provider", "offer"),
    page("contact requests", "agreements:request-list", "/agreements/requests/", "provider", "contact_request"),
    page("agreements list", "agreements:agreement-list", "/agreements/agreements/", "coordinator", "agreement"),
    page("launches list", "launches:launch-list", "/launches/list/", "coordinator", "launch"),
    page("audit log (reads)", "audit:log", "/audit/", "admin", "data_access"),
    page("notifications", "notifications:list", "/notifications/", "coordinator", "notification"),
    # List API endpoints (pages of 50, as the bare list).
    api("API territory search", "territory-units", "/territory/units?q=ow&limit=50", "coordinator", "unit"),
    api("API organisations", "registry-organisations", "/organisations?limit=50", "coordinator", "organisation"),
    api("API catalogue services", "catalogue-services", "/catalogue/services?limit=50", "provider", "service_type"),
    api("API tokens", "accounts-tokens", "/accounts/tokens", "coordinator", "api_token"),
    api("API needs", "staffing-needs", "/staffing/needs?limit=50", "coordinator", "need"),
    api("API rounds", "staffing-rounds", "/staffing/rounds?limit=50", "coordinator", "round"),
    api("API cohorts", "training-cohorts", "/training/cohorts?limit=50", "cis_staff", "cohort"),
    api("API participants", "training-participants", "/training/participants?limit=50", "cis_staff", "participation"),
    api("API matching runs", "placement-runs", "/placement/runs?limit=50", "coordinator", "run"),
    api("API referrals", "placement-referrals", "/placement/referrals?limit=50", "coordinator", "referral"),
    api("API benefit months", "benefits-months", "/benefits/months?limit=50", "cis_staff", "benefit_month"),
    api("API yearly reports", "reporting-reports", "/reporting/reports?limit=50", "cis_staff", "annual_report"),
    api("API programme offers", "agreements-offers", "/agreements/offers?limit=50", "provider", "offer"),
    api(
        "API contact requests",
        "agreements-requests",
        "/agreements/contact-requests?limit=50",
        "provider",
        "contact_request",
    ),
    api("API agreements", "agreements-agreements", "/agreements/agreements?limit=50", "coordinator", "agreement"),
    api(
        "API admission referrals",
        "admission-referrals",
        "/admission/referrals?limit=50",
        "coordinator",
        "admission_referral",
    ),
    page("delivery monitoring", "delivery:contract-list", "/delivery/", "coordinator", "delivery_summary"),
    page(
        "delivery per municipality",
        "delivery:municipality-list",
        "/delivery/municipalities/",
        "coordinator",
        "delivery_summary",
    ),
    page("delivery reports", "delivery:report-list", "/delivery/reports/", "coordinator", "delivery_report"),
    page("delivery alerts", "delivery:alert-list", "/delivery/alerts/", "coordinator", "drift_alert"),
    page("delivery imports", "delivery:import-list", "/delivery/imports/", "provider", "delivery_import"),
    api(
        "API delivery reports",
        "delivery-reports",
        "/commissioning/delivery-reports?limit=50",
        "provider",
        "delivery_report",
    ),
    api("API orders", "commissioning-orders", "/commissioning/orders?limit=50", "provider", "commissioning_order"),
    api("API offers", "commissioning-offers", "/commissioning/offers?limit=50", "provider", "commissioning_offer"),
    api(
        "API contracts",
        "commissioning-contracts",
        "/commissioning/contracts?limit=50",
        "coordinator",
        "commissioning_contract",
    ),
    api(
        "API readiness assessments",
        "readiness-assessments",
        "/readiness/assessments?limit=50",
        "coordinator",
        "readiness_assessment",
    ),
    api(
        "API readiness decisions",
        "readiness-decisions",
        "/readiness/decisions?limit=50",
        "coordinator",
        "readiness_decision",
    ),
    api("API public providers", "public-providers", "/public/providers?limit=50", "provider", "readiness_decision"),
    api("API launches", "launches-list", "/launches?limit=50", "coordinator", "launch"),
    # A launch's applications and ranking: the first demo launch in selection (its id is fixed by the demo loader).
    api(
        "API launch applications",
        "launches-applications",
        "/launches/" + DEMO_LAUNCH + "/applications",
        "coordinator",
        "launch_application",
    ),
    api("API launch ranking", "launches-ranking", "/launches/" + DEMO_LAUNCH + "/ranking", "coordinator", "launch"),
    page("cooperative models", "cooperatives:model-list", "/cooperatives/", "coordinator", "cooperative_model"),
    api(
        "API cooperative models",
        "cooperative-models",
        "/cooperative-models/?limit=50",
        "coordinator",
        "cooperative_model",
    ),
    api(
        "API franchisees of a cooperative model",
        "cooperative-model-franchisees",
        "/cooperative-models/uslugi-opiekuncze-osob-prawnych/franchisees?limit=50",
        "coordinator",
        "franchisee",
    ),
]


def bare_path(target: Target) -> str:
    """The bare list of the target's table: HTML behind the session for pages, JSON behind the token for the API."""
    return f"/api/bench-bare/{target.table}" if target.is_api else f"/bench-bare/{target.table}/"
