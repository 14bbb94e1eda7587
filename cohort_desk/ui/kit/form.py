"""The one base for dialogs that fill in a form and save it.

What is wrong is said inside the dialog, beside the form, in one sentence, and the field at
fault takes the focus: no message box on top. Enter saves (Save is the default button and
Cancel never is); Esc or closing the window asks before throwing away changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.errors import UserError
from cohort_desk.ui.kit import ask

# Dark red on pale red: readable whatever the palette, and not the only signal (text says it).
WARNING_BACKGROUND = QColor("#FBE3E1")
WARNING_TEXT = QColor("#8A1538")
WARNING_TEXT_ON_DARK = QColor("#FF9C9C")


def warning_style() -> str:
    """Bold dark red on a light window, light red on a dark one, so it stays readable."""
    palette = QApplication.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    colour = WARNING_TEXT_ON_DARK if dark else WARNING_TEXT
    return f"color: {colour.name()}; font-weight: bold;"


def error_label() -> QLabel:
    """Where a dialog says what is wrong, in one sentence, without another window on top."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setStyleSheet(warning_style())
    label.setVisible(False)
    return label


def show_inline(label: QLabel, error: UserError, fields: dict[str, QWidget]) -> None:
    label.setText(error.message)
    label.setVisible(True)
    widget = fields.get(error.field or "")
    if widget is not None:
        widget.setFocus()
        if isinstance(widget, QLineEdit):
            widget.selectAll()


def form_values(root: QWidget) -> list[object]:
    """What every input of a form holds now, to tell whether anything was changed."""
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QCheckBox) or (
            isinstance(widget, QAbstractButton) and widget.isCheckable()
        ):
            values.append(widget.isChecked())
    return values


def never_default(*buttons: QAbstractButton | None) -> None:
    """Cancel, Close and Back never become the button Enter presses, even with focus."""
    for button in buttons:
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)


class GuardedDialog(QDialog):
    """A dialog that asks before Esc or closing throws away what was typed into it."""

    discard_question = "Close without saving? What you typed here will be lost."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start: list[object] | None = None

    def mark_unchanged(self) -> None:
        """The form as it stands counts as nothing typed (call once it is filled in)."""
        self._start = form_values(self)

    def has_changes(self) -> bool:
        return self._start is not None and form_values(self) != self._start

    def reject(self) -> None:
        if (
            self.isVisible()
            and self.has_changes()
            and not ask.ask_discard(self, self.discard_question)
        ):
            return
        super().reject()

    def close_without_asking(self) -> None:
        """For a way out the person chose knowingly (following a link to another record)."""
        super().reject()


class FormDialog(GuardedDialog):
    """A form, an inline error line and Save/Cancel; subclasses fill ``self.form`` (and may
    add widgets under it with ``add_below``), name their fields in ``self.fields`` so an
    error can point at one, and implement ``save()``, raising UserError to refuse."""

    def __init__(self, title: str, parent: QWidget | None, save_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if save_text:
            self.save_button.setText(save_text)
        self.save_button.setDefault(True)
        never_default(self.cancel_button)
        self.save_button.setToolTip("Save (Enter or Ctrl+S)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self._save_shortcut)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)
        self.set_minimum_width(480)
        self.fields: dict[str, QWidget] = {}

    def set_minimum_width(self, width: int) -> None:
        """At least ``width`` wide, and never narrower than the form needs.

        Not ``setMinimumWidth``: a width set on the window itself replaces the minimum its
        layout works out, and Qt then opens a wide form (the certificate design beside its
        preview) squeezed to two thirds of the screen with the preview cut off."""
        self.body.addStrut(width)

    def take_form(self) -> QFormLayout:
        """Lift the form out of the body, for a dialog that lays it beside something else
        (put the new arrangement back with ``self.body.insertLayout(0, ...)``)."""
        self.body.removeItem(self.form)
        self.form.setParent(None)
        return self.form

    def add_below(self, widget: QWidget) -> None:
        """A note or warning under the form, above the error line and the buttons."""
        self.body.insertWidget(self.body.indexOf(self.error), widget)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._start is None:  # the form as first shown is "nothing typed yet"
            self.mark_unchanged()
        super().showEvent(event)
        self._focus_away_from_the_buttons()

    def _focus_away_from_the_buttons(self) -> None:
        """Never start on Cancel: with Save disabled (nothing to issue yet), Qt passed the
        first focus on to the next button, and Enter or Space then closed the dialog."""
        focus = self.focusWidget()
        if focus is not None and focus is not self.cancel_button:
            return
        for widget in self.findChildren(QWidget):
            if (
                widget.isVisibleTo(self)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and not isinstance(widget, QAbstractButton)
                and widget.window() is self
            ):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def save(self) -> None:
        raise NotImplementedError

    def _save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self.accept()

    def refuse(self, error: UserError) -> None:
        """Say what is wrong in the dialog and put the focus on the field at fault."""
        show_inline(self.error, error, self.fields)

    def accept(self) -> None:
        if not self.save_button.isEnabled():
            return  # Enter in a field while saving is not possible yet does nothing
        try:
            self.save()
        except UserError as exc:
            self.refuse(exc)
            return
        self.error.setVisible(False)
        super().accept()
