"""The demo's referrals to a CIS or KIS: each issued by the OPS (or CUS) of the person's home municipality after
its social worker's community interview; two wait for the CIS/KIS and one is a draft."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from kooperacja.admission import services as admission
from kooperacja.demo.builders import pesel_for


def _user(username):
    return get_user_model().objects.get(username=username)


# The OPS (in Janów Lubelski the CUS that replaced it) of each home municipality of the demo's people and its
# social worker.
REFERRING_OPS = {
    "0462011": ("mops-grudziadz", "pracownik.socjalny"),
    "0605053": ("cus-janow", "pracownik.socjalny.janow"),
    "0605063": ("gops-modliborzyce", "pracownik.socjalny.modliborzyce"),
}
OPINIONS = {
    "long_term_unemployed": "Osoba długotrwale bezrobotna, zmotywowana do podjęcia pracy; wymaga wsparcia w powrocie "
    "na rynek pracy.",
    "alcohol": "Osoba po terapii odwykowej, utrzymuje abstynencję; zajęcia w centrum wzmocnią jej samodzielność.",
    "mental": "Osoba z zaburzeniami psychicznymi pod opieką poradni; zalecane stopniowe wdrażanie do zajęć.",
    "homeless": "Osoba realizująca indywidualny program wychodzenia z bezdomności; zajęcia są jego częścią.",
}


def demo_referral(organisations, *, home, target, person, categories, issued_on, number, issue=True):
    """A referral of the OPS of ``home`` to ``target``, drafted and (unless ``issue`` is false) issued by its social
    worker after the community interview."""
    key, username = REFERRING_OPS[home]
    worker = _user(username)
    opinion = OPINIONS.get(categories[0], "Osoba zagrożona wykluczeniem społecznym; zajęcia reintegracyjne wskazane.")
    referral = admission.referral_create(
        actor=worker,
        data={
            **person,
            "referring_organisation": organisations[key],
            "target_organisation": target,
            "home_municipality": home,
            "applied_on": issued_on - timedelta(days=16),
            "applicant": "person",
            "consent_given": False,
            "categories": categories,
            "interview_date": issued_on - timedelta(days=7),
            "opinion": opinion,
        },
    )
    if not issue:
        return referral
    return admission.referral_issue(
        actor=worker, referral=referral, number=f"SK/{issued_on.year}/{number:03d}", issued_on=issued_on
    )


def demo_waiting_referrals(organisations, today: date) -> None:
    """Two issued referrals the CIS have not decided yet, and drafts of the OPS in Modliborzyce and Grudziądz."""
    waiting = [
        ("0462011", "cis-grudziadz", "Stefania", "Lis", "long_term_unemployed", True),
        ("0605053", "cis-janow", "Henryk", "Zając", "alcohol", True),
        ("0605063", "kis-modliborzyce", "Marianna", "Sowa", "homeless", False),
        ("0462011", "kis-grudziadz", "Roman", "Kruk", "alcohol", False),
    ]
    for index, (home, key, first, last, category, issue) in enumerate(waiting):
        demo_referral(
            organisations,
            home=home,
            target=organisations[key],
            person={
                "pesel": pesel_for(date(1975 + index * 3, 2 + index, 10 + index), 300 + index, first.endswith("a")),
                "first_name": first,
                "last_name": last,
                "phone": f"+48 600 000 {300 + index}",
            },
            categories=[category],
            issued_on=today - timedelta(days=2),
            number=100 + index,
            issue=issue,
        )
