"""Issue 22: the main window is shown before the database is opened (and before SQLAlchemy is
imported), its database actions wait, and every way opening can fail still says what it said
when the database was opened before the window."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cohort_desk.ui.kit import ask
from cohort_desk.ui.shell.main_window import MainWindow
from cohort_desk.ui.shell.startup import EXIT_FAILED, EXIT_NOT_OPENED, Startup, run

ON_PG = bool(os.environ.get("COHORT_DESK_TEST_PG_URL"))
sqlite_only = pytest.mark.skipif(ON_PG, reason="damage and backups are of SQLite files")


class Said:
    """Every question, warning and notice, answered as ``answer`` says."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: bool = True) -> None:
        self.lines: list[tuple[str, str]] = []
        for kind in ("choose", "inform", "warn"):
            monkeypatch.setattr(ask, kind, self._record(kind, answer))

    def _record(self, kind: str, answer: bool):  # type: ignore[no-untyped-def]
        def said(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.lines.append((kind, text))
            return answer

        return said

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.lines]


def opening_window(qtbot, name: str = "somewhere.db") -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(None, opening=name)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def start(qtbot, db_arg: str) -> tuple[MainWindow, Startup]:  # type: ignore[no-untyped-def]
    window = opening_window(qtbot, db_arg)
    startup = Startup(window, db_arg)
    startup.begin()
    qtbot.waitUntil(lambda: window.db is not None or startup.exit_code is not None, timeout=30000)
    return window, startup


def test_the_window_module_imports_no_sqlalchemy() -> None:
    """What the window needs to appear is imported without SQLAlchemy (half a second), and
    so is what logging its first line needs."""
    code = textwrap.dedent(
        """
        import sys
        import cohort_desk.app
        from cohort_desk.ui.shell import application, main_window, startup
        from cohort_desk.db import naming
        import logging
        from cohort_desk.logging_setup import NoPersonalData
        # The log's filter runs on the first line logged, "the main window is shown".
        record = logging.LogRecord("x", logging.INFO, "x", 1, "shown to a@b.org", (), None)
        assert NoPersonalData().filter(record) and "a@b.org" not in record.msg
        loaded = sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy")
        print(loaded[:5])
        raise SystemExit(1 if loaded else 0)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_opening_window_waits_for_its_database(qtbot, demo_db, tmp_path):
    window = opening_window(qtbot, "/data/academy.db")
    assert window.db_label.text() == "Opening /data/academy.db…"
    actions = window.actions
    waiting = (actions.new, actions.edit, actions.delete, actions.print, actions.export)
    assert not any(a.isEnabled() for a in waiting + actions.need_database)
    assert {a.text() for a in actions.need_database} >= {"&Import…", "P&references…"}
    assert not window.search.isEnabled()
    assert window.current_screen() is None and window.stack.built_screens() == []
    # The side bar answers: the screen chosen is the one built when the database opens.
    window.nav.setCurrentRow(window.stack.titles.index("People"))
    assert window.heading.text() == "People" and window.current_screen() is None
    window.import_file()  # through its shortcut too: nothing happens, nothing is built
    window.open_preferences()
    assert window.stack.built_screens() == [] and window.screens == []
    assert window.screen_titled("People") is None
    shots = Path("/tmp/start") if Path("/tmp/start").is_dir() else tmp_path
    window.grab().save(str(shots / "opening.png"))

    window.attach(demo_db)
    assert window.db_label.text() == f"Database: {demo_db.describe()}"
    assert all(a.isEnabled() for a in actions.need_database)
    people = window.current_screen()
    assert people is not None and people.title == "People"
    assert window.search.isEnabled() and actions.new.isEnabled()
    qtbot.waitUntil(lambda: not people.is_loading())
    window.grab().save(str(shots / "opened.png"))


def test_the_database_opens_behind_the_shown_window(qtbot, demo_db, monkeypatch):
    said = Said(monkeypatch)
    window, startup = start(qtbot, str(demo_db.url.render_as_string(hide_password=False)))
    assert startup.exit_code is None and said.lines == []
    assert window.db is startup.db and window.current_screen() is not None
    assert window.db_label.text() == f"Database: {demo_db.describe()}"
    window.close()
    assert startup.finish(0) == 0


@sqlite_only
def test_the_days_backup_follows_the_opening(qtbot, demo_db, monkeypatch):
    from cohort_desk.services.safety.backups import list_backups

    Said(monkeypatch)
    window, startup = start(qtbot, str(demo_db.file))
    qtbot.waitUntil(lambda: [b.kind for b in list_backups(demo_db)] == ["Daily"])
    window.close()
    startup.finish(0)


def test_an_empty_database_is_offered_the_demo_data(qtbot, db_url, monkeypatch):
    said = Said(monkeypatch, answer=False)  # "Start empty"
    window, startup = start(qtbot, db_url)
    assert said.kinds() == ["choose"] and "This database is empty" in said.lines[0][1]
    assert window.db is not None
    window.close()
    startup.finish(0)


@sqlite_only
def test_a_folder_is_refused_in_one_sentence_and_the_app_ends(qtbot, tmp_path, monkeypatch):
    said = Said(monkeypatch)
    window, startup = start(qtbot, str(tmp_path))
    assert said.lines == [
        ("warn", f"{tmp_path} is a folder, not a database file; give the path of a .db file.")
    ]
    assert startup.exit_code == EXIT_NOT_OPENED and not window.isVisible()
    assert startup.finish(0) == EXIT_NOT_OPENED


@sqlite_only
def test_a_network_drive_is_warned_about_then_opened(qtbot, demo_db, monkeypatch):
    from cohort_desk.db import location

    monkeypatch.setattr(location, "is_network_path", lambda path: True)
    said = Said(monkeypatch)
    path = demo_db.file
    demo_db.dispose()  # leaving WAL for a network drive needs the file to itself
    window, startup = start(qtbot, str(path))
    assert said.kinds() == ["warn"] and "network drive" in said.lines[0][1]
    assert window.db is not None
    window.close()
    startup.finish(0)


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the pages of one table, as a failing disk or a bad copy would."""
    import sqlite3

    with sqlite3.connect(path) as raw:
        page = raw.execute("PRAGMA page_size").fetchone()[0]
        roots = [
            r
            for (r,) in raw.execute(
                "SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0", (table,)
            )
        ]
    raw.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * page : (root - 1) * page + 12] = b"\xa5" * 12
    path.write_bytes(bytes(data))


def _damage_schema(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page itself
    path.write_bytes(bytes(data))


@sqlite_only
def test_a_database_too_damaged_to_open_is_restored_then_shown(qtbot, demo_db, monkeypatch):
    from cohort_desk.services.people.records import count_people
    from cohort_desk.services.safety.backups import daily_backup

    people = count_people(demo_db)
    daily_backup(demo_db)
    path = demo_db.file
    demo_db.dispose()
    _damage_schema(path)
    said = Said(monkeypatch)
    window, startup = start(qtbot, str(path))
    assert said.kinds() == ["choose", "inform"]
    assert "Restore the newest good backup" in said.lines[0][1]
    assert window.db is not None and count_people(window.db) == people
    window.close()
    startup.finish(0)


@sqlite_only
def test_a_database_too_damaged_and_without_backup_is_refused(qtbot, demo_db, monkeypatch):
    path = demo_db.file
    demo_db.dispose()
    _damage_schema(path)
    said = Said(monkeypatch)
    window, startup = start(qtbot, str(path))
    assert said.kinds() == ["warn"] and "damaged" in said.lines[0][1]
    assert startup.exit_code == EXIT_NOT_OPENED and window.db is None


def test_a_bug_while_opening_is_reported_and_the_app_ends(qtbot, db_url, monkeypatch):
    from cohort_desk.db import opening

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    reported: list[BaseException] = []
    monkeypatch.setattr(opening, "open_database", broken)
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: reported.append(error))
    window, startup = start(qtbot, db_url)
    assert [str(e) for e in reported] == ["a bug"]
    assert startup.exit_code == EXIT_FAILED and window.db is None


@sqlite_only
def test_run_shows_the_window_first_and_ends_with_2_when_refused(qtbot, tmp_path, monkeypatch):
    """The real entry: the window is visible, with no database, before the refusal."""
    said = Said(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    seen: list[tuple[bool, bool]] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append((widget.db is None, widget.db_label.text().startswith("Opening")))

    QTimer.singleShot(0, look)
    # Closing the last window posts a Quit that would otherwise be handled after run() returns,
    # outside app.exec(), and end every later test's waiting at once.
    qapp = QApplication.instance()
    qapp.setQuitOnLastWindowClosed(False)
    try:
        assert run(str(tmp_path)) == EXIT_NOT_OPENED
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert seen == [(True, True)]
    assert said.kinds() == ["warn"]


@sqlite_only
def test_the_check_runs_off_the_ui_thread_and_offers_a_backup_for_damage(
    qtbot, demo_db, monkeypatch
):
    """Damage the quick check finds once the database is open: the same question as before,
    asked on the UI thread after the check ran on a thread of its own."""
    import threading

    from cohort_desk.services.safety import backups

    backups.daily_backup(demo_db)
    path = demo_db.file
    demo_db.dispose()
    _damage_table(path, "messages_sent")  # a table the first screen does not read
    checked_on: list[str] = []
    quick_check = backups.quick_check_on_open

    def watched(db):  # type: ignore[no-untyped-def]
        checked_on.append(threading.current_thread().name)
        return quick_check(db)

    monkeypatch.setattr(backups, "quick_check_on_open", watched)
    said = Said(monkeypatch)
    window, startup = start(qtbot, str(path))
    qtbot.waitUntil(lambda: "inform" in said.kinds(), timeout=30000)
    assert checked_on == ["check-database"]
    assert said.kinds() == ["choose", "inform"]
    assert "looks damaged" in said.lines[0][1]
    window.close()
    startup.finish(0)


def test_the_check_waits_until_the_first_screen_has_filled_its_list(qtbot, demo_db, monkeypatch):
    """The integrity check and the day's backup slowed a long list's loading by half when
    they ran beside it: they start once no screen is filling itself, and never wait past
    CHECK_WAIT_MS."""
    from cohort_desk.services.safety import backups
    from cohort_desk.ui.shell.screen_stack import ScreenStack

    checked: list[bool] = []
    quick_check = backups.quick_check_on_open

    def watched(db):  # type: ignore[no-untyped-def]
        checked.append(True)
        return quick_check(db)

    monkeypatch.setattr(backups, "quick_check_on_open", watched)
    filling = [True]
    monkeypatch.setattr(ScreenStack, "any_loading", lambda _stack: filling[0])
    window, startup = start(qtbot, demo_db.url.render_as_string(hide_password=False))
    qtbot.wait(400)  # four polls: the list is still "filling", so no check yet
    assert checked == []
    filling[0] = False
    qtbot.waitUntil(lambda: checked == [True], timeout=10000)
    window.close()
    startup.finish(0)


def test_a_bug_after_opening_is_reported_and_the_app_ends(qtbot, demo_db, monkeypatch):
    """As when everything up to the first screen ran before app.exec(): reported, then the end
    (not a window left saying "Opening …" for ever)."""
    from cohort_desk.ui.shell import startup as module

    def broken(_db):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug after opening")

    reported: list[BaseException] = []
    monkeypatch.setattr(module, "offer_demo", broken)
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: reported.append(error))
    window, startup = start(qtbot, demo_db.url.render_as_string(hide_password=False))
    qtbot.waitUntil(lambda: startup.exit_code is not None)
    assert [str(e) for e in reported] == ["a bug after opening"]
    assert startup.exit_code == EXIT_FAILED and not window.isVisible()
    startup.finish(0)


def test_a_window_closed_before_its_screens_are_built_builds_no_more(qtbot, demo_db):
    """The other screens are built after the window shows; one built after it has closed
    would start work (the impact figures load on a thread) that outlives the window, and a
    thread deleted while it runs takes the whole program down."""
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    built = len(window.stack.built_screens())
    window.close()
    qtbot.wait(300)  # several turns of the event loop, and past the loading poll
    assert len(window.stack.built_screens()) == built < len(window.stack.titles)


def test_closing_waits_for_work_still_running_on_a_screen(qtbot, demo_db):
    from cohort_desk.ui.kit.workers import BackgroundJob

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    screen = window.stack.screen_at(0)
    done: list[bool] = []

    def slow(_progress: object) -> None:
        import time

        time.sleep(0.3)
        done.append(True)

    BackgroundJob(screen, "Slow", slow, show_dialog=False).start()
    window.close()  # returns only once the work has ended, without the UI thread's help
    assert done == [True]
