"""Names, e-mail addresses, professions and boroughs as people type them into forms."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.errors import ValidationError
from cohort_desk.rules.names import (
    BOROUGHS,
    PROFESSIONS,
    TITLES,
    ParsedName,
    check_email,
    clean_text,
    email_key,
    name_case,
    normalise_borough,
    normalise_profession,
    organisation_case,
    split_full_name,
)


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  Jane   Smith ", "Jane Smith"),
        ("Jane\u00a0Smith", "Jane Smith"),
        ("Jane\tSmith\n", "Jane Smith"),
        ("Zoe\u0308", "Zoë"),  # decomposed accent from a Mac becomes one character
        ("O\u2019Neill", "O'Neill"),
        ("Ren\u200bée", "Renée"),
        ("", ""),
        (None, ""),
        ("Siân Ó Briain", "Siân Ó Briain"),
    ],
)
def test_clean_text(typed: str | None, cleaned: str) -> None:
    assert clean_text(typed) == cleaned


@given(st.text())
def test_clean_text_is_idempotent_and_nfc(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip()
    assert "  " not in once


@given(st.text())
def test_email_key_is_idempotent(text: str) -> None:
    assert email_key(email_key(text)) == email_key(text)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        (" Jane.Smith@NHS.net ", "jane.smith@nhs.net"),
        ("jane.smith@nhs.net\u00a0", "jane.smith@nhs.net"),
        ("\ufeffJ@X.ORG", "j@x.org"),
    ],
)
def test_email_key(typed: str, key: str) -> None:
    assert email_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("jane.smith@nhs.net", "jane.smith@nhs.net"),
        ("  Jane.Smith@NHS.NET ", "Jane.Smith@nhs.net"),
        ("Smith Jane <jane.smith1@nhs.net>", "jane.smith1@nhs.net"),
        ("mailto:a.b@gstt.nhs.uk", "a.b@gstt.nhs.uk"),
        ("first.last+forms@example.org", "first.last+forms@example.org"),
        ("zoë@example.com", "zoë@example.com"),
    ],
)
def test_check_email_accepts(typed: str, stored: str) -> None:
    assert check_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "jane.smith",
        "jane smith@nhs.net",
        "jane@",
        "@nhs.net",
        "jane@@nhs.net",
        "jane@nhs",
        "jane.@nhs.net",
        "jane@nhs..net",
    ],
)
def test_check_email_refuses_with_a_sentence(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_email(typed)
    assert caught.value.field == "email"
    message = str(caught.value)
    assert message.endswith(".") and message.count(". ") == 0
    assert "Traceback" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Smith", ParsedName("Jane", "Smith", None, None)),
        ("Mary Anne Smith", ParsedName("Mary Anne", "Smith", None, None)),
        ("Dr Jane Smith", ParsedName("Jane", "Smith", None, "Dr")),
        ("Prof. Sir Alan Jones", ParsedName("Alan", "Jones", None, "Prof Sir")),
        ("Mx Sam Taylor", ParsedName("Sam", "Taylor", None, "Mx")),
        ("SMITH, Jane", ParsedName("Jane", "Smith", None, None)),
        ("Smith, Dr Jane", ParsedName("Jane", "Smith", None, "Dr")),
        (
            "SMITH, John (KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST)",
            ParsedName("John", "Smith", "KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST", None),
        ),
        (
            "O'NEILL, Mary (GUY'S AND ST THOMAS' NHS FOUNDATION TRUST)",
            ParsedName("Mary", "O'Neill", "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", None),
        ),
        (
            "MCDONALD, Alan (NHS SOUTH EAST LONDON ICB)",
            ParsedName("Alan", "McDonald", "NHS SOUTH EAST LONDON ICB", None),
        ),
        ("SMITH-JONES, Kate", ParsedName("Kate", "Smith-Jones", None, None)),
        ("jane smith", ParsedName("Jane", "Smith", None, None)),
        ("Ana de la Cruz", ParsedName("Ana", "de la Cruz", None, None)),
        ("JAN VAN DER BERG", ParsedName("Jan", "van der Berg", None, None)),
        ("Ludwig van Beethoven", ParsedName("Ludwig", "van Beethoven", None, None)),
        ("Seán Ó Briain", ParsedName("Seán", "Ó Briain", None, None)),
        ("Le Anh", ParsedName("Le", "Anh", None, None)),
        ("Madonna", ParsedName("Madonna", "", None, None)),
        ("Pat Jones (Guest)", ParsedName("Pat", "Jones", None, None)),
        ("Sam Lee (they/them)", ParsedName("Sam", "Lee", None, None)),
        ("Kim DeVito", ParsedName("Kim", "DeVito", None, None)),
        ("  Zoë   Ørsted  ", ParsedName("Zoë", "Ørsted", None, None)),
        ("", ParsedName("", "", None, None)),
    ],
)
def test_split_full_name(text: str, expected: ParsedName) -> None:
    assert split_full_name(text) == expected


# A plain name: no word of it is a title such as "Mr" (a title is kept apart, by design).
PLAIN_WORD = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True).filter(
    lambda word: word.casefold() not in TITLES
)


@given(st.lists(PLAIN_WORD, min_size=2, max_size=4))
def test_split_keeps_every_word_of_a_plain_name(words: list[str]) -> None:
    parsed = split_full_name(" ".join(words))
    assert f"{parsed.given} {parsed.family}" == " ".join(words)


@pytest.mark.parametrize(
    ("word", "cased"),
    [
        ("O'NEILL", "O'Neill"),
        ("SMITH-JONES", "Smith-Jones"),
        ("MCDONALD", "McDonald"),
        ("D'ARCY", "D'Arcy"),
        ("KING'S", "King's"),
        ("smith", "Smith"),
    ],
)
def test_name_case(word: str, cased: str) -> None:
    assert name_case(word) == cased


@pytest.mark.parametrize(
    ("typed", "cased"),
    [
        # Kept as written: matching to a known name deals with capitals (rules/known_names).
        ("LEWISHAM AND GREENWICH NHS TRUST", "LEWISHAM AND GREENWICH NHS TRUST"),
        ("UCLH", "UCLH"),
        ("uclh", "uclh"),
        ("  Oxleas   NHS Foundation Trust ", "Oxleas NHS Foundation Trust"),
        ("RJ1 GSTT", "RJ1 GSTT"),
    ],
)
def test_organisation_case(typed: str, cased: str) -> None:
    assert organisation_case(typed) == cased


@pytest.mark.parametrize(
    ("typed", "profession"),
    [
        ("Nurse", "Nursing"),
        ("RN", "Nursing"),
        ("nursing", "Nursing"),
        ("Doctor", "Medicine"),
        ("GP", "Medicine"),
        ("Consultant", "Medicine"),
        ("AHP", "Allied health professional"),
        ("Physiotherapist", "Allied health professional"),
        ("OT", "Allied health professional"),
        ("Pharmacist", "Pharmacy"),
        ("Social worker", "Social work"),
        ("Midwife", "Midwifery"),
        ("Paramedic", "Paramedic"),
        ("Clinical psychologist", "Psychology"),
        ("Public Health", "Public health"),
        ("non-clinical", "Management"),
        ("Dentist", "Dentistry"),
        ("other", "Other"),
        ("  Allied health professional ", "Allied health professional"),
        # Unknown text is kept (cleaned) so a person can see and fix it.
        ("Chaplain", "Chaplain"),
        ("  Nurse   consultant ", "Nurse consultant"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalise_profession(typed: str | None, profession: str | None) -> None:
    assert normalise_profession(typed) == profession


def test_every_profession_maps_to_itself() -> None:
    assert all(normalise_profession(p) == p for p in PROFESSIONS)
    assert all(normalise_profession(p.upper()) == p for p in PROFESSIONS)


@pytest.mark.parametrize(
    ("typed", "borough"),
    [
        ("Royal Borough of Greenwich", "Greenwich"),
        ("London Borough of Bexley", "Bexley"),
        ("LAMBETH", "Lambeth"),
        ("lewisham council", "Lewisham"),
        ("LB Southwark", "Southwark"),
        ("Bromley ", "Bromley"),
        ("Kent", "Kent"),
        ("", None),
    ],
)
def test_normalise_borough(typed: str, borough: str | None) -> None:
    assert normalise_borough(typed) == borough


def test_every_borough_maps_to_itself() -> None:
    assert all(normalise_borough(b.lower()) == b for b in BOROUGHS)


def test_printed_name_prefers_the_name_as_printed_then_an_earned_title() -> None:
    from cohort_desk.rules.names import printed_name

    assert printed_name("Dr", "Ama", "Mensah") == "Dr Ama Mensah"
    assert printed_name("Mr", "Jo", "Li") == "Jo Li"
    assert printed_name("Dr", "Thị Minh Khai", "Nguyễn", "  NGUYỄN  Thị Minh Khai ") == (
        "NGUYỄN Thị Minh Khai"
    )
