"""One application beside the list: its answers on the left, every panel member's scores and
notes on the right, so the panel reads the statement and the scores side by side."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.dates import format_datetime
from cohort_desk.services.applications.criteria import ScoreRow, scores_of
from cohort_desk.services.applications.records import ApplicationRow
from cohort_desk.ui.applications.rows import status_text
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table

SCORE_COLUMNS: list[Column[ScoreRow]] = [
    Column("Criterion", lambda s: s.criterion),
    Column("Panel member", lambda s: s.panel_member),
    Column("Score", lambda s: s.value, align_right=True),
    Column("Note", lambda s: s.note, tooltip=lambda s: s.note),
]


def answers_html(row: ApplicationRow) -> str:
    if not row.answers:
        return "<p><i>No answers were kept with this application.</i></p>"
    parts = []
    for question, answer in row.answers.items():
        text = html.escape(answer).replace("\n", "<br>")
        parts.append(f"<p><b>{html.escape(question)}</b><br>{text}</p>")
    return "".join(parts)


class ApplicationDetail(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.answers = QTextBrowser()
        self.answers.setAccessibleName("Answers")
        self.answers.setOpenLinks(False)
        self.scores_model: RowTableModel[ScoreRow] = RowTableModel(SCORE_COLUMNS, self)
        self.scores = list_table(self.scores_model, "The panel's scores")
        answers_box = QWidget()
        left = QVBoxLayout(answers_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel("Answers"))
        left.addWidget(self.answers)
        scores_box = QWidget()
        right = QVBoxLayout(scores_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("The panel's scores"))
        right.addWidget(self.scores)
        self.sides = QSplitter(Qt.Orientation.Horizontal)
        self.sides.setChildrenCollapsible(False)
        self.sides.addWidget(answers_box)
        self.sides.addWidget(scores_box)
        self.sides.setStretchFactor(0, 1)
        self.sides.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.sides, 1)
        self.show_application(None, blind=False)

    def show_application(self, row: ApplicationRow | None, blind: bool) -> None:
        if row is None:
            self.heading.setText("Choose an application to read its answers and scores.")
            self.answers.clear()
            self.scores_model.set_rows([])
            return
        who = (
            row.ref if blind else f"{row.name} ({row.ref}), {row.organisation or 'no organisation'}"
        )
        total = f" · total {row.total_text}" if row.total is not None else " · not scored yet"
        self.heading.setText(
            f"{who} · {status_text(row)}{total} · applied {format_datetime(row.applied_at)}"
        )
        self.answers.setHtml(answers_html(row))
        self.scores_model.set_rows(scores_of(self.db, row.id))
        self.scores.fit_columns(190)
