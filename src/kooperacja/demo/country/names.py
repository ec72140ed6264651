"""Fictional Polish names of people, organisations and streets for the generated country."""

import random

from kooperacja.core.text import fold

FEMALE_FIRST = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Zofia",
    "Teresa", "Magdalena", "Joanna", "Janina", "Monika", "Danuta", "Jadwiga", "Aleksandra", "Halina", "Irena",
    "Beata", "Marta", "Dorota", "Helena", "Karolina", "Jolanta", "Iwona", "Natalia", "Grażyna", "Bożena",
    "Urszula", "Justyna", "Renata", "Alicja", "Paulina", "Wiesława", "Agata", "Sylwia", "Patrycja", "Julia",
)  # fmt: skip
MALE_FIRST = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Jan", "Paweł", "Michał", "Marcin", "Stanisław", "Jakub",
    "Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz", "Zbigniew", "Jerzy",
    "Maciej", "Rafał", "Robert", "Kamil", "Józef", "Ryszard", "Tadeusz", "Dawid", "Bartosz", "Kazimierz",
    "Sławomir", "Henryk", "Artur", "Sebastian", "Daniel", "Roman", "Zdzisław", "Waldemar", "Damian", "Szymon",
)  # fmt: skip
# Surnames in their masculine form; -ski/-cki/-dzki take -ska/-cka/-dzka for women, the rest do not change.
LAST = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
    "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski", "Krawczyk",
    "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński",
    "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek",
    "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran", "Rutkowski", "Michalak", "Szewczyk",
    "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski", "Wróblewski", "Marciniak", "Jasiński", "Zawadzki",
    "Bąk", "Jakubowski", "Sadowski", "Duda", "Włodarczyk", "Wilk", "Chmielewski", "Borkowski", "Sokołowski",
)  # fmt: skip
# Words organisations put in their names ("Spółdzielnia Socjalna „Dobra Opieka”").
MOTTOS = (
    "Razem", "Przystań", "Nadzieja", "Wspólna Droga", "Nowy Horyzont", "Most", "Krok", "Szansa", "Tęcza", "Promyk",
    "Perspektywa", "Dobra Opieka", "Sąsiedzka Dłoń", "Zielony Dom", "Wspólnota", "Pomocna Dłoń", "Ostoja", "Start",
    "Kotwica", "Latarnia", "Równe Szanse", "Nowy Start", "Warsztat", "Złota Rączka", "Ciepły Kąt", "Przyjazny Dom",
    "Dobry Smak", "Czysty Dom", "Opiekun", "Ogród", "Pracownia", "Azymut", "Kompas", "Drogowskaz", "Źródło",
    "Przyszłość", "Słoneczny Dom", "Życzliwość", "Aktywni", "Na Plus", "Otwarte Drzwi", "Lokalna Siła", "Jutrzenka",
    "Przystanek", "Dom Pełen Ciepła", "Integracja", "Krąg", "Wzajemność", "Mosty", "Pogodna Jesień",
)  # fmt: skip
STREETS = (
    "Polna", "Leśna", "Słoneczna", "Krótka", "Szkolna", "Ogrodowa", "Lipowa", "Łąkowa", "Brzozowa", "Kwiatowa",
    "Kościelna", "Sosnowa", "Zielona", "Parkowa", "Akacjowa", "Kolejowa", "Górna", "Długa", "Spacerowa", "Dworcowa",
    "Mickiewicza", "Kościuszki", "Sienkiewicza", "Słowackiego", "Kopernika", "Reymonta", "Konopnickiej", "Żeromskiego",
    "Piłsudskiego", "Rynek", "Wojska Polskiego", "Szpitalna", "Wesoła", "Cicha", "Rzemieślnicza", "Warsztatowa",
)  # fmt: skip
WORKSHOPS = (
    "opiekuńczy", "gastronomiczny", "remontowo-budowlany", "porządkowy", "ogrodniczy", "krawiecki", "pralniczy",
    "stolarski", "usług sąsiedzkich", "administracyjno-biurowy", "rękodzieła", "zieleni miejskiej",
)  # fmt: skip


def person_name(rng: random.Random, *, female: bool) -> tuple[str, str]:
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    last = rng.choice(LAST)
    if female:
        for ending in ("dzki", "cki", "ski"):
            if last.endswith(ending):
                last = last[: -len(ending)] + ending[:-1] + "a"
                break
    return first, last


def ascii_slug(text: str) -> str:
    """Lower case ASCII letters and dots: "Łukasz Wiśniewski" -> "lukasz.wisniewski"."""
    folded = fold(text)
    return ".".join(part for part in "".join(c if c.isalnum() else " " for c in folded).split() if part)


def street(rng: random.Random) -> str:
    return f"ul. {rng.choice(STREETS)} {rng.randint(1, 120)}"


def postal_code(rng: random.Random) -> str:
    return f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}"
