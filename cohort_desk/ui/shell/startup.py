"""Opening the database behind a window already on screen.

Before, the window appeared only after SQLAlchemy, the models and the services were imported
and the database opened and migrated: over half a second against 0.07 s for a bare window.
Now ``run`` shows the real main window first ("Opening …" in its status bar, the
actions that need the database disabled); the database is opened on a thread of its own (and
the first screen's code imported there), so the window paints and answers meanwhile; then,
back on the UI thread, everything that followed the opening before follows it still, in the
same order and with the same sentences: the recovery offered for a damaged database, the
database's warnings, the demo data offered on an empty one, the first screen, and the
integrity check and day's backup.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from cohort_desk import APP_NAME, __version__
from cohort_desk.errors import UserError
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.errors import install_excepthook
from cohort_desk.ui.shell.application import (
    make_application,
    offer_demo,
    open_with_recovery,
    report_check,
    run_check,
)
from cohort_desk.ui.shell.screen_stack import LOAD_POLL_MS

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database
    from cohort_desk.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

EXIT_NOT_OPENED = 2  # as before the window came first: the database could not be opened
EXIT_FAILED = 1  # a bug while opening, reported in the crash dialog
CHECK_WAIT_MS = 10_000  # the longest the check waits for the first screen's list


class Startup(QObject):
    """Opens the database for ``window`` (shown, with no database yet) and attaches it."""

    _opened = Signal(object, object)  # (Database or None, the exception or None)
    _checked = Signal(object, object, object)  # (Database, run_check's outcome, an exception)

    def __init__(self, window: MainWindow, db_arg: str | None, ends_app: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.db_arg = db_arg
        self.ends_app = ends_app  # a refusal or failure ends app.exec() with its exit code
        self.db: Database | None = None
        self.exit_code: int | None = None
        self._result: Database | None = None
        self._threads: list[threading.Thread] = []
        # The screen to show once open, followed as the side bar is clicked meanwhile (a plain
        # int, so the opening thread can read it without asking a widget).
        self._row = max(window.nav.currentRow(), 0)
        self._rooms = [entry.room for entry in window.stack.entries]
        window.nav.currentRowChanged.connect(self._follow_row)
        self._opened.connect(self._on_opened)
        self._checked.connect(self._on_checked)

    def begin(self) -> None:
        """Start opening once the event loop runs (the window's first paint comes first)."""
        QTimer.singleShot(0, self, self._start_thread)

    def _follow_row(self, row: int) -> None:
        if row >= 0:
            self._row = row

    def _start_thread(self) -> None:
        self._spawn("open-database", self._open)

    def _spawn(self, name: str, work: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=work, args=args, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _open(self) -> None:
        """On the opening thread: no widgets here, only the database and imports."""
        try:
            from cohort_desk.db.opening import open_database

            self._result = open_database(self.db_arg)
        except BaseException as exc:  # handed to the UI thread, which says what happened
            self._opened.emit(None, exc)
            return
        screen_module = f"cohort_desk.ui.{self._rooms[self._row]}.screen"
        try:
            # The first screen's code (its services, their libraries), so that building the
            # screen on the UI thread does not import it there.
            importlib.import_module(screen_module)
        except Exception:  # noqa: BLE001 - building the screen imports it again and says why
            log.debug("could not import %s ahead", screen_module, exc_info=True)
        self._opened.emit(self._result, None)

    def _on_opened(self, db: Database | None, error: BaseException | None) -> None:
        try:
            self._go_on(db, error)
        except BaseException as exc:  # as when it all ran before app.exec(): said, and the end
            self._fail(exc)

    def _fail(self, error: BaseException) -> None:
        sys.excepthook(type(error), error, error.__traceback__)
        self._give_up(EXIT_FAILED)

    def _go_on(self, db: Database | None, error: BaseException | None) -> None:
        window = self.window
        if error is not None:
            if not isinstance(error, UserError):
                self._fail(error)
                return
            db = open_with_recovery(self.db_arg, window, refusal=error)
            if db is None:
                self._give_up(EXIT_NOT_OPENED)
                return
        assert db is not None
        self.db = db
        for warning in db.warnings:
            ask.warn(window, APP_NAME, warning)
        offer_demo(db)
        window.attach(db)
        log.info("The database %s is open", db.describe())
        self._check_when_settled(db)

    def _check_when_settled(self, db: Database, waited_ms: int = 0) -> None:
        """The integrity check and the day's backup, on a thread of their own once the first
        screen has filled its list: on the UI thread they held up the People list by 0.6 s,
        and beside its loading they still slowed it by half (100,000 people: the rows read
        in 1.3 s instead of 0.75 s). Never later than CHECK_WAIT_MS after opening."""
        if self.window.stack.any_loading() and waited_ms < CHECK_WAIT_MS:
            step = LOAD_POLL_MS
            QTimer.singleShot(step, self, lambda: self._check_when_settled(db, waited_ms + step))
            return
        self._spawn("check-database", self._check, db)

    def _check(self, db: Database) -> None:
        """On the checking thread: the quick check and the day's backup, no widgets."""
        try:
            outcome = run_check(db)
        except BaseException as exc:  # a failed backup: said on the UI thread, as before
            self._checked.emit(db, None, exc)
            return
        self._checked.emit(db, outcome, None)

    def _on_checked(
        self, db: Database, outcome: list[str] | UserError | None, error: BaseException | None
    ) -> None:
        if error is not None:
            sys.excepthook(type(error), error, error.__traceback__)
        elif outcome is not None and report_check(db, outcome, self.window):
            self.window.reload_all()

    def _give_up(self, code: int) -> None:
        self.exit_code = code
        self.window.close()
        if self.ends_app:
            QApplication.exit(code)

    def finish(self, code: int) -> int:
        """After the event loop: wait for an opening still under way (the window was closed
        first), close the database, and say how the app ended."""
        for thread in self._threads:
            thread.join()
        db = self.db or self._result
        if db is not None:
            db.dispose()
        return self.exit_code if self.exit_code is not None else code


def run(db_arg: str | None) -> int:
    """The desktop app: show the main window, then open the database behind it."""
    from cohort_desk.db.naming import describe_unopened
    from cohort_desk.ui.shell.main_window import MainWindow

    app = make_application()
    install_excepthook()
    window = MainWindow(None, opening=describe_unopened(db_arg))
    window.show()
    # CI's Windows lane (and anyone supporting a user) reads this line to know the window is up.
    log.info("The main window is shown (Cohort Desk %s)", __version__)
    startup = Startup(window, db_arg, ends_app=True)
    startup.begin()
    code = app.exec()
    return startup.finish(int(code))
