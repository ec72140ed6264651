"""Readiness in the demo region, built through the readiness services, with every state of the workflow:

- the seed 002 social cooperative of Grudziądz („Dobra Opieka”) confirmed READY for respite care
  (``opieka-wytchnieniowa``), so that a commissioner can award it a respite-care contract;
- the CIS of Grudziądz ready WITH CONDITIONS for care services, the conditions due in two weeks;
- a social cooperative whose decision has LAPSED (validity ended), and a decision WITHDRAWN in Janów;
- a KIS struck off the voivode's register: its assessment waits UNDER REVIEW and cannot be confirmed ready;
- a NOT READY decision, a SUBMITTED assessment waiting for the assessor, a DRAFT and a WITHDRAWN one.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kooperacja.catalogue import selectors as catalogue
from kooperacja.readiness import evidence, selectors, services
from kooperacja.readiness.models import Answer, Outcome
from kooperacja.registry import selectors as registry
from kooperacja.registry import services as registry_services
from kooperacja.registry.models import Organisation, OrganisationKind

RESPITE = "opieka-wytchnieniowa"
CARE = "uslugi-opiekuncze"
NEIGHBOURS = "uslugi-sasiedzkie"
MEALS = "posilki-catering-spoleczny"
STRUCK_OFF_KIS = "Klub Integracji Społecznej „Nowy Start” (demo)"
LASIN = "0406033"
# A minimal PDF: the evidence of the demo (its content is checked like any upload).
EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _struck_off_kis() -> Organisation:
    """A KIS in Lasin entered in the register four years ago and struck off last month."""
    found = [org for org in registry.organisations(kinds=[OrganisationKind.KIS]) if org.name == STRUCK_OFF_KIS]
    if found:
        return found[0]
    kis = registry_services.organisation_create(
        actor=None,
        data={
            "name": STRUCK_OFF_KIS,
            "kind": OrganisationKind.KIS,
            "municipality": LASIN,
            "city": "Łasin",
            "street": "ul. Szkolna 4",
            "postal_code": "86-320",
            "description": "Organizacja demonstracyjna: klub wykreślony z rejestru wojewody.",
        },
    )
    today = timezone.localdate()
    term = registry_services.register_term_grant(
        actor=None, organisation=kis, data={"number": "KIS/04/29", "term_start": today - timedelta(days=4 * 365)}
    )
    registry_services.register_term_end(
        actor=None,
        term=term,
        ended_on=today - timedelta(days=30),
        reason="Klub nie prowadzi działalności od ponad roku (kontrola wojewody).",
    )
    return kis


def _walk(provider, code, *, until: str, assessor=None, manager=None, partly: bool = False, attach: bool = False):
    """An assessment of ``provider`` for the service ``code`` taken as far as ``until``: "draft", "submitted",
    "under_review" (with the visit) or "withdrawn"."""
    service_type = catalogue.service_type_find(code=code)
    assert service_type is not None, code
    assessment = services.assessment_start(actor=manager, provider=provider, service_type=service_type)
    answers = {}
    for index, item in enumerate(assessment.items.all()):
        if partly and index == 0:
            answers[item.pk] = {"answer": Answer.PARTLY, "comment": "Szkolenie z pierwszej pomocy w trakcie."}
        else:
            answers[item.pk] = {"answer": Answer.MET, "comment": ""}
    services.assessment_self_assess(
        actor=manager,
        assessment=assessment,
        answers=answers,
        summary="Samoocena przygotowana przez zarząd z zespołem.",
        expected_version=assessment.version,
    )
    if attach:
        evidence.evidence_attach(
            actor=manager, assessment=assessment, file_name="regulamin-uslugi.pdf", content=EVIDENCE_PDF
        )
    if until == "draft":
        return assessment
    services.assessment_submit(actor=manager, assessment=assessment)
    if until == "withdrawn":
        return services.assessment_withdraw(actor=manager, assessment=assessment, note="Złożona omyłkowo.")
    if until == "submitted":
        return assessment
    services.assessment_take(actor=assessor, assessment=assessment)
    services.assessment_record_visit(
        actor=assessor,
        assessment=assessment,
        data={
            "visit_date": timezone.localdate(),
            "visit_present": "Prezes zarządu, koordynatorka usług, dwie opiekunki",
            "visit_findings": "Lokal, wyposażenie i procedury zgodne z kartą usługi; kadra z kwalifikacjami.",
        },
        expected_version=assessment.version,
    )
    return assessment


def _decide(assessment, *, assessor, outcome=Outcome.READY, valid_from=None, valid_until=None, conditions_due=None):
    today = timezone.localdate()
    data = {"outcome": outcome, "reasons": "Wymagania karty usługi spełnione; potwierdzone podczas wizyty."}
    if outcome != Outcome.NOT_READY:
        data |= {
            "valid_from": valid_from or today,
            "valid_until": valid_until or (valid_from or today) + timedelta(days=2 * 365),
        }
    else:
        data["reasons"] = "Brak wymaganego lokalu i kadry z kwalifikacjami opiekuna."
    if outcome == Outcome.READY_WITH_CONDITIONS:
        data |= {
            "conditions": "Uzupełnić szkolenie z pierwszej pomocy dla opiekunek i przedstawić zaświadczenia.",
            "conditions_due": conditions_due or today + timedelta(days=14),
        }
    return services.assessment_decide(actor=assessor, assessment=assessment, data=data)


def demo_readiness_load(organisations: dict[str, Organisation]) -> None:
    if selectors.assessments_of(provider_id=organisations["ss-opiekunka"].pk).exists():
        return  # already loaded
    today = timezone.localdate()
    owes = _user("doradca.owes")  # OWES „Most”: kujawsko-pomorskie
    coordinator = _user("koordynator")  # MOPR Grudziądz: the county of Grudziądz
    coordinator_janow = _user("koordynator.janow")  # CUS Janów Lubelski
    manager = _user("manager.pes")
    manager_janow = _user("manager.pes.janow")
    cis_staff = _user("kadra.cis")
    kis_staff = _user("kadra.kis")

    # Seed 002: the social cooperative of Grudziądz, ready for respite care (two years from a month ago).
    respite = _walk(
        organisations["ss-opiekunka"], RESPITE, until="under_review", assessor=owes, manager=manager, attach=True
    )
    _decide(respite, assessor=owes, valid_from=today - timedelta(days=30))
    # The cooperative is also ready for care services at home (it bids against the CIS for them).
    home_care = _walk(organisations["ss-opiekunka"], CARE, until="under_review", assessor=owes, manager=manager)
    _decide(home_care, assessor=owes, valid_from=today - timedelta(days=30))
    # The CIS of Grudziądz: ready with conditions for care services, due in two weeks.
    care = _walk(
        organisations["cis-grudziadz"], CARE, until="under_review", assessor=coordinator, manager=cis_staff, partly=True
    )
    _decide(care, assessor=coordinator, outcome=Outcome.READY_WITH_CONDITIONS)
    # A decision whose validity ended ten days ago: lapsed by the daily task.
    lapsed = _walk(organisations["ss-smak"], RESPITE, until="under_review", assessor=owes)
    _decide(lapsed, assessor=owes, valid_from=today - timedelta(days=375), valid_until=today - timedelta(days=10))
    services.decisions_lapse(today=today)
    # A KIS struck off the voivode's register: under review, it cannot be confirmed ready.
    _walk(_struck_off_kis(), NEIGHBOURS, until="under_review", assessor=owes)
    # The KIS of Grudziądz waits for the assessor; the foundation is not ready for meals and is drafting respite.
    _walk(organisations["kis-grudziadz"], NEIGHBOURS, until="submitted", manager=kis_staff)
    refused = _walk(organisations["fundacja-horyzont"], MEALS, until="under_review", assessor=coordinator)
    _decide(refused, assessor=coordinator, outcome=Outcome.NOT_READY)
    _walk(organisations["fundacja-horyzont"], RESPITE, until="draft")
    _walk(organisations["ss-opiekunka"], NEIGHBOURS, until="withdrawn", manager=manager)
    # Janów Lubelski: the CIS ready for neighbourly services; the cooperative's decision withdrawn, a new draft.
    janow = _walk(organisations["cis-janow"], NEIGHBOURS, until="under_review", assessor=coordinator_janow)
    _decide(janow, assessor=coordinator_janow)
    withdrawn = _walk(
        organisations["ss-janow"], CARE, until="under_review", assessor=coordinator_janow, manager=manager_janow
    )
    decision = _decide(withdrawn, assessor=coordinator_janow, valid_from=today - timedelta(days=60))
    services.decision_withdraw(
        actor=coordinator_janow, decision=decision, note="Spółdzielnia zawiesiła świadczenie usług opiekuńczych."
    )
    _walk(organisations["ss-janow"], RESPITE, until="draft", manager=manager_janow)
