"""The equality monitoring dialog: one person's own answers, each optional, with "Prefer not to
say" and an objection that keeps none. Call ``edit_equality_answers`` from any screen."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.privacy import EQUALITY_ANSWERS
from cohort_desk.services.privacy import equality
from cohort_desk.services.privacy.equality import ANSWER_FIELDS, QUESTIONS, EqualityAnswers
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.form import FormDialog, never_default

NOT_ANSWERED = "Not answered"


class EqualityDialog(FormDialog):
    """Special-category data: shown only here, for one person, on purpose."""

    def __init__(
        self, db: Database, person_id: int, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Equality monitoring: {name}", parent)
        self.db = db
        self.person_id = person_id
        self.cleared = False
        note = QLabel(
            "Every question is optional. The answers are kept apart from the record, are "
            "never shown in lists, and appear only in cohort totals where any number below "
            "5 is shown as <5."
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        current = equality.get_answers(db, person_id)
        self.combos: dict[str, QComboBox] = {}
        for name_ in ANSWER_FIELDS:
            combo = QComboBox()
            combo.addItem(NOT_ANSWERED, "")
            for answer in EQUALITY_ANSWERS[name_]:
                combo.addItem(answer, answer)
            combo.setCurrentIndex(max(combo.findData(getattr(current, name_)), 0))
            combo.setAccessibleName(QUESTIONS[name_])
            self.combos[name_] = combo
            self.fields[name_] = combo
            self.form.addRow(QUESTIONS[name_] + ":", combo)
        self.objected = QCheckBox("They object to equality monitoring: keep no answers")
        self.objected.setChecked(current.objected)
        self.objected.toggled.connect(self._objection_changed)
        self.form.addRow(self.objected)
        self.delete_button = QPushButton("&Delete answers…")
        never_default(self.delete_button)  # Enter saves; deleting is only ever clicked
        self.delete_button.clicked.connect(self.delete_answers)
        self.buttons.addButton(self.delete_button, self.buttons.ButtonRole.ResetRole)
        self._objection_changed(current.objected)

    def _objection_changed(self, objected: bool) -> None:
        for combo in self.combos.values():
            combo.setEnabled(not objected)

    def answers(self) -> EqualityAnswers:
        values = {name: str(combo.currentData() or "") for name, combo in self.combos.items()}
        return EqualityAnswers(**values, objected=self.objected.isChecked())

    def save(self) -> None:
        equality.record_answers(self.db, self.person_id, self.answers())

    def delete_answers(self) -> None:
        if not ask.confirm(
            self,
            "Delete equality answers",
            "Delete this person's equality monitoring answers altogether?",
            "Delete answers",
        ):
            return
        try:
            equality.clear_answers(self.db, self.person_id)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.cleared = True
        self.reject()


def edit_equality_answers(parent: QWidget | None, db: Database, person_id: int, name: str) -> bool:
    """Open the dialog for one person; returns True when answers were saved or deleted.
    When monitoring is switched off in preferences, says so and opens nothing."""
    if not equality.monitoring_enabled(db):
        ask.inform(parent, "Equality monitoring", equality.SWITCHED_OFF)
        return False
    with dialogs.opened(EqualityDialog(db, person_id, name, parent)) as (dialog, accepted):
        return bool(accepted) or dialog.cleared
