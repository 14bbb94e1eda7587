"""Finding the header row and mapping the columns of real-world lists of people."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.errors import ValidationError
from cohort_desk.rules.headers import (
    FIELDS,
    find_header_row,
    guess_field,
    is_blank_row,
    is_footer_row,
    map_columns,
)

MS_FORMS = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "First name",
    "Surname",
    "Organisation / employer",
    "Job title / role",
    "Which borough do you work in?",
    "Profession",
]
GOOGLE_FORMS = ["Timestamp", "Email address", "Full name", "Organisation", "Role"]
MOODLE = ["username", "firstname", "lastname", "email", "institution", "department"]


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("First name", "given_name"),
        ("Forename", "given_name"),
        ("given name", "given_name"),
        ("FIRST", "given_name"),
        ("firstname", "given_name"),
        ("What is your first name?", "given_name"),
        ("Surname", "family_name"),
        ("Last Name", "family_name"),
        ("family-name", "family_name"),
        ("lastname", "family_name"),
        ("Full name", "full_name"),
        ("Name", "full_name"),
        ("Your name", "full_name"),
        ("Participant name", "full_name"),
        ("Display name", "full_name"),
        ("Preferred name", "preferred_name"),
        ("E-mail", "email"),
        ("email", "email"),
        ("Email Address", "email"),
        ("Work e-mail", "email"),
        ("NHS.net email", "email"),
        ("  EMAIL  ", "email"),
        ("What is your email address?", "email"),
        ("Please enter your e-mail", "email"),
        ("Organisation", "organisation"),
        ("Organization", "organisation"),
        ("Employer", "organisation"),
        ("Trust", "organisation"),
        ("Organisation / employer", "organisation"),
        ("institution", "organisation"),
        ("Which trust do you work for?", "organisation"),
        ("Job title", "job_title"),
        ("Role", "job_title"),
        ("Position", "job_title"),
        ("Job role", "job_title"),
        ("Profession", "profession"),
        ("Professional group", "profession"),
        ("Staff group", "profession"),
        ("Borough", "borough"),
        ("Place", "borough"),
        ("Local authority", "borough"),
        ("Phone", "phone"),
        ("Telephone", "phone"),
        ("Mobile", "phone"),
        ("Tel.", "phone"),
        ("Title", "title"),
        ("Interests", "interests"),
    ],
)
def test_guess_field_recognises_common_headings(heading: str, field: str) -> None:
    assert guess_field(heading) == field


@pytest.mark.parametrize(
    "heading",
    [
        "ID",
        "Start time",
        "Completion time",
        "Last modified time",
        "Timestamp",
        "username",
        "department",
        "",
        "   ",
        "Notes",
        "Line manager's email",
        "Manager name",
        "Do you consent to your email being shared?",
        "Participant ID (UPN)",
        "Course title",
        "42",
    ],
)
def test_metadata_and_unknown_headings_map_to_nothing(heading: str) -> None:
    assert guess_field(heading) is None


@given(st.text(max_size=60))
def test_guess_field_never_fails_and_returns_a_field(heading: str) -> None:
    assert guess_field(heading) in (*FIELDS, None)


def test_ms_forms_export_maps_respondent_email_and_questions() -> None:
    mapping = map_columns(MS_FORMS)
    assert mapping == {
        3: "email",
        6: "given_name",
        7: "family_name",
        8: "organisation",
        9: "job_title",
        10: "borough",
        11: "profession",
    }


def test_full_name_is_kept_without_first_and_surname_columns() -> None:
    assert map_columns(GOOGLE_FORMS) == {
        1: "email",
        2: "full_name",
        3: "organisation",
        4: "job_title",
    }


def test_moodle_user_list() -> None:
    assert map_columns(MOODLE) == {1: "given_name", 2: "family_name", 3: "email", 4: "organisation"}


def test_duplicates_resolve_to_the_first_column() -> None:
    assert map_columns(["Email", "Name", "E-mail address"]) == {0: "email", 1: "full_name"}


def test_overrides_win_and_ignore_drops_a_column() -> None:
    headers = ["Email", "Name", "Work email", "Trust"]
    mapping = map_columns(headers, {"WORK EMAIL": "email", "trust": "ignore"})
    assert mapping == {2: "email", 1: "full_name"}


def test_override_with_unknown_field_names_the_allowed_fields() -> None:
    with pytest.raises(ValidationError, match="given_name") as caught:
        map_columns(["Email"], {"Email": "e-mail address"})
    assert caught.value.field == "mapping"


def test_override_for_a_missing_column_is_refused() -> None:
    with pytest.raises(ValidationError, match="no column headed 'Mail'"):
        map_columns(["Email"], {"Mail": "email"})


def test_two_overrides_for_one_field_are_refused() -> None:
    with pytest.raises(ValidationError, match="both set to e-mail"):
        map_columns(["A", "B"], {"A": "email", "B": "email"})


def test_header_row_found_below_title_merged_and_blank_rows() -> None:
    rows: list[list[object]] = [
        ["South East London Leadership Academy", "", "", ""],
        ["Cohort 5 participants", "", "", ""],
        ["", "", "", ""],
        ["", "Exported 02/02/2026", "", ""],
        ["First name", "Surname", "Email", "Organisation"],
        ["Jane", "Smith", "jane@nhs.net", "Oxleas"],
    ]
    assert find_header_row(rows) == 4


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [["Organisation", "Role"], ["Oxleas", "Nurse"]],  # no e-mail or name column
        [["Email"], ["a@x.org"]],  # only one known heading
        [["Notes", "Comments"]],
    ],
)
def test_no_header_row_gives_minus_one(rows: list[list[object]]) -> None:
    assert find_header_row(rows) == -1


def test_header_row_beyond_the_scan_limit_is_not_found() -> None:
    rows: list[list[object]] = [[""]] * 30 + [["Email", "Name"]]
    assert find_header_row(rows) == -1
    assert find_header_row(rows, max_scan=31) == 30


@pytest.mark.parametrize(
    ("cells", "footer"),
    [
        (["Total: 25 participants", "", ""], True),
        (["Count", "25", ""], True),
        (["Generated by Microsoft Forms", "", ""], True),
        (["Page 1 of 2"], True),
        (["End of report", ""], True),
        (["Some note at the bottom", "", ""], True),
        (["jane@nhs.net", "", ""], False),
        (["Jane", "Smith", "jane@nhs.net"], False),
        (["", "25", ""], False),
        (["", "", ""], False),
    ],
)
def test_is_footer_row(cells: list[object], footer: bool) -> None:
    assert is_footer_row(cells) is footer


@pytest.mark.parametrize(
    ("cells", "blank"),
    [([], True), (["", "  ", None], True), (["\u00a0"], True), (["", "x"], False), ([0], False)],
)
def test_is_blank_row(cells: list[object], blank: bool) -> None:
    assert is_blank_row(cells) is blank
