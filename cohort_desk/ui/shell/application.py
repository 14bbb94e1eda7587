"""Starting the desktop app: the QApplication, the database, the first-run offer of demo data.

Nothing here imports SQLAlchemy at module level: ``ui/shell/startup.run`` shows the window
first, and opens the database once it is.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from cohort_desk import APP_ID, APP_NAME, paths
from cohort_desk.errors import DamagedError, UserError
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.collector import collect_on_ui_thread
from cohort_desk.ui.kit.settings import keep_qt_settings_in_config_folder
from cohort_desk.ui.kit.theme import apply_theme

if TYPE_CHECKING:
    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    keep_qt_settings_in_config_folder()
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setOrganizationDomain("cohort-desk.local")
    app.setWindowIcon(QIcon(str(paths.resource("icons", "cohort-desk.png"))))
    apply_theme(app)
    collect_on_ui_thread(app)
    return app


def offer_demo(db: Database, parent: object = None) -> bool:
    """On an empty database, ask whether to load the demo data or start empty."""
    from cohort_desk.services.people.records import count_people

    if count_people(db):
        return False
    if ask.choose(
        None,
        APP_NAME,
        "This database is empty. Would you like to explore Cohort Desk with "
        "fictional demo data, or start with an empty database?",
        "Load demo data",
        "Start empty",
    ):
        from cohort_desk.services.demo import data as demo  # only on a first, empty start

        demo.load_demo(db)
        return True
    return False


def check_on_open(db: Database, parent: QWidget | None = None) -> bool:
    """A quick integrity check on every start. A sound database gets the day's first backup;
    a damaged one is reported and the newest good backup offered. True when restored."""
    return report_check(db, run_check(db), parent)


def run_check(db: Database) -> list[str] | UserError:
    """The check's own work, with no widgets (the start-up runs it off the UI thread): the
    problems found, after the day's backup when there are none; or why it could not look."""
    from cohort_desk.services.safety import backups

    try:
        problems = backups.quick_check_on_open(db)
    except UserError as exc:  # out of reach or not allowed: not damage, so no restore offered
        return exc
    if not problems:
        backups.daily_backup(db)
    return problems


def report_check(db: Database, outcome: list[str] | UserError, parent: QWidget | None) -> bool:
    """Say what ``run_check`` found, offering the newest good backup. True when restored."""
    from cohort_desk.services.safety import backups

    if isinstance(outcome, UserError):
        ask.warn(parent, APP_NAME, outcome.message)
        return False
    problems = outcome
    if not problems:
        return False
    summary = problems[0] + (
        f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    )
    problem = f"The database {db.describe()} looks damaged: {summary}"
    if _offer_restore(db, problem, parent):
        return True
    if backups.newest_good_backup(db) is None:
        ask.warn(
            parent,
            APP_NAME,
            f"{problem} No good backup was found; avoid changing data and ask whoever "
            "supports Cohort Desk for help.",
        )
    return False


def open_with_recovery(
    db_arg: str | None, parent: QWidget | None = None, refusal: UserError | None = None
) -> Database | None:
    """Open the database; when it is too damaged to open, offer its newest good backup.
    ``refusal``: why a first attempt (on the start-up thread) failed, not to be tried again."""
    from cohort_desk.db.opening import open_database

    if refusal is None:
        try:
            return open_database(db_arg)
        except UserError as exc:
            refusal = exc
    if not isinstance(refusal, DamagedError):
        # A permission problem, a read-only folder, a stopped server: a backup would not help,
        # and restoring over a file that is merely out of reach would be wrong.
        ask.warn(parent, APP_NAME, refusal.message)
        return None
    try:
        damaged = open_database(db_arg, migrate=False)
    except UserError:
        ask.warn(parent, APP_NAME, refusal.message)
        return None
    try:
        restored = (
            damaged.file is not None
            and damaged.file.exists()
            and _offer_restore(damaged, refusal.message, parent)
        )
    finally:
        damaged.dispose()
    if not restored:
        ask.warn(parent, APP_NAME, refusal.message)
        return None
    return open_database(db_arg)


def _offer_restore(db: Database, problem: str, parent: QWidget | None) -> bool:
    from cohort_desk.services.safety import backups

    offer = backups.newest_good_backup(db)
    if offer is None:
        return False
    if not ask.choose(
        parent,
        APP_NAME,
        f"{problem}\n\nRestore the newest good backup, taken {offer.taken}? "
        "The damaged copy is kept as a backup first.",
        "Restore the backup",
        "Not now",
    ):
        return False
    try:
        backups.restore(db, offer.path)
    except UserError as exc:
        ask.warn(parent, APP_NAME, exc.message)
        return False
    ask.inform(parent, APP_NAME, f"Restored the backup taken {offer.taken}.")
    return True
