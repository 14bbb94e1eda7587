"""What the feedback about a session or a cohort says: the response rate and net promoter
score, each rating question's distribution with its mean and median, the options ticked,
and the comments, with names taken out unless the writer agreed to be quoted. Every figure
comes from services.evaluation; nothing is counted here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.attendance import percentage_text
from cohort_desk.rules.wording import plural
from cohort_desk.services.evaluation.summary import (
    ChoiceFigures,
    Comment,
    EvaluationSummary,
    QuestionFigures,
)
from cohort_desk.ui.evaluation.chart import ChoiceChart, DistributionChart
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable

NO_FEEDBACK = (
    "No feedback yet. To add the responses of a feedback form (a Microsoft Forms or Google "
    "Forms export), use Import feedback."
)
COMMENT_COLUMNS: list[Column[Comment]] = [
    Column("About", lambda c: c.about, tooltip=lambda c: c.about),
    Column("Question", lambda c: c.question, tooltip=lambda c: c.question),
    Column(
        "Names",
        lambda c: "As written" if c.quoted else "Taken out",
        tooltip=lambda c: (
            "The writer agreed to be quoted"
            if c.quoted
            else "The writer did not agree to be quoted, so names are taken out"
        ),
    ),
    Column("Comment", lambda c: c.text, tooltip=lambda c: c.text),
]
CHARTS_WIDTH = 360


def headline(summary: EvaluationSummary) -> str:
    """One line: responses, attendees, the response rate and the net promoter score."""
    rate = summary.response_rate
    rate_text = "–" if rate is None else percentage_text(rate * 100)
    line = (
        f"{plural(summary.responses, 'response')} from {plural(summary.attendees, 'attendee')}"
        f" · response rate {rate_text}"
    )
    scores = summary.promoter_scores
    if len(scores) == 1:
        line += f" · net promoter score {summary.nps:+d}"
    elif scores:  # never pooled: each is beside its question below
        line += " · " + "; ".join(
            f"net promoter score {q.nps:+d} ({q.nps_label})" for q in scores if q.nps is not None
        )
    return line


def figures_text(question: QuestionFigures) -> str:
    mean = "–" if question.mean is None else f"{question.mean:.2f}"
    median = "–" if question.median is None else f"{question.median:g}"
    nps = "" if question.nps is None else f" · net promoter score {question.nps:+d}"
    return (
        f"{plural(question.n, 'answer')} on a scale of {question.scale.replace('-', ' to ')}"
        f" · mean {mean} · median {median}{nps}"
    )


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _subheading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("subheading")
    label.setWordWrap(True)
    return label


class QuestionBlock(QFrame):
    """A rating question: its heading, n, mean and median, and its distribution."""

    def __init__(self, question: QuestionFigures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = _subheading(figures_text(question))
        self.chart = DistributionChart(question.question)
        self.chart.set_bars(
            [(str(point), count) for point, count in question.distribution.items()], question.n
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.addWidget(_title(question.question))
        layout.addWidget(self.figures)
        layout.addWidget(self.chart)


class ChoiceBlock(QFrame):
    """A multiple-choice question: how many answered, and each option's count and share."""

    def __init__(self, choice: ChoiceFigures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = ChoiceChart(choice.question)
        self.chart.set_bars(choice.counts, choice.n)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.addWidget(_title(choice.question))
        layout.addWidget(_subheading(f"{plural(choice.n, 'answer')}; several may be ticked"))
        layout.addWidget(self.chart)


class EvaluationView(QWidget):
    """The figures and charts on the left, the comments on the right."""

    import_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_button = QPushButton("&Import feedback…")
        self.import_button.setToolTip(
            "Add the responses of a feedback form (a Microsoft Forms or Google Forms export)"
        )
        self.import_button.clicked.connect(lambda _checked=False: self.import_requested.emit())
        self.summary: EvaluationSummary | None = None
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.charts = QWidget()
        self.charts_layout = QVBoxLayout(self.charts)
        self.charts_layout.setContentsMargins(4, 0, 12, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.charts)
        self.scroll.setAccessibleName(f"{name}: questions")
        self.scroll.setMinimumWidth(CHARTS_WIDTH)
        self.comments_model: RowTableModel[Comment] = RowTableModel(COMMENT_COLUMNS, self)
        self.comments = RecordTable(self.comments_model, None, self, sort_column=-1)
        self.comments.set_column_widths({0: 22, 1: 18, 2: 11})
        self.comments.setAccessibleName(f"{name}: comments")
        self.comments_note = _subheading("")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.comments_note)
        right_layout.addWidget(self.comments, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.empty = _subheading(NO_FEEDBACK)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.show_summary(None)

    def show_summary(self, summary: EvaluationSummary | None) -> None:
        self.summary = summary
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        has_feedback = summary is not None and summary.responses > 0
        self.empty.setVisible(not has_feedback)
        self.splitter.setVisible(has_feedback)
        self.headline.setVisible(summary is not None and has_feedback)
        self.blocks: list[QuestionBlock] = []
        if summary is None:
            self.comments_model.set_rows([])
            return
        self.headline.setText(headline(summary))
        self.blocks = [QuestionBlock(question) for question in summary.questions]
        for block in self.blocks:
            self.charts_layout.addWidget(block)
        for choice in summary.choices:
            self.charts_layout.addWidget(ChoiceBlock(choice))
        self.charts_layout.addStretch(1)
        self.comments_model.set_rows(summary.comments)
        # A session's comments are all about it: the column would only repeat its title.
        self.comments.setColumnHidden(0, len({c.about for c in summary.comments}) <= 1)
        self.comments_note.setText(
            f"{plural(len(summary.comments), 'comment')}; names are taken out unless the "
            "writer agreed to be quoted."
        )
