"""Questions put to the user before anything destructive, in one place so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
    """Ask before a destructive action; the safe choice (Cancel) is the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def tell(widget: QWidget, text: str, milliseconds: int = 8000) -> None:
    """A passing note in the window's status bar ("Enrolled 3 people…"); nothing to click."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, milliseconds)
