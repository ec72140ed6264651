# ruff: noqa: E501 - card texts are prose; one sentence per line reads better than wrapped fragments.
"""Care delivered in the person's home and environment."""

from kooperacja.catalogue.data.common import (
    COURSE,
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

HYGIENE_CIS = m(
    "Czynności higieniczne i pielęgnacyjne przy osobie niesamodzielnej",
    60,
    [
        "wykonuje toaletę całego ciała w łóżku i w łazience, zmianę bielizny osobistej i pościelowej",
        "stosuje zasady profilaktyki odleżyn, zmienia pozycję ułożeniową i pomaga przy przemieszczaniu z użyciem sprzętu",
        "pomaga przy karmieniu i pojeniu, obserwuje stan odbiorcy i przekazuje informacje rodzinie lub pielęgniarce",
    ],
)
HYGIENE_KIS = m(
    "Podstawy higieny i pielęgnacji osoby niesamodzielnej",
    24,
    [
        "pomaga w toalecie, ubieraniu się i przy posiłkach z poszanowaniem intymności odbiorcy",
        "bezpiecznie pomaga przy przemieszczaniu się i zapobiega upadkom",
    ],
)

USLUGI_OPIEKUNCZE = {
    "code": "uslugi-opiekuncze",
    "name": "Usługi opiekuńcze w miejscu zamieszkania",
    "summary": "Pomoc w zaspokajaniu codziennych potrzeb życiowych, opieka higieniczna, zalecona przez lekarza pielęgnacja i zapewnienie kontaktów z otoczeniem dla osób, które z powodu wieku, choroby lub niepełnosprawności wymagają pomocy innych osób, a rodzina nie może jej zapewnić.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 50 ust. 1–6 (usługi opiekuńcze jako zadanie własne gminy; rada gminy w drodze uchwały określa szczegółowe warunki przyznawania, zakres i odpłatność).\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818) — gdy gmina realizuje usługę w ramach programu usług społecznych.\nKwalifikacje opiekunów nie są dziś określone w ustawie; projekt nowelizacji ustawy o pomocy społecznej przewiduje standardy usług opiekuńczych określone rozporządzeniem — do czasu ich wydania karta stosuje standard rekomendowany w modelu.",
    "target_groups": "Osoby samotne lub samotnie gospodarujące, które z powodu wieku, choroby lub innych przyczyn wymagają pomocy innych osób; osoby starsze i z niepełnosprawnością, którym rodzina, wspólnie niezamieszkujący małżonek, wstępni lub zstępni nie mogą takiej pomocy zapewnić.",
    "service_standard": "Zakres usług ustala ośrodek pomocy społecznej lub CUS w decyzji (liczba godzin dziennie, dni tygodnia, czynności). Usługa obejmuje: zakupy i przygotowanie posiłków, utrzymanie czystości w najbliższym otoczeniu odbiorcy, pomoc w higienie osobistej, pomoc w załatwianiu spraw urzędowych i wizytach lekarskich, podtrzymywanie kontaktów z otoczeniem.\nStandard rekomendowany w modelu: stały opiekun przypisany do odbiorcy (zastępstwo przez osobę znaną odbiorcy), karta czynności podpisywana przy każdej wizycie, kontakt koordynatora z odbiorcą co najmniej raz w miesiącu, czas reakcji na zgłoszenie zmiany potrzeb do 3 dni roboczych, ocena satysfakcji raz w roku.",
    "qualifications": [
        q(
            "UO-1",
            "Opiekunka środowiskowa (kod zawodu 341204) lub kwalifikacja pokrewna",
            "Dyplom lub certyfikat w zawodzie opiekunka środowiskowa, opiekun osoby starszej (341202), opiekun medyczny (532102) albo asystent osoby niepełnosprawnej (341201) — lub ukończony kurs przygotowawczy z tej karty potwierdzony weryfikacją efektów uczenia się.",
            280,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "UO-2",
            "Szkolenie z pierwszej pomocy",
            "Aktualne (nie starsze niż 2 lata) zaświadczenie o ukończeniu szkolenia z pierwszej pomocy przedmedycznej.",
            16,
            True,
        ),
        q(
            "UO-3",
            "Niekaralność i zdolność do pracy",
            "Oświadczenie o niekaralności za umyślne przestępstwo; orzeczenie lekarza medycyny pracy o braku przeciwwskazań do pracy opiekuna.",
            None,
            True,
        ),
        q(
            "UO-4",
            "Koordynator usług opiekuńczych",
            "Wykształcenie wyższe lub średnie i co najmniej 2 lata doświadczenia w usługach opiekuńczych lub pracy socjalnej.",
            None,
            True,
        ),
        q(
            "UO-5",
            "Szkolenie z opieki nad osobą z otępieniem",
            "Szkolenie doskonalące z opieki nad osobą z chorobą Alzheimera i innymi otępieniami (zalecane dla opiekunów seniorów).",
            16,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Podstawy pracy opiekuna w środowisku zamieszkania",
            30,
            [
                "opisuje zakres usług opiekuńczych wynikający z art. 50 ustawy o pomocy społecznej i decyzji OPS/CUS",
                "planuje wizytę zgodnie z kartą czynności i zasadami współpracy z rodziną",
                "rozpoznaje potrzeby osoby starszej, chorej i z niepełnosprawnością",
            ],
        ),
        HYGIENE_CIS,
        m(
            "Prowadzenie gospodarstwa domowego odbiorcy i żywienie",
            30,
            [
                "planuje zakupy i przygotowuje proste posiłki, także według diety zaleconej przez lekarza",
                "utrzymuje czystość w najbliższym otoczeniu odbiorcy",
                "rozlicza zakupy z odbiorcą zgodnie z procedurą",
            ],
        ),
        m(
            "Wspieranie aktywności i kontaktów społecznych odbiorcy",
            20,
            [
                "aktywizuje odbiorcę do samodzielności w codziennych czynnościach",
                "pomaga w kontaktach z lekarzem, urzędem i siecią wsparcia sąsiedzkiego",
            ],
        ),
        communication(24, "osobami starszymi, chorymi i ich rodzinami"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(80, "usług opiekuńczych w domu odbiorcy"),
    ],
    "kis_modules": [
        m(
            "Wprowadzenie do pracy opiekuńczej w domu odbiorcy",
            16,
            [
                "opisuje zakres usług opiekuńczych i rolę opiekuna",
                "rozpoznaje podstawowe potrzeby osoby starszej i chorej",
            ],
        ),
        HYGIENE_KIS,
        communication(12, "osobami starszymi i ich rodzinami"),
        first_aid(8),
        job_activation(8),
        practice(40, "usług opiekuńczych (towarzyszenie doświadczonemu opiekunowi)"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 3 opiekunów spełniających wymagania karty oraz koordynator usług (może łączyć funkcję z pracą opiekuna przy mniej niż 10 odbiorcach).",
        ),
        r("premises", "Pomieszczenie biurowe do przechowywania dokumentacji w zamykanej szafie i do spotkań zespołu."),
        r(
            "equipment",
            "Środki ochrony indywidualnej (rękawiczki, fartuchy, maseczki), telefony służbowe dla opiekunów, apteczka pierwszej pomocy.",
        ),
        r(
            "procedures",
            "Karta czynności opiekuńczych, procedura zastępstw, procedura rozliczania zakupów, procedura postępowania przy pogorszeniu stanu zdrowia odbiorcy.",
        ),
        r(
            "organisation",
            "Grafik wizyt z możliwością pracy w dni wolne od pracy; dojazd do odbiorców na terenie gminy (zwrot kosztów lub transport realizatora).",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Podmiot ustalił z OPS/CUS zasady przekazywania decyzji, zakresu czynności i rozliczania godzin usług.",
            "Porozumienie lub umowa z OPS/CUS albo list intencyjny; wzór karty rozliczenia godzin.",
        ),
    ),
    "indicators": indicators(
        i(
            "Liczba godzin usług opiekuńczych zrealizowanych",
            "godziny/miesiąc",
            "Godziny potwierdzone w kartach czynności podpisanych przez odbiorcę.",
        ),
        i(
            "Odsetek wizyt zrealizowanych zgodnie z harmonogramem",
            "%",
            "Wizyty, które odbyły się w zaplanowanym dniu i czasie, wobec wszystkich zaplanowanych.",
        ),
    ),
}

SUO = {
    "code": "specjalistyczne-uslugi-opiekuncze",
    "name": "Specjalistyczne usługi opiekuńcze",
    "summary": "Usługi dostosowane do szczególnych potrzeb wynikających z rodzaju schorzenia lub niepełnosprawności, świadczone przez osoby ze specjalistycznym przygotowaniem zawodowym: uczenie i rozwijanie umiejętności niezbędnych do samodzielnego życia, pielęgnacja, rehabilitacja fizyczna i usprawnianie zaburzonych funkcji organizmu.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 50 ust. 4 i 7.\nRozporządzenie Ministra Polityki Społecznej z dnia 22 września 2005 r. w sprawie specjalistycznych usług opiekuńczych (Dz.U. 2005 nr 189 poz. 1598; t.j. Dz.U. 2024 poz. 816) — zakres usług (§ 2) i kwalifikacje osób świadczących (§ 3).\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818).",
    "target_groups": "Osoby z niepełnosprawnością, osoby przewlekle chore, dzieci i dorośli ze szczególnymi potrzebami wynikającymi z rodzaju schorzenia (np. po udarze, z chorobami neurologicznymi, ze spektrum autyzmu), którym przyznano usługi decyzją OPS/CUS.",
    "service_standard": "Zakres usług zgodny z § 2 rozporządzenia: uczenie i rozwijanie umiejętności niezbędnych do samodzielnego życia (w tym kształtowanie umiejętności zaspokajania podstawowych potrzeb życiowych, interakcji społecznych, wspieranie w załatwianiu spraw urzędowych), pielęgnacja wspierająca leczenie, rehabilitacja fizyczna i usprawnianie zaburzonych funkcji organizmu zgodnie ze zleceniem lekarskim, pomoc mieszkaniowa.\nUsługę świadczą osoby z kwalifikacjami określonymi w § 3 rozporządzenia. Uczestnicy CIS/KIS bez takich kwalifikacji mogą pracować wyłącznie jako wsparcie zespołu (np. pomoc w higienie, towarzyszenie) pod kierunkiem specjalisty — standard rekomendowany w modelu.\nIndywidualny plan usług uzgodniony z odbiorcą i OPS/CUS, przegląd planu co najmniej raz na 6 miesięcy.",
    "qualifications": [
        q(
            "SUO-1",
            "Zawód określony w § 3 rozporządzenia",
            "Prawo wykonywania zawodu lub kwalifikacje: pracownika socjalnego, psychologa, pedagoga, logopedy, terapeuty zajęciowego, pielęgniarki, asystenta osoby niepełnosprawnej, opiekunki środowiskowej, specjalisty w zakresie rehabilitacji medycznej, fizjoterapeuty lub innego zawodu dającego umiejętności świadczenia usługi.",
            None,
            True,
        ),
        q(
            "SUO-2",
            "Doświadczenie w pracy z odbiorcami o danej niepełnosprawności",
            "Co najmniej 3 miesiące doświadczenia w pracy z osobami o podobnych potrzebach (standard rekomendowany w modelu; dla usług dla osób z zaburzeniami psychicznymi patrz odrębna karta).",
            None,
            True,
        ),
        q(
            "SUO-3",
            "Asystent osoby niepełnosprawnej (kod zawodu 341201)",
            "Kwalifikacja zdobywana na kwalifikacyjnym kursie zawodowym lub w szkole policealnej; kurs przygotowawczy CIS z tej karty przygotowuje do niej w części podstawowej.",
            280,
            False,
        ),
        q("SUO-4", "Szkolenie z pierwszej pomocy", "Aktualne zaświadczenie (nie starsze niż 2 lata).", 16, True),
    ],
    "cis_modules": [
        m(
            "Niepełnosprawność i choroby przewlekłe — potrzeby odbiorcy",
            30,
            [
                "opisuje rodzaje niepełnosprawności i ich wpływ na codzienne funkcjonowanie",
                "wyjaśnia zakres specjalistycznych usług opiekuńczych według rozporządzenia z 2005 r.",
            ],
        ),
        m(
            "Trening umiejętności samodzielnego życia",
            40,
            [
                "prowadzi pod kierunkiem specjalisty ćwiczenia samoobsługi, gospodarowania pieniędzmi i załatwiania spraw",
                "dokumentuje postępy odbiorcy w indywidualnym planie usług",
            ],
        ),
        HYGIENE_CIS,
        m(
            "Wspomaganie rehabilitacji i usprawniania",
            30,
            [
                "wykonuje zalecone przez fizjoterapeutę ćwiczenia podtrzymujące",
                "dobiera i obsługuje podstawowy sprzęt rehabilitacyjny i ortopedyczny",
            ],
        ),
        communication(24, "osobami z niepełnosprawnością i ich opiekunami"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(100, "zespołu specjalistycznych usług opiekuńczych"),
    ],
    "kis_modules": [
        m(
            "Niepełnosprawność i potrzeby odbiorcy — wprowadzenie",
            16,
            [
                "opisuje najczęstsze rodzaje niepełnosprawności i bariery w codziennym życiu",
                "wyjaśnia, które czynności wymagają specjalisty, a które może wykonywać pomocnik",
            ],
        ),
        HYGIENE_KIS,
        communication(12, "osobami z niepełnosprawnością"),
        first_aid(8),
        job_activation(8),
        practice(40, "zespołu SUO (wsparcie specjalisty)"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 2 osoby z kwalifikacjami z § 3 rozporządzenia (np. fizjoterapeuta, pedagog, opiekunka środowiskowa) oraz koordynator; pomocnicy z kursu CIS/KIS pracują pod ich kierunkiem.",
        ),
        r(
            "equipment",
            "Podstawowy sprzęt do ćwiczeń i pielęgnacji (piłki, taśmy, kliny, podnośnik lub pas transferowy dostępny w wypożyczalni), środki ochrony indywidualnej.",
        ),
        r(
            "procedures",
            "Wzór indywidualnego planu usług, karta czynności, procedura współpracy z lekarzem prowadzącym i rodziną.",
        ),
        r(
            "organisation",
            "Współpraca z wypożyczalnią sprzętu rehabilitacyjnego; superwizja lub konsultacje specjalistyczne dla zespołu co najmniej raz na kwartał.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Zespół obejmuje co najmniej dwie osoby spełniające wymagania § 3 rozporządzenia w sprawie SUO.",
            "Dyplomy, prawa wykonywania zawodu i umowy z tymi osobami.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i(
            "Liczba godzin specjalistycznych usług opiekuńczych",
            "godziny/miesiąc",
            "Godziny potwierdzone w kartach czynności.",
        ),
        i(
            "Odsetek odbiorców z poprawą samodzielności",
            "%",
            "Odbiorcy, u których przegląd indywidualnego planu wykazał poprawę w co najmniej jednym obszarze.",
        ),
    ),
}

SUO_PSYCH = {
    "code": "suo-zaburzenia-psychiczne",
    "name": "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi",
    "summary": "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi w miejscu zamieszkania: trening umiejętności społecznych i samoobsługi, wspieranie leczenia, pomoc w kontaktach z otoczeniem i w sprawach urzędowych.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 18 ust. 1 pkt 3 (zadanie zlecone gminie z zakresu administracji rządowej) i art. 50 ust. 5.\nRozporządzenie Ministra Polityki Społecznej z dnia 22 września 2005 r. w sprawie specjalistycznych usług opiekuńczych (zmienione rozporządzeniem Ministra Rodziny i Polityki Społecznej z dnia 16 lutego 2023 r., Dz.U. 2023 poz. 395; t.j. Dz.U. 2024 poz. 816) — § 3 ust. 2–3 (wymóg praktyki).\nUstawa z dnia 19 sierpnia 1994 r. o ochronie zdrowia psychicznego — art. 3 (osoba z zaburzeniami psychicznymi) oraz art. 8–9 (oparcie społeczne, w tym specjalistyczne usługi opiekuńcze w miejscu zamieszkania).",
    "target_groups": "Osoby chore psychicznie, osoby z niepełnosprawnością intelektualną i z innymi zakłóceniami czynności psychicznych (w tym dzieci i młodzież ze spektrum autyzmu), którym przyznano usługi decyzją OPS/CUS.",
    "service_standard": "Usługi świadczą osoby z kwalifikacjami określonymi w § 3 rozporządzenia, które dodatkowo mają co najmniej 6 miesięcy praktyki w szpitalu psychiatrycznym, jednostce pomocy społecznej dla osób z zaburzeniami psychicznymi, placówce terapii lub placówce oświatowej dla dzieci z zaburzeniami, ośrodku rehabilitacyjno-edukacyjno-wychowawczym, zakładzie rehabilitacji lub u innego realizatora takich usług. W uzasadnionych przypadkach usługę mogą świadczyć osoby w trakcie praktyki, z co najmniej rocznym stażem i możliwością konsultacji.\nIndywidualny plan usług uzgodniony z odbiorcą, jego przedstawicielem i lekarzem psychiatrą; przegląd co najmniej raz na 3 miesiące (standard rekomendowany w modelu).",
    "qualifications": [
        q(
            "SUOP-1",
            "Zawód określony w § 3 ust. 1 rozporządzenia",
            "Jak dla specjalistycznych usług opiekuńczych: m.in. pedagog, psycholog, terapeuta zajęciowy, pielęgniarka, opiekunka środowiskowa, asystent osoby niepełnosprawnej.",
            None,
            True,
        ),
        q(
            "SUOP-2",
            "Praktyka w pracy z osobami z zaburzeniami psychicznymi",
            "Co najmniej 6 miesięcy praktyki w jednej z placówek wymienionych w § 3 ust. 2 rozporządzenia.",
            None,
            True,
        ),
        q(
            "SUOP-3",
            "Szkolenie z treningu umiejętności społecznych",
            "Szkolenie doskonalące z prowadzenia treningów umiejętności społecznych i pracy z osobą w kryzysie psychicznym (standard rekomendowany w modelu).",
            40,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Zdrowie psychiczne i zaburzenia psychiczne — podstawy",
            30,
            [
                "opisuje najczęstsze zaburzenia psychiczne i ich objawy",
                "wyjaśnia zasady środowiskowej opieki psychiatrycznej i rolę centrów zdrowia psychicznego",
            ],
        ),
        m(
            "Trening umiejętności społecznych i samoobsługi",
            40,
            [
                "współprowadzi z terapeutą trening budżetowy, kulinarny i higieniczny",
                "wspiera odbiorcę w przestrzeganiu zaleceń lekarskich bez przejmowania odpowiedzialności za leczenie",
            ],
        ),
        m(
            "Postępowanie w kryzysie psychicznym",
            20,
            [
                "rozpoznaje sygnały nawrotu choroby i zagrożenia samobójczego",
                "postępuje zgodnie z procedurą powiadamiania zespołu i służb",
            ],
        ),
        communication(24, "osobami z zaburzeniami psychicznymi i ich rodzinami"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(100, "placówki wsparcia osób z zaburzeniami psychicznymi (zalicza się do wymaganej praktyki)"),
    ],
    "kis_modules": [
        m(
            "Zdrowie psychiczne — przeciwdziałanie stygmatyzacji",
            12,
            [
                "rozpoznaje stereotypy dotyczące chorób psychicznych",
                "opisuje, jak wspierać osobę w kryzysie w codziennych sytuacjach",
            ],
        ),
        m(
            "Towarzyszenie w codziennych czynnościach",
            20,
            [
                "towarzyszy odbiorcy w zakupach, w urzędzie i w drodze na wizytę lekarską",
                "wspiera odbiorcę w planowaniu dnia",
            ],
        ),
        communication(12, "osobami z zaburzeniami psychicznymi"),
        first_aid(8),
        job_activation(8),
        practice(40, "środowiskowego domu samopomocy lub zespołu SUO"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 2 osoby z kwalifikacjami z § 3 ust. 1 i praktyką z § 3 ust. 2 rozporządzenia; dostęp do konsultacji psychiatry lub psychologa klinicznego.",
        ),
        r(
            "procedures",
            "Procedura postępowania w kryzysie psychicznym i przy zagrożeniu życia, wzór indywidualnego planu usług, zasady współpracy z centrum zdrowia psychicznego.",
        ),
        r(
            "organisation",
            "Superwizja zespołu co najmniej raz na kwartał; porozumienie o współpracy z ŚDS lub centrum zdrowia psychicznego.",
        ),
        r("premises", "Pomieszczenie do spotkań indywidualnych i zespołowych, zapewniające dyskrecję rozmów."),
    ],
    "readiness_criteria": readiness(
        c(
            "Osoby świadczące usługę mają wymaganą praktykę (co najmniej 6 miesięcy) w placówce z § 3 ust. 2 rozporządzenia.",
            "Zaświadczenia o odbytej praktyce z okresem i miejscem jej odbywania.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba godzin usług dla osób z zaburzeniami psychicznymi", "godziny/miesiąc"),
        i(
            "Liczba hospitalizacji psychiatrycznych odbiorców",
            "liczba/rok",
            "Im mniej, tym lepiej; dane od odbiorcy lub rodziny, za zgodą.",
        ),
    ),
}

USLUGI_SASIEDZKIE = {
    "code": "uslugi-sasiedzkie",
    "name": "Usługi sąsiedzkie",
    "summary": "Forma usług opiekuńczych świadczona przez osobę mieszkającą w pobliżu odbiorcy: pomoc w codziennych sprawach, zakupy, utrzymanie porządku, towarzyszenie i podtrzymywanie kontaktów z otoczeniem.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 50 w brzmieniu nadanym ustawą z dnia 28 lipca 2023 r. (usługi sąsiedzkie jako forma usług opiekuńczych od 1 listopada 2023 r.); rada gminy określa w uchwale szczegółowe warunki przyznawania, zakres i sposób rozliczania.\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818).",
    "target_groups": "Osoby samotne, starsze, chore lub z niepełnosprawnością, które potrzebują pomocy w codziennych czynnościach, a ich potrzeby nie wymagają pielęgnacji przez profesjonalnego opiekuna.",
    "service_standard": "Usługi świadczy osoba pełnoletnia, niebędąca członkiem rodziny ani wstępnym lub zstępnym odbiorcy, która złożyła oświadczenie o stanie zdrowia pozwalającym świadczyć usługi, odbyła szkolenie z pierwszej pomocy zapewnione przez organizatora i została zaakceptowana przez odbiorcę i organizatora. Organizatorem jest gmina lub podmiot, któremu gmina zleciła organizację usług.\nStandard rekomendowany w modelu: organizator (np. spółdzielnia socjalna lub KIS) rekrutuje i szkoli sąsiadów, prowadzi ich ewidencję, rozlicza godziny i zapewnia im wsparcie koordynatora oraz spotkania grupy co najmniej raz na kwartał.",
    "qualifications": [
        q(
            "US-1",
            "Wymagania ustawowe wobec osoby świadczącej",
            "Pełnoletność; brak pokrewieństwa z odbiorcą w linii prostej i niebycie członkiem rodziny; oświadczenie o stanie zdrowia; akceptacja odbiorcy i organizatora; zamieszkanie w pobliżu odbiorcy.",
            None,
            True,
        ),
        q(
            "US-2",
            "Szkolenie z pierwszej pomocy",
            "Szkolenie zapewnione przez organizatora usług przed rozpoczęciem świadczenia usług.",
            8,
            True,
        ),
        q(
            "US-3",
            "Kurs przygotowawczy dla sąsiadów",
            "Podstawy komunikacji z osobą starszą, bezpieczeństwo w domu, granice pomocy (standard rekomendowany w modelu).",
            24,
            False,
            met_by=COURSE,
        ),
        q(
            "US-4",
            "Koordynator usług sąsiedzkich po stronie organizatora",
            "Doświadczenie w animacji lokalnej, pracy socjalnej lub usługach opiekuńczych (co najmniej 1 rok).",
            None,
            True,
        ),
    ],
    "cis_modules": [
        m(
            "Usługi sąsiedzkie i wolontariat w społeczności lokalnej",
            20,
            [
                "opisuje zasady usług sąsiedzkich i różnice wobec usług opiekuńczych",
                "mapuje zasoby i potrzeby sąsiedztwa",
            ],
        ),
        m(
            "Pomoc w codziennych czynnościach i w prowadzeniu domu",
            30,
            [
                "pomaga w zakupach, drobnych porządkach i przygotowaniu posiłku",
                "dba o bezpieczeństwo odbiorcy w domu (upadki, instalacje, oszustwa)",
            ],
        ),
        m(
            "Organizacja usług sąsiedzkich",
            20,
            ["prowadzi ewidencję godzin i kart usług", "planuje zastępstwa i współpracuje z OPS/CUS"],
        ),
        communication(16, "sąsiadami potrzebującymi wsparcia"),
        first_aid(8),
        bhp(6),
        social_enterprise(16),
        practice(60, "organizatora usług sąsiedzkich"),
    ],
    "kis_modules": [
        m(
            "Sąsiedzka pomoc — zasady i granice",
            12,
            [
                "opisuje, czym są usługi sąsiedzkie i kto może je świadczyć",
                "określa granice pomocy i sytuacje, w których trzeba wezwać profesjonalistę",
            ],
        ),
        m(
            "Pomoc w codziennych sprawach",
            16,
            [
                "pomaga w zakupach i drobnych czynnościach domowych",
                "towarzyszy odbiorcy w spacerze i wizycie u lekarza",
            ],
        ),
        communication(8, "osobami starszymi"),
        first_aid(8),
        job_activation(6),
        practice(24, "usług sąsiedzkich (z koordynatorem)"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Koordynator usług sąsiedzkich (co najmniej 1/2 etatu na 20 sąsiadów) oraz grupa co najmniej 5 przeszkolonych sąsiadów.",
        ),
        r(
            "procedures",
            "Wzór umowy z sąsiadem, karta usługi, oświadczenie o stanie zdrowia, zasady rozliczania godzin określone w uchwale rady gminy.",
        ),
        r("organisation", "Porozumienie z gminą lub OPS/CUS o organizacji usług; ubezpieczenie NNW sąsiadów."),
        r("equipment", "Apteczka i telefon dla koordynatora; materiały szkoleniowe z pierwszej pomocy (fantom)."),
    ],
    "readiness_criteria": readiness(
        c(
            "Gmina przyjęła uchwałę określającą warunki usług sąsiedzkich albo zleciła podmiotowi organizację usług.",
            "Uchwała rady gminy i umowa lub porozumienie z organizatorem.",
        ),
        trained=5,
        course="kurs dla sąsiadów i szkolenie z pierwszej pomocy",
    ),
    "indicators": indicators(
        i("Liczba aktywnych sąsiadów świadczących usługi", "osoby"),
        i("Liczba godzin usług sąsiedzkich", "godziny/miesiąc"),
    ),
}

OPIEKA_WYTCHNIENIOWA = {
    "code": "opieka-wytchnieniowa",
    "name": "Opieka wytchnieniowa",
    "summary": "Czasowe zastąpienie członków rodzin i opiekunów w opiece nad osobą z niepełnosprawnością, tak aby mogli odpocząć i zadbać o własne zdrowie i sprawy; w formie dziennej (w domu odbiorcy lub w ośrodku) albo całodobowej.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": "Program Ministra Rodziny, Pracy i Polityki Społecznej «Opieka wytchnieniowa» — edycja na dany rok, finansowany z Funduszu Solidarnościowego; gmina lub powiat przystępuje do programu i wybiera realizatora (często w otwartym konkursie ofert na podstawie ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie).\nUstawa z dnia 23 października 2018 r. o Funduszu Solidarnościowym.\nSzczegółowe limity godzin i warunki określa program na dany rok oraz ogłoszenie gminy — karta podaje je jako przykład.",
    "target_groups": "Członkowie rodzin i opiekunowie sprawujący bezpośrednią opiekę nad dziećmi z orzeczeniem o niepełnosprawności (w edycji 2026: w wieku 2–16 lat) oraz nad osobami ze znacznym stopniem niepełnosprawności lub orzeczeniem równoważnym.",
    "service_standard": "Forma dzienna: w miejscu zamieszkania osoby z niepełnosprawnością, w ośrodku wsparcia lub w innym miejscu spełniającym warunki bezpieczeństwa; przykład z praktyki gmin — do 4 godzin dziennie w godzinach 6–22, do 240 godzin rocznie na osobę.\nForma całodobowa: w ośrodku wsparcia lub placówce wpisanej do rejestru wojewody.\nUsługi nie mogą świadczyć członkowie rodziny ani opiekunowie prawni osoby z niepełnosprawnością ani osoby faktycznie z nią zamieszkujące. Realizator uzgadnia z opiekunem zakres czynności i przekazanie informacji o potrzebach (karta zgłoszenia, karta realizacji usługi).",
    "qualifications": [
        q(
            "OW-1",
            "Kwalifikacje zawodowe lub doświadczenie",
            "Dyplom w zawodzie asystent osoby niepełnosprawnej, opiekun osoby starszej, opiekun medyczny, pielęgniarka, pedagog, psycholog, terapeuta zajęciowy, fizjoterapeuta lub inny adekwatny — albo co najmniej 6 miesięcy udokumentowanego doświadczenia w bezpośredniej opiece nad osobami z niepełnosprawnością.",
            None,
            True,
        ),
        q("OW-2", "Szkolenie z pierwszej pomocy", "Aktualne zaświadczenie (nie starsze niż 2 lata).", 16, True),
        q(
            "OW-3",
            "Opieka nad dzieckiem z niepełnosprawnością",
            "Szkolenie z opieki nad dzieckiem z niepełnosprawnością sprzężoną lub ze spektrum autyzmu (dla opiekunów dzieci; standard rekomendowany w modelu).",
            24,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Opiekun rodzinny i jego potrzeby — idea wytchnienia",
            16,
            [
                "wyjaśnia cel opieki wytchnieniowej i zasady programu",
                "przejmuje opiekę na podstawie karty potrzeb przygotowanej z opiekunem rodzinnym",
            ],
        ),
        m(
            "Opieka nad osobą dorosłą ze znaczną niepełnosprawnością",
            40,
            [
                "wykonuje czynności higieniczne i pielęgnacyjne",
                "bezpiecznie przemieszcza osobę i obsługuje wózek, podnośnik i inne pomoce",
            ],
        ),
        m(
            "Opieka nad dzieckiem z niepełnosprawnością",
            40,
            [
                "organizuje bezpieczną zabawę i zajęcia dostosowane do możliwości dziecka",
                "reaguje na zachowania trudne zgodnie z zaleceniami rodziców i terapeuty",
            ],
        ),
        communication(20, "osobami z niepełnosprawnością i ich opiekunami"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(88, "ośrodka wsparcia lub realizatora opieki wytchnieniowej (także praca w domu rodziny z opiekunem)"),
    ],
    "kis_modules": [
        m(
            "Opieka wytchnieniowa — zasady programu",
            8,
            ["wyjaśnia cel i formy opieki wytchnieniowej", "wie, kto nie może świadczyć usługi i dlaczego"],
        ),
        m(
            "Podstawy opieki nad osobą z niepełnosprawnością",
            24,
            ["pomaga w codziennych czynnościach osoby z niepełnosprawnością", "organizuje czas wolny odbiorcy"],
        ),
        communication(12, "osobami z niepełnosprawnością i ich rodzinami"),
        first_aid(8),
        job_activation(8),
        practice(40, "realizatora opieki wytchnieniowej"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 3 osoby spełniające wymagania programu (kwalifikacje albo 6 miesięcy doświadczenia) oraz koordynator rozliczający usługę z gminą.",
        ),
        r(
            "premises",
            "Dla formy dziennej w ośrodku: pomieszczenie dostępne architektonicznie, z łazienką przystosowaną dla osób z niepełnosprawnością i miejscem do odpoczynku.",
        ),
        r("equipment", "Pas transferowy, środki ochrony indywidualnej, materiały do zajęć dla dzieci, apteczka."),
        r(
            "procedures",
            "Karta zgłoszenia z opisem potrzeb, karta realizacji usługi, procedura przekazania opieki opiekunowi rodzinnemu, procedura sytuacji nagłych.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator zna warunki bieżącej edycji programu i przygotował ofertę zgodną z ogłoszeniem gminy.",
            "Oferta lub porozumienie z gminą; kalkulacja kosztu godziny usługi.",
        ),
    ),
    "indicators": indicators(
        i("Liczba godzin opieki wytchnieniowej w formie dziennej", "godziny/rok"),
        i("Liczba dób opieki wytchnieniowej w formie całodobowej", "doby/rok"),
        i("Liczba opiekunów rodzinnych objętych wsparciem", "osoby"),
    ),
}

ASYSTENCJA_OSOBISTA = {
    "code": "asystencja-osobista",
    "name": "Asystencja osobista osoby z niepełnosprawnością",
    "summary": "Wsparcie osoby z niepełnosprawnością w czynnościach dnia codziennego i w życiu społecznym — w domu, w drodze do pracy lub szkoły, w urzędzie, w czasie wolnym — według decyzji i planu samej osoby.",
    "delivery_form": "community",
    "is_cus_social_service": True,
    "legal_basis": "Program Ministra Rodziny, Pracy i Polityki Społecznej «Asystent osobisty osoby z niepełnosprawnością» — edycja na dany rok, finansowany z Funduszu Solidarnościowego (ustawa z dnia 23 października 2018 r. o Funduszu Solidarnościowym); realizują go gminy i powiaty samodzielnie lub zlecając organizacjom pozarządowym.\nProjekt ustawy o asystencji osobistej osób z niepełnosprawnościami (przyjęty przez Radę Ministrów w październiku 2025 r.) przewiduje usługę ustawową od 2027 r. — karta zostanie zaktualizowana po jej uchwaleniu.",
    "target_groups": "Dzieci do 16. roku życia z orzeczeniem o niepełnosprawności ze wskazaniami oraz osoby ze znacznym lub umiarkowanym stopniem niepełnosprawności (lub orzeczeniem równoważnym), zgodnie z warunkami bieżącej edycji programu.",
    "service_standard": "Zakres usług ustala się z uczestnikiem w karcie zgłoszenia: wyjście, powrót lub dojazd w wybrane miejsca, załatwianie spraw urzędowych, korzystanie z dóbr kultury, zakupy, czynności samoobsługowe i higieniczne, komunikacja z otoczeniem. Uczestnik może wskazać konkretną osobę na asystenta.\nAsystentem nie może być członek rodziny, opiekun prawny ani osoba faktycznie zamieszkująca z uczestnikiem. Usługa jest rozliczana w godzinach potwierdzanych w karcie realizacji usług.\nStandard rekomendowany w modelu: indywidualne szkolenie stanowiskowe asystenta z udziałem uczestnika przed rozpoczęciem usług.",
    "qualifications": [
        q(
            "AO-1",
            "Kwalifikacje lub doświadczenie wymagane w programie",
            "Dyplom w zawodzie asystent osoby niepełnosprawnej, opiekun osoby starszej, opiekun medyczny, pedagog, psycholog, terapeuta zajęciowy, pielęgniarka lub fizjoterapeuta — albo co najmniej 6 miesięcy udokumentowanego doświadczenia w udzielaniu bezpośredniej pomocy osobom z niepełnosprawnością.",
            None,
            True,
        ),
        q(
            "AO-2",
            "Szkolenie z pierwszej pomocy i ewakuacji",
            "Szkolenie z pierwszej pomocy oraz z ewakuacji osoby z niepełnosprawnością (wymóg projektu ustawy; rekomendowany w modelu już dziś).",
            16,
            True,
        ),
        q(
            "AO-3",
            "Zaświadczenie o niekaralności",
            "Informacja z Krajowego Rejestru Karnego; dla asystentów dzieci także sprawdzenie w Rejestrze Sprawców Przestępstw na Tle Seksualnym.",
            None,
            True,
        ),
        q(
            "AO-4",
            "Asystent osoby niepełnosprawnej (kod zawodu 341201)",
            "Pełna kwalifikacja zawodowa (kwalifikacyjny kurs zawodowy lub szkoła policealna).",
            None,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Niezależne życie i model społeczny niepełnosprawności",
            20,
            [
                "wyjaśnia ideę niezależnego życia i rolę asystenta jako wsparcia, a nie opieki",
                "opisuje prawa osób z niepełnosprawnością wynikające z Konwencji ONZ",
            ],
        ),
        m(
            "Wsparcie w mobilności i w przestrzeni publicznej",
            40,
            [
                "asystuje osobie poruszającej się na wózku, o kulach i osobie niewidomej",
                "planuje podróż transportem publicznym z uwzględnieniem barier",
            ],
        ),
        m(
            "Wsparcie w czynnościach samoobsługowych",
            40,
            [
                "pomaga w higienie, ubieraniu się i posiłkach zgodnie z instrukcją uczestnika",
                "dba o sprzęt ortopedyczny i pomoce techniczne uczestnika",
            ],
        ),
        m(
            "Komunikacja alternatywna i podstawy polskiego języka migowego",
            24,
            ["porozumiewa się z osobą korzystającą z AAC", "posługuje się podstawowymi znakami PJM"],
        ),
        communication(16, "osobami z niepełnosprawnością"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(64, "asystencji osobistej u realizatora programu"),
    ],
    "kis_modules": [
        m(
            "Rola asystenta osobistego",
            12,
            ["odróżnia asystencję od opieki", "wie, jak ustalać zakres wsparcia z uczestnikiem"],
        ),
        m(
            "Wsparcie w mobilności i w codziennych sprawach",
            24,
            [
                "asystuje w przemieszczaniu się i w załatwianiu spraw",
                "reaguje na bariery architektoniczne i komunikacyjne",
            ],
        ),
        communication(12, "osobami z niepełnosprawnością"),
        first_aid(8),
        job_activation(8),
        practice(40, "realizatora programu asystencji osobistej"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Koordynator asystencji (co najmniej 1/2 etatu na 15 uczestników) i asystenci spełniający wymagania programu.",
        ),
        r(
            "procedures",
            "Karta zgłoszenia uczestnika, karta realizacji usług, procedura wyboru asystenta przez uczestnika, procedura rozliczeń z gminą lub powiatem.",
        ),
        r(
            "organisation",
            "Ubezpieczenie OC i NNW asystentów; zwrot kosztów biletów i dojazdów asystentom zgodnie z programem.",
        ),
        r("equipment", "Telefony służbowe, apteczka, materiały do ćwiczeń z PJM i AAC."),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator ma porozumienie z gminą lub powiatem realizującym program albo złożył ofertę w konkursie.",
            "Umowa, porozumienie lub oferta z kalkulacją kosztów.",
        ),
        trained=3,
    ),
    "indicators": indicators(
        i("Liczba godzin asystencji osobistej", "godziny/rok"),
        i("Liczba uczestników programu korzystających z asystencji co najmniej raz w miesiącu", "osoby"),
    ),
}

CARDS = [USLUGI_OPIEKUNCZE, SUO, SUO_PSYCH, USLUGI_SASIEDZKIE, OPIEKA_WYTCHNIENIOWA, ASYSTENCJA_OSOBISTA]
