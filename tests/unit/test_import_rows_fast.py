"""Reading a sheet's rows column by column (issue 22) gives every row exactly what checking it
alone gives: the same values, the same refusals with the same field and sentence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohort_desk.services.imports import rows
from cohort_desk.sheets.reading import Table

HEADINGS = [
    "Title",
    "First name",
    "Surname",
    "Preferred name",
    "Email",
    "Organisation",
    "Job title",
    "Profession",
    "Borough",
    "Phone",
    "Interests",
    "Ignored",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "ADA",
            "lovelace",
            "van der berg",
            "Dr",
            "nursing",
            "Nurse",
            "camden",
            "NHS england",
            "Eve\u202e",
            "12\x07",
            "Ká",
            "x" * 41,
            "o" * 201,
            "ada@nhs.net",
            "ADA@NHS.NET",
            "not an address",
            "bob@nhs.net",
        ]
    ),
    st.text(max_size=12),
)
ROWS = st.lists(st.lists(CELLS, min_size=len(HEADINGS), max_size=len(HEADINGS)), max_size=12)


def _shown(parsed: rows.ParsedSheet) -> list[tuple[object, ...]]:
    return [
        (r.row, r.kind, r.email, r.key, list(r.values.items()), r.field, r.message)
        for r in parsed.rows
    ]


def _one_by_one(table: Table) -> list[tuple[object, ...]]:
    """The rows as checked one at a time (_person_row for every row)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows._FastColumns, "of", classmethod(lambda cls, names, cleaned: None))
        return _shown(rows.parse_sheet(table))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=ROWS)
def test_rows_read_by_column_match_rows_read_one_by_one(body: list[list[str]]) -> None:
    # A known person first, so the heading row is always found.
    table = Table(
        "list.xlsx", "Sheet1", [HEADINGS, ["", "Jo", "Bloggs", "", "jo@nhs.net"] + [""] * 7, *body]
    )
    assert _shown(rows.parse_sheet(table)) == _one_by_one(table)


def test_a_refused_row_keeps_its_reason_among_plain_rows() -> None:
    table = Table(
        "list.xlsx",
        "Sheet1",
        [
            HEADINGS,
            ["", "ADA", "LOVELACE", "", "ada@nhs.net", "", "", "nursing", "camden", "", "", ""],
            ["", "Eve\u202e", "X", "", "eve@nhs.net", "", "", "", "", "", "", ""],
            ["", "Al", "Y", "", "al@nhs.net", "o" * 201, "", "", "", "", "", ""],
            ["", "Mo", "Q", "", "mo@nhs.net", "", "", "", "", "", "", "\x01"],
        ],
    )
    parsed = _shown(rows.parse_sheet(table))
    assert parsed == _one_by_one(table)
    assert [(r[1], r[5]) for r in parsed] == [
        ("person", None),
        ("error", "given_name"),
        ("error", "organisation"),
        ("person", None),  # an ignored column is not checked
    ]
    assert parsed[0][4] == [
        ("given_name", "Ada"),
        ("family_name", "Lovelace"),
        ("profession", "Nursing"),
        ("borough", "camden"),
    ]
