"""Questions put to the user, and passing notes, in one place so tests can answer them.

Enter answers with the action the person asked for; Esc always backs out. The one exception
is the question asked before throwing away typed work, where Enter keeps the work.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from cohort_desk import APP_NAME
from cohort_desk.ui.kit import dialogs


def confirm(
    parent: QWidget | None, title: str, text: str, yes_text: str, *, safe_default: bool = False
) -> bool:
    """Ask before an action that changes or removes records. Enter confirms, since the
    person just asked for it; ``safe_default`` makes Enter back out instead, for the few
    actions that can never be undone."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if safe_default else yes)
    box.setEscapeButton(cancel)
    with dialogs.opened(box):
        return box.clickedButton() is yes


def ask_discard(parent: QWidget | None, text: str) -> bool:
    """Before Esc or closing loses typed work: True to throw it away. Enter keeps it."""
    box = QMessageBox(QMessageBox.Icon.Question, "Discard changes?", text, parent=parent)
    discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    with dialogs.opened(box):
        return box.clickedButton() is discard


def choose(parent: QWidget | None, title: str, text: str, first: str, second: str) -> bool:
    """A question with two answers that are both forward (load demo data, start empty):
    True for the first, which is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title or APP_NAME, text, parent=parent)
    one = box.addButton(first, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(second, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(one)
    with dialogs.opened(box):
        return box.clickedButton() is one


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    *,
    text: str = "",
    ok_text: str = "OK",
    required: bool = False,
) -> str | None:
    """One line of text (a reason, a name): what was typed, trimmed, or None for Cancel or Esc.

    ``required``: OK stays disabled until something other than spaces is typed, so a reason
    kept on record can never be blank and nobody is told off after pressing OK."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(text)
    dialog.setOkButtonText(ok_text)  # also builds the buttons, which Qt makes on first need
    if required:
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))
        dialog.textValueChanged.connect(lambda typed: ok.setEnabled(bool(typed.strip())))
    with dialogs.opened(dialog) as (_, accepted):
        return dialog.textValue().strip() if accepted else None


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def about(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.about(parent, title, text)


def tell(widget: QWidget, text: str, milliseconds: int = 8000) -> None:
    """A passing note in the window's status bar ("Enrolled 3 people…"); nothing to click."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, milliseconds)
