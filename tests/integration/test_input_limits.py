"""Hostile and odd input (issue 12 item 14): wildcards match literally, a huge CSV cell gets the
right sentence, impossible dates and past pauses are refused, SQLite keeps PostgreSQL's length
limits, and invisible control characters never get into a name."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cohort_desk.errors import UserError, ValidationError
from cohort_desk.services.people.records import PersonInput, create_person, list_people


def test_search_wildcards_are_letters(demo_db, cli) -> None:  # type: ignore[no-untyped-def]
    from cohort_desk.services.privacy.audit import AuditFilter, list_audit

    for wildcard in ("%", "_"):
        assert cli("people", "--search", wildcard, "--json").json() == []
        assert list_audit(demo_db, AuditFilter(search=wildcard), limit=10) == []


def test_a_one_megabyte_cell_is_named_as_such(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "big.csv"
    src.write_text(f"First name,Last name,Email,Notes\nA,B,a@b.org,{'x' * 1_000_000}\n")
    result = cli("import", str(src))
    assert result.code == 2 and "longer than Cohort Desk reads" in result.err
    assert "quotation" not in result.err


def test_dates_before_1900_are_refused(db, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("cohort", "add", "Ancient", "--start", "01/01/0001")
    assert result.code == 2 and "Traceback" not in result.err
    from cohort_desk.db.models import Programme

    with pytest.raises(ValidationError, match="before 1900"):
        with db.write() as session:
            from cohort_desk.db.models import Cohort

            programme = Programme(name="P")
            session.add(programme)
            session.add(Cohort(programme=programme, name="Old", starts_on=date(1, 1, 1)))


def test_a_mentor_pause_in_the_past_is_refused(demo_db, cli) -> None:  # type: ignore[no-untyped-def]
    mentor = cli("mentors", "--json").json()[0]["email"]  # type: ignore[index]
    for day in ("01/01/1999", (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")):
        result = cli("mentor", "pause", mentor, "--until", day)
        assert result.code == 2 and "must end today or later" in result.err, result.err


def test_sqlite_keeps_the_lengths_postgresql_does(db) -> None:  # type: ignore[no-untyped-def]
    from cohort_desk.db.models import Organisation

    with pytest.raises(UserError, match="under 120|too long"):
        create_person(db, PersonInput("A" * 5000, "Person", "long.name@example.org"))
    # Any column, even one no form checks: the same sentence on SQLite and PostgreSQL.
    with pytest.raises(ValidationError, match="The name is too long"):
        with db.write() as session:
            session.add(Organisation(name="O" * 5000))
    assert all(p.email != "long.name@example.org" for p in list_people(db))


@pytest.mark.parametrize(
    "hidden", ["\u202e", "\u2066", "\u200b", "\x07", "\x85", "\ufeff", "\u200f"]
)
def test_invisible_characters_never_get_into_a_name(db, hidden: str) -> None:  # type: ignore[no-untyped-def]
    from cohort_desk.rules.characters import invisible_characters

    try:
        row = create_person(db, PersonInput(f"Ann{hidden}gnp", "Person", "ann.p@example.org"))
    except ValidationError as exc:
        assert "invisible" in exc.message or "character" in exc.message
    else:  # the name rules may strip it instead; either way it is not kept
        assert invisible_characters(row.given_name) == []


_REFUSED = ["\u202e", "\u2066", "\x07", "\u200f"]  # kept by the name rules, so refused
_CLEANED = ["\u200b", "\x85", "\ufeff"]  # taken out as spacing or zero-width, as when typed


@pytest.mark.parametrize("hidden", _REFUSED + _CLEANED)
def test_invisible_characters_never_come_in_with_an_import(cli, db, tmp_path, hidden) -> None:  # type: ignore[no-untyped-def]
    """Imports write past the check a hand edit gets on saving: a new person and an update to
    a known one, from a CSV through the command line, previewed and then applied."""
    from cohort_desk.rules.characters import invisible_characters

    create_person(db, PersonInput("Bea", "Known", "bea.k@example.org"))
    src = tmp_path / "people.csv"
    # Among clean rows, as in a real list (a file mostly of control characters is not text).
    clean = "".join(f"Cal{n},Clean,Acme,cal{n}@example.org\n" for n in range(20))
    src.write_text(
        "First name,Last name,Organisation,Email\n"
        f"Ann{hidden}gnp,Person,Acme,ann.p@example.org\n"
        f"Bea,Known,Evil{hidden}Corp,bea.k@example.org\n{clean}",
        encoding="utf-8",
    )
    preview = cli("import", str(src), "--dry-run", "--json").json()
    result = cli("import", str(src), "--json")
    assert result.code in (0, 1) and "Traceback" not in result.err
    people = {p["email"]: p for p in cli("people", "--json").json()}  # type: ignore[union-attr]
    for person in people.values():
        for name in ("given_name", "family_name", "organisation"):
            assert invisible_characters(person[name]) == [], (name, person[name])
    if hidden in _REFUSED:
        code = f"U+{ord(hidden):04X}"
        for answer in (preview, result.json()):
            errors = {(e["row"], e["field"]): e["message"] for e in answer["errors"]}  # type: ignore[index]
            assert set(errors) == {(2, "given_name"), (3, "organisation")}
            assert "'First name'" in errors[2, "given_name"] and code in errors[2, "given_name"]
            assert "'Organisation'" in errors[3, "organisation"]
        assert "ann.p@example.org" not in people
        assert people["bea.k@example.org"]["organisation"] == ""
    else:
        # Taken out, or read as the space NEL is (U+0085), as the name rules do for a typed name.
        assert people["ann.p@example.org"]["given_name"] in ("Anngnp", "Ann gnp")
        assert people["bea.k@example.org"]["organisation"] in ("EvilCorp", "Evil Corp")


def test_a_right_to_left_override_in_a_workbook_is_a_row_error(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same through the service with an .xlsx: the preview names the row and column, shows
    the name without the override, and applying stores nothing of it."""
    from cohort_desk.services import imports
    from tests.integration.import_files import plain_workbook

    known = create_person(db, PersonInput("Bea", "Known", "bea.k@example.org"))
    path = plain_workbook(
        tmp_path / "people.xlsx",
        ["Full name", "Email", "Job title"],
        [
            ["Ann \u202egnp.exe Person", "ann.p@example.org", "Nurse"],
            ["Bea Known", "bea.k@example.org", "Lead\u202e nurse"],
            ["Cal Clean", "cal.c@example.org", "Porter"],
        ],
    )
    plan = imports.plan(db, path)
    errors = {row.row: row for row in plan.rows if row.outcome == "error"}
    assert sorted(errors) == [2, 3]
    assert errors[2].field == "full_name" and "'Full name'" in errors[2].message
    assert "\u202e" not in errors[2].name and "Ann" in errors[2].name
    assert errors[3].field == "job_title" and "'Job title'" in errors[3].message
    imports.apply(db, plan)
    people = {p.email: p for p in list_people(db)}
    assert "ann.p@example.org" not in people
    assert people["bea.k@example.org"].job_title == known.job_title == ""
    assert people["cal.c@example.org"].job_title == "Porter"
