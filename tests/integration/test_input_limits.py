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
