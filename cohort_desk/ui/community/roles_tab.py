"""The Leadership roles tab: roles people hold in the system, added, edited and ended here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.community import leadership
from cohort_desk.services.community.leadership import RoleRow
from cohort_desk.ui.community.role_dialog import RoleDialog
from cohort_desk.ui.community.rows import ROLE_COLUMNS
from cohort_desk.ui.community.undoable import recorded, saved_by
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel


class RolesPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._search = ""
        self.model: RowTableModel[RoleRow] = RowTableModel(ROLE_COLUMNS, self)
        self.table = list_table(self.model, "Leadership roles")
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.add_button = QPushButton("&New role…")
        self.edit_button = QPushButton("&Edit role…")
        self.end_button = QPushButton("Role &ended today")
        self.delete_button = QPushButton("&Delete role…")
        self.delete_button.setToolTip("For a role entered by mistake; an ended role is ended")
        self.add_button.clicked.connect(self.new_role)
        self.edit_button.clicked.connect(self.edit_selected)
        self.end_button.clicked.connect(self.end_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.show_ended = QCheckBox("Include ended roles")
        self.show_ended.toggled.connect(lambda _on: self._apply_filter())
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                self.add_button,
                self.edit_button,
                self.end_button,
                self.delete_button,
                self.show_ended,
                stretch_at=4,
            )
        )
        layout.addWidget(self.table, 1)
        self._enable()

    def refresh(self) -> None:
        chosen = self.current()
        self.model.set_rows(leadership.list_roles(self.db))
        self._apply_filter()
        self.table.fit_columns()
        if chosen is not None:
            self.table.select_where(lambda r: r.id == chosen.id)

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        needle, today, ended = self._search, date.today(), self.show_ended.isChecked()

        def keep(row: RoleRow) -> bool:
            if not ended and row.ends_on is not None and row.ends_on < today:
                return False
            text = f"{row.name} {row.email} {row.title} {row.body} {row.organisation}"
            return needle in text.casefold()

        self.model.set_filter(keep)
        self._enable()

    def status_text(self) -> str:
        return f"{plural(self.model.rowCount(), 'role')} shown"

    def current(self) -> RoleRow | None:
        return self.table.current_row()

    def _enable(self, *_args: object) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.end_button.setEnabled(row is not None and row.ends_on is None)

    def _recorded(self, work: Callable[[], str | None], role_id: int | None) -> bool:
        """Roles as they were before ``work``, for Ctrl+Z: the one it changes (``role_id``;
        None for a new role) and any it makes."""
        only = {"roles": [] if role_id is None else [role_id]}
        return recorded(self, self.db, ("roles",), work, only=only) is not None

    def _with_dialog(
        self, dialog: RoleDialog, text: Callable[[RoleRow], str], role_id: int | None
    ) -> RoleRow | None:
        """The role the dialog saved, once its change is on the undo stack; None if not saved."""
        return saved_by(dialog, lambda: dialog.saved, text, lambda w: self._recorded(w, role_id))

    def new_role(self) -> None:
        dialog = RoleDialog(self.db, parent=self)
        saved = self._with_dialog(dialog, lambda r: f"Add {r.title} for {r.name}", None)
        if saved is not None:
            self._saved(saved.id, f"Added {saved.title} for {saved.name}.")

    def edit_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = RoleDialog(self.db, row, parent=self)
        edited = self._with_dialog(dialog, lambda r: f"Edit {r.name}'s role {r.title}", row.id)
        if edited is not None:
            self._saved(row.id, f"Saved {row.name}'s role.")

    def end_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        question = f'Record that {row.name}\'s role "{row.title}" ended today?'
        if not ask.confirm(self, "Role ended", question, "Role ended"):
            return

        def work() -> str | None:
            try:
                leadership.end_role(self.db, row.id, date.today())
            except UserError as exc:
                ui_errors.show_error(self, exc)
                return None
            return f"End {row.name}'s role {row.title}"

        if self._recorded(work, row.id):
            self._saved(row.id, f"Role ended on {format_date(date.today())}.")

    def delete_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        question = (
            f'Delete {row.name}\'s role "{row.title}"? Do this only for a role entered by '
            "mistake: a role that came to an end should be ended, so the report over time "
            "stays true."
        )
        if ask.confirm(self, "Delete role", question, "Delete", safe_default=True):

            def work() -> str:
                leadership.delete_role(self.db, row.id)
                return f"Delete {row.name}'s role {row.title}"

            self._recorded(work, row.id)
            self._saved(None, "Role deleted.")

    def _saved(self, role_id: int | None, message: str) -> None:
        self.refresh()
        if role_id is not None:
            self.table.select_where(lambda r: r.id == role_id)
        ask.tell(self, message)
        self.changed.emit()
