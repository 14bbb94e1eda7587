"""Headings of lists of people in German, French, Spanish, Polish and Portuguese."""

from __future__ import annotations

import pytest

from cohort_desk.rules.headers import find_header_row, guess_field, map_columns

HEADINGS = {
    "German": {
        "Anrede": "title",
        "Vorname": "given_name",
        "Nachname": "family_name",
        "E-Mail-Adresse": "email",
        "E-Mail": "email",
        "Arbeitgeber": "organisation",
        "Berufsbezeichnung": "job_title",
        "Berufsgruppe": "profession",
        "Telefonnummer": "phone",
        "Interessen": "interests",
    },
    "French": {
        "Civilité": "title",
        "Prénom": "given_name",
        "Nom de famille": "family_name",
        "Nom complet": "full_name",
        "Adresse e-mail": "email",
        "Courriel": "email",
        "Établissement": "organisation",
        "Intitulé du poste": "job_title",
        "Métier": "profession",
        "Téléphone": "phone",
        "Centres d’intérêt": "interests",
    },
    "Spanish": {
        "Nombre completo": "full_name",
        "Apellidos": "family_name",
        "Correo electrónico": "email",
        "Organización": "organisation",
        "Puesto de trabajo": "job_title",
        "Profesión": "profession",
        "Teléfono": "phone",
        "Áreas de interés": "interests",
    },
    "Polish": {
        "Tytuł": "title",
        "Imię": "given_name",
        "Nazwisko": "family_name",
        "Imię i nazwisko": "full_name",
        "Adres e-mail": "email",
        "Miejsce pracy": "organisation",
        "Stanowisko": "job_title",
        "Zawód": "profession",
        "Numer telefonu": "phone",
        "Zainteresowania": "interests",
    },
    "Portuguese": {
        "Primeiro nome": "given_name",
        "Apelido": "family_name",
        "Sobrenome": "family_name",
        "Nome completo": "full_name",
        "Endereço de e-mail": "email",
        "Correio eletrónico": "email",
        "Instituição": "organisation",
        "Cargo": "job_title",
        "Profissão": "profession",
        "Telemóvel": "phone",
        "Áreas de interesse": "interests",
    },
}


@pytest.mark.parametrize(
    ("heading", "field"),
    [(heading, field) for words in HEADINGS.values() for heading, field in words.items()],
)
def test_headings_in_other_languages(heading: str, field: str) -> None:
    assert guess_field(heading) == field
    assert guess_field(heading.upper()) == field


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Adres e-mail służbowy", "email"),
        ("Dienstliche E-Mail-Adresse", "email"),
        ("Correo electrónico del trabajo", "email"),
        ("Votre prénom", "given_name"),
        ("Nazwisko uczestnika", "family_name"),
    ],
)
def test_longer_headings_in_other_languages(heading: str, field: str) -> None:
    assert guess_field(heading) == field


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # A bare "name" beside a first-name column is the surname...
        (["Name", "Vorname", "E-Mail"], {0: "family_name", 1: "given_name", 2: "email"}),
        (["Nom", "Prénom", "Courriel"], {0: "family_name", 1: "given_name", 2: "email"}),
        # ...and beside a surname column the first name.
        (["Nombre", "Apellidos", "Correo"], {0: "given_name", 1: "family_name", 2: "email"}),
        (["Nome", "Sobrenome", "Email"], {0: "given_name", 1: "family_name", 2: "email"}),
        (["Name", "Surname", "Email"], {0: "given_name", 1: "family_name", 2: "email"}),
        # Alone, it is the whole name; with both others, it is dropped as before.
        (["Nombre", "Correo"], {0: "full_name", 1: "email"}),
        (
            ["Name", "First name", "Surname", "Email"],
            {1: "given_name", 2: "family_name", 3: "email"},
        ),
    ],
)
def test_a_bare_name_column_is_read_beside_its_neighbours(
    headers: list[str], expected: dict[int, str]
) -> None:
    assert map_columns(headers) == expected


def test_a_bare_name_chosen_by_hand_is_left_alone() -> None:
    assert map_columns(["Name", "Vorname", "E-Mail"], {"Name": "full_name"}) == {
        0: "full_name",
        1: "given_name",
        2: "email",
    }


def test_german_export_header_row_is_found() -> None:
    rows = [
        ["Teilnehmerliste Kohorte 6", "", ""],
        ["Vorname", "Nachname", "E-Mail-Adresse"],
        ["Jürgen", "Groß", "j.gross@example.de"],
    ]
    assert find_header_row(rows) == 1
