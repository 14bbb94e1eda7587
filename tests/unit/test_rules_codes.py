"""Tables and properties for cohort_desk.rules.certificate_codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.errors import ValidationError
from cohort_desk.rules.certificate_codes import (
    ALPHABET,
    CODE_LENGTH,
    certificate_number,
    code_status,
    codes_match,
    normalise_code,
    parse_certificate_number,
    verification_code,
    verify_code,
)

SECRET = b"x" * 32
ISSUED = date(2026, 7, 1)
# Pinned: certificates already printed carry codes from this scheme, so any change to how
# codes are derived must fail here first.
KNOWN_CODE = "2S4F-TC5D-6YAK"

secrets = st.binary(min_size=16, max_size=64)
numbers = st.builds(
    certificate_number,
    st.sampled_from(["SLA", "COP", "A", "X9"]),
    st.integers(2000, 2100),
    st.integers(1, 10**6),
)
person_keys = st.integers(1, 10**9).map(str)
dates = st.dates(date(2000, 1, 1), date(2100, 12, 31))


def test_alphabet_is_crockford() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


@pytest.mark.parametrize(
    ("prefix", "year", "sequence", "number"),
    [
        ("SLA", 2026, 42, "SLA-2026-0042"),
        ("sla", 2026, 1, "SLA-2026-0001"),
        ("SLA", 2026, 9999, "SLA-2026-9999"),
        ("SLA", 2026, 10000, "SLA-2026-10000"),
        ("COP2", 2031, 123456, "COP2-2031-123456"),
    ],
)
def test_certificate_number(prefix: str, year: int, sequence: int, number: str) -> None:
    assert certificate_number(prefix, year, sequence) == number
    assert parse_certificate_number(number) == (prefix.upper(), year, sequence)


@pytest.mark.parametrize(("prefix", "year", "sequence"), [("SLA", 2026, 0), ("SLA", 26, 1)])
def test_certificate_number_rejects_bugs(prefix: str, year: int, sequence: int) -> None:
    with pytest.raises(ValueError):
        certificate_number(prefix, year, sequence)


@pytest.mark.parametrize("prefix", ["", "S-L", "1SLA", "ABCDEFGHIJK", "SLÄ"])
def test_certificate_number_rejects_bad_prefix(prefix: str) -> None:
    with pytest.raises(ValidationError):
        certificate_number(prefix, 2026, 1)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("SLA-2026-0042", ("SLA", 2026, 42)),
        ("  sla-2026-42 ", ("SLA", 2026, 42)),
        ("SLA 2026 0042", ("SLA", 2026, 42)),
        ("SLA \u2013 2026 \u2013 0042", ("SLA", 2026, 42)),
        ("SLA/2026/0042", ("SLA", 2026, 42)),
        ("SLA-2026-0000", None),
        ("SLA-26-0042", None),
        ("SLA20260042", None),
        ("SLA-2026-", None),
        ("", None),
        ("2026-0042", None),
    ],
)
def test_parse_certificate_number(text: str, parsed: tuple[str, int, int] | None) -> None:
    assert parse_certificate_number(text) == parsed


@given(
    st.from_regex(r"[A-Z][A-Z0-9]{0,9}", fullmatch=True),
    st.integers(1000, 9999),
    st.integers(1, 10**9 - 1),
)
def test_number_round_trip(prefix: str, year: int, sequence: int) -> None:
    number = certificate_number(prefix, year, sequence)
    assert parse_certificate_number(number) == (prefix, year, sequence)
    assert parse_certificate_number(number.lower()) == (prefix, year, sequence)


def test_known_code() -> None:
    assert verification_code(SECRET, "SLA-2026-0042", "17", ISSUED) == KNOWN_CODE
    # any accepted spelling of the number gives the same code
    assert verification_code(SECRET, "sla 2026 42", "17", ISSUED) == KNOWN_CODE


@pytest.mark.parametrize(
    "change",
    [
        {"secret": b"y" * 32},
        {"number": "SLA-2026-0043"},
        {"person_key": "18"},
        {"issued_on": date(2026, 7, 2)},
    ],
)
def test_every_input_changes_the_code(change: dict[str, object]) -> None:
    args: dict[str, object] = {
        "secret": SECRET,
        "number": "SLA-2026-0042",
        "person_key": "17",
        "issued_on": ISSUED,
    }
    args.update(change)
    assert verification_code(**args) != KNOWN_CODE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("secret", "number", "person_key"),
    [
        (b"short", "SLA-2026-0042", "17"),
        (SECRET, "not a number", "17"),
        (SECRET, "SLA-2026-1", " "),
    ],
)
def test_verification_code_rejects_bugs(secret: bytes, number: str, person_key: str) -> None:
    with pytest.raises(ValueError):
        verification_code(secret, number, person_key, ISSUED)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("2S4F-TC5D-6YAK", KNOWN_CODE),
        ("2s4f-tc5d-6yak", KNOWN_CODE),
        ("2s4ftc5d6yak", KNOWN_CODE),
        (" 2S4F TC5D 6YAK ", KNOWN_CODE),
        ("2S4F\u2013TC5D\u20136YAK", KNOWN_CODE),
        ("OIL0-1234-5678", "0110-1234-5678"),  # look-alikes read as 0 and 1
        ("UUUU-0000-0000", "VVVV-0000-0000"),
    ],
)
def test_normalise_code(typed: str, normal: str) -> None:
    assert normalise_code(typed) == normal


@pytest.mark.parametrize(
    "typed", ["", "2S4F-TC5D-6YA", "2S4F-TC5D-6YAKK", "2S4F-TC5D-6YA!", "\u00df" * 6]
)
def test_normalise_code_rejects_non_codes(typed: str) -> None:
    with pytest.raises(ValidationError):
        normalise_code(typed)
    assert code_status(typed) == "malformed"
    assert not codes_match(typed, typed)


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        (KNOWN_CODE, "valid"),
        ("2s4f tc5d 6yak", "valid"),
        ("2S4F-TC5D-6YAX", "typo"),  # last character changed
        ("S24F-TC5D-6YAK", "typo"),  # two characters swapped
        ("2S4F-TC5D", "malformed"),
    ],
)
def test_verify_code(typed: str, verdict: str) -> None:
    assert verify_code(SECRET, "SLA-2026-0042", "17", ISSUED, typed) == verdict


def test_verify_code_wrong_but_well_formed() -> None:
    other = verification_code(SECRET, "SLA-2026-0043", "17", ISSUED)
    assert code_status(other) == "ok"
    assert verify_code(SECRET, "SLA-2026-0042", "17", ISSUED, other) == "wrong"


@given(secrets, numbers, person_keys, dates)
def test_codes_are_well_formed(secret: bytes, number: str, key: str, issued: date) -> None:
    code = verification_code(secret, number, key, issued)
    assert len(code) == CODE_LENGTH + 2 and code[4] == code[9] == "-"
    assert set(code.replace("-", "")) <= set(ALPHABET)
    assert code_status(code) == "ok"
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert codes_match(code, code.lower())
    assert verify_code(secret, number, key, issued, code) == "valid"


@given(secrets, numbers, person_keys, dates)
def test_every_single_character_change_fails(
    secret: bytes, number: str, key: str, issued: date
) -> None:
    code = verification_code(secret, number, key, issued)
    chars = code.replace("-", "")
    for position in range(CODE_LENGTH):
        for replacement in ALPHABET:
            if replacement == chars[position]:
                continue
            altered = chars[:position] + replacement + chars[position + 1 :]
            assert code_status(altered) == "typo"
            assert not codes_match(code, altered)
            assert verify_code(secret, number, key, issued, altered) == "typo"


@given(secrets, numbers, person_keys, dates)
def test_every_swap_of_two_characters_fails(
    secret: bytes, number: str, key: str, issued: date
) -> None:
    chars = verification_code(secret, number, key, issued).replace("-", "")
    for i in range(CODE_LENGTH):
        for j in range(i + 1, CODE_LENGTH):
            if chars[i] == chars[j]:
                continue
            swapped = list(chars)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert code_status("".join(swapped)) == "typo"


@given(st.text(max_size=20))
def test_code_status_never_crashes(text: str) -> None:
    status = code_status(text)
    assert status in ("ok", "typo", "malformed")
    if status != "malformed":
        assert len(normalise_code(text)) == CODE_LENGTH + 2
