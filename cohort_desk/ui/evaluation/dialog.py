"""A session's evaluation in a window of its own, opened from the Sessions screen, where its
feedback can be imported too (Ctrl+Z on the Sessions screen undoes that import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.services.evaluation.plan import find_target
from cohort_desk.services.evaluation.summary import session_evaluation
from cohort_desk.ui.evaluation.importing import FeedbackImporter
from cohort_desk.ui.evaluation.view import EvaluationView
from cohort_desk.ui.kit.fit import resize_to_fit


class SessionEvaluationDialog(QDialog):
    def __init__(
        self,
        db: Database,
        session_id: int,
        parent: QWidget | None = None,
        undo_stack: QUndoStack | None = None,
        after_undo: Callable[[], Any] = lambda: None,
    ) -> None:
        """``undo_stack`` and ``after_undo`` are the screen's: the import is undone there,
        after this window has closed."""
        super().__init__(parent)
        self.db = db
        self.session_id = session_id
        self.imported = False  # the screen behind tells the others when it closes
        self.view = EvaluationView("Evaluation of the session")
        self.feedback = FeedbackImporter(
            self, db, lambda: find_target(db, session_id, None), lambda: undo_stack, after_undo
        )
        self.view.import_requested.connect(self.feedback.start)
        self.feedback.imported.connect(self._imported)
        self.reload()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        resize_to_fit(self, 1000, 680)

    def reload(self) -> None:
        summary = session_evaluation(self.db, self.session_id)
        self.setWindowTitle(f"Evaluation: {summary.about}")
        self.view.show_summary(summary)

    def _imported(self, _batch: int) -> None:
        self.imported = True
        self.reload()
