"""Answering the modal dialogs a button opens, as a user would, without timing anything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)


def answer_next_dialog(act: Callable[[QDialog], None]) -> list[QDialog]:
    """Once the next modal dialog is showing, run ``act`` on it (fill it in, press a button).

    If ``act`` leaves it open (a refused save shows its sentence in the dialog), the dialog
    is then cancelled so the test never hangs; the returned list holds the dialog.
    """
    seen: list[QDialog] = []

    def handle() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, QDialog):
            QTimer.singleShot(0, handle)  # not on screen yet: look again on the next turn
            return
        seen.append(widget)
        try:
            act(widget)
        finally:
            if widget.isVisible():
                # Closed as the test's clean-up: never stop to ask about typed changes.
                QDialog.reject(widget)

    QTimer.singleShot(0, handle)
    return seen


def press(dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(which).click()


def save(dialog: QDialog) -> None:
    press(dialog, QDialogButtonBox.StandardButton.Save)


def ok_button(question: QDialog):  # type: ignore[no-untyped-def]
    """The OK of a one-line question (kit.ask.ask_text)."""
    assert isinstance(question, QInputDialog)
    box = question.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)


def answer(text: str) -> Callable[[QDialog], None]:
    """For answer_next_dialog: type ``text`` into a one-line question and press OK."""

    def act(question: QDialog) -> None:
        field = question.findChild(QLineEdit)
        assert field is not None
        field.setText(text)
        ok_button(question).click()

    return act


def type_person(qtbot, field: QLineEdit, email: str) -> None:  # type: ignore[no-untyped-def]
    """Type an e-mail (ASCII only: qtbot.keyClicks cannot send accents) into a person field."""
    qtbot.keyClicks(field, email)
    completer = field.completer()
    if completer is not None:
        completer.popup().hide()


def tick_person(qtbot, picker, email: str) -> None:  # type: ignore[no-untyped-def]
    """Search a people picker for an e-mail and press Enter, which ticks the one it finds."""
    qtbot.keyClicks(picker.search, email)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert email.lower() in [row.email.lower() for row in picker.chosen_rows()], email


def error_text(dialog: QWidget) -> str:
    """What the dialog says is wrong, in the lines it shows beside its fields."""
    labels = dialog.findChildren(QLabel, "fieldError")
    return " ".join(label.text() for label in labels if label.isVisible() and label.text())
