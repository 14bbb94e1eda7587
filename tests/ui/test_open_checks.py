"""On start the window checks the database: a sound one gets the day's backup; a damaged one
is reported and the newest good backup offered and restored."""

from __future__ import annotations

import os

import pytest

from cohort_desk.db.opening import open_database
from cohort_desk.services.people.records import count_people
from cohort_desk.services.safety.backups import daily_backup, list_backups, quick_check_on_open
from cohort_desk.services.safety.integrity import check_database
from cohort_desk.ui.kit import ask
from cohort_desk.ui.shell.application import check_on_open

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="backups are of SQLite files"
)


def _damage(path) -> None:
    """Overwrite the pages of the people table, as a failing disk or a bad copy would."""
    import sqlite3

    with sqlite3.connect(path) as raw:
        page = raw.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            r
            for (r,) in raw.execute(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'people' AND rootpage > 0"
            )
        ]
    raw.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        start = (root - 1) * page
        data[start : start + 12] = b"\xa5" * 12
    path.write_bytes(bytes(data))


def test_a_sound_database_gets_the_days_backup(qtbot, demo_db, monkeypatch):
    asked = []
    monkeypatch.setattr(ask, "choose", lambda *a, **k: asked.append(a))
    assert check_on_open(demo_db) is False
    assert asked == []
    assert [b.kind for b in list_backups(demo_db)] == ["Daily"]


def test_a_damaged_database_is_restored_from_the_newest_good_backup(qtbot, demo_db, monkeypatch):
    people = count_people(demo_db)
    daily_backup(demo_db)
    path = demo_db.file
    demo_db.dispose()
    _damage(path)
    damaged = open_database(str(path))
    assert quick_check_on_open(damaged), "the damage went unnoticed"

    questions: list[str] = []

    def answer_yes(_parent, _title, text, *args, **kwargs):
        questions.append(text)
        return True

    monkeypatch.setattr(ask, "choose", answer_yes)
    monkeypatch.setattr(ask, "inform", lambda *a, **k: None)
    assert check_on_open(damaged) is True
    assert "looks damaged" in questions[0] and "Restore the newest good backup" in questions[0]
    assert check_database(damaged).ok
    assert count_people(damaged) == people
    damaged.dispose()


def test_a_database_too_damaged_to_open_is_offered_its_backup(qtbot, demo_db, monkeypatch):
    from cohort_desk.ui.shell.application import open_with_recovery

    people = count_people(demo_db)
    daily_backup(demo_db)
    path = demo_db.file
    demo_db.dispose()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page itself
    path.write_bytes(bytes(data))

    monkeypatch.setattr(ask, "choose", lambda *a, **k: True)
    monkeypatch.setattr(ask, "inform", lambda *a, **k: None)
    reopened = open_with_recovery(str(path))
    assert reopened is not None
    assert check_database(reopened).ok and count_people(reopened) == people
    reopened.dispose()


def test_a_moved_database_keeps_its_backups_in_the_window(qtbot, demo_db, monkeypatch, tmp_path):
    """Issue 12, item 12: the backups follow the database's own id, not where its file is."""
    import shutil

    from cohort_desk.ui.privacy.screen import PrivacyScreen

    people = count_people(demo_db)
    daily_backup(demo_db)
    before = {b.path for b in list_backups(demo_db)}
    path = demo_db.file
    demo_db.dispose()
    moved = tmp_path / "moved" / "renamed.db"
    moved.parent.mkdir()
    shutil.move(path, moved)
    reopened = open_database(str(moved))
    screen = PrivacyScreen(reopened)
    qtbot.addWidget(screen)
    screen.backups.refresh()
    assert before <= {row.path for row in screen.backups.model.rows()}
    reopened.dispose()

    _damage(moved)
    damaged = open_database(str(moved))
    questions: list[str] = []
    monkeypatch.setattr(ask, "choose", lambda _p, _t, text, *a, **k: questions.append(text) or 1)
    monkeypatch.setattr(ask, "inform", lambda *a, **k: None)
    assert check_on_open(damaged) is True
    assert "Restore the newest good backup" in questions[0]
    assert count_people(damaged) == people
    damaged.dispose()
