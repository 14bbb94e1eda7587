"""The Organisations and Professions tabs of Programmes and lists: every known name with how
many people have it and the other names it goes by, and merging two into one, undoably."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import ValidationError
from cohort_desk.rules.known_names import KnownName, Match, match_name
from cohort_desk.rules.search import matches, search_text, search_words
from cohort_desk.rules.wording import plural
from cohort_desk.services.people.known_names import Kind, MergeDone, NameRow, list_names, merge
from cohort_desk.services.people.known_names import undo_merge as undo_merge_service
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.controls import button_row, push_button
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import attempt, push_done, while_alive

COLUMNS: list[Column[NameRow]] = [
    Column("Name", lambda r: r.name, tooltip=lambda r: r.name),
    Column("People", lambda r: r.people, align_right=True),
    Column("Also known as", lambda r: "; ".join(r.aliases), tooltip=lambda r: "\n".join(r.aliases)),
]


class NamesPanel(QWidget):
    """One kind of known name. ``undo_stack`` is the screen's that takes a merge."""

    def __init__(
        self,
        db: Database,
        kind: Kind,
        undo_stack: QUndoStack,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.kind, self.undo_stack, self.changed = db, kind, undo_stack, changed
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            f"Find an {kind}" if kind[0] in "aeiou" else f"Find a {kind}"
        )
        self.search.setAccessibleName(f"Find {kind}s")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.model: RowTableModel[NameRow] = RowTableModel(COLUMNS, self)
        self.table = RecordTable(self.model, f"known_{kind}s", self)
        self.table.set_column_widths({0: 44, 1: 7})
        self.merge_button = push_button(
            self,
            "&Merge into…",
            self.ask_merge,
            f"Move everyone to another {kind} and keep this name as one it is also known by",
        )
        self.merge_button.setAutoDefault(False)
        self.count = QLabel()
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.count, self.merge_button, stretch_at=1))
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.model.set_rows(list_names(self.db, self.kind))
        self._filter()
        if select is not None:
            self.table.select_where(lambda row: row.name == select)
        self._enable()

    def _filter(self) -> None:
        words = search_words(self.search.text())
        self.model.set_filter(
            (lambda r: matches(words, search_text((r.name, *r.aliases)))) if words else None
        )
        self.count.setText(plural(self.model.rowCount(), self.kind))

    def _enable(self) -> None:
        self.merge_button.setEnabled(self.table.current_row() is not None)

    def ask_merge(self) -> None:
        gone = self.table.current_row()
        if gone is None:
            return
        others = [r for r in self.model.all_rows() if r.id != gone.id]
        with dialogs.opened(MergeDialog(self.kind, gone, others, self)) as (dialog, result):
            into = dialog.into if result == QDialog.DialogCode.Accepted else None
        if into is not None:
            self.merge(gone, into)

    def merge(self, gone: NameRow, into: NameRow) -> MergeDone | None:
        done = attempt(self, lambda: merge(self.db, self.kind, gone.id, into.id))
        if done is None:
            return None
        state = {"done": done}
        db, kind = self.db, self.kind  # the panel's dialog may be gone by the time of Ctrl+Z

        def undo() -> None:
            undo_merge_service(db, state["done"])

        def redo() -> None:
            state["done"] = merge(db, kind, gone.id, into.id)

        push_done(self.undo_stack, done.text, undo, redo, while_alive(self, self._after_undo))
        self.changed()
        self.reload(select=into.name)
        return done

    def _after_undo(self) -> None:
        self.changed()
        if self.isVisible():
            self.reload()


class MergeDialog(QDialog):
    """Which known name to merge one into; the likeliest is offered first."""

    def __init__(
        self, kind: Kind, gone: NameRow, others: list[NameRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind, self.gone, self.others = kind, gone, others
        self.into: NameRow | None = None
        self.setWindowTitle(f"Merge {kind}s")
        who = plural(gone.people, "person")
        note = QLabel(
            f"<b>{gone.name}</b> ({who}) becomes one {kind} with the one chosen below: its people "
            f"move there and its name is kept as another name for it, so files that use it "
            "are matched. Undo (Ctrl+Z) takes the merge back."
        )
        note.setWordWrap(True)
        self.target = QComboBox()
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.target.setAccessibleName(f"The {kind} to merge it into")
        self.target.addItems([r.name for r in others])
        self.target.setCurrentIndex(self._likeliest())
        # An editable combo box keeps Enter to itself; here Enter means Merge, as elsewhere.
        self.target.lineEdit().returnPressed.connect(self.accept)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        for button in buttons.buttons():
            button.setAutoDefault(False)
        self.merge_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(QLabel(f"Merge into this {kind}:"))
        layout.addWidget(self.target)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.target.setFocus()

    def _likeliest(self) -> int:
        known = [KnownName(r.id, r.name, r.aliases) for r in self.others]
        found = match_name(self.gone.name, known)
        if isinstance(found, Match):
            return next(i for i, r in enumerate(self.others) if r.id == found.known.id)
        return -1

    def accept(self) -> None:
        typed = self.target.currentText().strip()
        chosen = next((r for r in self.others if r.name == typed), None)
        if chosen is None:
            error = ValidationError(
                f"Choose the {self.kind} to merge {self.gone.name} into from the list."
                if not typed
                else f"'{typed}' is not a known {self.kind}; choose one from the list."
            )
            self.error.setText(error.message)
            self.error.setVisible(True)
            return
        self.into = chosen
        super().accept()
