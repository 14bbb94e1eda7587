"""Workforce shares from the command line: `preferences set workforce-shares`, checked as
Preferences checks them, and used by the impact pack's equality tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cohort_desk.rules import impact as I
from cohort_desk.services.reports.pack import build_pack, set_workforce_shares


def test_preferences_set_workforce_shares_keeps_them_tidy(cli):
    done = cli("preferences", "set", "workforce-shares", "Female = 77%;Male=23; ")
    assert done.code == 0, done.err
    assert "Female=77; Male=23" in done.out
    listed = {row["name"]: row["value"] for row in cli("preferences", "list", "--json").json()}
    assert listed["workforce_shares"] == "Female=77; Male=23"
    assert cli("preferences", "set", "workforce_shares", "").code == 0  # cleared
    listed = {row["name"]: row["value"] for row in cli("preferences", "list", "--json").json()}
    assert listed["workforce_shares"] == ""


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("Female=101", "'Female=101' is not a workforce share"),
        ("Female", "write each as Group=percentage"),
        ("Female=-1", "is not a workforce share"),
        ("Female=50; FEMALE=50", "given twice"),
    ],
)
def test_a_wrong_share_is_refused_with_exit_2_and_nothing_changed(cli, value, says):
    assert cli("preferences", "set", "workforce_shares", "Male=23").code == 0
    refused = cli("preferences", "set", "workforce_shares", value)
    assert refused.code == 2 and says in refused.err
    assert len(refused.err.strip().splitlines()) == 1 and "Traceback" not in refused.err
    listed = {row["name"]: row["value"] for row in cli("preferences", "list", "--json").json()}
    assert listed["workforce_shares"] == "Male=23"


@pytest.mark.parametrize(
    ("rows", "shares"),
    [
        ([("Female", "77"), ("", ""), (" Male ", " 23 % ")], {"Female": 77, "Male": 23}),
        ([("Disability: Yes", "0"), ("Asian", "100")], {"Disability: Yes": 0, "Asian": 100}),
        ([], {}),
    ],
)
def test_the_table_rows_become_shares(rows, shares):
    assert I.shares_from_rows(rows) == shares
    assert I.parse_shares(I.shares_text(shares)) == shares


def test_the_pack_sets_reach_beside_a_share_named_for_its_question(demo_db):
    set_workforce_shares(demo_db, "Female=77; Sex: Male=23; Male=99")
    today = date.today()
    pack = build_pack(demo_db, today - timedelta(days=365), today)
    sex = next(s for s in pack.sections if s.title == "Equality reach: sex")
    workforce = {row[0]: row[-1] for row in sex.rows}  # the last column
    assert workforce["Female"] == 77 and workforce["Male"] == 23
