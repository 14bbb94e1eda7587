"""The People's rights tab: for one chosen person, their history, a subject access export,
their equality answers, and erasure after a clear warning."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import NotFoundError, UserError
from cohort_desk.services.people.records import PersonRow, find_person, list_people
from cohort_desk.services.people.search import find_people
from cohort_desk.services.privacy.audit import AuditRow, person_history
from cohort_desk.services.privacy.rights import erase_person, export_paths, export_subject_access
from cohort_desk.ui.kit import ask, files
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.people_field import PersonField
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.privacy.audit_tab import AUDIT_COLUMNS
from cohort_desk.ui.privacy.equality_dialog import edit_equality_answers
from cohort_desk.ui.shell.screen import Panel


def _not_found(typed: str, matching: int) -> str:
    if "@" in typed and not matching:
        return (
            f"No one with the e-mail address {typed} is in the database; "
            "pick a name from the suggestions."
        )
    if matching:
        return f"{matching} people match '{typed}'; pick one of them from the suggestions."
    return f"No one in the database matches '{typed}'; check the spelling or the e-mail address."


def ask_subject_access_path(parent: QWidget, suggested: str) -> Path | None:
    return files.ask_save_path(
        parent,
        "subject-access",
        "Save the subject access export",
        suggested,
        {"PDF, with a JSON copy (*.pdf)": ".pdf"},
    )


class PersonRightsPanel(Panel):
    erased = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.person: PersonRow | None = None
        self.picker = PersonField([])
        self.picker.setAccessibleName("Person")
        self.picker.setMinimumWidth(420)
        self.picker.returnPressed.connect(self.choose)
        self.show_button = QPushButton("&Show")
        self.show_button.clicked.connect(self.choose)
        self.export_button = QPushButton("E&xport everything held…")
        self.export_button.clicked.connect(self.export)
        self.equality_button = QPushButton("E&quality answers…")
        self.equality_button.clicked.connect(self.edit_equality)
        self.erase_button = QPushButton("&Erase…")
        self.erase_button.setToolTip("Remove their identity for good, keeping anonymous counts")
        self.erase_button.clicked.connect(self.erase)
        self.heading = QLabel("Choose a person to see what is held about them.")
        self.heading.setWordWrap(True)
        self.model: RowTableModel[AuditRow] = RowTableModel(AUDIT_COLUMNS, self)
        self.table = list_table(self.model, "History of changes about this person")
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.picker, self.show_button, stretch_at=2))
        layout.addWidget(self.heading)
        layout.addLayout(
            button_row(self.export_button, self.equality_button, self.erase_button, stretch_at=2)
        )
        layout.addWidget(self.table, 1)
        self._enable()

    def refresh(self) -> None:
        self.picker.set_people([(p.full_name, p.email, p.id) for p in list_people(self.db)])
        if self.person is not None:
            self.show_person(find_person(self.db, self.person.email))

    def _enable(self) -> None:
        chosen = self.person is not None
        for button in (self.export_button, self.equality_button, self.erase_button):
            button.setEnabled(chosen)

    def choose(self) -> None:
        typed = self.picker.email()
        found = find_person(self.db, typed) if "@" in typed else None
        if found is None and typed:
            matching = find_people(self.db, typed)
            if len(matching) == 1:
                found = matching[0]
            else:
                ui_errors.show_error(self, NotFoundError(_not_found(typed, len(matching))))
        self.show_person(found)

    def show_person(self, person: PersonRow | None) -> None:
        self.person = person
        if person is None:
            self.heading.setText("Choose a person to see what is held about them.")
            self.model.set_rows([])
        else:
            history = person_history(self.db, person.id)
            self.heading.setText(
                f"{person.full_name} ({person.ref}, {person.email}): "
                f"{len(history):,} recorded changes."
            )
            self.model.set_rows(history)
            self.table.fit_columns()
        self._enable()

    def export(self) -> None:
        if self.person is None:
            return
        suggested = f"subject-access-{self.person.ref}.pdf"
        chosen = ask_subject_access_path(self, suggested)
        if chosen is None:
            return
        try:
            export_subject_access(self.db, self.person.id, chosen)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        json_path, pdf_path = export_paths(chosen)
        files.saved(self, pdf_path, f"{pdf_path.name} and {json_path.name}")
        self.show_person(self.person)

    def edit_equality(self) -> None:
        if self.person is not None:
            if edit_equality_answers(self, self.db, self.person.id, self.person.full_name):
                self.show_person(self.person)

    def erase(self) -> None:
        person = self.person
        if person is None:
            return
        question = (
            f"Erase {person.full_name} ({person.ref}, {person.email})?\n\n"
            "Their name, e-mail, phone, notes, interests and equality answers are removed for "
            "good, and their history is redacted. Attendance, enrolments and certificate "
            "numbers stay as anonymous counts. This cannot be undone."
        )
        if not ask.confirm(self, "Erase a person", question, "Erase for good", safe_default=True):
            return
        try:
            result = erase_person(self.db, person.id)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.picker.clear()
        self.show_person(None)
        self.refresh()
        self.erased.emit()
        copies = f" {result.copies.sentence}" if result.copies else ""
        ask.tell(self, f"Erased {result.ref}; the record now reads 'Erased person'.{copies}")
