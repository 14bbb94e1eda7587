"""The command line contract for import, imports and undo-import."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.import_files import plain_workbook, snapshot, titled_workbook

HEADER = ["First name", "Surname", "E-mail", "Organisation"]
GOOD = [
    ["Jane", "Smith", "jane@nhs.net", "Oxleas NHS Foundation Trust"],
    ["Amir", "Khan", "amir@nhs.net", "Bromley Council"],
]
CONTRACT_KEYS = [
    "file",
    "sheet",
    "header_row",
    "rows",
    "created",
    "updated",
    "unchanged",
    "merged",
    "skipped",
    "errors",
    "batch",
]


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return titled_workbook(tmp_path / "good.xlsx", HEADER, GOOD, footer="Total: 2 participants")


@pytest.fixture
def file_with_error(tmp_path: Path) -> Path:
    rows = [*GOOD, ["Bad", "Address", "not-an-address", ""]]
    return titled_workbook(tmp_path / "some bad.xlsx", HEADER, rows)


def test_import_json_is_exactly_the_contract(cli, good_file: Path) -> None:
    result = cli("import", str(good_file), "--json")
    assert result.code == 0, result.err
    document = result.json()
    assert list(document) == CONTRACT_KEYS
    assert document == {
        "file": "good.xlsx",
        "sheet": "Sign-ups",
        "header_row": 4,
        "rows": 4,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "merged": 0,
        "skipped": 2,
        "errors": [],
        "batch": 1,
    }
    again = cli("import", str(good_file), "--json").json()
    assert (again["created"], again["unchanged"], again["batch"]) == (0, 2, None)


def test_row_errors_import_the_good_rows_and_exit_1(cli, file_with_error: Path) -> None:
    result = cli("import", str(file_with_error), "--json")
    assert result.code == 1
    document = result.json()
    assert document["created"] == 2 and isinstance(document["batch"], int)
    [error] = document["errors"]
    assert (error["row"], error["field"]) == (7, "email")
    assert "not-an-address" in error["message"]
    people = cli("people", "--json").json()
    assert sorted(p["email"] for p in people) == ["amir@nhs.net", "jane@nhs.net"]


def test_strict_refuses_the_whole_file_when_any_row_is_wrong(cli, file_with_error, db) -> None:
    before = snapshot(db)
    result = cli("import", str(file_with_error), "--strict", "--json")
    assert result.code == 1
    document = result.json()
    assert document["batch"] is None and len(document["errors"]) == 1
    assert "Nothing was imported" in result.err
    assert snapshot(db) == before


def test_strict_with_a_clean_file_imports(cli, good_file: Path) -> None:
    result = cli("import", str(good_file), "--strict", "--json")
    assert (result.code, result.json()["batch"]) == (0, 1)


def test_dry_run_reports_and_writes_nothing(cli, good_file: Path, db) -> None:
    before = snapshot(db)
    result = cli("import", str(good_file), "--dry-run", "--json")
    assert result.code == 0
    assert (result.json()["created"], result.json()["batch"]) == (2, None)
    assert snapshot(db) == before
    text = cli("import", str(good_file), "--dry-run")
    assert text.code == 0 and "Would import: 2 new" in text.out


def test_map_option_names_columns(cli, tmp_path: Path) -> None:
    path = plain_workbook(
        tmp_path / "odd.xlsx", ["Delegate", "Contact", "Site"], [["Jo Bloggs", "jo@nhs.net", "X"]]
    )
    unmapped = cli("import", str(path), "--json")
    assert unmapped.code == 2 and "Error:" in unmapped.err
    result = cli(
        "import",
        str(path),
        "--map",
        "Contact=email",
        "--map",
        "Delegate=full_name",
        "--map",
        "site=organisation",
        "--json",
    )
    assert result.code == 0, result.err
    [person] = cli("people", "--json").json()
    assert (person["given_name"], person["family_name"], person["organisation"]) == (
        "Jo",
        "Bloggs",
        "X",
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--map", "Contact"], "not a column mapping"),
        (["--map", "Contact=shoe size"], "not a field"),
        (["--map", "Nowhere=email"], "no column headed 'Nowhere'"),
        (["--cohort", "No such cohort"], "no cohort called"),
        (["--sheet", "Missing"], "no sheet called 'Missing'"),
        (["--role", "facilitator"], "cohort"),
    ],
)
def test_bad_options_exit_2_with_one_sentence(cli, good_file, db, args, words) -> None:
    before = snapshot(db)
    result = cli("import", str(good_file), *args, "--json")
    assert result.code == 2
    assert result.out == ""
    assert words in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(db) == before


def test_unusable_file_exits_2(cli, tmp_path: Path) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = cli("import", str(path), "--json")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("Error: The file photo.xlsx is not a spreadsheet")
    missing = cli("import", str(tmp_path / "missing.csv"))
    assert missing.code == 2 and "could not be opened" in missing.err


def test_import_with_cohort_enrols(cli, good_file: Path) -> None:
    assert cli("cohort", "add", "SLA Cohort 9").code == 0
    result = cli("import", str(good_file), "--cohort", "SLA Cohort 9", "--role", "participant")
    assert result.code == 0 and "Enrolled 2 in SLA Cohort 9" in result.out
    people = cli("people", "--cohort", "SLA Cohort 9", "--json").json()
    assert len(people) == 2


def test_imports_lists_oldest_first_and_undo_import_reverses(cli, good_file, tmp_path) -> None:
    second = plain_workbook(
        tmp_path / "second.xlsx",
        ["Email", "First name", "Surname"],
        [["zed@nhs.net", "Zed", "Last"]],
    )
    cli("import", str(good_file))
    cli("import", str(second))
    listed = cli("imports", "--json").json()
    assert [(b["id"], b["file"], b["created"], b["updated"], b["undone"]) for b in listed] == [
        (1, "good.xlsx", 2, 0, False),
        (2, "second.xlsx", 1, 0, False),
    ]
    assert all(set(b) == {"id", "file", "when", "created", "updated", "undone"} for b in listed)
    assert listed[0]["when"] <= listed[1]["when"]

    refused = cli("undo-import", "1")  # no terminal in tests, and no --yes
    assert refused.code == 2 and "--yes" in refused.err
    assert len(cli("people", "--json").json()) == 3

    done = cli("undo-import", "1", "--yes")
    assert done.code == 0, done.err
    assert "2 people removed" in done.out
    assert [p["email"] for p in cli("people", "--json").json()] == ["zed@nhs.net"]
    assert [b["undone"] for b in cli("imports", "--json").json()] == [True, False]

    twice = cli("undo-import", "1", "--yes")
    assert twice.code == 1 and "already undone" in twice.err
    unknown = cli("undo-import", "99", "--yes")
    assert unknown.code == 2 and "no import number 99" in unknown.err


def test_undo_import_refused_when_history_was_gained_exits_1(cli, good_file, db) -> None:
    cli("import", str(good_file))
    cli("cohort", "add", "SLA Cohort 9")
    cli("enrol", "--cohort", "SLA Cohort 9", "jane@nhs.net")
    before = snapshot(db)
    result = cli("undo-import", "1", "--yes")
    assert result.code == 1
    assert "Jane Smith (jane@nhs.net)" in result.err
    assert snapshot(db) == before


def test_human_output_lists_changes_and_errors(cli, file_with_error: Path) -> None:
    result = cli("import", str(file_with_error))
    assert result.code == 1
    assert "Imported: 2 new, 0 updated" in result.out
    assert "Row 7 (email):" in result.out
    assert "undo-import 1" in result.out


def test_sheet_option_picks_a_sheet_by_name(cli, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Read me first"])
    people = book.create_sheet("Cohort 3")
    people.append(["Email", "First name", "Surname"])
    people.append(["ola@nhs.net", "Ola", "Nordmann"])
    path = tmp_path / "two sheets.xlsx"
    book.save(path)
    result = cli("import", str(path), "--sheet", "cohort 3", "--json")
    assert result.code == 0, result.err
    assert (result.json()["sheet"], result.json()["created"]) == ("Cohort 3", 1)
