"""The settings file IT places for every user of a computer: the shared database and the
backup folder, after --db and COHORT_DESK_DB, and not changeable in the app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cohort_desk import organisation
from cohort_desk.db.location import resolve_url
from cohort_desk.errors import ValidationError
from cohort_desk.services.safety import backups


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    return Path(os.environ[organisation.SETTINGS_ENV])


def write(path: Path, text: str) -> None:
    # Notepad's UTF-8 has a byte-order mark and Windows line endings.
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def test_where_it_team_places_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(organisation.SETTINGS_ENV)
    expected = {
        "win32": Path(os.environ.get("ProgramData") or r"C:\ProgramData")
        / "Cohort Desk"
        / "cohort-desk.ini",
        "darwin": Path("/Library/Application Support/Cohort Desk/cohort-desk.ini"),
    }.get(sys.platform, Path("/etc/cohort-desk/cohort-desk.ini"))
    assert organisation.settings_file() == expected


def test_no_file_sets_nothing(org_file: Path) -> None:
    org = organisation.load()
    assert (org.database, org.backup_folder, org.problem, org.any) == (None, None, None, False)


def test_the_file_sets_the_default_database_after_db_and_the_environment(
    org_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(org_file, "[cohort-desk]\ndatabase = postgresql+psycopg://desk@db-server/cohortdesk\n")
    assert resolve_url(None).render_as_string() == "postgresql+psycopg://desk@db-server/cohortdesk"
    assert resolve_url(str(tmp_path / "mine.db")).database == str(tmp_path / "mine.db")
    monkeypatch.setenv("COHORT_DESK_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).database == str(tmp_path / "env.db")


def test_a_broken_file_is_ignored_with_a_reason(org_file: Path) -> None:
    write(org_file, "database = sqlite:///x.db\n")
    org = organisation.load()
    assert org.database is None and "was ignored" in (org.problem or "")
    assert "cohort_desk.db" in str(resolve_url(None).database)
    write(org_file, "[other]\ndatabase = x\n")
    assert "no [cohort-desk] section" in (organisation.load().problem or "")


def test_the_backup_folder_is_the_organisations_and_cannot_be_changed(
    org_file: Path, db, tmp_path: Path
) -> None:
    share = tmp_path / "Team Share" / "backups"
    share.mkdir(parents=True)
    write(org_file, f"[cohort-desk]\nbackup_folder = {share}\n")
    assert backups.backup_folder(db) == share
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(ValidationError, match="Your organisation sets the backup folder"):
        backups.set_backup_folder(db, str(elsewhere))
    assert backups.backup_folder(db) == share
    if db.file is not None:  # PostgreSQL is backed up with pg_dump, not into the folder
        assert backups.backup_now(db).parent == share


def test_cli_opens_the_organisations_database(org_file: Path, tmp_path: Path, capsys) -> None:
    from cohort_desk.cli import run

    shared = tmp_path / "shared.db"
    write(org_file, f"[cohort-desk]\ndatabase = {shared}\n")
    assert run(["demo", "--people", "20"]) == 0
    assert shared.exists()
