"""Small pieces the mentoring and community screens share: tables, UK dates, a person field,
the question asked before anything destructive, and warning colours that suit both themes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QStringListModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.errors import UserError
from cohort_desk.rules.search import matches, search_text, search_words
from cohort_desk.ui.kit.rows import RowTableModel

# Dark red on pale red: readable whatever the palette, and not the only signal (text says it).
WARNING_BACKGROUND = QColor("#FBE3E1")
WARNING_TEXT = QColor("#8A1538")
WARNING_TEXT_ON_DARK = QColor("#FF9C9C")
_EMAIL_IN_ANGLES = re.compile(r"<([^<>]+@[^<>]+)>\s*$")


def make_table(model: RowTableModel, name: str, stretch_last: bool = True) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    # No column sorted at first: rows keep the order the service chose (family name, active
    # pairs first, latest meeting first) until someone clicks a heading.
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    header.setHighlightSections(False)
    return table


def fit_columns(table: QTableView, maximum: int = 320) -> None:
    """Size columns to their contents once data is in, without letting one hog the width."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count() - 1):
        header.resizeSection(column, min(header.sectionSize(column) + 12, maximum))


def selected_row(table: QTableView):  # type: ignore[no-untyped-def]
    """The row object under the table's current selection, or None."""
    indexes = table.selectionModel().selectedRows()
    if not indexes:
        return None
    model = table.model()
    assert isinstance(model, RowTableModel)
    return model.row_at(indexes[0].row())


def select_where(table: QTableView, keep) -> bool:  # type: ignore[no-untyped-def]
    model = table.model()
    assert isinstance(model, RowTableModel)
    for number, row in enumerate(model.rows()):
        if keep(row):
            table.selectRow(number)
            table.scrollTo(model.index(number, 0))
            return True
    return False


def buttons(*items: QWidget, stretch_at: int | None = None) -> QHBoxLayout:
    layout = QHBoxLayout()
    for index, button in enumerate(items):
        if stretch_at == index:
            layout.addStretch(1)
        layout.addWidget(button)
    if stretch_at is None or stretch_at >= len(items):
        layout.addStretch(1)
    return layout


class DatePicker(QDateEdit):
    """A date typed as dd/mm/yyyy or picked from a calendar."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.set_day(day or date.today())

    def set_day(self, day: date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))

    def day(self) -> date:
        value = self.date()
        return date(value.year(), value.month(), value.day())


class PersonField(QLineEdit):
    """Type part of a name or e-mail and pick "Name <email>" from the suggestions.

    Suggestions follow the People screen's search rule (rules/search.py): "sofia kow" offers
    Sofía Kowalski, "obrien" offers O'Brien."""

    SUGGESTIONS = 12

    def __init__(self, people: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Start typing a name or e-mail")
        self._entries: list[tuple[str, str]] = []
        self._suggested = QStringListModel(self)
        completer = QCompleter(self._suggested, self)
        # Qt's own filtering knows neither accents nor word order: we filter, it only shows.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(self.SUGGESTIONS)
        self.setCompleter(completer)
        self.set_people(people)
        self.textEdited.connect(self._suggest)

    def set_people(self, people: Sequence[tuple[str, str]]) -> None:
        self._entries = [
            (f"{name} <{email}>", search_text((name, email))) for name, email in people
        ]

    def suggestions(self, text: str) -> list[str]:
        words = search_words(text)
        if not words:
            return []
        return [shown for shown, haystack in self._entries if matches(words, haystack)]

    def _suggest(self, text: str) -> None:
        self._suggested.setStringList(self.suggestions(text)[:200])
        if self._suggested.rowCount():
            self.completer().complete()

    def email(self) -> str:
        text = self.text().strip()
        match = _EMAIL_IN_ANGLES.search(text)
        if match:
            return match[1].strip()
        if "@" not in text:  # a name typed in full and not picked: the one person it finds
            found = self.suggestions(text)
            if len(found) == 1:
                only = _EMAIL_IN_ANGLES.search(found[0])
                return only[1].strip() if only else text
        return text


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


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str) -> bool:
    """Ask before a destructive or rule-bending action; Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def choose_save_file(parent: QWidget | None, title: str, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent, title, suggested, "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)"
    )
    return path


def tell(widget: QWidget, text: str) -> None:
    """A passing note in the window's status bar, when there is a window with one."""
    window = widget.window()
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(text, 8000)


class FormDialog(QDialog):
    """A form, an inline error line and Save/Cancel; subclasses fill the form and save()."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except UserError as exc:
            show_inline(self.error, exc, self.fields)
            return
        super().accept()
