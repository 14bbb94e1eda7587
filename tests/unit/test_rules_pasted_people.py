"""Pasted lists of people, as they arrive from Outlook, Excel and typed notes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_desk.rules.pasted_people import PastedEntry, name_key, read_pasted_list


def entries(text: str) -> list[tuple[str | None, str | None]]:
    return [(e.email, e.name) for e in read_pasted_list(text)]


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("sofia.kowalski@nhs.net", [("sofia.kowalski@nhs.net", None)]),
        (
            "Sofia.Kowalski@NHS.net\n\ntom.ng@nhs.net\n",
            [("sofia.kowalski@nhs.net", None), ("tom.ng@nhs.net", None)],
        ),
        (
            "Sofía Kowalski <sofia.kowalski@nhs.net>; Tom Ng <tom.ng@nhs.net>",
            [("sofia.kowalski@nhs.net", "Sofía Kowalski"), ("tom.ng@nhs.net", "Tom Ng")],
        ),
        (
            'To: "Kowalski, Sofía" <sofia.kowalski@nhs.net>; NG, Tom (KING\'S COLLEGE HOSPITAL '
            "NHS FOUNDATION TRUST) <tom.ng@nhs.net>;",
            [
                ("sofia.kowalski@nhs.net", "Kowalski, Sofía"),
                ("tom.ng@nhs.net", "NG, Tom KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST"),
            ],
        ),
        ("a@nhs.net, b@nhs.net", [("a@nhs.net", None), ("b@nhs.net", None)]),
        ("Kowalski, Sofía", [(None, "Kowalski, Sofía")]),
        ("Sofía Kowalski\nTom Ng", [(None, "Sofía Kowalski"), (None, "Tom Ng")]),
        (
            "Sofía Kowalski\tsofia.kowalski@nhs.net\tGuy's",
            [("sofia.kowalski@nhs.net", "Sofía Kowalski Guy's")],
        ),
        ("Name\tE-mail\nTom Ng\ttom.ng@nhs.net", [("tom.ng@nhs.net", "Tom Ng")]),
        ("E-mail\ntom.ng@nhs.net\nTOM.NG@nhs.net", [("tom.ng@nhs.net", None)]),
        ("mailto:tom.ng@nhs.net", [("tom.ng@nhs.net", None)]),
        ("Tom Ng\ntom ng", [(None, "Tom Ng")]),
        ("  ;;\n\t\n,", []),
        ("12345", []),
    ],
)
def test_what_a_pasted_list_holds(pasted, expected):
    assert entries(pasted) == expected


def test_each_entry_keeps_its_text_for_the_report():
    [entry] = read_pasted_list("  Sofía   Kowalski <Sofia.Kowalski@nhs.net> ")
    assert entry.text == "Sofía Kowalski <Sofia.Kowalski@nhs.net>"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Sofía Kowalski", "sofia kowalski"),
        ("KOWALSKI, Sofía", "sofia kowalski"),
        ("O’Brien, Siobhán", "siobhan obrien"),
        ("Tom", "tom"),
    ],
)
def test_names_compare_either_way_round(name, key):
    assert name_key(name) == key


@given(st.lists(st.from_regex(r"\A[a-z]{1,8}\.[a-z]{1,8}@nhs\.net\Z"), max_size=8))
def test_every_address_of_an_outlook_line_is_read_once(addresses):
    line = "; ".join(f"Person {n} <{a}>" for n, a in enumerate(addresses))
    assert [e.email for e in read_pasted_list(line)] == list(dict.fromkeys(addresses))


@given(st.text(max_size=80))
def test_any_paste_reads_without_error(text):
    for entry in read_pasted_list(text):
        assert isinstance(entry, PastedEntry) and (entry.email or entry.name)
