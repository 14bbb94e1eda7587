"""The Audit trail tab: every change, newest first, filtered by who and when, and exported.
Read-only: the app offers no way to edit or delete an entry."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import NotFoundError, UserError
from cohort_desk.services.people.records import find_person, list_people
from cohort_desk.services.privacy.audit import (
    VIEWER_LIMIT,
    AuditFilter,
    AuditRow,
    count_audit,
    export_audit,
    list_audit,
)
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.people_field import PersonField
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel

AUDIT_COLUMNS: list[Column[AuditRow]] = [
    Column("When", lambda r: r.when, sort_key=lambda r: r.at),
    Column("Who", lambda r: r.who),
    Column(
        "Record",
        lambda r: r.record_text,
        tooltip=lambda r: f"{r.record_text} ({r.record_label} {r.record_id})",
    ),
    Column("Action", lambda r: r.action),
    Column("Changes", lambda r: r.summary, tooltip=lambda r: r.summary.replace("; ", "\n")),
]


def audit_matches(text: str):  # type: ignore[no-untyped-def]
    needle = text.strip().casefold()
    if not needle:
        return None
    return lambda r: needle in f"{r.who} {r.record_text} {r.action} {r.summary}".casefold()


class AuditPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.total = 0
        self.who = QLineEdit()
        self.who.setPlaceholderText("Who (any)")
        self.who.setAccessibleName("Only changes made by")
        self.who.returnPressed.connect(self.refresh)
        # Whom the changes are about: the People screen's search suggests, Enter shows.
        self.person = PersonField([])
        self.person.setPlaceholderText("About a person (any)")
        self.person.setAccessibleName("Only changes about this person")
        self.person.setMinimumWidth(260)
        self.person.returnPressed.connect(self.refresh)
        self.dated = QCheckBox("From")
        self.since = DateField(date.today() - timedelta(days=30), field="since", compact=True)
        self.until = DateField(date.today(), field="until", compact=True)
        self.dated.toggled.connect(self._dates_toggled)
        self.apply_button = QPushButton("&Show")
        self.apply_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("E&xport…")
        self.export_button.clicked.connect(self.export)
        self.model: RowTableModel[AuditRow] = RowTableModel(AUDIT_COLUMNS, self)
        self.table = list_table(self.model, "Audit trail")
        self.shown = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                self.person,
                self.who,
                self.dated,
                self.since,
                QLabel("to"),
                self.until,
                self.apply_button,
                self.export_button,
                stretch_at=7,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown)
        self._dates_toggled(False)

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)

    def current_filter(self) -> AuditFilter:
        """The filter chosen; a person typed who cannot be found is one sentence (UserError)."""
        dated = self.dated.isChecked()
        typed = self.person.email()
        person = None
        if typed:
            person = find_person(self.db, typed) if "@" in typed else None
            if person is None:
                raise NotFoundError(
                    f"'{typed}' does not name one person in the database; pick a name from the "
                    "suggestions, or clear the box to see changes about everyone."
                )
        return AuditFilter(
            person_id=person.id if person else None,
            who=self.who.text(),
            since=self.since.day() if dated else None,
            until=self.until.day() if dated else None,
        )

    def refresh(self) -> None:
        self.person.set_people([(p.full_name, p.email, p.id) for p in list_people(self.db)])
        try:
            chosen = self.current_filter()
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.total = count_audit(self.db)
        rows = list_audit(self.db, chosen)
        self.model.set_rows(rows)
        self.table.fit_columns()
        limited = len(rows) == VIEWER_LIMIT
        self.shown.setText(
            f"Showing the latest {len(rows):,} matching entries of {self.total:,}; "
            "export to see them all."
            if limited
            else f"{len(rows):,} matching entries of {self.total:,} in the trail."
        )

    def set_search(self, text: str) -> None:
        self.model.set_filter(audit_matches(text))

    def status_text(self) -> str:
        return f"{self.model.rowCount():,} audit entries shown"

    def export(self) -> None:
        path = files.choose_save_file(self, "Export the audit trail", "audit-trail.xlsx")
        if not path:
            return
        try:
            count = export_audit(self.db, path, self.current_filter())
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        files.saved(self, Path(path), f"{count:,} audit entries as {Path(path).name}")
