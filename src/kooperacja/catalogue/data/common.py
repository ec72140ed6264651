# ruff: noqa: E501 - card texts are prose; one sentence per line reads better than wrapped fragments.
"""Building blocks shared by the cards: row helpers, common course modules, readiness criteria and indicators."""

COURSE = "course"
EVIDENCE = "evidence"
COURSE_OR_EVIDENCE = "course_or_evidence"


def q(
    code: str,
    name: str,
    requirement: str,
    hours: int | None = None,
    mandatory: bool = True,
    met_by: str = EVIDENCE,
) -> dict:
    """A qualification (product c). ``met_by`` says what the requirement text accepts: only a document
    (``EVIDENCE``, the default), completing this card's CIS/KIS course (``COURSE``), or either
    (``COURSE_OR_EVIDENCE``, where the text says «lub ukończony kurs przygotowawczy z tej karty»)."""
    return {
        "code": code,
        "name": name,
        "requirement": requirement,
        "hours": hours,
        "mandatory": mandatory,
        "met_by": met_by,
    }


def m(title: str, hours: int, outcomes: list[str]) -> dict:
    """A course module (product d); learning outcomes are listed one per line."""
    return {"title": title, "hours": hours, "learning_outcomes": "\n".join(f"– {line}" for line in outcomes)}


def r(category: str, description: str) -> dict:
    """A minimum resource (product e): staff, premises, equipment, procedures or organisation."""
    return {"category": category, "description": description}


def c(description: str, evidence: str) -> dict:
    """A readiness criterion (product f) with the evidence that confirms it."""
    return {"description": description, "evidence": evidence}


def i(name: str, unit: str, description: str = "") -> dict:
    """A monitoring indicator."""
    return {"name": name, "unit": unit, "description": description}


# --- modules common to many courses ---------------------------------------------------------------------


def bhp(hours: int = 8) -> dict:
    return m(
        "Bezpieczeństwo i higiena pracy, ochrona przeciwpożarowa i ewakuacja",
        hours,
        [
            "stosuje zasady BHP i ergonomii na stanowisku pracy oraz w miejscu świadczenia usługi",
            "rozpoznaje zagrożenia pożarowe i wie, jak przeprowadzić ewakuację osoby o ograniczonej sprawności",
            "posługuje się środkami ochrony indywidualnej i chemią użytkową zgodnie z kartami charakterystyki",
        ],
    )


def first_aid(hours: int = 16) -> dict:
    return m(
        "Pierwsza pomoc przedmedyczna",
        hours,
        [
            "ocenia stan poszkodowanego i wzywa pomoc zgodnie z zasadami systemu Państwowe Ratownictwo Medyczne",
            "prowadzi resuscytację krążeniowo-oddechową dorosłego i dziecka, także z użyciem AED",
            "udziela pomocy przy zadławieniu, omdleniu, napadzie drgawek, urazach i oparzeniach",
        ],
    )


def communication(hours: int, who: str) -> dict:
    return m(
        "Komunikacja z odbiorcą usługi, etyka zawodowa i ochrona danych osobowych",
        hours,
        [
            f"komunikuje się z {who} z szacunkiem dla ich autonomii, godności i prywatności",
            "rozpoznaje sytuacje trudne i konfliktowe oraz reaguje na nie zgodnie z procedurą realizatora",
            "przestrzega tajemnicy i zasad ochrony danych osobowych (RODO) przy prowadzeniu dokumentacji usługi",
            "rozpoznaje symptomy przemocy i zaniedbania oraz wie, komu je zgłosić",
        ],
    )


def social_enterprise(hours: int) -> dict:
    return m(
        "Przedsiębiorczość społeczna: spółdzielnia socjalna jako realizator usług społecznych",
        hours,
        [
            "wyjaśnia, czym jest spółdzielnia socjalna i przedsiębiorstwo społeczne oraz kto może je założyć",
            "opisuje tryby zlecania usług przez samorząd (otwarty konkurs ofert, mały grant, zamówienie zastrzeżone, umowa w ramach programu usług społecznych)",
            "przygotowuje wstępną kalkulację kosztu godziny usługi i zarys biznesplanu z pomocą doradcy OWES",
        ],
    )


def practice(hours: int, where: str) -> dict:
    return m(
        "Praktyka zawodowa u realizatora usługi",
        hours,
        [
            f"wykonuje pod nadzorem opiekuna praktyki zadania pracownika {where}",
            "dokumentuje wykonane czynności w karcie praktyki i omawia je z opiekunem",
            "ocenia własne mocne strony i obszary do rozwoju w pracy przy tej usłudze",
        ],
    )


def job_activation(hours: int) -> dict:
    return m(
        "Planowanie ścieżki zawodowej i wejście na rynek usług społecznych",
        hours,
        [
            "określa swoje predyspozycje do pracy w usługach społecznych we współpracy z doradcą zawodowym",
            "przygotowuje CV i list motywacyjny oraz przechodzi symulowaną rozmowę kwalifikacyjną",
            "zna lokalnych realizatorów usług i ścieżki dalszego kształcenia (kwalifikacyjne kursy zawodowe, walidacja)",
        ],
    )


# --- readiness criteria (product f) ---------------------------------------------------------------------


def _trained_people(count: int, course: str) -> str:
    """Polish number agreement: «3 osoby ukończyły … i uzyskały», «5 osób ukończyło … i uzyskało»."""
    if count == 1:
        return f"1 osoba ukończyła {course} i uzyskała"
    if 2 <= count <= 4:
        return f"{count} osoby ukończyły {course} i uzyskały"
    return f"{count} osób ukończyło {course} i uzyskało"


def readiness(
    *specific: dict, trained: int = 3, course: str = "kurs przygotowawczy z tej karty", staff: str = ""
) -> list[dict]:
    """Card-specific criteria followed by the criteria every provider must meet.

    ``staff`` replaces the generated sentence about trained staff when a card needs its own wording.
    """
    return [
        c(
            "Podmiot zatrudnienia socjalnego ma aktualny status: CIS — wpis do rejestru prowadzonego przez wojewodę (status nadany decyzją na 5 lat), KIS — wpis do rejestru wojewody; spółdzielnia socjalna lub inny PES — wpis do KRS.",
            "Numer i data wpisu do rejestru wojewody (dla CIS także decyzja o nadaniu statusu) albo odpis z KRS.",
        ),
        *specific,
        c(
            staff
            or f"Co najmniej {_trained_people(trained, course)} potwierdzenie efektów uczenia się; podmiot wskazał osobę koordynującą usługę.",
            "Zaświadczenia o ukończeniu kursu z wykazem modułów i godzin, protokół weryfikacji efektów uczenia się, zakres obowiązków koordynatora.",
        ),
        c(
            "Opracowano regulamin świadczenia usługi z procedurą przyjęcia odbiorcy, procedurą skarg i wniosków oraz procedurą postępowania w sytuacjach nagłych.",
            "Regulamin i procedury przyjęte uchwałą lub zarządzeniem organu podmiotu.",
        ),
        c(
            "Podmiot ma ubezpieczenie odpowiedzialności cywilnej w zakresie świadczonej usługi oraz wdrożone zasady ochrony danych osobowych.",
            "Polisa OC, rejestr czynności przetwarzania, upoważnienia do przetwarzania danych dla pracowników.",
        ),
    ]


# --- monitoring indicators ------------------------------------------------------------------------------


def indicators(*specific: dict) -> list[dict]:
    """Card-specific indicators followed by the indicators every card reports."""
    return [
        *specific,
        i(
            "Liczba odbiorców usługi",
            "osoby",
            "Osoby, które w okresie sprawozdawczym skorzystały z usługi co najmniej raz.",
        ),
        i(
            "Odsetek odbiorców zadowolonych z usługi",
            "%",
            "Udział odpowiedzi «raczej zadowolony» i «bardzo zadowolony» w ankiecie satysfakcji prowadzonej co najmniej raz w roku.",
        ),
        i(
            "Liczba uczestników i absolwentów CIS/KIS zatrudnionych przy usłudze",
            "osoby",
            "Osoby zatrudnione na umowę o pracę, spółdzielczą umowę o pracę lub umowę cywilnoprawną przy realizacji usługi.",
        ),
        i(
            "Liczba skarg uznanych za zasadne",
            "szt.",
            "Skargi odbiorców lub ich rodzin rozpatrzone i uznane za zasadne w okresie sprawozdawczym.",
        ),
    ]
