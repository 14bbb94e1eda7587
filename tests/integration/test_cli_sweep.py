"""Hostile but realistic command lines found by the second sweep (issue 22's sweep): each is
refused in one sentence with the contract's exit code, or does exactly what it says."""

from __future__ import annotations

import pytest


def _refused(result, code: int = 2) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    assert result.out == ""
    assert "Traceback" not in result.err and "did not expect" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    return result.err


@pytest.mark.parametrize(
    "command",
    [
        ("people", "--cohort", ""),
        ("export", "people", "--cohort", "", "-o", "{tmp}/people.csv"),
        ("certificates", "--cohort", "", "-o", "{tmp}/certs"),
        ("certificate", "list", "--cohort", ""),
        ("pairs", "--cohort", ""),
    ],
)
def test_an_empty_cohort_name_is_refused_not_taken_as_every_cohort(cli, tmp_path, command):
    # A script's empty variable (--cohort "$COHORT") must not export or list everyone.
    cli("cohort", "add", "Alpha")
    err = _refused(cli(*(part.format(tmp=tmp_path) for part in command)))
    assert "no cohort called ''" in err
    assert list(tmp_path.glob("people.csv")) == [] and not (tmp_path / "certs").exists()


def test_a_bad_role_names_the_roles_as_they_are_typed(cli):
    err = _refused(cli("people", "--role", "boss"))
    # Python 3.12's argparse drops the quotes round the choices (the Windows lane runs 3.12).
    assert "'participant', 'mentor', 'facilitator'" in err or (
        "participant, mentor, facilitator" in err
    )
    assert "Role." not in err


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        (
            ("session", "add", "--cohort", "Alpha", "--title", "T", "--start", "tomorrow 9am")
            + ("--cpd-hours", "1,5"),
            "--cpd-hours needs a number, written with a point: 1.5.",
        ),
        (("cohort", "add", "Beta", "--min-attendance", "80%"), "--min-attendance needs a number"),
        (("demo", "--people", "lots"), "--people needs a whole number, not 'lots'."),
    ],
)
def test_a_number_option_given_other_text_says_what_it_needs(cli, command, sentence):
    cli("cohort", "add", "Alpha")
    err = _refused(cli(*command))
    assert sentence in err and "invalid" not in err
    assert [c["name"] for c in cli("cohort", "list", "--json").json()] == ["Alpha"]


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_empty_db_is_refused_not_taken_as_the_default_database(cli, isolated_home, where):
    # "$DB" unset in a script must not reach the user's real database (nor restore over it).
    from cohort_desk.cli import run

    for command in (["cohort", "add", "Gamma"], ["restore", "nothing.db", "--yes"]):
        args = ["--db", "", *command] if where == "before" else [*command, "--db", ""]
        assert run(args) == 2
    assert not list(isolated_home.rglob("cohort_desk.db"))


def test_no_command_without_a_screen_says_so_instead_of_qt_aborting(monkeypatch, capsys):
    from cohort_desk import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app.main([]) == 2
    assert "no screen" in capsys.readouterr().err


@pytest.mark.parametrize("count", ["0", "-2"])
def test_offering_no_places_is_a_bad_option(cli, count):
    cli("demo", "--people", "60")
    from cohort_desk.services.demo.selection import COHORT

    before = cli("applications", "--cohort", COHORT, "--json").json()
    _refused(cli("offer", "--cohort", COHORT, "--next", count, "--yes"), code=2)
    assert cli("applications", "--cohort", COHORT, "--json").json() == before


def test_restoring_a_folder_says_it_is_a_folder(cli, tmp_path):
    # A SQLite file on both test lanes: restoring from a file is SQLite's (PostgreSQL has
    # pg_restore, and says so before looking at the file).
    db = str(tmp_path / "live.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    cli("cohort", "add", "Alpha", db=db)
    err = _refused(cli("restore", str(folder), "--yes", db=db))
    assert "is a folder" in err and "does not exist" not in err
    assert [c["name"] for c in cli("cohort", "list", "--json", db=db).json()] == ["Alpha"]


def test_one_column_mapped_twice_is_refused_naming_both(cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Email,First name,Last name\nann@example.org,Ann,One\n", encoding="utf-8")
    err = _refused(cli("import", str(path), "--map", "Email=email", "--map", "Email=given_name"))
    assert "'Email' is given two fields" in err
    assert cli("people", "--json").json() == []


@pytest.mark.parametrize("typed", ["École Été 2026", "école été 2026", "ÉCOLE  ÉTÉ 2026 "])
def test_a_cohort_with_accented_capitals_is_found_by_its_name_in_any_case(cli, typed):
    # SQLite's lower() leaves É alone, so such a cohort could not be named at all.
    assert cli("cohort", "add", "École Été 2026").code == 0
    result = cli("session", "list", "--cohort", typed, "--json")
    assert result.code == 0, result.err
    err = _refused(cli("cohort", "add", typed.lower()))
    assert "already a cohort called École Été 2026" in err
    assert len(cli("cohort", "list", "--json").json()) == 1


def test_a_programme_with_accented_capitals_is_not_made_twice(cli):
    cli("cohort", "add", "A", "--programme", "Économie Sociale")
    cli("cohort", "add", "B", "--programme", "économie sociale")
    programmes = {c["programme"] for c in cli("cohort", "list", "--json").json()}
    assert programmes == {"Économie Sociale"}


def test_a_criterion_with_accented_capitals_is_not_added_twice(cli):
    cli("cohort", "add", "Alpha")
    assert cli("criterion", "add", "Équité", "--cohort", "Alpha").code == 0
    _refused(cli("criterion", "add", "équité", "--cohort", "Alpha"))


def test_an_option_given_twice_with_different_values_is_refused(cli, tmp_path):
    # The last one won in silence: -o a.csv -o b.csv wrote only b.csv.
    cli("cohort", "add", "Alpha")
    cli("cohort", "add", "Beta")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    err = _refused(cli("export", "people", "-o", str(first), "-o", str(second)))
    assert "given twice" in err and not first.exists() and not second.exists()
    assert "--cohort" in _refused(cli("people", "--cohort", "Alpha", "--cohort", "Beta"))
    assert "--min-attendance" in _refused(
        cli("cohort", "add", "Gamma", "--min-attendance", "50", "--min-attendance", "60")
    )
    # The same value twice (a script's defaults, then the user's) is what it says.
    assert cli("people", "--cohort", "Alpha", "--cohort", "Alpha").code == 0


def test_two_cohorts_left_differing_only_in_case_are_each_found_by_their_own_name(cli, db):
    # Made before the check above knew accented capitals; each must stay reachable.
    from cohort_desk.db.models import Cohort

    cli("cohort", "add", "École Été 2026")
    cli("cohort", "add", "Other")
    with db.write() as session:
        session.query(Cohort).filter_by(name="Other").one().name = "école été 2026"
    start = ("--title", "T", "--start", "01/05/2026 10:00")
    assert cli("session", "add", "--cohort", "école été 2026", *start).code == 0
    assert len(cli("session", "list", "--cohort", "école été 2026", "--json").json()) == 1
    assert cli("session", "list", "--cohort", "École Été 2026", "--json").json() == []


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("sqlite://", "in memory"),
        ("sqlite:///:memory:", "in memory"),
        ("postgresql+psycopg2://u@127.0.0.1:1/x", "postgresql+psycopg://"),
        ("postgresql+asyncpg://u@127.0.0.1:1/x", "postgresql+psycopg://"),
        ("sqlite+aiosqlite:///x.db", "file path"),
    ],
)
def test_database_urls_it_cannot_keep_data_in_are_refused(cli, url, words):
    # An in-memory database said "Added cohort" and kept nothing; psycopg2 met an
    # unexpected failure.
    err = _refused(cli("cohort", "add", "Alpha", db=url))
    assert words in err


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_file_sqlite_keeps_beside_a_database_is_refused_as_the_database(cli, tmp_path, suffix):
    # Made into a database of its own, it would be taken (and reset) as x.db's journal.
    cli("cohort", "add", "Alpha", db=str(tmp_path / "x.db"))
    before = sorted(tmp_path.iterdir())
    err = _refused(cli("cohort", "add", "Beta", db=str(tmp_path / f"x.db{suffix}")))
    assert "x.db itself" in err and sorted(tmp_path.iterdir()) == before
    # Without x.db beside it, such a name is just a name.
    assert cli("cohort", "add", "Beta", db=str(tmp_path / f"notes{suffix}")).code == 0


def test_a_closed_standard_output_is_said_in_one_sentence(db_url, monkeypatch, capsys):
    # `cohort-desk people --json >&-`: Python starts with sys.stdout None.
    import sys

    from cohort_desk.cli import run

    run(["--db", db_url, "cohort", "add", "Alpha"])
    monkeypatch.setattr(sys, "stdout", None)
    code = run(["--db", db_url, "people", "--json"])
    assert sys.stdout is None
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1 and "could not be written" in err and "did not expect" not in err


def test_a_known_name_the_file_does_not_hold_is_refused(cli, tmp_path):
    # A typing slip on the left of --known did nothing, in silence.
    first = tmp_path / "first.csv"
    first.write_text("Email,First name,Last name,Organisation\na@x.org,A,A,Known Trust\n")
    cli("import", str(first))
    second = tmp_path / "second.csv"
    second.write_text("Email,First name,Last name,Organisation\nb@x.org,B,B,Knwn Trust\n")
    err = _refused(cli("import", str(second), "--known", "Known Trst=Known Trust"))
    assert "'Known Trst'" in err
    assert len(cli("people", "--json").json()) == 1
    result = cli("import", str(second), "--known", "Knwn Trust=Known Trust", "--json")
    assert result.code == 0, result.err
    assert {p["organisation"] for p in cli("people", "--json").json()} == {"Known Trust"}


def test_known_names_with_applications_are_refused_not_ignored(cli, tmp_path):
    cli("cohort", "add", "Alpha")
    path = tmp_path / "forms.csv"
    path.write_text("Email,First name,Last name,Organisation\na@x.org,A,A,Knwn Trust\n")
    err = _refused(
        cli("import", str(path), "--applications", "--cohort", "Alpha", "--known", "A=B")
    )
    assert "--known does not apply" in err
    assert cli("applications", "--cohort", "Alpha", "--json").json() == []


def test_a_note_with_attendance_from_a_file_is_refused_not_dropped(cli, tmp_path):
    cli("cohort", "add", "Alpha")
    session = cli("session", "add", "--cohort", "Alpha", "--title", "T", "--start", "today 9am")
    path = tmp_path / "came.csv"
    path.write_text("Email\nann@example.org\n")
    err = _refused(cli("attend", session.out.strip(), "--from", str(path), "--note", "late bus"))
    assert "--note goes with marks by e-mail" in err


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--limit", "0"), "--limit must be at least 1"),
        (("--limit", "-1"), "--limit must be at least 1"),
        (("--since", "tomorrow", "--until", "yesterday"), "ends before it begins"),
    ],
)
def test_audit_options_that_cannot_select_anything_are_refused(cli, options, words):
    # --limit 0 listed one entry; a period ending before it begins listed none.
    cli("cohort", "add", "Alpha")
    assert words in _refused(cli("audit", "list", *options))


def test_two_databases_before_and_after_the_command_are_refused(cli, tmp_path):
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    err = _refused(cli("cohort", "add", "Alpha", "--db", second, db=first))
    assert "--db is given twice" in err
    assert not (tmp_path / "b.db").exists() and not (tmp_path / "a.db").exists()
    assert cli("cohort", "add", "Alpha", "--db", first, db=first).code == 0


@pytest.mark.parametrize(
    "command",
    [
        ("person", "erase", "{email}", "--yes"),
        ("person", "export", "{email}", "-o", "{tmp}/p.json"),
        ("enrol", "--cohort", "Alpha", "{email}"),
    ],
)
def test_an_unknown_address_is_quoted_back_on_one_harmless_line(cli, tmp_path, command):
    # A newline split the sentence in two; a right-to-left override turned it around.
    cli("cohort", "add", "Alpha")
    for email in ("ann@x.org\nbob@x.org", "\u202eann@x.org", "a" * 5000 + "@x.org"):
        args = [part.format(email=email, tmp=tmp_path) for part in command]
        err = _refused(cli(*args))
        assert "\u202e" not in err and len(err) < 300


@pytest.mark.parametrize(
    "command",
    [
        ("people", "--cohort", "a\nb"),
        ("attend", "1\n2", "--present", "ann@x.org"),
        ("mail", "re\nminder", "--session", "1", "-o", "{tmp}/drafts"),
        ("preferences", "set", "a\u202eb", "1"),
        ("import", "{tmp}/people.csv", "--sheet", "a\nb"),
    ],
)
def test_a_refusal_quoting_typed_text_stays_one_plain_line(cli, tmp_path, command):
    (tmp_path / "people.csv").write_text("Email\nann@x.org\n")
    err = _refused(cli(*(part.format(tmp=tmp_path) for part in command)))
    assert "\u202e" not in err and "<U+" in err
