"""The Mentors tab: every mentor with capacity and current load, the over-capacity ones marked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.mentoring.profiles import MentorRow, list_mentors
from cohort_desk.ui.community.undoable import recorded, saved_by
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.form import warning_style
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.mentoring.pair_dialogs import AssignDialog
from cohort_desk.ui.mentoring.profile_dialog import MentorProfileDialog
from cohort_desk.ui.mentoring.rows import MENTOR_COLUMNS
from cohort_desk.ui.shell.screen import Panel

S = TypeVar("S")


class MentorsPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._search = ""
        self.model: RowTableModel[MentorRow] = RowTableModel(MENTOR_COLUMNS, self)
        self.table = list_table(self.model, "Mentors")
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.new_button = QPushButton("&New mentor…")
        self.edit_button = QPushButton("&Edit profile…")
        self.assign_button = QPushButton("&Assign a mentee…")
        self.new_button.clicked.connect(self.new_mentor)
        self.edit_button.clicked.connect(self.edit_selected)
        self.assign_button.clicked.connect(self.assign_to_selected)
        self.only_over = QCheckBox("Only mentors over capacity")
        self.only_over.toggled.connect(lambda _on: self._apply_filter())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                self.new_button, self.edit_button, self.assign_button, self.only_over, stretch_at=3
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._enable()

    def refresh(self) -> None:
        chosen = self.table.current_row()
        self.model.set_rows(list_mentors(self.db))
        self._apply_filter()
        self.table.fit_columns()
        if chosen is not None:
            self.table.select_where(lambda r: r.id == chosen.id)
        rows = self.model.all_rows()
        over = [r for r in rows if r.over_capacity]
        text = (
            f"{plural(len(rows), 'mentor')}, "
            f"{plural(sum(r.mentees for r in rows), 'active mentee')}."
        )
        if over:
            names = ", ".join(r.name for r in over)
            text += f" Over capacity: {names}."
        self.summary.setText(text)
        self.summary.setStyleSheet(warning_style() if over else "")
        self._enable()

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle, over_only = self._search, self.only_over.isChecked()

        def keep(row: MentorRow) -> bool:
            if over_only and not row.over_capacity:
                return False
            haystack = f"{row.name} {row.email} {row.organisation} {row.expertise}".casefold()
            return needle in haystack

        self.model.set_filter(keep if needle or over_only else None)
        self._enable()

    def _enable(self, *_args: object) -> None:
        chosen = self.table.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.assign_button.setEnabled(chosen)

    def status_text(self) -> str:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        return (
            f"{shown:,} of {plural(total, 'mentor')} shown"
            if shown != total
            else plural(total, "mentor")
        )

    def _saved_by(
        self,
        dialog: QDialog,
        saved: Callable[[], S | None],
        text: Callable[[S], str],
        profile_id: int | None = None,
    ) -> S | None:
        """Runs the dialog; what it saved goes on the screen's undo stack (the profile it
        changes, ``profile_id``, and the profile or pair it makes) and is returned."""
        only = {"mentors": [] if profile_id is None else [profile_id], "pairs": []}

        def record(work: Callable[[], str | None]) -> str | None:
            return recorded(self, self.db, ("mentors", "pairs"), work, only=only)

        return saved_by(dialog, saved, text, record)

    def new_mentor(self) -> None:
        dialog = MentorProfileDialog(self.db, parent=self)
        mentor = self._saved_by(dialog, lambda: dialog.saved, lambda m: f"Make {m.name} a mentor")
        if mentor is not None:
            self._saved(mentor.id, f"{mentor.name} is now a mentor.")

    def edit_selected(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        dialog = MentorProfileDialog(self.db, row, parent=self)
        text = f"Edit {row.name}'s mentor profile"
        if self._saved_by(dialog, lambda: dialog.saved, lambda _: text, row.id) is not None:
            self._saved(row.id, f"Saved {row.name}'s mentor profile.")

    def assign_to_selected(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        dialog = AssignDialog(self.db, mentor_id=row.person_id, parent=self)
        pair = self._saved_by(
            dialog, lambda: dialog.saved, lambda p: f"Pair {p.mentor_name} with {p.mentee_name}"
        )
        if pair is not None:
            self._saved(row.id, f"{pair.mentor_name} now mentors {pair.mentee_name}.")

    def _saved(self, profile_id: int, message: str) -> None:
        self.refresh()
        self.table.select_where(lambda r: r.id == profile_id)
        ask.tell(self, message)
        self.changed.emit()
