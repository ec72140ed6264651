"""The attacker's tools: the route map walked with victim ids, requests as each persona, a detector of the
victims' personal data in answers, and bodies for writes.

Routes come from the URLconf (``tests.core.test_route_permissions``), so a new route is attacked the day it
is added; a route whose URL arguments or API body this module cannot build fails the suite with a message
saying which table to extend.
"""

from __future__ import annotations

import contextlib
import fnmatch
import html
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kooperacja.core.crypto import decrypt
from kooperacja.core.routes import PUBLIC, rule_for
from tests.core.test_route_permissions import _walk, all_routes
from tests.security.world import GRUDZIADZ, JANOW, KRAKOW, Needle, Persona, SecurityWorld

HERE = "tests/security/probes.py"

# --- the route map ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    params: frozenset[str]
    rule: str | None

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    def __str__(self) -> str:
        return f"{self.method} {self.name}"


def routes() -> list[Route]:
    """Every web route (as GET; writes are tried with POST) and every API operation with its method."""
    patterns = dict(_walk(get_resolver()))
    found = []
    for name, method in all_routes():
        params = frozenset(patterns[name].pattern.converters)
        found.append(Route(name=name, method=method, params=params, rule=rule_for(name, method)))
    return found


# --- URL arguments pointing at the victims ---------------------------------------------------------------

Variants = list[tuple[str, dict]]


def _samples(kind: str, make: Callable[[object], dict]) -> Callable[[SecurityWorld], Variants]:
    return lambda world: [(label, make(obj)) for label, obj in world.victims.samples[kind]]


def _public_id(obj) -> dict:
    return {"public_id": obj.public_id}


def _follow_ups(world: SecurityWorld) -> Variants:
    return [
        (f"{label}, after {months} months", {"public_id": referral.public_id, "months": months})
        for label, referral in world.victims.samples["hired_referral"]
        for months in (3, 6)
    ]


def _reset_links(world: SecurityWorld) -> Variants:
    user = world.victims.samples["membership"][0][1].user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return [(f"reset link of {user.username}", {"uidb64": uidb64, "token": "cpq3fs-0123456789abcdef0123456789abcdef"})]


def _fixed(*variants: dict) -> Callable[[SecurityWorld], Variants]:
    return lambda world: [(", ".join(f"{k}={v}" for k, v in kwargs.items()), kwargs) for kwargs in variants]


# (route name patterns, the route's parameter names, function(world) -> [(label, kwargs)]). The first entry
# whose patterns match the route name and whose parameters are exactly the route's wins. Every object
# points at a victim institution; where victim objects differ in state, one of each state is tried.
VICTIM_KWARGS: list[tuple[tuple[str, ...], frozenset[str], Callable[[SecurityWorld], Variants]]] = [
    (
        ("registry:workshop-*",),
        frozenset({"public_id", "workshop_id"}),
        _samples("workshop", lambda w: {"public_id": w.organisation.public_id, "workshop_id": w.pk}),
    ),
    (
        ("registry:contact-*",),
        frozenset({"public_id", "contact_id"}),
        _samples("contact", lambda c: {"public_id": c.organisation.public_id, "contact_id": c.pk}),
    ),
    (
        ("registry:register-end", "api:registry-register-end"),
        frozenset({"public_id", "term_id"}),
        _samples("register_term", lambda t: {"public_id": t.organisation.public_id, "term_id": t.pk}),
    ),
    (
        (
            "registry:social-enterprise-revoke",
            "registry:social-enterprise-decision",
            "api:registry-social-enterprise-revoke",
        ),
        frozenset({"public_id", "status_id"}),
        _samples("social_enterprise_status", lambda t: {"public_id": t.organisation.public_id, "status_id": t.pk}),
    ),
    (("registry:*", "api:registry-*"), frozenset({"public_id"}), _samples("organisation", _public_id)),
    (
        ("registry:member-*",),
        frozenset({"public_id", "membership_id"}),
        _samples("membership", lambda m: {"public_id": m.organisation.public_id, "membership_id": m.pk}),
    ),
    (("accounts:organisation-*",), frozenset({"public_id"}), _samples("organisation", _public_id)),
    (
        ("accounts:token-*", "api:accounts-token"),
        frozenset({"token_id"}),
        _samples("token", lambda t: {"token_id": t.pk}),
    ),
    (
        ("notifications:open",),
        frozenset({"notification_id"}),
        _samples("notification", lambda n: {"notification_id": n.pk}),
    ),
    (("staffing:need-*", "api:staffing-need*"), frozenset({"public_id"}), _samples("need", _public_id)),
    (
        (
            "staffing:round-*",
            "staffing:direction-*",
            "staffing:plan-generate",
            "staffing:plan-history",
            "api:staffing-round",
        ),
        frozenset({"public_id"}),
        _samples("round", _public_id),
    ),
    (("staffing:plan-*", "api:staffing-plan"), frozenset({"public_id"}), _samples("plan", _public_id)),
    (
        ("training:programme-*", "training:cohort-create"),
        frozenset({"public_id"}),
        _samples("programme", _public_id),
    ),
    (("training:cohort-*", "api:training-cohort"), frozenset({"public_id"}), _samples("cohort", _public_id)),
    (
        ("training:participant-*", "api:training-participant*"),
        frozenset({"public_id"}),
        _samples("participation", _public_id),
    ),
    (("training:import-*",), frozenset({"public_id"}), _samples("import_job", _public_id)),
    (("reintegration:*",), frozenset({"public_id"}), _samples("participation", _public_id)),
    (
        ("reintegration:class-remove",),
        frozenset({"public_id", "class_id"}),
        _samples("planned_class", lambda line: {"public_id": line.participation.public_id, "class_id": line.pk}),
    ),
    (("benefits:month-*", "api:benefits-month"), frozenset({"public_id"}), _samples("benefit_month", _public_id)),
    (("benefits:line-*",), frozenset({"public_id"}), _samples("benefit_line", _public_id)),
    (("reporting:report-*", "api:reporting-report"), frozenset({"public_id"}), _samples("annual_report", _public_id)),
    (
        ("reporting:figure-records",),
        frozenset({"public_id", "key"}),
        _samples("annual_report", lambda report: {"public_id": report.public_id, "key": "participants.total"}),
    ),
    (("admission:*", "api:admission-*"), frozenset({"public_id"}), _samples("admission_referral", _public_id)),
    (
        (
            "delivery:contract",
            "delivery:contract-pdf",
            "delivery:contract-xlsx",
            "delivery:rule",
            "delivery:report-create",
        ),
        frozenset({"public_id"}),
        _samples("delivery_contract", _public_id),
    ),
    (
        (
            "delivery:report",
            "delivery:report-edit",
            "delivery:report-submit",
            "delivery:report-correct",
            "delivery:report-accept",
            "delivery:report-return",
            "api:delivery-report",
        ),
        frozenset({"public_id"}),
        _samples("delivery_report", _public_id),
    ),
    (("delivery:alert*",), frozenset({"public_id"}), _samples("drift_alert", _public_id)),
    (("delivery:import",), frozenset({"public_id"}), _samples("delivery_import", _public_id)),
    (
        ("commissioning:offer-withdraw", "api:commissioning-offer-*"),
        frozenset({"public_id"}),
        _samples("commissioning_offer", _public_id),
    ),
    (
        (
            "commissioning:contract",
            "commissioning:contract-pdf",
            "commissioning:contract-sign",
            "commissioning:contract-complete",
            "commissioning:contract-terminate",
            "api:commissioning-contract",
        ),
        frozenset({"public_id"}),
        _samples("commissioning_contract", _public_id),
    ),
    (
        ("commissioning:*", "api:commissioning-order"),
        frozenset({"public_id"}),
        _samples("commissioning_order", _public_id),
    ),
    (
        ("readiness:decision", "readiness:decision-*", "readiness:letter", "readiness:conditions-met"),
        frozenset({"public_id"}),
        _samples("readiness_decision", _public_id),
    ),
    (("api:readiness-decision",), frozenset({"public_id"}), _samples("readiness_decision", _public_id)),
    (
        ("readiness:evidence", "readiness:evidence-delete"),
        frozenset({"public_id", "file_id"}),
        _samples("readiness_evidence", lambda f: {"public_id": f.assessment.public_id, "file_id": f.public_id}),
    ),
    (
        ("readiness:*", "api:readiness-assessment"),
        frozenset({"public_id"}),
        _samples("readiness_assessment", _public_id),
    ),
    (
        ("agreements:offer-*", "api:agreements-offer", "api:agreements-offer-*"),
        frozenset({"public_id"}),
        _samples("offer", _public_id),
    ),
    (
        ("agreements:request-*", "api:agreements-request", "api:agreements-request-*"),
        frozenset({"public_id"}),
        _samples("contact_request", _public_id),
    ),
    (
        (
            "agreements:agreement-*",
            "agreements:obligation-add",
            "agreements:signatory-add",
            "api:agreements-agreement",
            "api:agreements-agreement-*",
        ),
        frozenset({"public_id"}),
        _samples("agreement", _public_id),
    ),
    (
        ("agreements:obligation-*", "api:agreements-obligation-*"),
        frozenset({"public_id", "obligation_id"}),
        _samples("obligation", lambda o: {"public_id": o.agreement.public_id, "obligation_id": o.pk}),
    ),
    (
        ("selection:criterion-*",),
        frozenset({"public_id", "criterion_id"}),
        _samples("selection_criterion", lambda c: {"public_id": c.selection.public_id, "criterion_id": c.pk}),
    ),
    (
        ("selection:assessor-*",),
        frozenset({"public_id", "user_id"}),
        _samples("selection_assessor", lambda a: {"public_id": a.selection.public_id, "user_id": a.user_id}),
    ),
    (
        ("selection:appeal-*",),
        frozenset({"public_id", "appeal_id"}),
        _samples("selection_appeal", lambda a: {"public_id": a.entry.selection.public_id, "appeal_id": a.pk}),
    ),
    (
        ("selection:move",),
        frozenset({"public_id", "target"}),
        lambda world: [
            (f"{label}, to {target}", {"public_id": selection.public_id, "target": target})
            for label, selection in world.victims.samples["selection"]
            for target in ("published", "ranked", "cancelled")
        ],
    ),
    (("selection:*", "api:selection-*"), frozenset({"public_id"}), _samples("selection", _public_id)),
    (
        ("founding:member-leave",),
        frozenset({"public_id", "member_id"}),
        _samples("founding_member", lambda m: {"public_id": m.group.public_id, "member_id": m.pk}),
    ),
    (
        ("founding:comment-resolve",),
        frozenset({"public_id", "comment_id"}),
        _samples("founding_comment", lambda c: {"public_id": c.plan.group.public_id, "comment_id": c.pk}),
    ),
    (("founding:*",), frozenset({"public_id"}), _samples("founding_group", _public_id)),
    (
        ("api:founding-of-launch",),
        frozenset({"public_id"}),
        _samples("founding_group", lambda g: {"public_id": g.launch.public_id}),
    ),
    (
        ("launches:launch-move",),
        frozenset({"public_id", "target"}),
        _samples("launch", lambda launch: {"public_id": launch.public_id, "target": "training"}),
    ),
    (
        ("launches:partner-*",),
        frozenset({"public_id", "partner_id"}),
        _samples("launch_partner", lambda p: {"public_id": p.launch.public_id, "partner_id": p.public_id}),
    ),
    (
        ("launches:application-*",),
        frozenset({"public_id", "application_id"}),
        _samples("launch_application", lambda a: {"public_id": a.call.launch.public_id, "application_id": a.public_id}),
    ),
    (
        ("launches:session-results",),
        frozenset({"public_id", "session_id"}),
        _samples("launch_session", lambda s: {"public_id": s.launch.public_id, "session_id": s.pk}),
    ),
    (("launches:*", "api:launches-*"), frozenset({"public_id"}), _samples("launch", _public_id)),
    (("training:import-template",), frozenset({"kind"}), _fixed({"kind": "participants"}, {"kind": "needs"})),
    (("placement:run-*", "api:placement-run*"), frozenset({"public_id"}), _samples("run", _public_id)),
    (
        ("placement:candidate", "api:placement-candidate"),
        frozenset({"public_id"}),
        _samples("participation", _public_id),
    ),
    (
        ("placement:proposal-*", "api:placement-proposal-*"),
        frozenset({"proposal_id"}),
        _samples("proposal", lambda p: {"proposal_id": p.pk}),
    ),
    (("placement:follow-up-*", "api:placement-follow-up"), frozenset({"public_id", "months"}), _follow_ups),
    (("placement:referral-*", "api:placement-referral*"), frozenset({"public_id"}), _samples("referral", _public_id)),
    # Public reference data (the national catalogue, TERYT, static sections): not a victim's record, but
    # the answers are still searched for the victims' people.
    (
        ("cooperatives:franchisee-*",),
        frozenset({"code", "public_id"}),
        _samples("franchisee", lambda f: {"code": f.model.code, "public_id": f.public_id}),
    ),
    (
        ("cooperatives:*", "api:cooperative-model*"),
        frozenset({"code"}),
        _fixed({"code": "uslugi-opiekuncze-osob-prawnych"}, {"code": "zielen-i-srodowisko"}),
    ),
    (("catalogue:version",), frozenset({"code", "number"}), _fixed({"code": "uslugi-opiekuncze", "number": 1})),
    (("catalogue:*", "api:catalogue-service"), frozenset({"code"}), _fixed({"code": "uslugi-opiekuncze"})),
    (("territory:detail", "api:territory-unit"), frozenset({"code"}), _fixed({"code": GRUDZIADZ}, {"code": JANOW})),
    (("core:section",), frozenset({"slug"}), _fixed({"slug": "cooperation3d"})),
    # A reset link of a victim's account with a token the attacker cannot have.
    (("accounts:password-reset-confirm",), frozenset({"uidb64", "token"}), _reset_links),
]


# Routes whose URL arguments name shared reference data rather than a victim's record, and the reset link,
# whose token (not the user it names) is what authorises a write: a wrong token only shows "invalid link".
REFERENCE_DATA_ROUTES = (
    "catalogue:*",
    "api:catalogue-*",
    # The national catalogue of cooperative models and its franchise records: every signed-in user reads them
    # and the catalogue editor (a national role) writes them; a PES manager writes only the franchise records
    # of a model its organisation is the franchisor of (tests/cooperatives: another one's gets 404).
    "cooperatives:*",
    "api:cooperative-model*",
    "territory:*",
    "api:territory-*",
    "core:section",
    "accounts:password-reset-confirm",
)
REFERENCE_DATA_PARAMS = frozenset({"code", "number", "slug", "kind"})


def aims_at_victim(route: Route) -> bool:
    """Whether the route's URL names a victim's record (a write there must be refused)."""
    if not route.params:
        return False
    shared = any(fnmatch.fnmatchcase(route.name, pattern) for pattern in REFERENCE_DATA_ROUTES)
    return not (shared or route.params <= REFERENCE_DATA_PARAMS)


class Unreachable(LookupError):
    """The suite does not know how to aim a route at the victims."""


def kwargs_for(route: Route, world: SecurityWorld) -> Variants:
    if not route.params:
        return [("", {})]
    for patterns, params, make in VICTIM_KWARGS:
        if params == route.params and any(fnmatch.fnmatchcase(route.name, p) for p in patterns):
            variants = make(world)
            if not variants:
                raise Unreachable(f"{route}: the victim world has no object for it; extend tests/security/world.py")
            return variants
    raise Unreachable(
        f"{route}: cannot build URL arguments {sorted(route.params)} aimed at a victim; "
        f"add the route to VICTIM_KWARGS in {HERE}"
    )


def url_for(route: Route, kwargs: dict) -> str:
    return reverse(route.name, kwargs=kwargs)


# Query strings tried on list and search pages, aimed at the victims (route -> function(world) -> queries).
def _victim_pesel(world: SecurityWorld) -> str:
    participation = world.victims.samples["participation"][0][1]
    return decrypt(participation.person.pesel_encrypted)


def _victim_name(world: SecurityWorld) -> str:
    return world.victims.samples["participation"][0][1].person.last_name


def _victim_need(world: SecurityWorld) -> str:
    return str(world.victims.samples["need"][0][1].public_id)


EXTRA_QUERIES: dict[str, Callable[[SecurityWorld], list[dict]]] = {
    "training:pesel-search": lambda w: [{"pesel": _victim_pesel(w)}],
    "training:participant-list": lambda w: [{"q": _victim_name(w)}, {"status": "ready"}],
    "api:training-participants": lambda w: [{"status": "ready"}],
    "registry:list": lambda w: [{"county": "0462"}, {"q": "Wspólna Droga"}],
    "api:registry-organisations": lambda w: [{"municipality": GRUDZIADZ}],
    "staffing:index": lambda w: [{"territory": GRUDZIADZ}, {"territory": "0605"}],
    "staffing:need-list": lambda w: [{"territory": "0462"}],
    "staffing:my-needs": lambda w: [{"status": "open"}],
    "api:staffing-needs": lambda w: [{"provider": str(w.victims.organisations["ss-opiekunka"].public_id)}],
    "api:training-cohorts": lambda w: [{"programme": str(w.victims.samples["programme"][0][1].public_id)}],
    "placement:index": lambda w: [{"page": 2}],
    "training:outcome-follow-ups": lambda w: [{"state": "overdue"}, {"state": "recorded", "order": "-due_on"}],
    "placement:referral-list": lambda w: [{"status": "hired"}, {"status": "proposed"}],
    "admission:sent": lambda w: [{"status": "issued"}, {"sort": "oldest"}],
    "admission:incoming": lambda w: [{"status": "issued"}],
    "commissioning:order-list": lambda w: [{"status": "contracted"}, {"status": "awarded", "sort": "value"}],
    "commissioning:contract-list": lambda w: [{"status": "active"}, {"service": "opieka-wytchnieniowa"}],
    "api:commissioning-orders": lambda w: [{"status": "cancelled"}, {"scope": "mine"}],
    "api:admission-referrals": lambda w: [{"direction": "received"}, {"status": "accepted"}],
    "agreements:offer-list": lambda w: [{"unit": GRUDZIADZ}, {"service": "opieka-wytchnieniowa", "status": "draft"}],
    "agreements:request-list": lambda w: [{"status": "pending"}, {"direction": "received"}],
    "agreements:agreement-list": lambda w: [{"status": "in_force"}],
    "api:agreements-offers": lambda w: [{"unit": "0462"}, {"mine": True}],
    "api:agreements-requests": lambda w: [{"direction": "received"}],
    "api:agreements-agreements": lambda w: [{"status": "in_force"}],
    "api:placement-referrals": lambda w: [{"status": "hired"}],
    "api:placement-runs": lambda w: [{"territory": "0462"}],
    "placement:provider-candidates": lambda w: [{"need": _victim_need(w)}, {"status": "sent"}],
    "territory:search": lambda w: [{"q": "Grudziądz"}],
    "delivery:contract-list": lambda w: [{"municipality": GRUDZIADZ}, {"sort": "alerts"}],
    "delivery:report-list": lambda w: [{"status": "submitted"}],
    "delivery:alert-list": lambda w: [{"status": "open"}],
    "api:delivery-reports": lambda w: [{"status": "accepted"}],
    "cooperatives:model-list": lambda w: [{"target_group": "addictions"}, {"founders": "legal_persons"}],
    "api:cooperative-models": lambda w: [{"service_area": "environment"}],
}


# --- API bodies ------------------------------------------------------------------------------------------

# What a write does to the victims: "target" writes name a victim object in their path; "reference"
# writes name one in their body (the field named); "own" writes change only the caller's own records
# (they are tried in the reach test).
TARGET, REFERENCE, OWN = "target", "reference", "own"


def _monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def organisation_body(org) -> dict:
    return {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "nip": org.nip,
        "regon": org.regon,
        "krs": org.krs,
        "street": org.street,
        "postal_code": org.postal_code,
        "city": org.city,
        "municipality": org.municipality_id,
        "email": org.email,
        "phone": org.phone,
        "website": org.website,
        "description": "Zmienione przez obcą instytucję.",
        "is_active": org.is_active,
    }


def _need_body(need) -> dict:
    return {
        "service_type": need.card_version.service_type.code,
        "position": need.position + " (zmienione)",
        "headcount": need.headcount + 1,
        "required_qualifications": [],
        "working_time": need.working_time,
        "hours_per_week": need.hours_per_week,
        "start_date": str(need.start_date),
        "municipality": need.municipality_id,
    }


def _object(world: SecurityWorld, kind: str, kwargs: dict):
    """The victim object a path argument points at."""
    key = "proposal_id" if "proposal_id" in kwargs else "public_id"
    for _label, obj in world.victims.samples[kind]:
        if (obj.pk if key == "proposal_id" else obj.public_id) == kwargs[key]:
            obj.refresh_from_db()
            return obj
    raise LookupError(kwargs)


def _organisation_put(world: SecurityWorld, kwargs: dict) -> dict:
    organisation = _object(world, "organisation", kwargs)
    return {**organisation_body(organisation), "version": organisation.version}


def _reach_body(world: SecurityWorld, kwargs: dict) -> dict:
    """Move a victim organisation to Kraków: valid for the schema, refused by the access check."""
    organisation = _object(world, "organisation", kwargs)
    reason = "Przeniesienie do Krakowa (próba obcej instytucji)."
    return {"kind": organisation.kind, "municipality": KRAKOW, "reason": reason, "version": organisation.version}


def _need_put(world: SecurityWorld, kwargs: dict) -> dict:
    need = _object(world, "need", kwargs)
    return {**_need_body(need), "version": need.version}


NEXT_REFERRAL_STATE = {"proposed": "sent", "sent": "interview", "interview": "hired"}


def _transition_body(world: SecurityWorld, kwargs: dict) -> dict:
    referral = _object(world, "referral", kwargs)
    return {"to": NEXT_REFERRAL_STATE.get(referral.status, "withdrawn"), "note": "obca instytucja"}


def _new_participant_body(world: SecurityWorld, kwargs: dict) -> dict:
    from tests.training.factories import make_pesel

    today = timezone.localdate()
    return {
        "organisation": str(world.victims.organisations["cis-grudziadz"].public_id),
        "pesel": make_pesel(),
        "first_name": "Obca",
        "last_name": "Wpisana",
        "home_municipality": GRUDZIADZ,
        "categories": ["homeless"],
        "exclusions_none": True,
        "referral_date": str(today - timedelta(days=10)),
        "plan_reference": "IPZS/OBCY/1",
        "plan_signed_on": str(today - timedelta(days=5)),
        "start_date": str(today),
        "planned_end_date": str(today + timedelta(days=100)),
    }


def _admission_body(world: SecurityWorld, kwargs: dict | None = None) -> dict:
    """A draft referral naming the victims' OPS as the referring institution (valid for the schema)."""
    from tests.training.factories import make_pesel

    return {
        "referring_organisation": str(world.victims.organisations["mops-grudziadz"].public_id),
        "target_organisation": str(world.victims.organisations["cis-grudziadz"].public_id),
        "first_name": "Obca",
        "last_name": "Skierowana",
        "pesel": make_pesel(),
        "home_municipality": GRUDZIADZ,
        "applied_on": str(timezone.localdate()),
        "applicant": "person",
        "categories": ["homeless"],
    }


def _admission_accept_body(world: SecurityWorld, kwargs: dict) -> dict:
    today = timezone.localdate()
    return {
        "categories": ["homeless"],
        "exclusions_none": True,
        "plan_reference": "IPZS/OBCY/2",
        "plan_signed_on": str(today),
        "start_date": str(today),
        "planned_end_date": str(today + timedelta(days=100)),
    }


def _victim_offer(world: SecurityWorld):
    return next(offer for _label, offer in world.victims.samples["offer"] if offer.status == "published")


def _offer_body(world: SecurityWorld) -> dict:
    today = timezone.localdate()
    return {
        "organisation": str(world.victims.organisations["cis-grudziadz"].public_id),
        "service": "opieka-wytchnieniowa",
        "title": "Obca oferta",
        "capacity": 5,
        "capacity_unit": "places",
        "area": [GRUDZIADZ],
        "valid_from": str(today),
        "valid_to": str(today + timedelta(days=100)),
        "contact_email": "atak@example.com",
        "delivery": "obca",
    }


# "api:<url name> METHOD" -> (kind, function(world, path kwargs) -> JSON body or None for no body, the body
# field naming a victim for "reference" writes). Each body must pass the endpoint's schema, otherwise the
# API answers 422 before any access check runs and nothing is proven.
API_BODIES: dict[str, tuple[str, Callable[[SecurityWorld, dict], dict | None], str]] = {
    "api:registry-organisation PUT": (TARGET, lambda w, kw: _organisation_put(w, kw), ""),
    "api:registry-organisation-reach POST": (TARGET, lambda w, kw: _reach_body(w, kw), ""),
    "api:registry-register-grant POST": (
        TARGET,
        lambda w, kw: {
            "number": "ATAK/1",
            "decision_number": "ATAK/D/1",
            "decision_date": str(timezone.localdate()),
            "term_start": str(timezone.localdate()),
        },
        "",
    ),
    "api:registry-register-extend POST": (
        TARGET,
        lambda w, kw: {"decision_number": "ATAK/P/1", "decision_date": str(timezone.localdate())},
        "",
    ),
    "api:registry-register-end POST": (
        TARGET,
        lambda w, kw: {"ended_on": str(timezone.localdate()), "reason": "obca instytucja cofa status"},
        "",
    ),
    "api:registry-social-enterprise-grant POST": (
        TARGET,
        lambda w, kw: {
            "decision_number": "ATAK/S/1",
            "decision_date": str(timezone.localdate()),
            "valid_from": str(timezone.localdate()),
        },
        "",
    ),
    "api:registry-social-enterprise-revoke POST": (
        TARGET,
        lambda w, kw: {"revoked_on": str(timezone.localdate()), "reason": "obca instytucja odbiera status"},
        "",
    ),
    "api:staffing-need PUT": (TARGET, lambda w, kw: _need_put(w, kw), ""),
    "api:staffing-need-publish POST": (TARGET, lambda w, kw: None, ""),
    "api:staffing-need-withdraw POST": (TARGET, lambda w, kw: {"note": "obca instytucja"}, ""),
    "api:training-participant-attendance POST": (
        TARGET,
        lambda w, kw: {"day": str(_monday()), "kind": "present", "hours": "6.0"},
        "",
    ),
    "api:training-participant-courses POST": (
        TARGET,
        lambda w, kw: {"programme": "00000000-0000-4000-8000-000000000001", "completed_on": str(timezone.localdate())},
        "",
    ),
    "api:training-participant-qualifications POST": (
        TARGET,
        lambda w, kw: {
            "code": "UO-2",
            "evidence": "certificate",
            "certificate_number": "ATAK/1",
            "issuer": "obca instytucja",
            "issued_on": str(timezone.localdate()),
        },
        "",
    ),
    "api:training-participant-extensions POST": (
        TARGET,
        lambda w, kw: {
            "decided_on": str(timezone.localdate()),
            "new_planned_end": str(timezone.localdate() + timedelta(days=200)),
            "justification": "obca instytucja",
        },
        "",
    ),
    "api:training-participant-outcome PUT": (
        TARGET,
        lambda w, kw: {"kind": "other", "started_on": str(timezone.localdate()), "note": "obca instytucja"},
        "",
    ),
    "api:training-participant-outcome-follow-ups POST": (
        TARGET,
        lambda w, kw: {"months": 3, "still_there": False, "note": "obca instytucja"},
        "",
    ),
    "api:placement-proposal-accept POST": (TARGET, lambda w, kw: {"note": "obca instytucja"}, ""),
    "api:placement-proposal-reject POST": (TARGET, lambda w, kw: {"note": "obca instytucja"}, ""),
    "api:placement-referral-transition POST": (TARGET, _transition_body, ""),
    "api:placement-follow-up POST": (TARGET, lambda w, kw: {"still_employed": False, "note": "obca instytucja"}, ""),
    "api:accounts-token DELETE": (TARGET, lambda w, kw: None, ""),
    "api:staffing-needs POST": (
        REFERENCE,
        lambda w, kw: {
            **_need_body(w.victims.samples["need"][0][1]),
            "provider": str(w.victims.organisations["ss-opiekunka"].public_id),
        },
        "provider",
    ),
    "api:training-cohorts POST": (
        REFERENCE,
        lambda w, kw: {
            "programme": str(w.victims.samples["programme"][0][1].public_id),
            "name": "Obca grupa",
            "start_date": str(timezone.localdate() + timedelta(days=10)),
            "end_date": str(timezone.localdate() + timedelta(days=40)),
            "seats": 5,
            "municipality": GRUDZIADZ,
        },
        "programme",
    ),
    "api:training-participants POST": (REFERENCE, _new_participant_body, "organisation"),
    "api:placement-runs POST": (REFERENCE, lambda w, kw: {"territory": "0462"}, "territory"),
    "api:reporting-reports POST": (
        REFERENCE,
        lambda w, kw: {"organisation": str(w.victims.organisations["cis-grudziadz"].public_id), "year": 2024},
        "organisation",
    ),
    "api:admission-referrals POST": (REFERENCE, lambda w, kw: _admission_body(w), "referring_organisation"),
    "api:admission-referral PUT": (TARGET, lambda w, kw: {**_admission_body(w), "pesel": "", "version": 1}, ""),
    "api:admission-referral-issue POST": (
        TARGET,
        lambda w, kw: {"number": "ATAK/SK/1", "issued_on": str(timezone.localdate())},
        "",
    ),
    "api:admission-referral-withdraw POST": (TARGET, lambda w, kw: {"note": "obca instytucja"}, ""),
    "api:admission-referral-refuse POST": (TARGET, lambda w, kw: {"reason": "obca instytucja"}, ""),
    "api:admission-referral-accept POST": (TARGET, _admission_accept_body, ""),
    "api:agreements-offers POST": (REFERENCE, lambda w, kw: _offer_body(w), "organisation"),
    "api:agreements-offer PUT": (TARGET, lambda w, kw: {**_offer_body(w), "version": 1}, ""),
    "api:agreements-offer-publish POST": (TARGET, lambda w, kw: {"version": 1}, ""),
    "api:agreements-requests POST": (
        REFERENCE,
        lambda w, kw: {
            "offer": str(_victim_offer(w).public_id),
            "requester": str(w.victims.organisations["mops-grudziadz"].public_id),
            "interests": "obca",
            "message": "obca instytucja",
        },
        "requester",
    ),
    "api:agreements-request-accept POST": (TARGET, lambda w, kw: {"version": 1}, ""),
    "api:agreements-request-decline POST": (TARGET, lambda w, kw: {"reason": "obca instytucja"}, ""),
    "api:agreements-agreement-sign POST": (
        TARGET,
        lambda w, kw: {"organisation": str(w.victims.organisations["cis-grudziadz"].public_id), "version": 1},
        "",
    ),
    "api:agreements-obligation-done POST": (TARGET, lambda w, kw: {"note": "obca instytucja"}, ""),
    "api:agreements-offer-withdraw POST": (TARGET, lambda w, kw: {"version": 1, "note": "obca"}, ""),
    "api:agreements-request-withdraw POST": (TARGET, lambda w, kw: {"version": 1}, ""),
    "api:agreements-agreement-enforce POST": (TARGET, lambda w, kw: {"version": 1}, ""),
    "api:agreements-agreement-terminate POST": (TARGET, lambda w, kw: {"version": 1, "reason": "obca"}, ""),
    "api:agreements-agreement-obligations POST": (
        TARGET,
        lambda w, kw: {
            "version": 1,
            "party": str(w.victims.organisations["cis-grudziadz"].public_id),
            "description": "obce zobowiązanie",
            "due_on": str(timezone.localdate()),
        },
        "",
    ),
    "api:delivery-reports POST": (
        REFERENCE,
        lambda w, kw: {
            "contract": str(w.victims.samples["delivery_contract"][0][1].public_id),
            "period_start": str(w.victims.samples["delivery_report"][0][1].period_start),
            "units_delivered": "10",
            "people_served": 1,
            "staff_assigned": 1,
            "submit": True,
        },
        "contract",
    ),
    "api:commissioning-offers POST": (
        REFERENCE,
        lambda w, kw: {
            "order": str(w.victims.samples["commissioning_order"][0][1].public_id),
            "bidder": str(w.victims.organisations["ss-opiekunka"].public_id),
            "unit_price": "10.00",
            "description": "obca instytucja",
            "documents": [],
        },
        "bidder",
    ),
    "api:commissioning-offer-withdraw POST": (TARGET, lambda w, kw: None, ""),
    "api:accounts-tokens POST": (OWN, lambda w, kw: {"name": "atak"}, ""),
    "api:registry-organisations POST": (
        OWN,
        lambda w, kw: {"name": "Nowa instytucja (atak)", "kind": "ops", "municipality": GRUDZIADZ},
        "",
    ),
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_body(route: Route) -> tuple[str, Callable[[SecurityWorld, dict], dict | None], str]:
    key = f"{route.name} {route.method}"
    if key not in API_BODIES:
        raise Unreachable(f"{route}: no valid sample body; add one to API_BODIES in {HERE}")
    return API_BODIES[key]


# --- personas and requests -------------------------------------------------------------------------------


@dataclass
class Attacker:
    """A persona's browser (session) and program (its API token)."""

    persona: Persona
    web: Client
    admitted: Callable[[Route], bool]

    @property
    def name(self) -> str:
        return self.persona.name

    def call(self, route: Route, url: str, *, method: str | None = None, data=None, query=None, follow=False):
        method = method or route.method
        if route.is_api:
            extra = {"HTTP_AUTHORIZATION": f"Bearer {self.persona.token}"} if self.persona.token else {}
            if method == "GET":
                return self.web.get(url, query or {}, **extra)
            body = "" if data is None else json.dumps(data, default=str)
            return self.web.generic(method, url, body, content_type="application/json", **extra)
        if method == "GET":
            return self.web.get(url, query or {}, follow=follow)
        return self.web.post(url, data or {}, follow=follow)


def attacker(persona: Persona) -> Attacker:
    client = Client(raise_request_exception=False)
    user = None
    if persona.user is not None:
        client.force_login(persona.user)
        user = get_user_model().objects.get(pk=persona.user.pk)  # fresh: no role caches from set-up
    cache: dict[str, bool] = {}

    def admitted(route: Route) -> bool:
        rule = route.rule or ""
        if rule not in cache:
            cache[rule] = rule == PUBLIC if user is None else bool(route.rule and user.has_perm(route.rule))
        return cache[rule]

    return Attacker(persona=persona, web=client, admitted=admitted)


@contextlib.contextmanager
def quiet_refusals():
    """Thousands of refused requests: keep Django's per-request warnings out of the way."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def denied(route: Route, attacker_: Attacker, response) -> bool:
    """Refused as an attempt on another institution's record should be: 403/404 (405 for a method the
    route does not take), or the sign-in page for someone not signed in."""
    status = response.status_code
    if attacker_.persona.user is None:
        if route.is_api:
            return status == 401
        return status == 302 and "/accounts/login/" in response.get("Location", "")
    return status in (403, 404, 405)


# --- the detector ----------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_DIGIT_RUN = re.compile(r"\d(?:[\s\-./()]{0,2}\d)+")


def _json_records(node) -> Iterable[str]:
    """Each JSON object's scalar values joined in order, so that a name split into ``first_name`` and
    ``last_name`` fields reads "First Last" as on a page."""
    if isinstance(node, dict):
        yield " ".join(str(v) for v in node.values() if isinstance(v, str | int | float))
        for value in node.values():
            yield from _json_records(value)
    elif isinstance(node, list):
        for value in node:
            yield from _json_records(value)


def _body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            data = json.loads(text)
            text = json.dumps(data, ensure_ascii=False) + "\n" + "\n".join(_json_records(data))
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + text


@dataclass
class Detector:
    needles: list[Needle]
    _text: list[tuple[Needle, str]] = field(init=False)
    _digits: list[Needle] = field(init=False)

    def __post_init__(self):
        self._text = [(n, _WS.sub(" ", n.text).casefold()) for n in self.needles if n.text]
        self._digits = [n for n in self.needles if n.digits]

    def scan(self, response, sent: object = None) -> list[tuple[str, str]]:
        """What of the victims' data the answer holds, as (what, context) pairs. Data the request itself
        carried (``sent``: its query or body, e.g. a PESEL typed into a search) is not counted."""
        raw = _body_text(response)
        decoded = html.unescape(raw)
        # HTML entities decoded (this also covers the escaped variants of each needle), and URL-encoded
        # text (links such as mailto:) decoded once more.
        unquoted = unquote(decoded)
        texts = [decoded, unquoted] if unquoted != decoded else [decoded]
        haystacks = [_WS.sub(" ", text).casefold() for text in texts]
        echo = _WS.sub(" ", json.dumps(sent, default=str, ensure_ascii=False)).casefold() if sent else ""
        echo_digits = re.sub(r"\D", "", echo)
        found: dict[str, str] = {}
        for needle, text in self._text:
            if text in echo:
                continue
            for haystack in haystacks:
                at = haystack.find(text)
                if at >= 0:
                    found.setdefault(f"{needle.owner} ({needle.what})", _context(haystack, at, len(text)))
                    break
        if self._digits:
            runs = [re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(decoded)]
            for needle in self._digits:
                if needle.digits in echo_digits:
                    continue
                for run in runs:
                    if needle.digits in run:
                        found.setdefault(f"{needle.owner} ({needle.what})", f"…{run}…")
                        break
        return list(found.items())


def _context(haystack: str, at: int, length: int) -> str:
    start, end = max(0, at - 40), min(len(haystack), at + length + 40)
    return "…" + haystack[start:end].replace("\n", " ") + "…"


# --- forms -----------------------------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]]
    selects: dict[str, list[tuple[str, str]]]  # name -> [(value, label)]

    def body(self, prefer: Callable[[str, list[tuple[str, str]]], str | None] | None = None) -> dict:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        if prefer is not None:
            for name, options in self.selects.items():
                chosen = prefer(name, options)
                if chosen is not None:
                    data[name] = [chosen]
        return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, str, bool]] = []
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""
        self._radios: set[str] = set()
        self._first_radio: dict[str, str] = {}
        self._button: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_url
            self._form = Form(
                method=a.get("method", "get").lower(), action=urlsplit(action).path, fields=[], selects={}
            )
            self._radios, self._first_radio, self._button = set(), {}, None
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
                    self._radios.add(name)
                elif kind == "radio":
                    self._first_radio.setdefault(name, a.get("value", "on"))
            elif kind in ("submit", "button", "image", "file", "reset"):
                if kind == "submit" and self._button is None:
                    self._button = (name, a.get("value", ""))
            else:
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit" and self._button is None:
            self._button = (name, a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in a), []
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = (a.get("value"), "selected" in a), ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data):
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "option" and self._option is not None:
            value, selected = self._option
            label = self._option_text.strip()
            self._options.append((label if value is None else value, label, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            # What a user would submit: the selected options, or else the first real choice.
            chosen = [v for v, _l, s in self._options if s and v] or [v for v, _l, _s in self._options if v][:1]
            self._form.fields.extend((name, value) for value in (chosen if multiple else chosen[:1]))
            self._form.selects[name] = [(v, label) for v, label, _s in self._options]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea, self._textarea_text))
            self._textarea = None
        elif tag == "form":
            for name, value in self._first_radio.items():
                if name not in self._radios:
                    self._form.fields.append((name, value))
            if self._button is not None:
                self._form.fields.append(self._button)
            self.forms.append(self._form)
            self._form = None


def forms_in(response, page_url: str) -> list[Form]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _FormParser(page_url)
    parser.feed(response.content.decode("utf-8", "replace"))
    return [form for form in parser.forms if form.method == "post"]


# --- what the suite reports ------------------------------------------------------------------------------


@dataclass
class Findings:
    """Failures by kind, each naming the request (method, route, object, persona) and what went wrong.
    Leaks that several personas meet on the same request are reported once, with the personas listed."""

    lines: dict[str, list[str]] = field(default_factory=dict)
    leaks: dict[tuple[str, str], list] = field(default_factory=dict)  # (request, what) -> [personas, context]

    def add(self, kind: str, line: str) -> None:
        self.lines.setdefault(kind, []).append(line)

    def leak(self, request: str, persona: str, response, detector: Detector, sent: object = None) -> None:
        found = detector.scan(response, sent)
        if found:
            what = f"{response.status_code}: " + ", ".join(item for item, _context in found)
            entry = self.leaks.setdefault((request, what), [[], found[0][1]])
            entry[0].append(persona)

    def server_error(self, request: str, persona: str, response) -> None:
        if response.status_code >= 500:
            self.add("server error", f"{request} as {persona} -> {response.status_code}")

    def extend(self, kind: str, lines: Iterable[str]) -> None:
        for line in lines:
            self.add(kind, line)

    def _all(self) -> dict[str, list[str]]:
        every = dict(self.lines)
        if self.leaks:
            every["leak"] = [
                f"{request} as {', '.join(personas)} -> {what} [e.g. {context}]"
                for (request, what), (personas, context) in self.leaks.items()
            ]
        return every

    def report(self) -> str:
        every = self._all()
        body = []
        for kind, lines in every.items():
            body.append(f"\n== {kind} ({len(lines)}) ==")
            body.extend(f"- {line}" for line in lines)
        return "the attacker got through: " + repr(self) + "\n" + "\n".join(body)

    def __bool__(self) -> bool:
        return bool(self.lines or self.leaks)

    def __repr__(self) -> str:
        return "Findings(" + ", ".join(f"{len(v)} {k}" for k, v in self._all().items()) + ")"


# Tables a read may write: the session (idle timeout), the read log of personal data and a token's last use.
# Opening one's own notification (a GET, from a link or an e-mail) marks it read: the reader's own bookkeeping.
BOOKKEEPING_TABLES = frozenset(
    {"django_session", "audit_personaldataaccess", "accounts_apitoken", "notifications_notification"}
)
WRITE_STATEMENT = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextlib.contextmanager
def writes():
    """The tables written (other than bookkeeping) by the statements run inside the block: a GET never writes."""
    written: list[str] = []

    def watch(execute, sql, params, many, context):
        match = WRITE_STATEMENT.match(sql)
        if match and match.group(1) not in BOOKKEEPING_TABLES:
            written.append(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield written
