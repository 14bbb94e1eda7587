"""A session's evaluation in a window of its own, opened from the Sessions screen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.services.evaluation.summary import session_evaluation
from cohort_desk.ui.evaluation.view import EvaluationView
from cohort_desk.ui.kit.fit import resize_to_fit


class SessionEvaluationDialog(QDialog):
    def __init__(self, db: Database, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        summary = session_evaluation(db, session_id)
        self.setWindowTitle(f"Evaluation: {summary.about}")
        self.view = EvaluationView("Evaluation of the session")
        self.view.show_summary(summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 1000, 680)
