"""Matching a file's attendees to a register: e-mail, then account (UPN), then a unique name."""

from __future__ import annotations

import pytest

from cohort_desk.rules.attendees import (
    BY_EMAIL,
    BY_GUEST_UPN,
    BY_NAME,
    BY_UPN,
    Attendee,
    Matched,
    NotMatched,
    RegisterPerson,
    match_attendees,
    name_key,
    upn_address,
)

REGISTER = [
    RegisterPerson(1, "jane.smith@nhs.net", "Jane", "Smith"),
    RegisterPerson(2, "eve@example.org", "Eve", "Example"),
    RegisterPerson(3, "j.smith2@nhs.net", "John", "Smith"),
    RegisterPerson(4, "john.smith@kcl.ac.uk", "John", "Smith"),
    RegisterPerson(5, "oneill@nhs.net", "Zoë", "O’Neill", preferred_name="Zo"),
    RegisterPerson(6, "sukarno@example.id", "Sukarno", ""),
]
KNOWN_ELSEWHERE = {"olu@nhs.net": "not enrolled as a participant in this cohort"}


@pytest.mark.parametrize(
    ("upn", "address", "guest"),
    [
        ("eve_example.org#EXT#@tenant.onmicrosoft.com", "eve@example.org", True),
        ("eve_smith_example.org#EXT#@tenant.onmicrosoft.com", "eve_smith@example.org", True),
        ("EVE_EXAMPLE.ORG#ext#@Tenant.onmicrosoft.com", "EVE@EXAMPLE.ORG", True),
        ("jane.smith@nhs.net", "jane.smith@nhs.net", False),
        ("", "", False),
    ],
)
def test_upn_address(upn: str, address: str, guest: bool) -> None:
    assert upn_address(upn) == (address, guest)


@pytest.mark.parametrize(
    ("shown", "key"),
    [
        ("Jane Smith", "jane smith"),
        ("SMITH, Jane (KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST)", "jane smith"),
        ("Dr Jane Smith (Guest)", "jane smith"),
        ("Zoe O'Neill", "zoe o neill"),
        ("Zoë O’Neill", "zoe o neill"),
        ("Sukarno", "sukarno"),
        ("", ""),
    ],
)
def test_name_key(shown: str, key: str) -> None:
    assert name_key(shown) == key


def match(*attendees: Attendee) -> tuple[list[Matched], list[NotMatched]]:
    return match_attendees(list(attendees), REGISTER, KNOWN_ELSEWHERE)


@pytest.mark.parametrize(
    ("attendee", "person", "how"),
    [
        (Attendee("Anything", "JANE.SMITH@nhs.net"), 1, BY_EMAIL),
        (Attendee("Jane S", "", "jane.smith@nhs.net"), 1, BY_UPN),
        (Attendee("Eve (Guest)", "", "eve_example.org#EXT#@t.onmicrosoft.com"), 2, BY_GUEST_UPN),
        # The e-mail is unknown but the account is on the register.
        (
            Attendee("Eve", "eve.personal@gmail.com", "eve_example.org#EXT#@t.onmicrosoft.com"),
            2,
            BY_GUEST_UPN,
        ),
        (Attendee("SMITH, Jane (GUY'S)"), 1, BY_NAME),
        (Attendee("Jane Smith", "jane@gmail.com"), 1, BY_NAME),  # not in Cohort Desk at all
        (Attendee("Zo O'Neill (Guest)"), 5, BY_NAME),  # preferred name
        (Attendee("Zoe O'Neill"), 5, BY_NAME),  # accents as typed on another keyboard
        (Attendee("SUKARNO"), 6, BY_NAME),  # a single name
    ],
)
def test_matched(attendee: Attendee, person: int, how: str) -> None:
    assert match(attendee) == ([Matched(0, person, how)], [])


@pytest.mark.parametrize(
    ("attendee", "email", "why"),
    [
        (
            Attendee("John Smith"),
            None,
            "2 people on the register have this name, so it cannot say which; mark them by hand",
        ),
        (
            Attendee("Olu Adebayo", "olu@nhs.net"),
            "olu@nhs.net",
            "not enrolled as a participant in this cohort",
        ),
        # Someone known but not on the register is not matched by name either.
        (
            Attendee("Jane Smith", "OLU@nhs.net"),
            "OLU@nhs.net",
            "not enrolled as a participant in this cohort",
        ),
        (
            Attendee("Pat Outside", "pat@example.org"),
            "pat@example.org",
            "not in Cohort Desk, and no one on the register has this name",
        ),
        (
            Attendee("Visiting Speaker (External)"),
            None,
            "no e-mail address in the file, and no one on the register has this name",
        ),
        (
            Attendee("Typo Person", "typo@@nhs"),
            "typo@@nhs",
            "not a valid e-mail address, and no one on the register has this name",
        ),
        (
            Attendee("Guest (Guest)", "", "x_y.org#EXT#@t.onmicrosoft.com"),
            "x@y.org",
            "not in Cohort Desk, and no one on the register has this name",
        ),
    ],
)
def test_not_matched(attendee: Attendee, email: str | None, why: str) -> None:
    assert match(attendee) == ([], [NotMatched(0, attendee.name, email, why)])


def test_one_person_may_be_matched_twice() -> None:
    laptop = Attendee("Jane Smith", "jane.smith@nhs.net")
    phone = Attendee("Jane Smith (Guest)")
    assert match(laptop, phone) == ([Matched(0, 1, BY_EMAIL), Matched(1, 1, BY_NAME)], [])
