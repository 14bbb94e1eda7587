"""Issue 12, item 3: restore refused on 6 of 12 kinds of damage because it opened the damaged
database first. Each kind of damage the campaign made to the live file is here: restore puts
the backup back, and the database is sound afterwards."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="restoring files is for SQLite"
)

ADA, BOB = "ada.lovelace@example.org", "bob.babbage@example.org"


def _page_of(db: Path, table: str) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    connection.close()
    return (root - 1) * size, size


def _overwrite(start: int, length: int, byte: bytes) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        data = bytearray(db.read_bytes())
        data[start : start + length] = byte * len(data[start : start + length])
        db.write_bytes(bytes(data))

    return damage


def _table_page(table: str) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        start, size = _page_of(db, table)
        _overwrite(start, size, b"\xff")(db)

    return damage


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _random(db: Path) -> None:
    db.write_bytes(os.urandom(db.stat().st_size))


def _text(db: Path) -> None:
    db.write_text("This is not a database at all.\n")


def _gone(db: Path) -> None:
    db.unlink()


def _garbage_wal(db: Path) -> None:
    Path(f"{db}-wal").write_bytes(b"\x37\x7f\x06\x82" + os.urandom(8000))
    Path(f"{db}-shm").write_bytes(os.urandom(32768))


def _bad_page_size(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[16:18] = (3000).to_bytes(2, "big")  # not a power of two
    db.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "header": _overwrite(0, 100, b"\x13"),
    "schema page": _overwrite(100, 3996, b"\xa5"),
    "people table page": _table_page("people"),
    "settings table page": _table_page("settings"),
    "alembic_version page": _table_page("alembic_version"),
    "all zeros": _overwrite(0, 10**9, b"\x00"),
    "random bytes": _random,
    "cut in half": _truncate,
    "empty file": lambda db: db.write_bytes(b""),
    "a text file": _text,
    "missing": _gone,
    "page size": _bad_page_size,
    "garbage write-ahead log": _garbage_wal,
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_restore_puts_a_backup_back_over_any_damage(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    live = tmp_path / "office.db"
    src = tmp_path / "people.csv"
    src.write_text(
        f"First name,Last name,Email\nAda,Lovelace,{ADA}\nBob,Babbage,{BOB}\n", encoding="utf-8"
    )
    assert cli("import", str(src), db=str(live)).code == 0
    saved = tmp_path / "monday.db"
    assert cli("backup", "-o", str(saved), db=str(live)).code == 0
    for side in ("-wal", "-shm"):
        Path(f"{live}{side}").unlink(missing_ok=True)

    DAMAGE[kind](live)

    result = cli("restore", str(saved), "--yes", db=str(live))
    assert result.code == 0, (kind, result.err)
    assert "Traceback" not in result.err
    people = cli("people", "--json", db=str(live))
    assert people.code == 0, (kind, people.err)
    assert sorted(p["email"] for p in people.json()) == [ADA, BOB]  # type: ignore[union-attr,index]
    assert cli("check", db=str(live)).code == 0, kind
