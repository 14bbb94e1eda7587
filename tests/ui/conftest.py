"""Fixtures for window tests: QSettings kept in the test folder, a main window on demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path, qapp: object) -> None:
    """Window size, column widths and the last screen must not leak between tests or into
    the real user's settings."""
    QCoreApplication.setOrganizationName("cohort-desk-tests")
    QCoreApplication.setApplicationName("Cohort Desk Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QSettings().clear()


@pytest.fixture
def main_window(qtbot, demo_db):  # type: ignore[no-untyped-def]
    from cohort_desk.ui.shell.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
