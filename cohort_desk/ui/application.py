"""Starting the desktop app: the QApplication, the database, the first-run offer of demo data."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from cohort_desk import APP_ID, APP_NAME
from cohort_desk.db.engine import Database, open_database
from cohort_desk.errors import UserError
from cohort_desk.services import demo
from cohort_desk.services.people import count_people
from cohort_desk.ui.errors import install_excepthook
from cohort_desk.ui.theme import apply_theme


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setOrganizationDomain("cohort-desk.local")
    apply_theme(app)
    return app


def offer_demo(db: Database, parent: object = None) -> bool:
    """On an empty database, ask whether to load the demo data or start empty."""
    if count_people(db):
        return False
    box = QMessageBox(
        QMessageBox.Icon.Question,
        APP_NAME,
        "This database is empty. Would you like to explore Cohort Desk with "
        "fictional demo data, or start with an empty database?",
    )
    demo_button = box.addButton("Load demo data", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start empty", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(demo_button)
    box.exec()
    if box.clickedButton() is demo_button:
        demo.load_demo(db)
        return True
    return False


def run(db_arg: str | None) -> int:
    app = make_application()
    install_excepthook()
    try:
        db = open_database(db_arg)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 2
    for warning in db.warnings:
        QMessageBox.warning(None, APP_NAME, warning)
    offer_demo(db)
    from cohort_desk.ui.main_window import MainWindow

    window = MainWindow(db)
    window.show()
    code = app.exec()
    db.dispose()
    return int(code)
