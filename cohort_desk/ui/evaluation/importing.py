"""Importing a feedback form's export from the window, as from the command line: choose the
file, see the preview (questions and their scales, new, named and anonymous responses, rows
imported before or in error), Import, and Ctrl+Z undoes it exactly (services.imports.undo)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules import feedback as F
from cohort_desk.rules.wording import plural
from cohort_desk.services import imports
from cohort_desk.services.evaluation.apply import apply_feedback
from cohort_desk.services.evaluation.plan import FeedbackPlan, FeedbackRow, Target, plan_feedback
from cohort_desk.services.progress import Progress
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import never_default
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.kit.undo import push_done
from cohort_desk.ui.kit.workers import BackgroundJob, run_in_background

FORMS_FILES = "Forms exports (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
KINDS = {F.CHOICE: "multiple choice", F.TEXT: "free text", F.CONSENT: "consent to quote"}
QUESTION_COLUMNS: list[Column[F.Question]] = [
    Column("Question", lambda q: q.heading, tooltip=lambda q: q.heading),
    Column(
        "Read as",
        lambda q: (
            KINDS.get(q.kind)
            or f"rating {q.scale}" + (", net promoter question" if q.is_recommend else "")
        ),
    ),
]
ROW_COLUMNS: list[Column[FeedbackRow]] = [
    Column("Row", lambda r: r.row, align_right=True),
    Column("Respondent", lambda r: r.respondent, tooltip=lambda r: r.respondent),
    Column(
        "What happens",
        lambda r: r.message or ("Imported as anonymous" if r.person_id is None else "Imported"),
        tooltip=lambda r: r.message,
    ),
]


def preview_text(plan: FeedbackPlan) -> str:
    counts = plan.counts()
    return (
        f"{plan.file_name}, about {plan.target.label}: {plural(counts['responses'], 'response')} "
        f"to import ({counts['named']} named, {counts['anonymous']} anonymous); "
        f"{counts['already_imported']} imported before, {counts['skipped']} skipped and "
        f"{counts['errors']} with errors, of {plural(counts['rows'], 'row')}."
    )


class FeedbackPreview(QDialog):
    """What importing the file would add; Import applies it, Cancel changes nothing."""

    def __init__(self, plan: FeedbackPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import feedback")
        self.summary = QLabel(preview_text(plan))
        self.summary.setWordWrap(True)
        self.questions: RowTableModel[F.Question] = RowTableModel(QUESTION_COLUMNS, self)
        self.questions.set_rows(plan.questions)
        noted = [r for r in plan.rows if r.outcome != "new" or "not known" in r.respondent]
        self.rows: RowTableModel[FeedbackRow] = RowTableModel(ROW_COLUMNS, self)
        self.rows.set_rows(noted)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(plan.has_changes)
        self.import_button.setDefault(True)
        never_default(buttons.button(QDialogButtonBox.StandardButton.Cancel))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Questions, as they will be kept:"))
        layout.addWidget(list_table(self.questions, "Questions in the file"), 2)
        if noted:
            layout.addWidget(QLabel("Rows to look at:"))
            layout.addWidget(list_table(self.rows, "Rows not imported or not matched"), 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 760, 520)


class FeedbackImporter(QObject):
    """One import at a time, for one session or one cohort: ``imported`` says it is done."""

    imported = Signal(int)

    def __init__(
        self,
        parent: QWidget,
        db: Database,
        target: Callable[[], Target | None],
        undo_stack: Callable[[], QUndoStack | None],
        after_undo: Callable[[], Any],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.db = db
        self.target = target
        self.undo_stack = undo_stack
        self.after_undo = after_undo
        self.job: BackgroundJob | None = None

    def start(self, path: Path | None = None) -> None:
        target = self.target()
        if target is None or self.job is not None:
            return
        path = path or files.ask_open_path(
            self.parent_widget, "imports", "Import feedback", FORMS_FILES
        )
        if path is None:
            return

        def plan(progress: Progress) -> FeedbackPlan:
            return plan_feedback(self.db, path, target, progress=progress)

        self.job = run_in_background(self.parent_widget, "Reading the feedback", plan,
                                     self._planned, self._failed)  # fmt: skip

    def _failed(self, error: BaseException) -> None:
        self.job = None
        show_error(self.parent_widget, error)

    def _planned(self, plan: FeedbackPlan) -> None:
        self.job = None
        if not plan.has_changes:
            ask.inform(self.parent_widget, "Import feedback",
                       preview_text(plan) + " There is nothing new to import.")  # fmt: skip
            return
        if not dialogs.run(FeedbackPreview(plan, self.parent_widget)):
            return

        def apply(progress: Progress) -> int | None:
            return apply_feedback(self.db, plan, progress)

        self.job = run_in_background(self.parent_widget, "Importing feedback", apply,
                                     lambda batch: self._applied(plan, batch),
                                     self._failed)  # fmt: skip

    def _applied(self, plan: FeedbackPlan, batch: int | None) -> None:
        self.job = None
        if batch is None:
            return
        stack = self.undo_stack()
        if stack is not None:  # Ctrl+Z is the exact undo-import, never redone
            push_done(stack, f"Import feedback {plan.file_name}",
                      lambda: imports.undo(self.db, batch), None, self.after_undo,
                      key=batch)  # fmt: skip
        ask.tell(self.parent_widget, f"Imported {plural(plan.counts()['responses'], 'response')}"
                 f" from {plan.file_name}; Ctrl+Z undoes the import.")  # fmt: skip
        self.imported.emit(batch)
