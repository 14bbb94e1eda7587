"""The command-line contract (the README's "Command line") for the foundation commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cohort_desk import __version__

on_sqlite = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="about SQLite files"
)


def test_version_is_printed(capsys):
    from cohort_desk.cli import run

    with pytest.raises(SystemExit) as caught:
        run(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_people_json_lists_the_demo_people(cli):
    assert cli("demo").code == 0
    result = cli("people", "--json")
    assert result.code == 0
    people = result.json()
    assert len(people) == 120
    keys = {"email", "given_name", "family_name", "organisation", "job_title", "profession"}
    assert all(keys <= set(person) for person in people)
    assert len({p["email"].lower() for p in people}) == 120


def test_people_can_be_filtered_by_cohort_and_role(cli):
    cli("demo")
    cohorts = cli("cohort", "list", "--json").json()
    name = cohorts[0]["name"]
    members = cli("people", "--cohort", name, "--json").json()
    facilitators = cli("people", "--cohort", name, "--role", "facilitator", "--json").json()
    mentors = cli("people", "--role", "mentor", "--json").json()
    assert len(facilitators) == 1 and len(mentors) == 15
    assert len(members) == cohorts[0]["participants"] + 2  # plus the withdrawn and facilitator


def test_check_passes_on_a_fresh_demo(cli):
    cli("demo")
    result = cli("check")
    assert result.code == 0, result.out
    assert "sound" in result.out


def test_cohort_and_session_round_trip(cli):
    assert (
        cli(
            "cohort",
            "add",
            "SLA Cohort 9",
            "--start",
            "05/01/2027",
            "--end",
            "2027-07-01",
            "--min-attendance",
            "80",
        ).code
        == 0
    )
    listed = cli("cohort", "list", "--json").json()
    assert listed[0]["name"] == "SLA Cohort 9" and listed[0]["start"] == "2027-01-05"
    assert listed[0]["min_attendance"] == 80
    added = cli(
        "session",
        "add",
        "--cohort",
        "sla cohort 9",
        "--title",
        "Launch",
        "--start",
        "2027-01-05 09:30",
        "--end",
        "12:30",
        "--venue",
        "Guy's",
        "--cpd-hours",
        "3",
    )
    assert added.code == 0
    session_id = int(added.out.strip())
    sessions = cli("session", "list", "--cohort", "SLA Cohort 9", "--json").json()
    assert sessions[0]["id"] == session_id
    assert sessions[0]["start"].startswith("2027-01-05T09:30")  # winter: UK time is UTC
    assert sessions[0]["end"].startswith("2027-01-05T12:30")


def test_enrol_existing_people(cli):
    cli("demo")
    cli("cohort", "add", "New cohort")
    emails = [p["email"] for p in cli("people", "--json").json()[:3]]
    result = cli("enrol", "--cohort", "New cohort", *[e.upper() for e in emails])
    assert result.code == 0
    members = cli("people", "--cohort", "New cohort", "--json").json()
    assert sorted(p["email"] for p in members) == sorted(emails)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("session", "list", "--cohort", "No such cohort"), "no cohort called"),
        (("enrol", "--cohort", "Nope", "a@nhs.net"), "no cohort called"),
        (
            ("session", "add", "--cohort", "C", "--title", "T", "--start", "tomorrow"),
            "has no time",
        ),
        (("cohort", "add", "C2", "--start", "31/02/2027"), "february 2027 has 28 days"),
        (("people", "--role", "wizard"), "invalid choice"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(cli, args, words):
    cli("cohort", "add", "C")
    result = cli(*args)
    assert result.code == 2
    assert words in result.err.lower()
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


@on_sqlite
def test_an_unreadable_db_is_one_sentence_and_exit_2(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "cohort_desk", "--db", str(junk), "people"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a Cohort Desk database" in result.stderr
    assert junk.read_bytes().startswith(b"\x89PNG")


@on_sqlite
def test_backup_writes_a_database_that_opens(cli, tmp_path):
    cli("demo")
    target = tmp_path / "copy.db"
    assert cli("backup", "-o", str(target)).code == 0
    copy = cli("people", "--json", db=str(target))
    assert len(copy.json()) == 120


@on_sqlite
def test_db_can_also_come_from_the_environment(tmp_path, monkeypatch, capsys):
    from cohort_desk.cli import run

    monkeypatch.setenv("COHORT_DESK_DB", str(tmp_path / "env.db"))
    assert run(["cohort", "add", "From env"]) == 0
    assert (tmp_path / "env.db").exists()


def test_demo_on_a_full_database_is_refused_with_exit_1(cli):
    cli("demo")
    result = cli("demo")
    assert result.code == 1 and "already holds people" in result.err


def test_cohort_cpd_rule_for_late_and_early_is_set_on_add_and_edit(cli):
    added = cli("cohort", "add", "Rule Cohort", "--partial-cpd", "none")
    assert added.code == 0, added.err
    (row,) = [c for c in cli("cohort", "list", "--json").json() if c["name"] == "Rule Cohort"]
    assert row["partial_cpd"] == "none"
    edited = cli("cohort", "edit", "rule cohort", "--partial-cpd", "minutes")
    assert edited.code == 0 and "hours for the minutes attended" in edited.out
    (row,) = [c for c in cli("cohort", "list", "--json").json() if c["name"] == "Rule Cohort"]
    assert row["partial_cpd"] == "minutes"
    nothing = cli("cohort", "edit", "Rule Cohort")
    assert nothing.code == 2 and "Say what to change" in nothing.err
    unknown = cli("cohort", "edit", "No Such Cohort", "--partial-cpd", "full")
    assert unknown.code == 2 and "no cohort called" in unknown.err
