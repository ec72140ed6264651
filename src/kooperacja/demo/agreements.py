"""Demo offers, contact requests and cooperation agreements (seed 002): the KIS „Przystań” in Grudziądz trains
for respite care, the social cooperative „Dobra Opieka” (whose staff are former KIS participants) delivers it, and
the MOPR of Grudziądz works with both under an agreement in force with obligations (one overdue, one done). A
request of the municipality office about the cooperative's offer waits for an answer. Every state of the three
workflows is present, in Grudziądz and in Janów Lubelski; everything is made through the services."""

from datetime import timedelta

from django.utils import timezone

from kooperacja.agreements import agreement_services as agreements
from kooperacja.agreements import selectors as agreement_selectors
from kooperacja.agreements import services as offers
from kooperacja.catalogue import selectors as catalogue
from kooperacja.registry.models import Organisation

GRUDZIADZ = "0462011"
GRUDZIADZ_COUNTY = "0462"
JANOW = "0605053"
JANOW_COUNTY = "0605"


def _offer(org, code, title, *, area, capacity, unit="people_per_year", training="", delivery="", days=(-60, 365)):
    today = timezone.localdate()
    service = catalogue.service_type_find(code=code)
    assert service is not None and service.current_version is not None
    card = service.current_version
    modules = [m.pk for m in card.programme_modules.order_by("variant", "order")[:3]] if training else []
    return offers.offer_create(
        actor=None,
        data={
            "organisation": org,
            "service_type": service,
            "title": title,
            "modules": modules,
            "qualifications": [q.pk for q in card.qualifications.order_by("order")[:2]] if training else [],
            "training": training,
            "delivery": delivery,
            "capacity": capacity,
            "capacity_unit": unit,
            "area": area,
            "valid_from": today + timedelta(days=days[0]),
            "valid_to": today + timedelta(days=days[1]),
            "contact_email": org.email or "kontakt@example.org",
            "contact_phone": org.phone,
        },
    )


def _draft(parties, subject, *, start, end, review, obligations, signatories, offer=None):
    today = timezone.localdate()
    agreement = agreements.agreement_create(
        actor=None,
        organisations=parties,
        data={
            "subject": subject,
            "scope": subject,
            "valid_from": today + timedelta(days=start),
            "valid_to": today + timedelta(days=end),
            "review_on": today + timedelta(days=review),
        },
        offer=offer,
    )
    by_org = {p.organisation_id: p for p in agreement.parties.all()}
    for org, what, due in obligations:
        agreements.obligation_add(
            actor=None,
            agreement=agreement,
            data={"party": by_org[org.pk].pk, "description": what, "due_on": today + timedelta(days=due)},
            expected_version=agreement.version,
        )
    for org, name, function in signatories:
        agreements.signatory_add(
            actor=None,
            agreement=agreement,
            data={"party": by_org[org.pk].pk, "name": name, "function": function},
            expected_version=agreement.version,
        )
    return agreement


def _sign_all(agreement) -> None:
    for party in list(agreement.parties.all()):
        agreements.agreement_sign(actor=None, agreement=agreement, organisation_id=party.organisation_id)


def demo_agreements_load(organisations: dict[str, Organisation]) -> dict[str, int]:
    o = organisations
    kis, coop, mops = o["kis-grudziadz"], o["ss-opiekunka"], o["mops-grudziadz"]
    if agreement_selectors.organisation_has_offers(organisation_id=kis.pk):
        return {}  # loaded already
    today = timezone.localdate()
    area = [GRUDZIADZ, GRUDZIADZ_COUNTY]
    kis_offer = _offer(
        kis,
        "opieka-wytchnieniowa",
        "Przygotowanie opiekunów wytchnieniowych",
        area=area,
        capacity=12,
        training="Kurs opiekuna wytchnieniowego z praktyką w spółdzielni socjalnej.",
    )
    coop_offer = _offer(
        coop,
        "opieka-wytchnieniowa",
        "Opieka wytchnieniowa w domu i w dzień",
        area=area,
        capacity=4000,
        unit="units",
        delivery="Opieka wytchnieniowa w miejscu zamieszkania, do 240 godzin rocznie na rodzinę.",
    )
    catering = _offer(
        o["ss-smak"],
        "posilki-catering-spoleczny",
        "Posiłki dla seniorów z dowozem",
        area=[GRUDZIADZ_COUNTY],
        capacity=150,
        unit="places",
        delivery="Obiady z dowozem w powiecie grudziądzkim.",
    )
    cis_offer = _offer(
        o["cis-grudziadz"],
        "uslugi-opiekuncze",
        "Usługi opiekuńcze i szkolenie opiekunek",
        area=area,
        capacity=20,
        training="Szkolenie opiekunek środowiskowych.",
        delivery="Usługi opiekuńcze w Grudziądzu.",
    )
    for offer in (kis_offer, coop_offer, catering, cis_offer):
        offers.offer_publish(actor=None, offer=offer)
    # A draft, a withdrawn and an expired offer.
    _offer(
        o["fundacja-horyzont"],
        "uslugi-sasiedzkie",
        "Usługi sąsiedzkie (szkic)",
        area=area,
        capacity=30,
        delivery="Usługi sąsiedzkie.",
    )
    withdrawn = _offer(
        o["cis-grudziadz"],
        "posilki-catering-spoleczny",
        "Catering z pracowni kulinarnej",
        area=area,
        capacity=40,
        unit="places",
        delivery="Posiłki.",
    )
    offers.offer_publish(actor=None, offer=withdrawn)
    offers.offer_withdraw(actor=None, offer=withdrawn, note="Pracownia w remoncie.")
    expired = _offer(
        kis,
        "uslugi-sasiedzkie",
        "Szkolenie w usługach sąsiedzkich 2024",
        area=area,
        capacity=10,
        training="Szkolenie.",
        days=(-500, -10),
    )
    offers.offer_publish(actor=None, offer=expired, today=today - timedelta(days=20))
    offers.offers_expire(today=today)
    janow_offer = _offer(
        o["cis-janow"],
        "uslugi-opiekuncze",
        "Usługi opiekuńcze w gminie Janów Lubelski",
        area=[JANOW, JANOW_COUNTY],
        capacity=15,
        delivery="Usługi opiekuńcze.",
    )
    offers.offer_publish(actor=None, offer=janow_offer)

    # Contact requests: pending (the municipality office asks the cooperative), accepted (a draft agreement),
    # declined and withdrawn.
    message = "Prosimy o kontakt w sprawie współpracy w 2026 r."
    offers.request_send(
        actor=None,
        offer=coop_offer,
        requester=o["um-grudziadz"],
        data={"interests": "Opieka wytchnieniowa dla 20 rodzin", "message": message},
    )
    accepted = offers.request_send(
        actor=None, offer=cis_offer, requester=mops, data={"interests": "Szkolenie opiekunek", "message": message}
    )
    draft = offers.request_accept(actor=None, request=accepted, answer="Zapraszamy do uzgodnienia porozumienia.")
    agreements.obligation_add(
        actor=None,
        agreement=draft,
        data={
            "party": draft.parties.all()[0].pk,
            "description": "Przeszkolenie 10 opiekunek",
            "due_on": today + timedelta(days=120),
        },
        expected_version=draft.version,
    )
    declined = offers.request_send(
        actor=None,
        offer=catering,
        requester=o["cis-grudziadz"],
        data={"interests": "Posiłki dla uczestników CIS", "message": message},
    )
    offers.request_decline(actor=None, request=declined, reason="Brak wolnych miejsc do końca roku.")
    withdrawn_request = offers.request_send(
        actor=None,
        offer=kis_offer,
        requester=o["fundacja-horyzont"],
        data={"interests": "Szkolenie dla bezrobotnych", "message": message},
    )
    offers.request_withdraw(actor=None, request=withdrawn_request)

    # The seed 002 agreement in force: KIS, cooperative and MOPR, one obligation overdue, one done, one due soon.
    in_force = _draft(
        [kis, coop, mops],
        "Porozumienie o współpracy w zakresie opieki wytchnieniowej w Grudziądzu",
        start=-200,
        end=530,
        review=20,
        obligations=[
            (kis, "Przeszkolenie 6 uczestników KIS na opiekunów wytchnieniowych", -60),
            (mops, "Przekazanie kwartalnego sprawozdania z potrzeb rodzin", -10),
            (coop, "Zatrudnienie 2 absolwentów szkolenia KIS", 10),
        ],
        signatories=[
            (kis, "Marek Zieliński", "kierownik KIS"),
            (coop, "Katarzyna Lewandowska", "prezes zarządu spółdzielni"),
            (mops, "Agnieszka Nowak", "dyrektor MOPR"),
        ],
        offer=kis_offer,
    )
    _sign_all(in_force)
    agreements.agreement_enforce(actor=None, agreement=in_force)
    first = in_force.obligations.order_by("due_on").first()
    agreements.obligation_done(actor=None, obligation=first, note="6 osób ukończyło kurs.")
    agreements.agreement_amend(
        actor=None,
        agreement=in_force,
        data={"summary": "Przesunięcie przeglądu porozumienia.", "review_on": today + timedelta(days=25)},
        expected_version=in_force.version,
    )

    # Agreed (valid from next month), ended, terminated; one in force in Janów Lubelski.
    signatory = [(kis, "Marek Zieliński", "kierownik KIS"), (o["cis-grudziadz"], "Joanna Wiśniewska", "kierownik CIS")]
    agreed = _draft(
        [kis, o["cis-grudziadz"]],
        "Wspólne zajęcia reintegracyjne KIS i CIS",
        start=30,
        end=400,
        review=200,
        obligations=[(kis, "Udostępnienie sali", 60)],
        signatories=signatory,
    )
    _sign_all(agreed)
    ended = _draft(
        [kis, o["cis-grudziadz"]],
        "Wymiana kadry instruktorskiej 2024",
        start=-500,
        end=-30,
        review=-200,
        obligations=[(kis, "Wspólne szkolenie kadry", -300)],
        signatories=signatory,
    )
    _sign_all(ended)
    agreements.agreement_enforce(actor=None, agreement=ended)
    agreements.agreement_end(actor=None, agreement=ended)
    terminated = _draft(
        [coop, mops],
        "Dowóz posiłków (rozwiązane)",
        start=-100,
        end=200,
        review=50,
        obligations=[(coop, "Dowóz obiadów", 30)],
        signatories=[
            (coop, "Katarzyna Lewandowska", "prezes zarządu spółdzielni"),
            (mops, "Agnieszka Nowak", "dyrektor MOPR"),
        ],
    )
    _sign_all(terminated)
    agreements.agreement_enforce(actor=None, agreement=terminated)
    agreements.agreement_terminate(
        actor=None, agreement=terminated, reason="Spółdzielnia zakończyła działalność gastronomiczną."
    )
    janow = _draft(
        [o["cis-janow"], o["cus-janow"]],
        "Porozumienie o usługach opiekuńczych w Janowie Lubelskim",
        start=-90,
        end=600,
        review=120,
        obligations=[(o["cis-janow"], "Świadczenie usług opiekuńczych dla 15 osób", 5)],
        signatories=[(o["cis-janow"], "Ewa Mazur", "kierownik CIS"), (o["cus-janow"], "Tomasz Wójcik", "dyrektor CUS")],
        offer=janow_offer,
    )
    _sign_all(janow)
    agreements.agreement_enforce(actor=None, agreement=janow)
    return {"offers": 8, "agreements": 6}
