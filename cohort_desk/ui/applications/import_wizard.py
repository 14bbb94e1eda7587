"""Import applications from a form export: the people import's wizard (file, columns, preview,
apply, undo on the Imports screen), with each row becoming an application to one cohort."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications import intake
from cohort_desk.services.progress import Progress
from cohort_desk.ui.imports.wizard import ImportWizard


def applications_counts(plan: intake.ApplicationsPlan) -> str:
    people = plan.people
    text = (
        f"{plural(len(plan.applications), 'application')} to add to {plan.cohort_name}: "
        f"{people.created:,} new people, {people.updated:,} with details to update, "
        f"{people.unchanged:,} known; {plural(len(plan.repeats), 'repeat application')} and "
        f"{plural(len(plan.errors), 'row')} with errors left out. Answers kept: "
        f"{'; '.join(plan.questions) or 'none'}."
    )
    return " ".join([text, *plan.notes()])


class ApplicationsImportWizard(ImportWizard):
    def __init__(
        self, db: Database, cohort_id: int, cohort: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, parent)
        self.cohort_id = cohort_id
        self.applications_plan: intake.ApplicationsPlan | None = None
        self.setWindowTitle(f"Import applications to {cohort}")
        self.cohort_combo.clear()
        self.cohort_combo.addItem(cohort, cohort)
        self.cohort_combo.setEnabled(False)
        self.role_combo.setVisible(False)
        form = self.cohort_combo.parentWidget().findChild(QFormLayout)
        if form is not None:
            for widget, text in ((self.cohort_combo, "Applications to:"), (self.role_combo, "")):
                label = form.labelForField(widget)
                if isinstance(label, QLabel):
                    label.setText(text)

    def _preview(self) -> None:
        table, path = self.table, self.file_edit.text().strip()
        choices = self.columns.choices()

        def work(progress: Progress) -> intake.ApplicationsPlan:
            return intake.plan_applications(
                self.db, path, self.cohort_id, None, choices, progress, table
            )

        self._run(
            "Checking the rows…", work, lambda plan: self._planned_applications(plan, choices)
        )

    def _planned_applications(self, plan: intake.ApplicationsPlan, choices: dict[str, str]) -> None:
        self.applications_plan = plan
        self._planned(plan.people, choices)  # remembers the columns, shows every row
        self.plan = plan.people
        self.preview.counts.setText(applications_counts(plan))
        self.next_button.setEnabled(plan.has_changes)

    def _apply(self) -> None:
        plan = self.applications_plan
        assert plan is not None
        self._run(
            "Importing…",
            lambda progress: intake.apply_applications(self.db, plan, progress),
            self._applications_done,
        )

    def _applications_done(self, batch_id: int | None) -> None:
        plan = self.applications_plan
        assert plan is not None
        self.batch_id = batch_id
        text = f"Imported {plan.people.file_name}: {applications_counts(plan)}"
        if batch_id is not None:
            text += (
                f"\n\nThis is import number {batch_id}. To reverse it, choose it on the Imports "
                "and history screen and press Undo import."
            )
            self.imported.emit(batch_id)
        self.summary.setText(text)
        self._show(3)
