"""Helpers for the workspace screen tests: answering modal dialogs and questions like a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog


class Messages:
    """Message boxes shown by show_error, recorded instead of blocking the test."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def __call__(self, _parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> int:
        self.shown.append(text)
        return 0


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    from cohort_desk.ui.kit import errors

    recorder = Messages()
    monkeypatch.setattr(errors.QMessageBox, "warning", recorder)
    monkeypatch.setattr(errors.QMessageBox, "information", recorder)
    return recorder


class Answers:
    """Answers to give, in order, to confirmation questions (Cancel once they run out), and
    the questions that were asked."""

    def __init__(self) -> None:
        self.queue: list[bool] = []
        self.asked: list[str] = []

    def append(self, answer: bool) -> None:
        self.queue.append(answer)

    def confirm(self, _parent: Any, _title: str, text: str, _yes: str, **_kw: Any) -> bool:
        self.asked.append(text)
        return self.queue.pop(0) if self.queue else False

    def inform(self, _parent: Any, _title: str, text: str) -> None:
        self.asked.append(text)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    from cohort_desk.ui.kit import ask

    recorder = Answers()
    monkeypatch.setattr(ask, "confirm", recorder.confirm)
    monkeypatch.setattr(ask, "inform", recorder.inform)
    return recorder


def activate(qtbot: Any, window: Any) -> None:
    """Make a window the active one: shortcuts such as Ctrl+S only reach the active window,
    and on the offscreen platform a window is not activated just by showing it."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def answer_dialog(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: Any,
    dialog_class: type[QDialog],
    fill: Callable[[Any], None],
) -> list[Any]:
    """When the screen opens ``dialog_class``, show it and let ``fill`` act as the user (type,
    click Save...); the dialog's exec() then returns what the user's clicks decided."""
    opened: list[Any] = []

    def exec_(dialog: Any) -> int:
        # Not handed to qtbot to close at the end: the screen deletes it once it has read it
        # (kit.dialogs), and qtbot would then close a dialog that is gone.
        opened.append(dialog)
        dialog.show()
        activate(qtbot, dialog)
        fill(dialog)
        if dialog.isVisible():  # the user closed it neither way: treat as Cancel
            # Closed as the test's clean-up: never stop to ask about typed changes.
            QDialog.reject(dialog)
        return int(dialog.result())

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return opened


def go_to_screen(window, qtbot, title):  # type: ignore[no-untyped-def]
    """Bring a screen to the front as a person does, with Ctrl and its number."""
    number = [s.title for s in window.screens].index(title) + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    screen = window.current_screen()
    assert screen.title == title
    return screen
