"""Score one application: its answers on the left, a score and a short note per criterion on
the right. Type a digit into each score (Tab between them), Enter saves, Esc closes."""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSpinBox, QTextBrowser, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.services.applications.criteria import (
    MAX_NOTE,
    CriterionRow,
    ScoreState,
    record_score,
    scores_of,
)
from cohort_desk.services.applications.records import ApplicationRow
from cohort_desk.ui.applications.detail_pane import answers_html
from cohort_desk.ui.kit.form import FormDialog

NOT_SCORED = "Not scored"


class ScoreBox(QSpinBox):
    """A digit typed over "Not scored" replaces it, however the box got its focus (a click
    leaves the cursor inside the words, where a digit would otherwise be refused)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and self.value() == self.minimum():
            self.lineEdit().selectAll()
        super().keyPressEvent(event)


class ScoreDialog(FormDialog):
    """``saved`` lists what each saved score replaced, for undo."""

    def __init__(
        self,
        db: Database,
        row: ApplicationRow,
        criteria: list[CriterionRow],
        blind: bool,
        parent: QWidget | None = None,
    ) -> None:
        who = row.ref if blind else f"{row.name} ({row.ref})"
        super().__init__(f"Score {who}", parent, "Save scores")
        self.db = db
        self.row = row
        self.criteria = criteria
        self.saved: list[ScoreState] = []
        self.after: dict[int, tuple[int, str]] = {}  # criterion id -> the score and note saved
        self.resize(900, 520)
        mine = {s.criterion_id: s for s in scores_of(db, row.id) if s.panel_member == db.actor}
        self.values: dict[int, QSpinBox] = {}
        self.notes: dict[int, QLineEdit] = {}
        self.before: dict[int, tuple[int | None, str]] = {}
        for criterion in criteria:
            box = ScoreBox()
            # One below the scale reads "Not scored", so a score can be left out.
            box.setRange(criterion.scale_min - 1, criterion.scale_max)
            box.setSpecialValueText(NOT_SCORED)
            box.setAccessibleName(f"Score for {criterion.name}, {criterion.scale}")
            box.setToolTip(
                criterion.description or f"From {criterion.scale_min} to {criterion.scale_max}"
            )
            note = QLineEdit()
            note.setMaxLength(MAX_NOTE)
            note.setPlaceholderText("A short reason (optional)")
            note.setAccessibleName(f"Note on {criterion.name}")
            given = mine.get(criterion.id)
            box.setValue(given.value if given else criterion.scale_min - 1)
            note.setText(given.note if given else "")
            self.before[criterion.id] = (
                given.value if given else None,
                given.note if given else "",
            )
            self.values[criterion.id], self.notes[criterion.id] = box, note
            line = QHBoxLayout()
            line.addWidget(box)
            line.addWidget(note, 1)
            self.form.addRow(f"{criterion.name} ({criterion.scale})", line)
            self.fields[f"score_{criterion.id}"] = box
        answers = QTextBrowser()
        answers.setAccessibleName("Answers")
        answers.setHtml(answers_html(row))
        form = self.take_form()
        sides = QHBoxLayout()
        sides.addWidget(answers, 3)
        right = QWidget()
        right.setLayout(form)
        sides.addWidget(right, 2)
        self.body.insertLayout(0, sides, 1)
        if criteria:
            self.values[criteria[0].id].setFocus()
            self.values[criteria[0].id].selectAll()

    def save(self) -> None:
        """Each changed score is saved as it is read: a refusal stops at that criterion, and
        those before it stay saved (and undoable), as the message says."""
        self.saved, self.after = [], {}
        for criterion in self.criteria:
            box, note = self.values[criterion.id], self.notes[criterion.id]
            value = box.value()
            if value < criterion.scale_min:
                continue  # left unscored
            if (value, note.text().strip()) == self.before[criterion.id]:
                continue
            self.saved.append(record_score(self.db, self.row.id, criterion.id, value, note.text()))
            self.after[criterion.id] = (value, note.text())
