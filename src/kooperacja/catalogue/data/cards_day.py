# ruff: noqa: E501 - card texts are prose; one sentence per line reads better than wrapped fragments.
"""Day care: older people, small children, people with mental disorders."""

from kooperacja.catalogue.data.common import (
    COURSE_OR_EVIDENCE,
    bhp,
    c,
    communication,
    first_aid,
    i,
    indicators,
    job_activation,
    m,
    practice,
    q,
    r,
    readiness,
    social_enterprise,
)

UPS = "Ustawa z dnia 12 marca 2004 r. o pomocy społecznej"
ZLOBKI = "Ustawa z dnia 4 lutego 2011 r. o opiece nad dziećmi w wieku do lat 3 (Dz.U. 2011 nr 45 poz. 235 z późn. zm.)"
SENIOR_PLUS = (
    "Program wieloletni na rzecz Osób Starszych «Aktywni Seniorzy – ASY» na lata 2026–2030 (uchwała nr 176 Rady "
    "Ministrów z dnia 12 grudnia 2025 r., M.P. 2025 poz. 1255), który od 2026 r. obejmuje placówki dotąd wspierane "
    "z programu wieloletniego «Senior+» na lata 2021–2025 (uchwała nr 191 Rady Ministrów z dnia 21 grudnia 2020 r., "
    "M.P. 2021 poz. 10; wygasł 31 grudnia 2025 r.); wykonawcą jest minister właściwy do spraw zabezpieczenia "
    "społecznego (art. 6 ust. 2 ustawy z dnia 11 września 2015 r. o osobach starszych)"
)

OPIEKUN_DZIECKA_QUALIFICATION = q(
    "DZ-1",
    "Opiekun w żłobku lub klubie dziecięcym",
    "Kwalifikacje: pielęgniarka, położna, opiekunka dziecięca, nauczyciel wychowania przedszkolnego lub wczesnoszkolnego, pedagog opiekuńczo-wychowawczy (i pokrewne) — albo wykształcenie średnie i szkolenie 280 godzin (w tym co najmniej 80 godzin zajęć praktycznych), albo co najmniej 12 miesięcy pracy z dziećmi do lat 3 (przy przerwie dłuższej niż 6 miesięcy — szkolenie uzupełniające 80 godzin), albo wykształcenie wyższe na kierunku przydatnym w opiece nad dziećmi i szkolenie 80 godzin.",
    280,
    True,
)
PIERWSZA_POMOC_DZIECI = q(
    "DZ-2",
    "Szkolenie z pierwszej pomocy dzieciom",
    "Szkolenie z udzielania dziecku pierwszej pomocy odbyte nie wcześniej niż 2 lata przed zatrudnieniem, ponawiane co 2 lata.",
    16,
    True,
)
WOLONTARIUSZ_DZIECI = q(
    "DZ-3",
    "Wolontariusz w żłobku lub klubie",
    "Szkolenie 40 godzin z zakresu opieki nad dzieckiem i szkolenie z pierwszej pomocy; wolontariusz pracuje pod nadzorem opiekuna.",
    40,
    False,
)
RSPTS = q(
    "DZ-4",
    "Weryfikacja w rejestrach karnych",
    "Informacja z Krajowego Rejestru Karnego i sprawdzenie w Rejestrze Sprawców Przestępstw na Tle Seksualnym; brak ograniczeń władzy rodzicielskiej; wywiązywanie się z obowiązku alimentacyjnego.",
    None,
    True,
)


def childcare_cis(practice_where: str) -> list[dict]:
    """The 280-hour opiekun course (200 h of theory, 80 h of practice) taught in a CIS workshop."""
    return [
        m(
            "Rozwój psychoruchowy dziecka do lat 3",
            40,
            [
                "opisuje etapy rozwoju fizycznego, poznawczego, emocjonalnego i społecznego dziecka",
                "rozpoznaje sygnały nieprawidłowości rozwoju i przekazuje obserwacje rodzicom",
            ],
        ),
        m(
            "Pielęgnacja, higiena i żywienie małego dziecka",
            40,
            [
                "przewija, kąpie i ubiera niemowlę i małe dziecko",
                "przygotowuje i podaje posiłki zgodnie z zasadami żywienia i diety dziecka",
                "stosuje zasady higieny i zapobiegania zakażeniom w grupie dzieci",
            ],
        ),
        m(
            "Zabawa i wspieranie rozwoju dziecka",
            40,
            [
                "planuje dzień dziecka z rytmem snu, posiłków i aktywności",
                "prowadzi zabawy wspierające rozwój mowy, ruchu i samodzielności",
            ],
        ),
        m(
            "Adaptacja dziecka i współpraca z rodzicami",
            20,
            [
                "prowadzi adaptację dziecka do żłobka według ustalonego planu",
                "przekazuje rodzicom codzienną informację o dziecku",
            ],
        ),
        m(
            "Bezpieczeństwo dziecka i przepisy ustawy o opiece nad dziećmi do lat 3",
            20,
            [
                "stosuje przepisy dotyczące bezpieczeństwa, standardów opieki i ochrony dzieci przed krzywdzeniem",
                "zna wymagania dotyczące lokalu, liczby dzieci na opiekuna i dokumentacji",
            ],
        ),
        first_aid(16),
        bhp(8),
        social_enterprise(16),
        practice(80, practice_where),
    ]


def childcare_kis() -> list[dict]:
    return [
        m(
            "Małe dziecko i jego potrzeby",
            16,
            [
                "opisuje podstawowe potrzeby dziecka do lat 3",
                "wyjaśnia, jakie kwalifikacje są wymagane od opiekuna i jak je zdobyć (kurs 280 h)",
            ],
        ),
        m(
            "Pielęgnacja i bezpieczeństwo dziecka — podstawy",
            20,
            [
                "pomaga przy posiłkach, przewijaniu i usypianiu dzieci pod nadzorem opiekuna",
                "dba o bezpieczeństwo dzieci w sali i na placu zabaw",
            ],
        ),
        communication(8, "dziećmi i ich rodzicami"),
        first_aid(8),
        job_activation(8),
        practice(40, "żłobka lub klubu dziecięcego jako pomoc opiekunki lub wolontariusz"),
    ]


DZIENNY_DOM_SENIOR = {
    "code": "dzienny-dom-senior-plus",
    "name": "Dzienny dom pomocy dla osób starszych (Dzienny Dom «Senior+»)",
    "summary": "Ośrodek wsparcia dziennego dla osób w wieku 60+ nieaktywnych zawodowo: opieka, posiłek, zajęcia aktywizujące, kulturalne, ruchowe i terapeutyczne, co najmniej 8 godzin dziennie od poniedziałku do piątku.",
    "delivery_form": "day",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 51 (ośrodki wsparcia; dzienny dom pomocy).\n{SENIOR_PLUS}. Minimalne standardy lokalowe i kadrowe Dziennego Domu «Senior+» z programu 2021–2025 pozostają punktem odniesienia modelu.\nUstawa z dnia 11 września 2015 r. o osobach starszych.",
    "target_groups": "Osoby w wieku 60+ nieaktywne zawodowo, samotne lub czasowo pozbawione opieki rodziny w ciągu dnia, potrzebujące wsparcia w codziennym funkcjonowaniu i kontaktów społecznych.",
    "service_standard": "Dzienny Dom działa co najmniej 8 godzin dziennie od poniedziałku do piątku i zapewnia co najmniej jeden gorący posiłek dziennie. Oferta obejmuje: usługi socjalne, opiekuńcze, aktywizujące (kulturalno-oświatowe, edukacyjne, rekreacyjne, sportowe), terapię zajęciową, usługi wspomagające (prozdrowotne, poradnictwo).\nWarunki lokalowe zgodne ze standardem programu «Senior+»: pomieszczenie do aktywności ruchowej i kulturalnej, pomieszczenie do odpoczynku, jadalnia z zapleczem kuchennym, łazienka z natryskiem, szatnia; lokal dostępny dla osób z niepełnosprawnością.\nStandard rekomendowany w modelu: kierownik i co najmniej jeden pracownik merytoryczny na każde 15 uczestników; indywidualny plan wsparcia uczestnika aktualizowany co 6 miesięcy.",
    "qualifications": [
        q(
            "DD-1",
            "Kierownik dziennego domu",
            "Wykształcenie wyższe (preferowane: praca socjalna, pedagogika, gerontologia) i co najmniej 2 lata doświadczenia w pracy z osobami starszymi.",
            None,
            True,
        ),
        q(
            "DD-2",
            "Opiekun osoby starszej (kod zawodu 341202) lub opiekunka środowiskowa",
            "Dyplom w zawodzie albo ukończony kurs przygotowawczy z tej karty, potwierdzony weryfikacją efektów uczenia się.",
            240,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "DD-3",
            "Terapeuta zajęciowy lub instruktor terapii",
            "Kwalifikacje terapeuty zajęciowego albo instruktora (plastyka, muzyka, rękodzieło) do prowadzenia zajęć z seniorami.",
            None,
            False,
        ),
        q("DD-4", "Szkolenie z pierwszej pomocy", "Dla całego personelu, nie starsze niż 2 lata.", 16, True),
        q(
            "DD-5",
            "Bezpieczne żywienie zbiorowe",
            "Dla osób wydających posiłki: orzeczenie do celów sanitarno-epidemiologicznych i przeszkolenie z zasad higieny żywności (HACCP).",
            8,
            True,
        ),
    ],
    "cis_modules": [
        m(
            "Starzenie się i potrzeby osób starszych",
            30,
            [
                "opisuje zmiany biologiczne, psychiczne i społeczne w procesie starzenia się",
                "rozpoznaje objawy najczęstszych chorób wieku podeszłego, w tym otępienia",
            ],
        ),
        m(
            "Organizacja dnia w dziennym domu i aktywizacja seniorów",
            40,
            [
                "współprowadzi zajęcia ruchowe, pamięciowe, plastyczne i kulturalne",
                "motywuje uczestników do aktywności z poszanowaniem ich wyborów",
            ],
        ),
        m(
            "Opieka i pomoc w czynnościach codziennych",
            40,
            [
                "pomaga w higienie, przemieszczaniu się i przy posiłkach",
                "obserwuje stan uczestnika i informuje kierownika o zmianach",
            ],
        ),
        m(
            "Żywienie osób starszych i wydawanie posiłków",
            20,
            [
                "stosuje zasady żywienia seniorów i diet (cukrzycowa, lekkostrawna)",
                "wydaje posiłki zgodnie z zasadami HACCP",
            ],
        ),
        communication(20, "osobami starszymi i ich rodzinami"),
        first_aid(16),
        bhp(8),
        social_enterprise(16),
        practice(50, "dziennego domu lub klubu seniora"),
    ],
    "kis_modules": [
        m(
            "Senior w społeczności lokalnej",
            12,
            [
                "opisuje potrzeby osób starszych i ofertę wsparcia w gminie",
                "przeciwdziała stereotypom dotyczącym starości",
            ],
        ),
        m(
            "Pomoc w zajęciach i czynnościach codziennych seniorów",
            24,
            ["pomaga w organizacji zajęć i posiłków", "towarzyszy seniorom w aktywnościach"],
        ),
        communication(12, "osobami starszymi"),
        first_aid(8),
        job_activation(8),
        practice(40, "dziennego domu «Senior+»"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Kierownik, co najmniej 1 opiekun lub pracownik merytoryczny na 15 uczestników, osoba prowadząca terapię zajęciową; obsługa kuchni lub umowa z dostawcą posiłków.",
        ),
        r(
            "premises",
            "Lokal dostępny architektonicznie według standardu programu «Senior+»: sala zajęć, pokój wypoczynku, jadalnia z zapleczem kuchennym, łazienka z natryskiem, szatnia.",
        ),
        r(
            "equipment",
            "Sprzęt do ćwiczeń ruchowych, materiały do terapii zajęciowej, wyposażenie jadalni, fotele do odpoczynku, apteczka, ciśnieniomierz.",
        ),
        r(
            "procedures",
            "Regulamin organizacyjny, zasady kwalifikowania uczestników i odpłatności (uchwała rady gminy), procedura postępowania przy pogorszeniu stanu zdrowia uczestnika.",
        ),
        r(
            "organisation",
            "Umowa z gminą (placówka Senior+ prowadzona przez gminę lub zlecona PES); transport dla uczestników z ograniczoną mobilnością.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Lokal spełnia standard programu «Senior+» i ma pozytywne opinie sanepidu i straży pożarnej.",
            "Protokoły lub opinie PPIS i PSP; dokumentacja fotograficzna lokalu; tytuł prawny do lokalu.",
        ),
    ),
    "indicators": indicators(
        i("Liczba miejsc w dziennym domu", "miejsca"),
        i("Średnia dzienna frekwencja uczestników", "%"),
        i("Liczba wydanych posiłków", "posiłki/miesiąc"),
    ),
}

KLUB_SENIOR = {
    "code": "klub-senior-plus",
    "name": "Klub seniora (Klub «Senior+»)",
    "summary": "Miejsce spotkań i aktywności osób 60+ działające kilka godzin w tygodniu: zajęcia kulturalne, edukacyjne, ruchowe i integracyjne, wolontariat i samopomoc; prostsza forma od dziennego domu, bez zapewniania opieki i posiłku.",
    "delivery_form": "community",
    "is_cus_social_service": True,
    "legal_basis": f"{SENIOR_PLUS}. Standard Klubu «Senior+» z programu 2021–2025 (niższe niż w dziennym domu wymagania lokalowe i kadrowe) pozostaje punktem odniesienia modelu.\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818) — obszar polityki senioralnej i aktywności obywatelskiej.",
    "target_groups": "Osoby w wieku 60+ nieaktywne zawodowo, zagrożone samotnością i wykluczeniem społecznym.",
    "service_standard": "Klub działa według harmonogramu uzgodnionego z uczestnikami (standard rekomendowany w modelu: co najmniej 3 dni w tygodniu po 4 godziny). Oferta: zajęcia ruchowe, edukacyjne (w tym cyfrowe), kulturalne, spotkania z ekspertami (zdrowie, bezpieczeństwo), wolontariat seniorów. Uczestnicy współdecydują o programie (rada klubu).",
    "qualifications": [
        q(
            "KS-1",
            "Animator klubu seniora",
            "Doświadczenie w animacji społecznej lub pracy z osobami starszymi (co najmniej 1 rok) albo ukończony kurs przygotowawczy z tej karty.",
            120,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q("KS-2", "Szkolenie z pierwszej pomocy", "Aktualne zaświadczenie (nie starsze niż 2 lata).", 8, True),
        q(
            "KS-3",
            "Instruktor zajęć ruchowych dla seniorów",
            "Fizjoterapeuta lub instruktor rekreacji ruchowej (umowa na zajęcia).",
            None,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Animacja czasu wolnego osób starszych",
            40,
            [
                "planuje roczny program klubu z udziałem uczestników",
                "prowadzi zajęcia integracyjne, kulturalne i edukacyjne",
            ],
        ),
        m(
            "Kompetencje cyfrowe seniorów — prowadzenie zajęć",
            20,
            ["uczy seniorów obsługi smartfona, bankowości elektronicznej i bezpiecznego korzystania z internetu"],
        ),
        m(
            "Organizacja klubu i współpraca z partnerami",
            20,
            ["prowadzi listę obecności i dokumentację klubu", "pozyskuje partnerów (biblioteka, dom kultury, szkoła)"],
        ),
        communication(16, "osobami starszymi"),
        first_aid(8),
        bhp(6),
        social_enterprise(16),
        practice(40, "klubu seniora"),
    ],
    "kis_modules": [
        m("Klub seniora — zasady działania", 8, ["opisuje cele klubu seniora i rolę animatora"]),
        m(
            "Pomoc w prowadzeniu zajęć dla seniorów",
            20,
            ["przygotowuje salę i materiały", "współprowadzi proste zajęcia integracyjne"],
        ),
        communication(8, "osobami starszymi"),
        first_aid(8),
        job_activation(6),
        practice(30, "klubu seniora"),
    ],
    "minimum_resources": [
        r("staff", "Animator klubu (co najmniej 1/2 etatu) i osoby prowadzące zajęcia na umowach."),
        r(
            "premises",
            "Sala spotkań dostępna architektonicznie, z zapleczem do przygotowania napojów i dostępem do toalety.",
        ),
        r(
            "equipment",
            "Stoły i krzesła, sprzęt multimedialny, komputer lub tablety do zajęć cyfrowych, materiały do zajęć.",
        ),
        r("procedures", "Regulamin klubu, harmonogram zajęć, lista obecności."),
    ],
    "readiness_criteria": readiness(
        c(
            "Podmiot ma tytuł prawny do lokalu spełniającego standard klubu «Senior+».",
            "Umowa najmu lub użyczenia; opis lokalu.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba zajęć w miesiącu", "zajęcia/miesiąc"),
        i("Liczba stałych uczestników klubu", "osoby", "Osoby uczestniczące co najmniej raz w tygodniu."),
    ),
}

ZLOBEK = {
    "code": "zlobek",
    "name": "Żłobek",
    "summary": "Opieka nad dziećmi od 20. tygodnia życia do końca roku szkolnego, w którym dziecko kończy 3 lata (wyjątkowo 4), do 10 godzin dziennie: opieka pielęgnacyjna, wychowawcza i edukacyjna, zajęcia zabawowe, wyżywienie.",
    "delivery_form": "day",
    "is_cus_social_service": True,
    "legal_basis": f"{ZLOBKI} — żłobek jako forma opieki; działalność regulowana wymagająca wpisu do rejestru żłobków i klubów dziecięcych prowadzonego przez wójta, burmistrza lub prezydenta miasta (system Emp@tia); wymagania wobec opiekunów, liczby dzieci i lokalu; standardy opieki (obowiązkowe i rekomendowane) określone na podstawie ustawy.",
    "target_groups": "Dzieci w wieku od 20 tygodni do 3 lat (wyjątkowo do 4 lat, gdy wychowanie przedszkolne jest niemożliwe lub utrudnione) i ich rodzice pracujący, uczący się lub poszukujący pracy.",
    "service_standard": "Opieka do 10 godzin dziennie (na wniosek rodziców za dodatkową opłatą dłużej). Jeden opiekun może sprawować opiekę nad maksymalnie 8 dziećmi, a nad 5 — gdy w grupie jest dziecko niepełnosprawne, wymagające szczególnej opieki lub które nie ukończyło 1. roku życia. W żłobku, do którego uczęszcza więcej niż 20 dzieci, zatrudnia się co najmniej jedną pielęgniarkę albo położną.\nLokal: pomieszczenie do zabawy o powierzchni co najmniej 16 m² dla 3–5 dzieci, powiększone o 2 m² na każde kolejne dziecko przy opiece do 5 godzin lub o 2,5 m² przy opiece dłuższej niż 5 godzin; wysokość co najmniej 2,5 m; spełnienie wymagań sanitarnych i przeciwpożarowych.",
    "qualifications": [
        OPIEKUN_DZIECKA_QUALIFICATION,
        PIERWSZA_POMOC_DZIECI,
        RSPTS,
        q(
            "ZL-1",
            "Pielęgniarka lub położna",
            "Prawo wykonywania zawodu; wymagana, gdy do żłobka uczęszcza więcej niż 20 dzieci.",
            None,
            True,
        ),
        q(
            "ZL-2",
            "Dyrektor żłobka",
            "Wykształcenie wyższe i co najmniej 3 lata pracy z dziećmi do lat 3 albo kwalifikacje opiekuna i co najmniej 5 lat pracy z dziećmi do lat 3 (wymagane od dyrektora żłobka publicznego; rekomendowane w modelu dla każdego żłobka).",
            None,
            False,
        ),
        WOLONTARIUSZ_DZIECI,
    ],
    "cis_modules": childcare_cis("opiekuna w żłobku"),
    "kis_modules": childcare_kis(),
    "minimum_resources": [
        r(
            "staff",
            "Opiekunowie w liczbie zapewniającej proporcję 1:8 (1:5 w grupach z dziećmi do 1. roku życia lub z niepełnosprawnością); pielęgniarka lub położna przy ponad 20 dzieciach; dyrektor lub osoba kierująca; obsługa kuchni lub umowa cateringowa.",
        ),
        r(
            "premises",
            "Lokal wpisany do rejestru: sala zabaw co najmniej 16 m² dla 3–5 dzieci (+2 m² lub +2,5 m² na kolejne dziecko), wysokość co najmniej 2,5 m, miejsce do spania, łazienka z umywalkami i nocnikami lub sedesami dla dzieci, miejsce do przewijania, wydzielone miejsce na wózki.",
        ),
        r(
            "equipment",
            "Łóżeczka lub leżaczki z pościelą dla każdego dziecka, przewijaki, zabawki z oznaczeniem CE odpowiednie do wieku, apteczka, krzesełka do karmienia.",
        ),
        r(
            "procedures",
            "Statut i regulamin organizacyjny, zasady odpłatności, procedury adaptacji, bezpieczeństwa, postępowania w razie choroby lub wypadku, standardy ochrony małoletnich.",
        ),
        r(
            "organisation",
            "Wpis do rejestru żłobków i klubów dziecięcych; umowy z rodzicami; ubezpieczenie OC i NNW dzieci.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Żłobek uzyskał wpis do rejestru żłobków i klubów dziecięcych prowadzonego przez wójta, burmistrza lub prezydenta miasta.",
            "Zaświadczenie o wpisie do rejestru (Emp@tia).",
        ),
        c(
            "Lokal ma pozytywne opinie państwowego powiatowego inspektora sanitarnego i komendanta powiatowego (miejskiego) PSP.",
            "Opinie PPIS i PSP wydane dla lokalu.",
        ),
        staff="Co najmniej 3 opiekunów ma kwalifikacje wymagane ustawą (w tym absolwenci szkolenia 280 h z potwierdzonymi efektami uczenia się); wskazano osobę kierującą żłobkiem.",
    ),
    "indicators": indicators(
        i("Liczba miejsc opieki", "miejsca", "Liczba miejsc wpisana do rejestru."),
        i("Liczba dzieci zapisanych", "dzieci"),
        i("Odsetek wykorzystania miejsc", "%", "Średnia liczba dzieci obecnych wobec liczby miejsc."),
    ),
}

KLUB_DZIECIECY = {
    "code": "klub-dzieciecy",
    "name": "Klub dziecięcy",
    "summary": "Opieka nad dziećmi od ukończenia 1. roku życia do końca roku szkolnego, w którym dziecko kończy 3 lata, nie dłużej niż 5 godzin dziennie; forma mniejsza i elastyczniejsza od żłobka, dobra dla małych gmin i obszarów wiejskich.",
    "delivery_form": "day",
    "is_cus_social_service": True,
    "legal_basis": f"{ZLOBKI} — klub dziecięcy jako forma opieki; wpis do rejestru żłobków i klubów dziecięcych; wymagania wobec opiekunów i lokalu; standardy opieki.",
    "target_groups": "Dzieci w wieku od 1 roku do 3 lat (wyjątkowo 4) i ich rodzice.",
    "service_standard": "Opieka do 5 godzin dziennie. Proporcja: jeden opiekun na 8 dzieci, na 5 — gdy w grupie jest dziecko niepełnosprawne lub wymagające szczególnej opieki. Lokal zapewnia bezpieczne i higieniczne warunki oraz spełnia wymagania sanitarne i przeciwpożarowe; wymagania lokalowe są łagodniejsze niż dla żłobka.\nStandard rekomendowany w modelu: grupy do 15 dzieci, stały rytm dnia z posiłkiem (drugie śniadanie), codzienna informacja dla rodziców.",
    "qualifications": [OPIEKUN_DZIECKA_QUALIFICATION, PIERWSZA_POMOC_DZIECI, RSPTS, WOLONTARIUSZ_DZIECI],
    "cis_modules": childcare_cis("opiekuna w klubie dziecięcym"),
    "kis_modules": childcare_kis(),
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 2 opiekunów z kwalifikacjami z ustawy (proporcja 1:8, a 1:5 w grupach z dziećmi wymagającymi szczególnej opieki) i osoba kierująca.",
        ),
        r(
            "premises",
            "Sala zabaw z miejscem do odpoczynku, łazienka dostosowana do potrzeb małych dzieci, miejsce do przewijania; lokal spełniający wymagania sanitarne i ppoż.",
        ),
        r("equipment", "Zabawki i pomoce odpowiednie do wieku, materace lub leżaczki, przewijak, apteczka."),
        r(
            "procedures",
            "Regulamin klubu, zasady odpłatności, procedury bezpieczeństwa i standardy ochrony małoletnich.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Klub uzyskał wpis do rejestru żłobków i klubów dziecięcych.",
            "Zaświadczenie o wpisie do rejestru (Emp@tia).",
        ),
        staff="Co najmniej 2 opiekunów ma kwalifikacje wymagane ustawą (w tym absolwenci szkolenia 280 h z potwierdzonymi efektami uczenia się); wskazano osobę kierującą klubem.",
    ),
    "indicators": indicators(
        i("Liczba miejsc opieki", "miejsca"),
        i("Liczba dzieci zapisanych", "dzieci"),
    ),
}

DZIENNY_OPIEKUN = {
    "code": "dzienny-opiekun",
    "name": "Dzienny opiekun",
    "summary": "Opieka nad małą grupą dzieci w wieku od 20 tygodni do 3 lat w warunkach domowych: w lokalu dziennego opiekuna albo w innym lokalu zapewnionym przez gminę lub pracodawcę.",
    "delivery_form": "day",
    "is_cus_social_service": True,
    "legal_basis": f"{ZLOBKI} — dzienny opiekun (zatrudniany przez gminę lub inny podmiot); wykaz dziennych opiekunów prowadzony przez gminę; wymagania wobec dziennego opiekuna, liczby dzieci i lokalu.",
    "target_groups": "Dzieci w wieku od 20 tygodni do 3 lat (wyjątkowo 4) i ich rodzice, zwłaszcza w gminach wiejskich i tam, gdzie nie ma żłobka.",
    "service_standard": "Dzienny opiekun może sprawować opiekę nad maksymalnie 5 dziećmi, a nad 3 — gdy w grupie jest dziecko, które nie ukończyło 1. roku życia, niepełnosprawne lub wymagające szczególnej opieki; przy współudziale rodzica w opiece — odpowiednio 8 lub 5 dzieci.\nLokal zapewnia bezpieczne i higieniczne warunki opieki, w tym miejsce do zabawy i odpoczynku; dzienny opiekun zapewnia dzieciom wyżywienie, jeśli rodzice nie postanowią inaczej.",
    "qualifications": [
        q(
            "DO-1",
            "Szkolenie dziennego opiekuna",
            "Szkolenie 160 godzin zakończone egzaminem — albo 40 godzin dla osób z kwalifikacjami opiekuna w żłobku (np. pielęgniarka, nauczyciel wychowania przedszkolnego); zwolnienie ze szkolenia po co najmniej 12 miesiącach pracy z dziećmi do lat 3 bezpośrednio przed zatrudnieniem. Szkolenie uzupełniające co 2 lata.",
            160,
            True,
        ),
        PIERWSZA_POMOC_DZIECI,
        q(
            "DO-2",
            "Wymagania osobowe",
            "Pełnoletność; dawanie rękojmi należytego sprawowania opieki; brak ograniczenia lub pozbawienia władzy rodzicielskiej; wywiązywanie się z obowiązku alimentacyjnego; niekaralność za przestępstwo umyślne; sprawdzenie w Rejestrze Sprawców Przestępstw na Tle Seksualnym.",
            None,
            True,
        ),
    ],
    "cis_modules": [
        m(
            "Rozwój i pielęgnacja dziecka do lat 3",
            40,
            [
                "opisuje etapy rozwoju małego dziecka",
                "wykonuje czynności pielęgnacyjne i higieniczne przy niemowlęciu i małym dziecku",
            ],
        ),
        m(
            "Organizacja opieki w warunkach domowych",
            30,
            [
                "przygotowuje lokal do bezpiecznej opieki nad grupą dzieci",
                "planuje dzień, posiłki i zabawy dla grupy dzieci w różnym wieku",
            ],
        ),
        m(
            "Zabawa i wspieranie rozwoju",
            30,
            ["prowadzi zabawy ruchowe, muzyczne i plastyczne", "wspiera rozwój mowy i samodzielności"],
        ),
        m(
            "Współpraca z rodzicami i gminą; prawo",
            20,
            [
                "zawiera umowę z rodzicami i prowadzi dokumentację opieki",
                "zna obowiązki dziennego opiekuna wynikające z ustawy",
            ],
        ),
        first_aid(16),
        bhp(8),
        social_enterprise(16),
        practice(
            40, "dziennego opiekuna lub żłobka (zaliczana do szkolenia 160 h, jeśli program jest uznany przez gminę)"
        ),
    ],
    "kis_modules": [
        m(
            "Dzienny opiekun — zawód i wymagania",
            12,
            ["opisuje warunki zostania dziennym opiekunem i przebieg szkolenia 160 h"],
        ),
        m(
            "Opieka nad małym dzieckiem — podstawy",
            24,
            ["wykonuje proste czynności pielęgnacyjne", "organizuje bezpieczną zabawę"],
        ),
        communication(8, "rodzicami małych dzieci"),
        first_aid(8),
        job_activation(8),
        practice(30, "dziennego opiekuna lub klubu dziecięcego"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Dzienny opiekun z ukończonym szkoleniem; zastępstwo na czas choroby lub urlopu uzgodnione z gminą lub podmiotem zatrudniającym.",
        ),
        r(
            "premises",
            "Lokal spełniający warunki bezpieczeństwa i higieny: miejsce do zabawy i odpoczynku dla każdego dziecka, zabezpieczone gniazdka, schody i okna, dostęp do łazienki.",
        ),
        r(
            "equipment",
            "Łóżeczka turystyczne lub materace, krzesełka do karmienia, zabawki odpowiednie do wieku, apteczka.",
        ),
        r(
            "procedures",
            "Umowa z rodzicami, zasady odpłatności i wyżywienia, procedura postępowania w razie choroby lub wypadku dziecka.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Dzienny opiekun jest wpisany do wykazu dziennych opiekunów prowadzonego przez gminę.",
            "Wpis w wykazie dziennych opiekunów.",
        ),
        trained=1,
        course="szkolenie dziennego opiekuna (160 h lub 40 h) z egzaminem",
    ),
    "indicators": indicators(
        i("Liczba dzieci pod opieką", "dzieci"),
        i("Liczba dziennych opiekunów zatrudnionych", "osoby"),
    ),
}

SDS = {
    "code": "srodowiskowy-dom-samopomocy",
    "name": "Środowiskowy dom samopomocy",
    "summary": "Ośrodek wsparcia dziennego dla osób z zaburzeniami psychicznymi: treningi umiejętności codziennych i społecznych, terapia zajęciowa, poradnictwo psychologiczne, pomoc w załatwianiu spraw, posiłek i transport.",
    "delivery_form": "day",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 51 i 51a (ośrodki wsparcia dla osób z zaburzeniami psychicznymi; zadanie zlecone z zakresu administracji rządowej).\nRozporządzenie Ministra Pracy i Polityki Społecznej z dnia 9 grudnia 2010 r. w sprawie środowiskowych domów samopomocy (Dz.U. 2010 nr 238 poz. 1586 z późn. zm.) — typy domów, standard usług, wskaźnik zatrudnienia zespołu wspierająco-aktywizującego i wymagania lokalowe.",
    "target_groups": "Osoby przewlekle psychicznie chore (typ A), osoby z niepełnosprawnością intelektualną (typ B), osoby z innymi przewlekłymi zaburzeniami czynności psychicznych (typ C), osoby ze spektrum autyzmu lub z niepełnosprawnościami sprzężonymi (typ D) — skierowane decyzją OPS/CUS.",
    "service_standard": "Usługi w formie indywidualnych i zespołowych treningów samoobsługi i umiejętności społecznych, w tym umiejętności spędzania czasu wolnego, poradnictwa psychologicznego, pomocy w dostępie do świadczeń zdrowotnych, terapii ruchowej; indywidualny plan postępowania wspierająco-aktywizującego opracowany przez zespół z uczestnikiem. Dom działa co najmniej 8 godzin dziennie w dni robocze.\nStandard lokalu, wskaźnik zatrudnienia i kwalifikacje zespołu określa rozporządzenie — realizator weryfikuje je z wojewodą przed uruchomieniem; uczestnicy CIS/KIS mogą pracować jako pomoc zespołu, opiekun lub kierowca.",
    "qualifications": [
        q(
            "SDS-1",
            "Zespół wspierająco-aktywizujący",
            "Kierownik, pracownicy z kwalifikacjami określonymi w rozporządzeniu (m.in. terapeuta zajęciowy, psycholog, pedagog, pracownik socjalny, opiekun, fizjoterapeuta) w liczbie spełniającej wskaźnik zatrudnienia.",
            None,
            True,
        ),
        q(
            "SDS-2",
            "Asystent osoby niepełnosprawnej lub opiekun",
            "Kwalifikacja zawodowa (341201 lub pokrewna) albo kurs przygotowawczy z tej karty — dla pracowników pomocniczych zespołu.",
            240,
            False,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q("SDS-3", "Szkolenie z pierwszej pomocy", "Dla całego zespołu, nie starsze niż 2 lata.", 16, True),
        q(
            "SDS-4",
            "Kierowca przewozu osób z niepełnosprawnością",
            "Prawo jazdy kategorii B, szkolenie z obsługi rampy lub windy i zabezpieczania wózków.",
            8,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Zaburzenia psychiczne i niepełnosprawność intelektualna — wprowadzenie",
            30,
            [
                "opisuje typy ŚDS i potrzeby ich uczestników",
                "przeciwdziała stygmatyzacji osób z zaburzeniami psychicznymi",
            ],
        ),
        m(
            "Treningi umiejętności codziennych",
            50,
            [
                "współprowadzi treningi kulinarne, budżetowe, higieniczne i porządkowe",
                "dokumentuje udział uczestnika w treningach",
            ],
        ),
        m(
            "Terapia zajęciowa w pracowniach",
            50,
            [
                "prowadzi pod kierunkiem terapeuty zajęcia w pracowni plastycznej, stolarskiej, ogrodniczej lub komputerowej"
            ],
        ),
        m(
            "Zachowania trudne i sytuacje kryzysowe",
            20,
            ["rozpoznaje sygnały kryzysu psychicznego", "deeskaluje napięcie zgodnie z procedurą domu"],
        ),
        communication(20, "uczestnikami ŚDS i ich rodzinami"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(34, "środowiskowego domu samopomocy"),
    ],
    "kis_modules": [
        m("ŚDS i jego uczestnicy", 12, ["opisuje zadania ŚDS i rolę pracownika pomocniczego"]),
        m(
            "Pomoc w zajęciach i treningach",
            24,
            ["pomaga w przygotowaniu zajęć i posiłków", "towarzyszy uczestnikom w wyjściach"],
        ),
        communication(12, "osobami z zaburzeniami psychicznymi"),
        first_aid(8),
        job_activation(8),
        practice(40, "środowiskowego domu samopomocy"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Zespół wspierająco-aktywizujący spełniający wskaźnik zatrudnienia z rozporządzenia; kierownik; superwizja zespołu.",
        ),
        r(
            "premises",
            "Lokal spełniający standard z rozporządzenia: pracownie terapii zajęciowej, pokój do indywidualnych spotkań, jadalnia z aneksem kuchennym, pokój wypoczynku, łazienki dostosowane do osób z niepełnosprawnością.",
        ),
        r(
            "equipment",
            "Wyposażenie pracowni, sprzęt kuchenny do treningów kulinarnych, pojazd do przewozu uczestników (własny lub w umowie).",
        ),
        r(
            "procedures",
            "Regulamin organizacyjny, indywidualne plany postępowania wspierająco-aktywizującego, procedura kryzysowa.",
        ),
        r(
            "organisation",
            "Zlecenie prowadzenia ŚDS przez gminę lub powiat i finansowanie z dotacji celowej budżetu państwa (wojewoda).",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "ŚDS jest wpisany do rejestru placówek prowadzonego przez wojewodę lub uzyskał zgodę wojewody na utworzenie.",
            "Wpis do rejestru lub zgoda wojewody; umowa z gminą lub powiatem.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba miejsc w ŚDS", "miejsca"),
        i("Średnia dzienna frekwencja uczestników", "%"),
        i("Liczba uczestników, którzy podjęli pracę lub przeszli do WTZ/ZAZ/CIS", "osoby/rok"),
    ),
}

CARDS = [DZIENNY_DOM_SENIOR, KLUB_SENIOR, ZLOBEK, KLUB_DZIECIECY, DZIENNY_OPIEKUN, SDS]
