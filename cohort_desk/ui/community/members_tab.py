"""The Community of Practice tab: members, their consent, and the consented contact list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services.community import members as community
from cohort_desk.services.community.members import AddResult, MemberRow
from cohort_desk.ui.community.member_dialogs import AddAlumniDialog, AddMemberDialog, ConsentDialog
from cohort_desk.ui.community.rows import MEMBER_COLUMNS
from cohort_desk.ui.community.undoable import recorded, saved_by
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel


class MembersPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._search = ""
        self.model: RowTableModel[MemberRow] = RowTableModel(MEMBER_COLUMNS, self)
        self.table = list_table(self.model, "Community of Practice members")
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.alumni_button = QPushButton("Add cohort &alumni…")
        self.add_button = QPushButton("Add &members…")
        self.consent_button = QPushButton("Record &consent…")
        self.withdraw_button = QPushButton("&Withdraw consent…")
        self.leave_button = QPushButton("&Left the community…")
        self.export_button = QPushButton("E&xport contact list…")
        self.export_button.setToolTip("Only members who consented to be contacted are exported")
        self.alumni_button.clicked.connect(self.add_alumni)
        self.add_button.clicked.connect(self.add_member)
        self.consent_button.clicked.connect(self.record_consent)
        self.withdraw_button.clicked.connect(self.withdraw_consent)
        self.leave_button.clicked.connect(self.leave)
        self.export_button.clicked.connect(self.export)
        self.only_consenting = QCheckBox("Only those who consented")
        self.only_consenting.toggled.connect(lambda _on: self._apply_filter())
        self.show_left = QCheckBox("Include people who left")
        self.show_left.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                self.alumni_button,
                self.add_button,
                self.consent_button,
                self.withdraw_button,
                self.leave_button,
                self.export_button,
                stretch_at=5,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(
            button_row(self.summary, self.only_consenting, self.show_left, stretch_at=1)
        )
        self._enable()

    def refresh(self) -> None:
        chosen = self.current()
        self.model.set_rows(community.list_members(self.db, self.show_left.isChecked()))
        self._apply_filter()
        self.table.fit_columns()
        if chosen is not None:
            self.table.select_where(lambda r: r.id == chosen.id)
        current = [r for r in self.model.all_rows() if r.left_on is None]
        consenting = sum(r.consent_to_contact for r in current)
        self.summary.setText(
            f"{plural(len(current), 'member')}; {consenting} consented to be contacted."
        )
        self._enable()

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle, consenting = self._search, self.only_consenting.isChecked()

        def keep(row: MemberRow) -> bool:
            if consenting and not row.consent_to_contact:
                return False
            return needle in f"{row.name} {row.email} {row.organisation} {row.interests}".casefold()

        self.model.set_filter(keep if needle or consenting else None)
        self._enable()

    def status_text(self) -> str:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        return (
            f"{shown:,} of {plural(total, 'member')} shown"
            if shown != total
            else plural(total, "member")
        )

    def current(self) -> MemberRow | None:
        return self.table.current_row()

    def _enable(self, *_args: object) -> None:
        row = self.current()
        here = row is not None and row.left_on is None
        self.consent_button.setEnabled(here)
        self.withdraw_button.setEnabled(here and row is not None and row.consent_to_contact)
        self.leave_button.setEnabled(here)

    # Actions ------------------------------------------------------------------------------
    def _recorded(self, work: Callable[[], str | None], only: Iterable[int]) -> bool:
        """Memberships as they were before ``work``, for Ctrl+Z: those with the ids ``only``
        (the ones it may change) and those it makes."""
        return recorded(self, self.db, ("members",), work, only={"members": only}) is not None

    def add_alumni(self) -> None:
        dialog = AddAlumniDialog(self.db, parent=self)
        self._add_with(dialog, lambda: f"Add the alumni of {dialog.cohort.currentText()}")

    def add_member(self) -> None:
        dialog = AddMemberDialog(self.db, parent=self)
        self._add_with(dialog, lambda: "Add members")

    def _add_with(self, dialog: AddAlumniDialog | AddMemberDialog, text: Callable[[], str]) -> None:
        def name(result: AddResult) -> str:
            return f"{text()} ({plural(result.added, 'person')})"

        # Adding changes no current member: it rejoins those who left, or makes new ones.
        former = community.former_member_ids(self.db)
        added = saved_by(dialog, lambda: dialog.result, name, lambda w: self._recorded(w, former))
        if added is not None:
            self._added(added)

    def _added(self, result: AddResult) -> None:
        self._saved(
            None,
            f"Added {plural(result.added, 'member')}; "
            f"{result.already:,} {agree(result.already, 'was')} already "
            f"{agree(result.already, 'a member', 'members')}.",
        )

    def record_consent(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = ConsentDialog(self.db, row, parent=self)

        def work() -> str | None:
            return f"Record {row.name}'s consent" if dialogs.run(dialog) else None

        if self._recorded(work, [row.id]):
            self._saved(row.id, f"Recorded {row.name}'s consent to be contacted.")

    def withdraw_consent(self) -> None:
        row = self.current()
        if row is None:
            return
        question = f"{row.name} no longer wants to be contacted: take them off the contact list?"
        if ask.confirm(self, "Withdraw consent", question, "Withdraw consent"):

            def work() -> str:
                community.set_consent(self.db, row.id, False)
                return f"Withdraw {row.name}'s consent"

            self._recorded(work, [row.id])
            self._saved(row.id, f"{row.name} is off the contact list.")

    def leave(self) -> None:
        row = self.current()
        if row is None:
            return
        question = (
            f"Record that {row.name} has left the Community of Practice? Their consent to be "
            "contacted lapses with it."
        )
        if ask.confirm(self, "Left the community", question, "Record leaving"):

            def work() -> str:
                community.leave_community(self.db, row.id)
                return f"Record that {row.name} left"

            self._recorded(work, [row.id])
            self._saved(None, f"{row.name} has left the community.")

    def export(self) -> None:
        path = files.choose_save_file(self, "Export contact list", "community-contacts.xlsx")
        if not path:
            return
        try:
            count = community.export_contacts(self.db, path)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        files.saved(self, Path(path), f"{count} consenting members as {Path(path).name}")

    def _saved(self, member_id: int | None, message: str) -> None:
        self.refresh()
        if member_id is not None:
            self.table.select_where(lambda r: r.id == member_id)
        ask.tell(self, message)
        self.changed.emit()
