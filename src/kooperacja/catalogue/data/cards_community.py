# ruff: noqa: E501 - card texts are prose; one sentence per line reads better than wrapped fragments.
"""Community services: meals, transport, repairs, housekeeping, family support, supported housing."""

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
CUS = "Ustawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818)"

POSILKI = {
    "code": "posilki-catering-spoleczny",
    "name": "Posiłki i catering społeczny",
    "summary": "Przygotowanie i dostarczanie posiłków osobom, które nie mogą ich sobie zapewnić: gorący posiłek w punkcie wydawania lub z dowozem do domu, posiłki dla uczestników dziennych domów, klubów i CIS.",
    "delivery_form": "community",
    "is_cus_social_service": False,
    "legal_basis": f"{UPS} — pomoc w formie posiłku jako świadczenie niepieniężne przyznawane decyzją OPS/CUS.\nProgram wieloletni «Posiłek w szkole i w domu» (edycja na lata 2024–2028) — dofinansowanie posiłków i ich dowozu.\nUstawa z dnia 25 sierpnia 2006 r. o bezpieczeństwie żywności i żywienia — rejestracja lub zatwierdzenie zakładu przez państwowego powiatowego inspektora sanitarnego; rozporządzenie (WE) nr 852/2004 — zasady higieny i system HACCP.\nUstawa z dnia 13 czerwca 2003 r. o zatrudnieniu socjalnym (t.j. Dz.U. 2025 poz. 83), art. 14 — CIS zapewnia uczestnikom posiłek.\nSam posiłek jest świadczeniem rzeczowym, a nie usługą społeczną w rozumieniu ustawy o CUS; w modelu karta opisuje usługę towarzyszącą (przygotowanie i dowóz), którą PES często realizuje w ramach pakietu usług.",
    "target_groups": "Osoby i rodziny uprawnione do pomocy społecznej w formie posiłku, osoby starsze i z niepełnosprawnością niemogące samodzielnie przygotować posiłku, dzieci i młodzież (dożywianie), uczestnicy ośrodków wsparcia, CIS i KIS.",
    "service_standard": "Posiłek gorący, pełnowartościowy, co najmniej jedno danie dziennie (standard rekomendowany w modelu: zupa i drugie danie, jadłospis dekadowy zatwierdzony przez dietetyka, dostępność diety lekkostrawnej i cukrzycowej). Dowóz do domu w pojemnikach termoizolacyjnych, temperatura dania gorącego przy wydaniu co najmniej 63°C; czas od wydania z kuchni do dostarczenia nie dłuższy niż 2 godziny. Kuchnia spełnia wymagania sanitarne i działa według systemu HACCP; próbki posiłków przechowywane przez 72 godziny.",
    "qualifications": [
        q(
            "PO-1",
            "Kucharz (kod zawodu 512001) lub pomoc kuchenna",
            "Dyplom w zawodzie kucharz dla osoby kierującej kuchnią; dla pozostałych — kurs przygotowawczy z tej karty.",
            200,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "PO-2",
            "Orzeczenie do celów sanitarno-epidemiologicznych",
            "Wymagane dla każdej osoby mającej kontakt z żywnością.",
            None,
            True,
        ),
        q(
            "PO-3",
            "Szkolenie z zasad higieny żywności i HACCP",
            "Szkolenie z dobrej praktyki higienicznej i systemu HACCP dla wszystkich pracowników kuchni i dowozu.",
            8,
            True,
        ),
        q(
            "PO-4",
            "Kierowca dowozu posiłków",
            "Prawo jazdy kategorii B; szkolenie z zasad transportu żywności.",
            None,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Technologia gastronomiczna i przygotowanie posiłków",
            60,
            [
                "przygotowuje zupy, dania mięsne, jarskie i desery według receptur",
                "dobiera techniki obróbki cieplnej i porcjuje posiłki według gramatury",
            ],
        ),
        m(
            "Żywienie i diety osób starszych, chorych i dzieci",
            30,
            [
                "planuje jadłospis dekadowy z uwzględnieniem norm żywienia",
                "przygotowuje posiłki w dietach lekkostrawnej, cukrzycowej i papkowatej",
            ],
        ),
        m(
            "Higiena żywności, HACCP i przechowywanie",
            30,
            [
                "stosuje zasady HACCP i prowadzi dokumentację krytycznych punktów kontroli",
                "pobiera i przechowuje próbki posiłków",
            ],
        ),
        m(
            "Pakowanie, dowóz i wydawanie posiłków",
            20,
            [
                "pakuje posiłki w pojemniki termoizolacyjne i kontroluje temperaturę",
                "wydaje posiłki z poszanowaniem godności odbiorców",
            ],
        ),
        m(
            "Kalkulacja kosztów i organizacja pracy kuchni",
            16,
            ["kalkuluje koszt porcji i planuje zakupy", "prowadzi magazyn i rozchód produktów"],
        ),
        first_aid(8),
        bhp(12),
        social_enterprise(16),
        practice(48, "kuchni żywienia zbiorowego lub cateringu"),
    ],
    "kis_modules": [
        m(
            "Podstawy przygotowania posiłków",
            24,
            ["przygotowuje proste posiłki według receptury", "stosuje zasady higieny na stanowisku pracy"],
        ),
        m("HACCP i bezpieczeństwo żywności", 8, ["stosuje podstawowe zasady HACCP w pracy pomocy kuchennej"]),
        m("Wydawanie i dowóz posiłków", 8, ["pakuje i wydaje posiłki zgodnie z procedurą"]),
        first_aid(8),
        job_activation(8),
        practice(40, "kuchni lub punktu wydawania posiłków"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Kucharz kierujący kuchnią, pomoc kuchenna (co najmniej 1 osoba na 50 posiłków dziennie — standard rekomendowany w modelu), kierowca przy dowozie.",
        ),
        r(
            "premises",
            "Kuchnia zarejestrowana lub zatwierdzona przez PPIS, z podziałem na strefy czyste i brudne, magazynem, chłodnią, zmywalnią i zapleczem socjalnym.",
        ),
        r(
            "equipment",
            "Trzon kuchenny, piec konwekcyjno-parowy lub kotły, chłodziarki i zamrażarki z rejestracją temperatury, termosy i pojemniki termoizolacyjne, pojazd do przewozu żywności.",
        ),
        r(
            "procedures",
            "Księga HACCP, dokumentacja dobrej praktyki higienicznej i produkcyjnej, jadłospisy, rejestr próbek, procedura reklamacji posiłku.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Zakład żywienia jest zarejestrowany lub zatwierdzony przez państwowego powiatowego inspektora sanitarnego.",
            "Decyzja lub zaświadczenie o wpisie do rejestru zakładów podlegających urzędowej kontroli PIS.",
        ),
        c(
            "Wdrożono system HACCP i dobrą praktykę higieniczną.",
            "Księga HACCP, zapisy z monitorowania, protokół ostatniej kontroli sanepidu.",
        ),
    ),
    "indicators": indicators(
        i("Liczba wydanych posiłków", "posiłki/miesiąc"),
        i("Liczba posiłków dowiezionych do domu", "posiłki/miesiąc"),
        i(
            "Odsetek posiłków dostarczonych w wymaganej temperaturze",
            "%",
            "Na podstawie pomiarów wyrywkowych przy wydaniu.",
        ),
    ),
}

TRANSPORT = {
    "code": "transport-door-to-door",
    "name": "Transport indywidualny «od drzwi do drzwi» (door-to-door)",
    "summary": "Przewóz osób z potrzebą wsparcia w zakresie mobilności — z pomocą asystenta od drzwi mieszkania do drzwi miejsca docelowego (lekarz, urząd, praca, szkoła, ośrodek wsparcia, wydarzenie kulturalne).",
    "delivery_form": "community",
    "is_cus_social_service": True,
    "legal_basis": f"Usługa nie ma odrębnej regulacji ustawowej; gmina lub powiat realizuje ją jako zadanie własne w zakresie pomocy społecznej i wspierania osób z niepełnosprawnością, w tym w programie usług społecznych ({CUS}).\nStandard usług transportowych door-to-door wypracowany w projekcie PFRON «Usługi indywidualnego transportu door-to-door oraz poprawa dostępności architektonicznej wielorodzinnych budynków mieszkalnych» — karta przyjmuje go jako standard rekomendowany w modelu.\nUstawa z dnia 20 czerwca 1997 r. — Prawo o ruchu drogowym (uprawnienia kierowcy, stan techniczny pojazdu).",
    "target_groups": "Osoby z niepełnosprawnością i osoby starsze z ograniczoną mobilnością (poruszające się na wózku, o kulach, niewidome i słabowidzące), które nie mogą samodzielnie korzystać z transportu publicznego.",
    "service_standard": "Zamówienie przejazdu telefonicznie lub elektronicznie, standard rekomendowany w modelu: z wyprzedzeniem co najmniej 2 dni roboczych, usługa dostępna w dni robocze w godzinach 6–22. Asystent pomaga w wyjściu z mieszkania, pokonaniu schodów (schodołaz), wsiadaniu i zabezpieczeniu wózka oraz dotarciu do celu. Pojazd przystosowany do przewozu osób na wózkach (rampa lub winda, systemy mocowania wózka i pasażera). Rejestr przejazdów i potwierdzenie wykonania usługi przez pasażera.",
    "qualifications": [
        q(
            "TR-1",
            "Kierowca",
            "Prawo jazdy kategorii B (lub D przy pojazdach powyżej 9 miejsc), co najmniej 2 lata doświadczenia, niekaralność za przestępstwa drogowe; szkolenie z obsługi rampy lub windy i mocowania wózków.",
            16,
            True,
        ),
        q(
            "TR-2",
            "Asystent przejazdu",
            "Kurs przygotowawczy z tej karty albo kwalifikacja asystenta osoby niepełnosprawnej; szkolenie z obsługi schodołazu.",
            120,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q("TR-3", "Szkolenie z pierwszej pomocy", "Dla kierowców i asystentów, nie starsze niż 2 lata.", 16, True),
        q(
            "TR-4",
            "Dyspozytor",
            "Obsługa zamówień i planowanie tras; znajomość obsługi systemu rezerwacji.",
            None,
            False,
        ),
    ],
    "cis_modules": [
        m(
            "Mobilność osób z niepełnosprawnością i bariery w przestrzeni",
            16,
            [
                "rozpoznaje potrzeby pasażerów z różnymi rodzajami niepełnosprawności",
                "planuje przejście z mieszkania do pojazdu z pokonaniem barier",
            ],
        ),
        m(
            "Asystowanie w przemieszczaniu i obsługa sprzętu",
            40,
            [
                "bezpiecznie prowadzi wózek, obsługuje schodołaz, rampę i windę",
                "zabezpiecza wózek i pasażera pasami zgodnie z instrukcją producenta",
            ],
        ),
        m(
            "Przygotowanie do prawa jazdy kategorii B lub doskonalenie techniki jazdy",
            30,
            ["zna przepisy ruchu drogowego i zasady jazdy defensywnej", "wykonuje codzienną obsługę pojazdu"],
        ),
        m(
            "Organizacja przewozów i dokumentacja",
            12,
            ["przyjmuje zamówienia i planuje trasy", "prowadzi rejestr przejazdów"],
        ),
        communication(12, "pasażerami z niepełnosprawnością"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(48, "usługi transportu door-to-door"),
    ],
    "kis_modules": [
        m("Asystent przejazdu — rola i zasady", 12, ["opisuje zakres usługi door-to-door i obowiązki asystenta"]),
        m(
            "Pomoc w przemieszczaniu się",
            20,
            [
                "prowadzi wózek i pomaga pasażerowi przy wsiadaniu i wysiadaniu",
                "obsługuje rampę i schodołaz pod nadzorem",
            ],
        ),
        communication(8, "pasażerami z niepełnosprawnością"),
        first_aid(8),
        job_activation(8),
        practice(30, "usługi transportu door-to-door"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Co najmniej 2 kierowców i 2 asystentów (praca zmianowa), dyspozytor (może łączyć funkcję z koordynatorem).",
        ),
        r(
            "equipment",
            "Pojazd przystosowany do przewozu osób na wózkach (rampa lub winda, mocowania, pasy), schodołaz gąsienicowy lub kołowy, apteczka, gaśnica.",
        ),
        r(
            "procedures",
            "Regulamin usługi z zasadami zamawiania i odpłatności, rejestr przejazdów, procedura w razie wypadku lub awarii, procedura odmowy przewozu.",
        ),
        r(
            "organisation",
            "Ubezpieczenie OC i NNW pasażerów, badania techniczne i przeglądy pojazdu, miejsce postoju pojazdu.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator dysponuje przystosowanym pojazdem z aktualnym badaniem technicznym i ubezpieczeniem.",
            "Dowód rejestracyjny, polisa OC/NNW, umowa leasingu lub użyczenia.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba zrealizowanych przejazdów", "przejazdy/miesiąc"),
        i("Odsetek zamówień zrealizowanych", "%", "Przejazdy wykonane wobec przyjętych zamówień."),
        i("Liczba przejechanych kilometrów", "km/miesiąc"),
    ),
}

DROBNE_NAPRAWY = {
    "code": "drobne-naprawy-zlota-raczka",
    "name": "Drobne naprawy i adaptacje mieszkań («złota rączka»)",
    "summary": "Drobne naprawy domowe i proste adaptacje mieszkań osób starszych i z niepełnosprawnością: wymiana żarówek i uszczelek, montaż uchwytów i poręczy, usuwanie progów, zabezpieczenia przed upadkami.",
    "delivery_form": "home",
    "is_cus_social_service": False,
    "legal_basis": f"Usługa nie ma regulacji ustawowej; gminy realizują ją lokalnie — w programach polityki senioralnej, w programie usług społecznych ({CUS}) jako usługę towarzyszącą lub jako zadanie publiczne zlecane na podstawie ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie.\nPrace przy instalacjach elektrycznych i gazowych wymagają świadectw kwalifikacji zgodnie z ustawą z dnia 10 kwietnia 1997 r. — Prawo energetyczne.\nW modelu usługa nie jest traktowana jako usługa społeczna w rozumieniu ustawy o CUS (świadczenie materialne); zakres i zasady są standardem rekomendowanym w modelu.",
    "target_groups": "Osoby starsze (najczęściej 65+ lub 70+), osoby z niepełnosprawnością i osoby samotne, które nie mogą samodzielnie wykonać drobnych napraw; zasady kwalifikacji i odpłatności określa gmina.",
    "service_standard": "Standard rekomendowany w modelu: usługa obejmuje prace do 2 godzin na zlecenie, bez kosztów materiałów (materiały zapewnia odbiorca lub gmina); nie obejmuje prac wymagających uprawnień budowlanych, gazowych i elektrycznych powyżej napięcia 1 kV. Termin realizacji do 7 dni od zgłoszenia, w sprawach bezpieczeństwa (np. cieknący kran, zepsuty zamek) do 2 dni roboczych. Przy wizycie wykonawca ocenia bezpieczeństwo mieszkania (progi, oświetlenie, dywaniki) i proponuje proste adaptacje. Wykonawca legitymuje się identyfikatorem; odbiorca potwierdza wykonanie w karcie zlecenia.",
    "qualifications": [
        q(
            "ZR-1",
            "Konserwator lub pracownik robót wykończeniowych",
            "Doświadczenie w drobnych pracach remontowych albo kurs przygotowawczy z tej karty; dyplom w zawodzie monter zabudowy i robót wykończeniowych w budownictwie jest atutem.",
            160,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "ZR-2",
            "Świadectwo kwalifikacji SEP (grupa G1, eksploatacja)",
            "Wymagane przy pracach przy instalacjach i urządzeniach elektrycznych.",
            None,
            False,
        ),
        q(
            "ZR-3",
            "Niekaralność",
            "Oświadczenie o niekaralności za przestępstwa przeciwko mieniu i umyślne przestępstwa — wykonawca wchodzi do mieszkań osób starszych.",
            None,
            True,
        ),
    ],
    "cis_modules": [
        m(
            "Narzędzia, materiały i bezpieczna praca w mieszkaniu",
            24,
            [
                "dobiera narzędzia ręczne i elektronarzędzia do zadania",
                "zabezpiecza mieszkanie przed zabrudzeniem i uszkodzeniem podczas prac",
            ],
        ),
        m(
            "Drobne naprawy hydrauliczne i stolarskie",
            40,
            ["wymienia uszczelki, baterie, syfony i spłuczki", "naprawia zawiasy, zamki, meble i drzwi"],
        ),
        m(
            "Podstawy elektrotechniki i przygotowanie do egzaminu SEP G1",
            30,
            [
                "wymienia źródła światła, gniazda i łączniki przy odłączonym zasilaniu",
                "zna wymagania egzaminu kwalifikacyjnego SEP",
            ],
        ),
        m(
            "Adaptacje mieszkań dla osób starszych i z niepełnosprawnością",
            24,
            [
                "montuje uchwyty, poręcze i maty antypoślizgowe",
                "ocenia mieszkanie pod kątem ryzyka upadków i proponuje zmiany",
            ],
        ),
        communication(12, "osobami starszymi (w tym ochrona przed oszustwami «na fachowca»)"),
        first_aid(8),
        bhp(12),
        social_enterprise(14),
        practice(56, "ekipy drobnych napraw"),
    ],
    "kis_modules": [
        m(
            "Domowe naprawy — podstawy",
            24,
            ["posługuje się podstawowymi narzędziami", "wykonuje proste naprawy pod nadzorem"],
        ),
        m("Bezpieczne mieszkanie seniora", 8, ["rozpoznaje zagrożenia upadkiem w mieszkaniu"]),
        communication(6, "osobami starszymi"),
        first_aid(8),
        job_activation(8),
        practice(30, "ekipy drobnych napraw"),
    ],
    "minimum_resources": [
        r("staff", "Co najmniej 2 wykonawców i koordynator przyjmujący zgłoszenia."),
        r(
            "equipment",
            "Zestaw narzędzi ręcznych, wiertarko-wkrętarka, poziomica, drabina, tester napięcia, środki ochrony indywidualnej; podstawowy zapas drobnych materiałów.",
        ),
        r(
            "procedures",
            "Karta zlecenia z zakresem prac i potwierdzeniem wykonania, cennik lub zasady bezpłatności, procedura weryfikacji tożsamości wykonawcy przez odbiorcę.",
        ),
        r(
            "organisation",
            "Transport dla wykonawców i narzędzi; ubezpieczenie OC za szkody wyrządzone w mieszkaniu odbiorcy.",
        ),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator ma kompletny zestaw narzędzi i ubezpieczenie OC obejmujące szkody w mieszkaniach odbiorców.",
            "Spis wyposażenia, polisa OC.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba wykonanych zleceń", "zlecenia/miesiąc"),
        i("Średni czas od zgłoszenia do realizacji", "dni"),
        i("Liczba mieszkań z wykonaną adaptacją zmniejszającą ryzyko upadków", "mieszkania/rok"),
    ),
}

POMOC_DOMOWA = {
    "code": "pomoc-w-gospodarstwie-domowym",
    "name": "Sprzątanie i pomoc w prowadzeniu gospodarstwa domowego",
    "summary": "Utrzymanie czystości w mieszkaniu, pranie i prasowanie, mycie okien, sezonowe porządki, pomoc w zakupach i drobnych sprawach domowych osób starszych i z niepełnosprawnością.",
    "delivery_form": "home",
    "is_cus_social_service": False,
    "legal_basis": f"{UPS} — art. 50 (gdy czynności porządkowe są częścią usług opiekuńczych przyznanych decyzją; wtedy stosuje się kartę «Usługi opiekuńcze»).\nSamodzielnie usługa nie ma regulacji ustawowej; gminy zlecają ją w programach senioralnych lub jako zadanie publiczne (ustawa z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie). W modelu traktowana jako usługa towarzysząca, nie usługa społeczna w rozumieniu ustawy o CUS; standard jest rekomendowany w modelu.",
    "target_groups": "Osoby starsze, z niepełnosprawnością i przewlekle chore, które nie mogą samodzielnie utrzymać czystości w mieszkaniu, a nie potrzebują pomocy w czynnościach osobistych.",
    "service_standard": "Standard rekomendowany w modelu: zakres prac uzgodniony w karcie usługi (lista czynności i częstotliwość), wizyty w stałych terminach, środki czystości bezpieczne dla zdrowia (z kartami charakterystyki), stały pracownik przypisany do odbiorcy. Usługa nie obejmuje czynności higienicznych przy odbiorcy — jeśli pracownik zauważy taką potrzebę, informuje OPS/CUS. Potwierdzenie wykonania w karcie usługi.",
    "qualifications": [
        q(
            "PD-1",
            "Pracownik porządkowy / pomoc domowa (kod zawodu 911101)",
            "Kurs przygotowawczy z tej karty albo co najmniej 6 miesięcy doświadczenia w utrzymaniu czystości.",
            120,
            True,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "PD-2",
            "Szkolenie z pracy w domu osoby starszej",
            "Komunikacja z osobą starszą, rozpoznawanie potrzeby wsparcia opiekuńczego, ochrona przed oszustwami.",
            8,
            True,
        ),
        q("PD-3", "Szkolenie z pierwszej pomocy", "Aktualne zaświadczenie (nie starsze niż 2 lata).", 8, False),
    ],
    "cis_modules": [
        m(
            "Techniki utrzymania czystości",
            40,
            [
                "dobiera środki i metody czyszczenia do rodzaju powierzchni",
                "sprząta kuchnię, łazienkę i pokoje według standardu realizatora",
            ],
        ),
        m(
            "Pranie, prasowanie i dbałość o tekstylia",
            16,
            ["dobiera program prania do oznaczeń na metce", "prasuje i składa odzież i bieliznę"],
        ),
        m("Prace sezonowe i mycie okien", 16, ["bezpiecznie myje okna i wykonuje porządki sezonowe z użyciem drabiny"]),
        m(
            "Zakupy i drobne sprawy domowe odbiorcy",
            12,
            ["robi zakupy według listy i rozlicza je z odbiorcą", "pomaga w segregacji odpadów"],
        ),
        communication(12, "osobami starszymi i ich rodzinami"),
        first_aid(8),
        bhp(8),
        social_enterprise(14),
        practice(54, "firmy sprzątającej lub realizatora usług domowych"),
    ],
    "kis_modules": [
        m(
            "Utrzymanie czystości — podstawy",
            20,
            ["sprząta pomieszczenia z użyciem właściwych środków", "stosuje środki ochrony indywidualnej"],
        ),
        m(
            "Praca w domu odbiorcy",
            8,
            ["zachowuje się z szacunkiem dla prywatności odbiorcy", "rozlicza zakupy i potwierdza wykonanie usługi"],
        ),
        first_aid(8),
        job_activation(8),
        practice(30, "realizatora usług domowych"),
    ],
    "minimum_resources": [
        r("staff", "Co najmniej 2 pracowników porządkowych i koordynator."),
        r(
            "equipment",
            "Odkurzacz, zestawy do mycia okien i podłóg, drabina, środki czystości z kartami charakterystyki, środki ochrony indywidualnej.",
        ),
        r(
            "procedures",
            "Karta usługi z zakresem prac, zasady rozliczania zakupów, procedura zgłaszania do OPS/CUS potrzeby usług opiekuńczych.",
        ),
        r("organisation", "Ubezpieczenie OC, dojazd pracowników do odbiorców."),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator ustalił z gminą lub OPS/CUS kryteria kwalifikowania odbiorców i zasady odpłatności.",
            "Umowa, porozumienie lub regulamin zatwierdzony przez zlecającego.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba godzin usług porządkowych", "godziny/miesiąc"),
        i("Liczba przekazanych do OPS/CUS sygnałów o potrzebie usług opiekuńczych", "zgłoszenia/rok"),
    ),
}

ASYSTENT_RODZINY = {
    "code": "asystent-rodziny",
    "name": "Asystent rodziny i wsparcie rodziny w środowisku",
    "summary": "Praca z rodziną przeżywającą trudności w wypełnianiu funkcji opiekuńczo-wychowawczych w jej miejscu zamieszkania: plan pracy z rodziną, wsparcie w prowadzeniu domu, wychowaniu dzieci i rozwiązywaniu problemów; pomocniczo — rodziny wspierające i placówki wsparcia dziennego.",
    "delivery_form": "home",
    "is_cus_social_service": True,
    "legal_basis": "Ustawa z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej (Dz.U. 2011 nr 149 poz. 887 z późn. zm.) — asystent rodziny (art. 11–17), w tym kwalifikacje (art. 12) i zadania (art. 15); liczba rodzin, z którymi jeden asystent pracuje jednocześnie, nie może przekroczyć 15; rodziny wspierające (art. 29–30); placówki wsparcia dziennego (art. 18–28).\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818) — obszar wspierania rodziny.",
    "target_groups": "Rodziny z dziećmi przeżywające trudności opiekuńczo-wychowawcze, w tym rodziny, w których dzieci zagrożone są umieszczeniem w pieczy zastępczej lub mogą do niej wrócić; rodziny skierowane przez OPS/CUS lub sąd.",
    "service_standard": "Asystent opracowuje z rodziną plan pracy, wspiera ją w poprawie sytuacji życiowej, prowadzeniu gospodarstwa domowego, rozwiązywaniu problemów socjalnych, psychologicznych i wychowawczych, w aktywizacji zawodowej; motywuje do udziału w zajęciach grupowych; co najmniej raz na pół roku ocenia sytuację rodziny. Jeden asystent pracuje jednocześnie z nie więcej niż 15 rodzinami.\nUczestnicy CIS/KIS nie spełniają zwykle wymagań art. 12 wobec asystenta rodziny; kursy z tej karty przygotowują do ról pomocniczych: wychowawca-opiekun w placówce wsparcia dziennego, pomocnik asystenta w zakresie prowadzenia domu, członek rodziny wspierającej — standard rekomendowany w modelu.",
    "qualifications": [
        q(
            "AR-1",
            "Asystent rodziny — kwalifikacje z art. 12 ustawy",
            "Wykształcenie wyższe na kierunku pedagogika, psychologia, socjologia, nauki o rodzinie lub praca socjalna; albo wyższe na innym kierunku i szkolenie z pracy z dziećmi lub rodziną oraz co najmniej rok stażu w pracy z dziećmi lub rodziną; albo średnie i szkolenie z zakresu pracy z dziećmi lub rodziną oraz co najmniej 3 lata pracy z dziećmi lub rodziną. Niekaralność, pełnia władzy rodzicielskiej, realizacja obowiązku alimentacyjnego.",
            None,
            True,
        ),
        q(
            "AR-2",
            "Wychowawca w placówce wsparcia dziennego (forma opiekuńcza)",
            "Kwalifikacje określone w ustawie dla wychowawcy placówki wsparcia dziennego; dla osoby pomocniczej — kurs przygotowawczy z tej karty.",
            160,
            False,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q(
            "AR-3",
            "Weryfikacja w Rejestrze Sprawców Przestępstw na Tle Seksualnym",
            "Obowiązkowa dla każdej osoby pracującej z dziećmi.",
            None,
            True,
        ),
    ],
    "cis_modules": [
        m(
            "Rodzina w kryzysie — system wspierania rodziny",
            24,
            [
                "opisuje zadania gminy, asystenta rodziny, rodzin wspierających i placówek wsparcia dziennego",
                "rozpoznaje czynniki ryzyka i zasoby rodziny",
            ],
        ),
        m(
            "Wsparcie w prowadzeniu gospodarstwa domowego",
            30,
            [
                "pomaga rodzinie planować budżet, zakupy i posiłki",
                "uczy organizacji dnia i porządku w domu przez wspólne działanie",
            ],
        ),
        m(
            "Opieka nad dziećmi w placówce wsparcia dziennego",
            40,
            [
                "organizuje pomoc w nauce, zabawy i zajęcia rozwijające",
                "dba o bezpieczeństwo dzieci i współpracuje z rodzicami",
            ],
        ),
        m(
            "Przeciwdziałanie przemocy w rodzinie i ochrona dzieci",
            16,
            [
                "rozpoznaje symptomy przemocy i krzywdzenia dziecka",
                "zna procedurę «Niebieskie Karty» i standardy ochrony małoletnich",
            ],
        ),
        communication(16, "rodzicami i dziećmi"),
        first_aid(16),
        bhp(6),
        social_enterprise(12),
        practice(50, "placówki wsparcia dziennego lub zespołu asystentów rodziny"),
    ],
    "kis_modules": [
        m(
            "Wsparcie rodziny — kto i jak pomaga",
            12,
            ["opisuje ofertę wsparcia rodzin w gminie", "wyjaśnia rolę rodziny wspierającej"],
        ),
        m(
            "Pomoc dzieciom w nauce i czasie wolnym",
            24,
            ["pomaga dzieciom w odrabianiu lekcji", "prowadzi proste zajęcia świetlicowe"],
        ),
        communication(12, "rodzicami i dziećmi"),
        first_aid(8),
        job_activation(8),
        practice(40, "świetlicy lub placówki wsparcia dziennego"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Asystenci rodziny spełniający art. 12 ustawy (nie więcej niż 15 rodzin na asystenta); dla placówki wsparcia dziennego — kierownik i wychowawcy; superwizja.",
        ),
        r(
            "premises",
            "Pomieszczenie do spotkań z rodzinami zapewniające dyskrecję; dla placówki wsparcia dziennego — lokal spełniający wymagania ustawy.",
        ),
        r(
            "procedures",
            "Plan pracy z rodziną, okresowa ocena sytuacji rodziny, standardy ochrony małoletnich, procedura «Niebieskie Karty».",
        ),
        r("organisation", "Porozumienie z OPS/CUS o zlecaniu pracy z rodzinami; zwrot kosztów dojazdów asystentów."),
    ],
    "readiness_criteria": readiness(
        c(
            "Realizator wdrożył standardy ochrony małoletnich i zweryfikował personel w Rejestrze Sprawców Przestępstw na Tle Seksualnym.",
            "Dokument standardów ochrony małoletnich, wydruki lub potwierdzenia weryfikacji w rejestrze.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba rodzin objętych wsparciem asystenta", "rodziny"),
        i("Liczba rodzin, w których zakończono pracę z powodu osiągnięcia celów", "rodziny/rok"),
        i("Liczba dzieci, które wróciły z pieczy zastępczej do rodziny", "dzieci/rok"),
    ),
}

MIESZKANIA = {
    "code": "mieszkania-treningowe-wspomagane",
    "name": "Mieszkania chronione treningowe i wspierane",
    "summary": "Pobyt w mieszkaniu chronionym treningowym lub wspieranym z pomocą specjalistów: przygotowanie do samodzielnego życia albo wsparcie w samodzielnym funkcjonowaniu jako alternatywa dla domu pomocy społecznej.",
    "delivery_form": "residential",
    "is_cus_social_service": True,
    "legal_basis": f"{UPS} — art. 53 (mieszkanie chronione treningowe i wspierane).\nRozporządzenie Ministra Rodziny, Pracy i Polityki Społecznej z dnia 26 kwietnia 2018 r. w sprawie mieszkań chronionych (Dz.U. 2018 poz. 822) — standard mieszkania i usług, wymagania wobec osób świadczących wsparcie.\nUstawa z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych (Dz.U. 2019 poz. 1818).",
    "target_groups": "Osoby z zaburzeniami psychicznymi, osoby opuszczające pieczę zastępczą, zakłady karne lub schroniska dla nieletnich, osoby w kryzysie bezdomności, osoby z niepełnosprawnością i osoby starsze, które potrzebują wsparcia, ale nie całodobowej opieki.",
    "service_standard": "Mieszkanie chronione treningowe: pobyt czasowy, przygotowanie do samodzielnego życia (treningi umiejętności, praca socjalna, wsparcie w podjęciu pracy). Mieszkanie chronione wspierane: wsparcie w samodzielnym funkcjonowaniu, także długoterminowe, z usługami opiekuńczymi lub specjalistycznymi w miarę potrzeb.\nStandard lokalu i usług określa rozporządzenie z 2018 r. (m.in. pokoje jedno- lub dwuosobowe, wspólna kuchnia i łazienka, dostępność dla osób z niepełnosprawnością); kierowanie decyzją OPS/CUS. Uczestnicy CIS/KIS mogą pracować jako opiekunowie mieszkania, trenerzy umiejętności pod nadzorem specjalisty lub pracownicy obsługi technicznej — standard rekomendowany w modelu.",
    "qualifications": [
        q(
            "MC-1",
            "Specjalista wspierający mieszkańców",
            "Kwalifikacje określone w rozporządzeniu w sprawie mieszkań chronionych (m.in. pracownik socjalny, psycholog, pedagog, terapeuta zajęciowy, asystent osoby niepełnosprawnej, opiekun).",
            None,
            True,
        ),
        q(
            "MC-2",
            "Opiekun mieszkania / trener umiejętności",
            "Kurs przygotowawczy z tej karty albo kwalifikacja opiekunki środowiskowej lub asystenta osoby niepełnosprawnej.",
            200,
            False,
            met_by=COURSE_OR_EVIDENCE,
        ),
        q("MC-3", "Szkolenie z pierwszej pomocy", "Aktualne zaświadczenie (nie starsze niż 2 lata).", 16, True),
    ],
    "cis_modules": [
        m(
            "Mieszkalnictwo wspomagane i deinstytucjonalizacja",
            16,
            [
                "wyjaśnia różnice między mieszkaniem treningowym a wspieranym",
                "opisuje rolę mieszkań w przechodzeniu od opieki instytucjonalnej do usług w społeczności",
            ],
        ),
        m(
            "Trening umiejętności samodzielnego życia",
            50,
            [
                "współprowadzi treningi budżetowe, kulinarne, porządkowe i higieniczne",
                "wspiera mieszkańców w załatwianiu spraw urzędowych",
            ],
        ),
        m(
            "Wspólne zamieszkiwanie i rozwiązywanie konfliktów",
            20,
            ["moderuje spotkania mieszkańców i ustalanie zasad", "reaguje na konflikty i sytuacje kryzysowe"],
        ),
        m(
            "Utrzymanie mieszkania i drobne naprawy",
            24,
            ["dba o stan techniczny mieszkania i zgłasza usterki", "wykonuje proste naprawy i prace porządkowe"],
        ),
        communication(16, "mieszkańcami mieszkań wspomaganych"),
        first_aid(16),
        bhp(8),
        social_enterprise(12),
        practice(38, "mieszkania treningowego lub wspieranego"),
    ],
    "kis_modules": [
        m("Mieszkanie wspomagane — zasady", 12, ["opisuje cele mieszkań treningowych i wspieranych"]),
        m(
            "Wspieranie codziennych czynności mieszkańców",
            24,
            ["pomaga mieszkańcom w zakupach, gotowaniu i porządkach"],
        ),
        communication(8, "mieszkańcami"),
        first_aid(8),
        job_activation(8),
        practice(30, "mieszkania wspomaganego"),
    ],
    "minimum_resources": [
        r(
            "staff",
            "Specjaliści świadczący wsparcie zgodnie z rozporządzeniem; opiekun mieszkania; dostępność telefoniczna w sytuacjach kryzysowych.",
        ),
        r(
            "premises",
            "Mieszkanie spełniające standard rozporządzenia w sprawie mieszkań chronionych: pokoje jedno- lub dwuosobowe, kuchnia, łazienka, pokój dzienny, dostępność dla osób z niepełnosprawnością.",
        ),
        r("equipment", "Umeblowanie pokoi i części wspólnych, sprzęt AGD do treningów kulinarnych, apteczka."),
        r(
            "procedures",
            "Regulamin mieszkania, indywidualny plan wsparcia mieszkańca, procedura kryzysowa, zasady odpłatności (uchwała rady gminy).",
        ),
        r("organisation", "Umowa z gminą lub powiatem o prowadzeniu mieszkania; tytuł prawny do lokalu."),
    ],
    "readiness_criteria": readiness(
        c(
            "Mieszkanie spełnia standard określony w rozporządzeniu w sprawie mieszkań chronionych.",
            "Protokół oględzin przez OPS/CUS, tytuł prawny do lokalu, opis wyposażenia.",
        ),
        trained=2,
    ),
    "indicators": indicators(
        i("Liczba miejsc w mieszkaniach", "miejsca"),
        i("Liczba mieszkańców, którzy zamieszkali samodzielnie po pobycie treningowym", "osoby/rok"),
    ),
}

CARDS = [POSILKI, TRANSPORT, DROBNE_NAPRAWY, POMOC_DOMOWA, ASYSTENT_RODZINY, MIESZKANIA]
