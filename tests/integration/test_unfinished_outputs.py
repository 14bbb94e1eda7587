"""Every output is written to a hidden part-file beside its name and renamed into place; a
process killed between the two leaves that part-file (an export, a backup, a subject-access
file: all full of names), and the next start removes it (issue 12 items 1 and 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cohort_desk import outputs, paths, unfinished

EMAIL = "ada.lovelace@example.org"
ON_PG = bool(os.environ.get("COHORT_DESK_TEST_PG_URL"))


def _killed_before_the_rename(db_url: str, home: Path, args: list[str]) -> None:
    """Run a command in a process of its own that dies the moment its file is fully written
    and about to be renamed into place: the worst moment, with the whole file in the part."""
    script = textwrap.dedent(
        f"""
        import os
        from cohort_desk import cli, outputs

        outputs._move_into_place = lambda *args: os._exit(9)
        cli.run(["--db", {db_url!r}, *{args!r}])
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COHORT_DESK_HOME": str(home)}
    assert subprocess.run([sys.executable, "-c", script], env=env, timeout=120).returncode == 9


def _parts(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if unfinished.is_part_file(p)]


@pytest.mark.parametrize(
    "args",
    [
        ["export", "people", "-o", "{out}.xlsx", "--overwrite"],
        ["person", "export", EMAIL, "-o", "{out}.json", "--overwrite"],  # two files at once
        pytest.param(
            ["backup", "-o", "{out}.db", "--overwrite"],
            marks=pytest.mark.skipif(ON_PG, reason="backup -o copies SQLite files; PG has pg_dump"),
        ),
    ],
    ids=["export", "subject-access", "backup"],
)
def test_the_next_start_removes_what_a_killed_write_left(
    cli, db_url, tmp_path, isolated_home, args
) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "people.csv"
    src.write_text(f"First name,Last name,Email\nAda,Lovelace,{EMAIL}\n", encoding="utf-8")
    assert cli("import", str(src)).code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    args = [a.format(out=folder / "result") for a in args]
    target = Path(args[args.index("-o") + 1])
    target.write_bytes(b"the old file")

    _killed_before_the_rename(db_url, isolated_home, args)
    left = _parts(folder)
    assert left and all(p.stat().st_size > 0 for p in left)  # the whole new file, hidden
    assert target.read_bytes() == b"the old file"

    from cohort_desk.app import main

    assert main(["--db", db_url, "people"]) == 0
    assert _parts(folder) == []
    assert target.read_bytes() == b"the old file"
    assert list(paths.data_dir().joinpath(unfinished.LEDGER).iterdir()) == []


def test_a_write_under_way_keeps_its_part_file_and_a_finished_one_leaves_no_trace(
    tmp_path: Path,
) -> None:
    target = tmp_path / "list.csv"
    with outputs.temporary_beside(target) as temp:
        temp.write_text("Ada,Lovelace\n", encoding="utf-8")
        assert unfinished.sweep() == 0  # this process is alive: its write is left alone
        assert temp.exists()
    outputs.write_files({target: b"a", tmp_path / "list.pdf": b"b"})
    assert _parts(tmp_path) == []
    assert list(paths.data_dir().joinpath(unfinished.LEDGER).iterdir()) == []


def _a_stopped_process() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_part_file_noted_by_a_stopped_process_goes_and_nothing_else(tmp_path: Path) -> None:
    part = tmp_path / f"{unfinished.TEMP_PREFIX}abc{unfinished.TEMP_SUFFIX}"
    part.write_text("names", encoding="utf-8")
    mine = tmp_path / "mine.csv"  # a ledger entry naming anything but a part-file is ignored
    mine.write_text("kept", encoding="utf-8")
    dead = _a_stopped_process()
    ledger = paths.data_dir() / unfinished.LEDGER
    ledger.mkdir(parents=True, exist_ok=True)
    for name, path in (("a", part), ("b", mine)):
        entry = {"file": str(path), "pid": dead, "started": time.time()}
        (ledger / f"{name}.json").write_text(json.dumps(entry), encoding="utf-8")
    assert unfinished.sweep() == 1
    assert not part.exists() and mine.read_text(encoding="utf-8") == "kept"
    assert list(ledger.iterdir()) == []


def test_a_certificate_run_noted_by_an_earlier_version_is_still_tidied(tmp_path: Path) -> None:
    """Versions before the ledger folder kept one list in the settings folder."""
    certificates = tmp_path / "certs"
    certificates.mkdir()
    part = certificates / f"{unfinished.TEMP_PREFIX}abc{unfinished.TEMP_SUFFIX}"
    part.write_bytes(b"%PDF names")
    legacy = paths.config_dir() / unfinished.LEGACY_LEDGER
    entry = {"folder": str(certificates), "pid": _a_stopped_process(), "started": time.time()}
    legacy.write_text(json.dumps({"t": entry}), encoding="utf-8")
    assert unfinished.sweep() == 1
    assert not part.exists() and not legacy.exists()


@pytest.mark.skipif(ON_PG, reason="restores SQLite")
def test_a_restore_killed_part_way_leaves_no_copy_of_the_backup_at_the_next_start(
    cli, db_url, tmp_path, isolated_home
) -> None:  # type: ignore[no-untyped-def]
    """A restore stages the whole backup beside the database (every person's details in it)
    before copying it in; killed there, the staged copy must not stay behind."""
    src = tmp_path / "people.csv"
    src.write_text(f"First name,Last name,Email\nAda,Lovelace,{EMAIL}\n", encoding="utf-8")
    assert cli("import", str(src)).code == 0
    saved = tmp_path / "saved.db"
    assert cli("backup", "-o", str(saved)).code == 0
    live = Path(db_url)
    before = set(live.parent.iterdir())
    script = textwrap.dedent(
        f"""
        import os
        from cohort_desk import cli
        from cohort_desk.db import restore

        restore._copy_into_live = lambda *args: os._exit(9)
        cli.run(["--db", {db_url!r}, "restore", {str(saved)!r}, "--yes"])
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
           "COHORT_DESK_HOME": str(isolated_home)}  # fmt: skip
    assert subprocess.run([sys.executable, "-c", script], env=env, timeout=120).returncode == 9
    assert _parts(live.parent), "the staged copy is a part-file"

    from cohort_desk.app import main

    assert main(["--db", db_url, "people"]) == 0
    left = set(live.parent.iterdir()) - before
    assert not any(unfinished.TEMP_PREFIX in p.name for p in left), left
