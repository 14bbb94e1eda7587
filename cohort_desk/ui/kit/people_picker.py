"""The one way to pick people: tick boxes that keep their ticks across searches, "12 chosen",
and a pasted list of e-mails or names (an Outlook To: line will do) ticked in one go.

Searching uses the People screen's rule (services/people/search.py). Keys: type to search,
Down to reach the list, Space ticks, Enter in the search box ticks the only person found
(otherwise Enter is the dialog's own default button).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.wording import plural
from cohort_desk.services.people.records import PersonRow
from cohort_desk.services.people.search import PastedPeople, PeopleIndex
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.controls import push_button
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import warning_style
from cohort_desk.ui.kit.rows import Column, RowTableModel

SHOWN_LIMIT = 500  # more than anyone scrolls through; typing narrows it
Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[Column[PersonRow]] = [
    Column("", lambda r: ""),
    Column("Name", lambda r: r.full_name, sort_key=lambda r: r.sort_name),
    Column("E-mail", lambda r: r.email),
    Column(
        "Organisation",
        lambda r: r.organisation,
        tooltip=lambda r: ", ".join(part for part in (r.organisation, r.job_title) if part),
    ),
]


class PickModel(RowTableModel[PersonRow]):
    """The rows found, with a tick in the first column for everyone chosen (found or not)."""

    def __init__(self, chosen: dict[int, PersonRow], parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self.chosen = chosen

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0:
            if role == Qt.ItemDataRole.CheckStateRole:
                ticked = self.row_at(index.row()).id in self.chosen
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return "chosen" if self.row_at(index.row()).id in self.chosen else "not chosen"
        return super().data(index, role)

    def ticks_changed(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))


class SearchBox(QLineEdit):
    """A search line that hands a pasted list (several lines, or several e-mails) on whole."""

    list_pasted = Signal(str)
    down_pressed = Signal()

    def __init__(self, ticks_on_enter: Callable[[], bool]) -> None:
        super().__init__()
        self.ticks_on_enter = ticks_on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ticks_on_enter():
            return  # Enter ticked the one person found; it must not also press the default

        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if looks_like_a_list(text):
                self.list_pasted.emit(text)
                return
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


def looks_like_a_list(text: str) -> bool:
    stripped = text.strip()
    return "\n" in stripped or ";" in stripped or stripped.count("@") > 1


class PeoplePicker(QWidget):
    """Pick people from ``index``; ``unavailable`` (id -> reason) are hidden and, when pasted,
    reported with that reason. ``single``: one person at most (a tick replaces the last)."""

    chosen_changed = Signal(int)

    def __init__(
        self,
        index: PeopleIndex,
        parent: QWidget | None = None,
        *,
        unavailable: Mapping[int, str] | None = None,
        single: bool = False,
        label: str = "people",
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.unavailable = dict(unavailable or {})
        self.single = single
        self.chosen: dict[int, PersonRow] = {}
        self.search = SearchBox(self._tick_only_one)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            "Type part of a name or e-mail" + ("" if single else ", or paste a list")
        )
        self.search.setAccessibleName(f"Search for {label}")
        self.search.textChanged.connect(lambda _text: self.show_found())
        self.search.list_pasted.connect(self.paste_list)
        self.search.down_pressed.connect(self._enter_list)
        self.model = PickModel(self.chosen, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"{label.capitalize()} found; Space ticks or unticks")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.clicked.connect(lambda index: self.toggle(self.model.row_at(index.row())))
        self.table.installEventFilter(self)
        self.count = QLabel()
        self.count.setAccessibleName("How many are chosen")
        self.only_chosen = QCheckBox("Show only the &chosen")
        self.only_chosen.toggled.connect(lambda _on: self.show_found())
        self.clear_button = push_button(self, "C&lear ticks", self.clear)
        self.paste_button = push_button(
            self,
            "&Paste a list…",
            self.ask_for_list,
            "E-mails or names, one a line, or an Outlook To: line; they are ticked",
        )
        for button in (self.clear_button, self.paste_button):
            button.setAutoDefault(False)  # Enter belongs to the dialog's own default button
        self.misses = QPlainTextEdit()
        self.misses.setReadOnly(True)
        self.misses.setAccessibleName("Entries of the pasted list that were not found")
        self.misses.setStyleSheet(warning_style())
        self.misses.setVisible(False)
        self.found_note = QLabel()
        tools = QHBoxLayout()
        tools.addWidget(self.count)
        tools.addStretch(1)
        tools.addWidget(self.found_note)
        tools.addWidget(self.only_chosen)
        tools.addWidget(self.clear_button)
        tools.addWidget(self.paste_button)
        search_row = QHBoxLayout()
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        layout.addWidget(self.misses)
        for widget in (self.only_chosen, self.paste_button, self.clear_button):
            widget.setVisible(not single)
        self.setFocusProxy(self.search)
        self.show_found()
        self._fit_columns()

    # What is shown --------------------------------------------------------------------------
    def show_found(self) -> None:
        if self.only_chosen.isChecked():
            rows = list(self.chosen.values())
        else:
            found = self.index.find(self.search.text(), limit=None)
            rows = [row for row in found if row.id not in self.unavailable]
        self.model.set_rows(rows[:SHOWN_LIMIT])
        more = len(rows) - SHOWN_LIMIT
        self.found_note.setText(
            f"{plural(len(rows), 'person')} found; the first {SHOWN_LIMIT} shown"
            if more > 0
            else plural(len(rows), "person") + " found"
        )
        self._update_count()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(1, header.count() - 1):
            header.resizeSection(column, min(header.sectionSize(column) + 12, 320))

    def _update_count(self) -> None:
        chosen = len(self.chosen)
        self.count.setText(f"{chosen:,} chosen" if chosen else "None chosen yet")
        self.clear_button.setEnabled(bool(chosen))

    # Ticking ------------------------------------------------------------------------------
    def chosen_ids(self) -> list[int]:
        """Everyone ticked, in the order they were ticked."""
        return list(self.chosen)

    def chosen_rows(self) -> list[PersonRow]:
        return list(self.chosen.values())

    def toggle(self, row: PersonRow) -> None:
        if row.id in self.chosen:
            del self.chosen[row.id]
        else:
            if self.single:
                self.chosen.clear()
            self.chosen[row.id] = row
        self._ticks_changed()

    def choose(self, rows: list[PersonRow]) -> None:
        for row in rows[-1:] if self.single else rows:
            if self.single:
                self.chosen.clear()
            self.chosen.setdefault(row.id, row)
        self._ticks_changed()

    def clear(self) -> None:
        self.chosen.clear()
        self._ticks_changed()
        if self.only_chosen.isChecked():
            self.only_chosen.setChecked(False)

    def _ticks_changed(self) -> None:
        self.model.ticks_changed()
        self._update_count()
        self.chosen_changed.emit(len(self.chosen))

    def _tick_only_one(self) -> bool:
        rows = self.model.rows()
        if self.search.text().strip() and len(rows) == 1 and rows[0].id not in self.chosen:
            self.toggle(rows[0])
            self.search.selectAll()  # ready for the next name
            return True
        return False

    def _enter_list(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Space
        ):
            current = self.table.currentIndex()
            if current.isValid():
                self.toggle(self.model.row_at(current.row()))
            return True
        return super().eventFilter(watched, event)

    # Pasted lists -------------------------------------------------------------------------
    def paste_list(self, text: str) -> PastedPeople:
        """Tick everyone the list names; say which entries were not found, and why."""
        result = self.index.resolve_pasted(text, self.unavailable)
        self.choose(result.found)
        if result.not_found:
            lines = [f"{miss.text}: {miss.why}" for miss in result.not_found]
            ticked = (
                f"Ticked {plural(len(result.found), 'person')} from the list"
                if result.found
                else "Nobody on the list was found"
            )
            heading = f"{ticked}; could not find {len(result.not_found):,}:"
            self.misses.setPlainText("\n".join([heading, *lines]))
            shown_lines = min(len(lines) + 1, 5)  # longer lists scroll
            self.misses.setFixedHeight(self.fontMetrics().lineSpacing() * shown_lines + 14)
            self.misses.setVisible(True)
        else:
            self.misses.setVisible(False)
        self.search.clear()
        return result

    def ask_for_list(self) -> None:
        with dialogs.opened(PasteListDialog(self)) as (dialog, result):
            if result == QDialog.DialogCode.Accepted:
                self.paste_list(dialog.text.toPlainText())


class PasteListDialog(QDialog):
    """A box to paste a list into, already holding the clipboard when it looks like one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Paste a list of people")
        note = QLabel(
            "Paste e-mail addresses or names, one a line, or the To: line of an Outlook "
            "message. Everyone found is ticked; the rest are listed."
        )
        note.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("The list")
        clipboard = QGuiApplication.clipboard().text()
        if looks_like_a_list(clipboard) or "@" in clipboard:
            self.text.setPlainText(clipboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        tick = buttons.addButton("&Tick them", QDialogButtonBox.ButtonRole.AcceptRole)
        tick.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 520, 360)
        self.text.setFocus()
