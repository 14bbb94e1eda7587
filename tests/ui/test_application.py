"""Starting the app: the theme remembered between runs, the demo offer, the rotating log."""

from __future__ import annotations

import logging
import logging.handlers

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from cohort_desk.logging_setup import setup_logging
from cohort_desk.services.people.records import count_people
from cohort_desk.ui.kit import theme
from cohort_desk.ui.kit.settings import THEME
from cohort_desk.ui.shell.application import make_application, offer_demo


def test_the_remembered_theme_is_applied_at_start(qapp):
    THEME.set("dark")
    try:
        assert make_application() is qapp
        assert theme.apply_theme(qapp) == "dark"
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
    finally:
        THEME.set("light")
        theme.apply_theme(qapp)
    assert not theme.is_dark(QApplication.instance())


def test_an_empty_database_offers_the_demo_data(db, monkeypatch):
    def click_load(box: QMessageBox) -> int:
        box.clickedButton = lambda: box.defaultButton()  # type: ignore[method-assign]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_load)
    assert offer_demo(db) is True
    assert count_people(db) == 120
    assert offer_demo(db) is False  # never offered again once there are people


def test_the_log_file_rotates_in_the_log_folder(isolated_home):
    root = logging.getLogger()
    before = list(root.handlers)
    for handler in before:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
    try:
        path = setup_logging()
        assert path is not None and path.parent == isolated_home / "logs"
        handler = next(
            h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)
        )
        assert handler.maxBytes > 0 and handler.backupCount >= 3
        logging.getLogger("cohort_desk.test").error("written to the log")
        handler.flush()
        assert "written to the log" in path.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        for handler in before:
            if handler not in root.handlers:
                root.addHandler(handler)
