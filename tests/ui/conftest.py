"""Fixtures for window tests: settings kept in the test folder, a main window on demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_qsettings(isolated_home: Path, qapp: object) -> None:
    """Window size, column widths and the last screen must not leak between tests or into
    the real user's settings: the app keeps them under COHORT_DESK_HOME, which each test
    points at a folder of its own; Qt's own settings follow it there."""
    from cohort_desk.ui.kit.settings import keep_qt_settings_in_config_folder

    keep_qt_settings_in_config_folder()


@pytest.fixture(autouse=True)
def no_window_work_after_the_test(isolated_home: Path, qapp: object) -> Iterator[None]:
    """pytest-qt closes a test's windows and asks Qt to delete them later; their pending
    timers (screens built after the first, a list still loading) then fired after
    COHORT_DESK_HOME was put back, and wrote into the real user's data folder (the Windows
    lane's profile check found backup-sets.json there). Deleting them now, while the test's
    folder is still in place, cancels those timers with them."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def collect_on_the_ui_thread(qapp: object) -> Iterator[None]:
    """As the app does (ui/kit/collector.py): a window test's background jobs allocate too,
    and the cycle collector run by one of them destroyed widgets from its thread (the worker
    crash in test_help, on CI, one run in three)."""
    from cohort_desk.ui.kit.collector import UiThreadCollector

    collector = UiThreadCollector(qapp)  # type: ignore[arg-type]
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def main_window(qtbot, demo_db):  # type: ignore[no-untyped-def]
    from cohort_desk.ui.shell.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


class DiscardQuestions:
    """The "discard what you typed?" questions asked, answered Discard, so that a test closing
    a dialog it has typed into never waits for a person. Tests of the question itself mark
    themselves ``real_questions`` and answer the real box."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = True

    def __call__(self, _parent: object, text: str) -> bool:
        self.asked.append(text)
        return self.answer


@pytest.fixture(autouse=True)
def discard_questions(request, monkeypatch):  # type: ignore[no-untyped-def]
    from cohort_desk.ui.kit import ask

    recorder = DiscardQuestions()
    if request.node.get_closest_marker("real_questions") is None:
        monkeypatch.setattr(ask, "ask_discard", recorder)
    return recorder
