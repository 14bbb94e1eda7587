"""Import people from a spreadsheet: choose the file, check the columns, preview, then apply.

Reading, previewing and applying run off the UI thread; Cancel during the apply rolls the
whole import back. Column choices are remembered for files with the same headings.
"""

from __future__ import annotations

import hashlib
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import Cancelled, UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services import imports
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.imports.columns import guess_columns
from cohort_desk.services.people.known_names import list_names
from cohort_desk.services.progress import Progress
from cohort_desk.sheets.reading import Table, read_table, sheet_names
from cohort_desk.ui.imports.wizard_pages import ColumnChoices, PreviewTable
from cohort_desk.ui.kit import ask, files
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import GuardedDialog, never_default
from cohort_desk.ui.kit.settings import IMPORT_MAPPING
from cohort_desk.ui.kit.workers import BackgroundJob
from cohort_desk.vocabulary import Role

FILE, COLUMNS, PREVIEW, DONE = range(4)
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;All files (*)"
STEPS = ("Choose the file", "Check the columns", "Preview", "Done")


def mapping_key(headers: list[str]) -> str:
    """Files with the same headings (in any letter case) share remembered column choices."""
    text = "\n".join(" ".join(h.split()).casefold() for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def ask_preview_again(parent: QWidget, reason: str) -> bool:
    """A seam for tests: the question asked when the preview is out of date."""
    return ask.confirm(parent, "Import people", reason, "Preview again")


class ImportWizard(GuardedDialog):
    """Enter is always the step's forward button (Next, Preview, Import; Close at the end);
    Esc or closing before the end asks first, since the choices made would be lost."""

    imported = Signal(int)  # the new batch's id
    discard_question = (
        "Stop this import? Nothing has been imported yet; the file and the choices made "
        "here will be dropped."
    )

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.table: Table | None = None
        self.plan: imports.ImportPlan | None = None
        self.batch_id: int | None = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle("Import people")
        resize_to_fit(self, 920, 620)
        self.step_label = QLabel()
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.step_label.setFont(font)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._file_page())
        self.columns = ColumnChoices()
        self.stack.addWidget(self.columns)
        self.preview = PreviewTable()
        self.preview.names.known_names = lambda kind: [
            row.name
            for row in list_names(db, kind)  # type: ignore[arg-type]
        ]
        self.preview.names.choices_changed.connect(self._preview)
        self.stack.addWidget(self.preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.summary)
        self.back_button = QPushButton("< &Back")
        self.next_button = QPushButton("&Next >")
        self.close_button = QPushButton("Cancel")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.reject)
        # Only Next may take Enter: Qt otherwise hands Enter to whichever button last had the
        # focus, and after a step's background work that was Cancel (issue 15: Enter on step
        # 2 threw the whole import away).
        never_default(self.back_button, self.close_button)
        self.next_button.setAutoDefault(False)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._show(FILE)

    # Pages --------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "Choose a list of people: an Excel workbook, a LibreOffice sheet, or a CSV file "
            "(for example a Microsoft Forms or Google Forms export). Nothing is changed until "
            "you have seen the preview and pressed Import."
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("The file to import")
        self.file_edit.editingFinished.connect(lambda: self.set_file(self.file_edit.text()))
        browse = QPushButton("&Browse…")
        never_default(browse)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.sheet_combo = QComboBox()
        self.cohort_combo = QComboBox()
        self.cohort_combo.addItem("(do not enrol)", None)
        for cohort in list_cohorts(self.db):
            self.cohort_combo.addItem(cohort.name, cohort.id)
        self.role_combo = QComboBox()
        self.role_combo.addItem("Participants", Role.PARTICIPANT)
        self.role_combo.addItem("Facilitators", Role.FACILITATOR)
        self.cohort_combo.currentIndexChanged.connect(self._cohort_changed)
        self._cohort_changed()
        form = QFormLayout()
        file_label = QLabel("&File:")
        file_label.setBuddy(self.file_edit)
        form.addRow(file_label, row)
        form.addRow("&Sheet:", self.sheet_combo)
        form.addRow("&Enrol everyone in:", self.cohort_combo)
        form.addRow("As:", self.role_combo)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _cohort_changed(self) -> None:
        self.role_combo.setEnabled(self.cohort_combo.currentData() is not None)

    def _show(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.step_label.setText(f"Step {page + 1} of 4: {STEPS[page]}")
        self.back_button.setVisible(page in (COLUMNS, PREVIEW))
        self.next_button.setVisible(page != DONE)
        self.next_button.setText({PREVIEW: "&Import", COLUMNS: "&Preview >"}.get(page, "&Next >"))
        self.next_button.setEnabled(page != PREVIEW or bool(self.plan and self.plan.has_changes))
        self.close_button.setText("Close" if page == DONE else "Cancel")
        self.close_button.setDefault(page == DONE)
        self.next_button.setDefault(page != DONE)
        focus = {FILE: self.file_edit, COLUMNS: self.columns.table, PREVIEW: self.preview}
        (focus.get(page) or self.close_button).setFocus()

    def has_changes(self) -> bool:
        """Unfinished: a file chosen, the import not done (and not being written now)."""
        page = self.stack.currentIndex()
        started = page in (COLUMNS, PREVIEW) or bool(self.file_edit.text().strip())
        return page != DONE and started

    # The file -----------------------------------------------------------------------------
    def browse(self) -> None:
        chosen = files.ask_open_path(self, "people-import", "Import people from", FILE_FILTER)
        if chosen is not None:
            self.set_file(str(chosen))

    def set_file(self, path: str) -> None:
        """Take a file (typed, browsed or given by a test) and list its sheets."""
        self.file_edit.setText(path)
        self.sheet_combo.clear()
        if not path.strip():
            return
        try:
            names = sheet_names(path)
        except UserError as error:
            show_error(self, error, "Import people")
            return
        self.sheet_combo.addItems(names)
        self.sheet_combo.setEnabled(len(names) > 1)

    # Moving through the steps -------------------------------------------------------------
    def go_back(self) -> None:
        self._show(max(self.stack.currentIndex() - 1, FILE))

    def go_next(self) -> None:
        page = self.stack.currentIndex()
        if page == FILE:
            self._read()
        elif page == COLUMNS:
            self._preview()
        elif page == PREVIEW:
            self._apply()

    def _run(self, title: str, work: Any, done: Any) -> None:
        self.next_button.setEnabled(False)
        self.job = BackgroundJob(self, title, work, done, self._failed).start()

    def _failed(self, error: BaseException) -> None:
        self._show(self.stack.currentIndex())
        if isinstance(error, Cancelled):
            show_error(self, UserError("The import was cancelled; nothing was changed."))
        elif isinstance(error, imports.StalePlanError):
            self._offer_new_preview(error)
        else:
            show_error(self, error, "Import people")

    def _offer_new_preview(self, error: imports.StalePlanError) -> None:
        """Someone changed a record the preview relied on: show the file against the database
        as it is now, if the person wants to."""
        if ask_preview_again(self, error.message):
            self._preview()

    def _read(self) -> None:
        path = self.file_edit.text().strip()
        if not path:
            show_error(self, UserError("Choose the file to import first."), "Import people")
            return
        if self.sheet_combo.count() == 0:
            self.set_file(path)
            if self.sheet_combo.count() == 0:
                return
        sheet = self.sheet_combo.currentText() or None
        self._run("Reading the file…", lambda _p: read_table(path, sheet), self._file_read)

    def _file_read(self, table: Table) -> None:
        self.table = table
        self.first_guess = guess_columns(table)
        remembered = IMPORT_MAPPING[self._mapping_key()].get()
        guess = guess_columns(table, remembered) if remembered else self.first_guess
        self.columns.show_guess(guess, table.sheet, bool(remembered))
        self._show(COLUMNS)

    def _mapping_key(self) -> str:
        return mapping_key(self.first_guess.headers)

    def _preview(self) -> None:
        table, path = self.table, self.file_edit.text().strip()
        # Every column is named as shown, so the preview is exactly what the person sees.
        choices = self.columns.choices()
        cohort = self.cohort_combo.currentData()
        role = self.role_combo.currentData() if cohort is not None else None

        known = dict(self.preview.names.choices)  # new names mapped to known ones

        def work(progress: Progress) -> imports.ImportPlan:
            return imports.plan(
                self.db, path, None, choices, cohort, role, progress, table, known_names=known
            )

        self._run("Checking the rows…", work, lambda plan: self._planned(plan, choices))

    def _planned(self, plan: imports.ImportPlan, choices: dict[str, str]) -> None:
        self.plan = plan
        guessed = self.first_guess
        first = {h: guessed.mapping.get(i, "ignore") for i, h in enumerate(guessed.headers)}
        changed = {h: f for h, f in choices.items() if first.get(h) != f}
        if changed:
            IMPORT_MAPPING[self._mapping_key()].set(changed)
        else:
            IMPORT_MAPPING[self._mapping_key()].remove()
        self.preview.show_plan(plan)
        self._show(PREVIEW)

    def _apply(self) -> None:
        plan = self.plan
        assert plan is not None
        self._run("Importing…", lambda progress: imports.apply(self.db, plan, progress), self._done)

    def _done(self, batch_id: int | None) -> None:
        plan = self.plan
        assert plan is not None
        self.batch_id = batch_id
        text = (
            f"Imported {plan.file_name}: {plural(plan.created, 'person')} added, "
            f"{plan.updated:,} updated, {plan.unchanged:,} already up to date."
        )
        if plan.merged_rows:
            text += (
                f" {plural(plan.merged_rows, 'row')} merged into a later row with the same "
                "e-mail address."
            )
        if plan.cohort_name:
            text += f" {plan.to_enrol:,} enrolled in {plan.cohort_name} as {plan.role}s."
        if plan.errors:
            text += f" {plural(len(plan.errors), 'row')} with errors left out."
        if batch_id is not None:
            text += (
                f"\n\nThis is import number {batch_id}. To reverse it, choose it on the Imports "
                "and history screen and press Undo import."
            )
            self.imported.emit(batch_id)
        self.summary.setText(text)
        self._show(DONE)
