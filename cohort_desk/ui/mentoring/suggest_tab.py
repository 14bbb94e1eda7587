"""The Suggest mentors tab: a cohort's suggestions with reasons and alternatives, to accept,
swap or reject one by one, or accept all at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.mentoring import matching
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring.matching import Choice, MatchReport
from cohort_desk.ui.community.undoable import recorded
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.mentoring.rows import (
    ALTERNATIVE_COLUMNS,
    SUGGESTION_COLUMNS,
    Decision,
    SuggestionItem,
)
from cohort_desk.ui.shell.screen import Panel
from cohort_desk.vocabulary import MentoringPairStatus


class SuggestPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report: MatchReport | None = None
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        self.cohort.setMinimumContentsLength(24)
        cohort_label = QLabel("&Cohort:")
        cohort_label.setBuddy(self.cohort)
        self.suggest_button = QPushButton("&Suggest mentors")
        self.suggest_button.setDefault(True)
        self.suggest_button.clicked.connect(self.suggest)
        self.summary = QLabel(
            "Choose a cohort and press Suggest mentors. Suggestions never pair someone with "
            "a mentor from their own organisation, a paused mentor or a full one."
        )
        self.summary.setWordWrap(True)

        self.model: RowTableModel[SuggestionItem] = RowTableModel(SUGGESTION_COLUMNS, self)
        self.table = list_table(self.model, "Suggestions")
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.accept_button = QPushButton("&Accept")
        self.reject_button = QPushButton("&Reject")
        self.accept_all_button = QPushButton("Accept a&ll")
        self.accept_all_button.setToolTip("Save every suggestion not rejected as an active pair")
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_all_button.clicked.connect(self.accept_all)

        self.alternatives_model: RowTableModel[Choice] = RowTableModel(ALTERNATIVE_COLUMNS, self)
        self.alternatives = list_table(self.alternatives_model, "Alternative mentors")
        self.alternatives.selectionModel().selectionChanged.connect(self._enable)
        self.swap_button = QPushButton("S&wap to this mentor")
        self.swap_button.clicked.connect(self.swap_selected)
        self.alternatives_box = QGroupBox("Alternatives")
        alt_layout = QVBoxLayout(self.alternatives_box)
        alt_layout.addWidget(self.alternatives)
        alt_layout.addLayout(button_row(self.swap_button))

        self.unmatched = QListWidget()
        self.unmatched.setAccessibleName("Participants without a suggestion")
        self.unmatched.setWordWrap(True)
        unmatched_box = QGroupBox("Without a suggestion")
        QVBoxLayout(unmatched_box).addWidget(self.unmatched)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.alternatives_box)
        lower.addWidget(unmatched_box)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table)
        upper_layout.addLayout(
            button_row(self.accept_button, self.reject_button, self.accept_all_button, stretch_at=2)
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(cohort_label, self.cohort, self.suggest_button))
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._enable()

    def refresh(self) -> None:
        """Reload the cohorts; suggestions are made only when asked for."""
        current = self.cohort.currentData()
        self.cohort.clear()
        for cohort in list_cohorts(self.db):
            self.cohort.addItem(cohort.name, cohort.id)
        index = self.cohort.findData(current)
        self.cohort.setCurrentIndex(max(index, 0))

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        self.model.set_filter(
            (lambda i: needle in f"{i.row.participant_name} {i.choice.mentor_name}".casefold())
            if needle
            else None
        )

    def status_text(self) -> str:
        return plural(self.model.rowCount(), "suggestion") if self.report else ""

    # Making and deciding ------------------------------------------------------------------
    def suggest(self) -> None:
        cohort_id = self.cohort.currentData()
        if cohort_id is None:
            return
        try:
            self.report = matching.suggest_for_cohort(self.db, cohort_id)
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.model.set_rows([SuggestionItem(s) for s in self.report.suggestions])
        self.table.fit_columns()
        self.unmatched.clear()
        for u in self.report.unmatched:
            self.unmatched.addItem(f"{u.participant_name}: {u.reason}")
        self._update_summary()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._chosen()

    def _update_summary(self) -> None:
        if self.report is None:
            return
        items = self.model.all_rows()
        if not items and not self.report.unmatched:
            self.summary.setText(f"Everyone in {self.report.cohort} already has a mentor.")
            return
        counts = {
            d: sum(i.decision == d for i in items)
            for d in vars(Decision).values()
            if isinstance(d, str)
        }
        self.summary.setText(
            f"{self.report.cohort}: {plural(len(items), 'suggestion')} "
            f"({counts[Decision.ACCEPTED]} accepted, {counts[Decision.REJECTED]} rejected); "
            f"{plural(len(self.report.unmatched), 'participant')} without a suggestion."
        )

    def current_item(self) -> SuggestionItem | None:
        return self.table.current_row()

    def _chosen(self, *_args: object) -> None:
        item = self.current_item()
        self.alternatives_model.set_rows(item.options() if item else [])
        self.alternatives.fit_columns()
        self.alternatives_box.setTitle(
            f"Other mentors for {item.row.participant_name}" if item else "Alternatives"
        )
        self._enable()

    def _enable(self, *_args: object) -> None:
        item = self.current_item()
        pending = item is not None and item.decision == Decision.PENDING
        self.accept_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)
        self.swap_button.setEnabled(pending and self.alternatives.current_row() is not None)
        self.accept_all_button.setEnabled(
            any(i.decision == Decision.PENDING for i in self.model.all_rows())
        )

    def _save(self, items: list[SuggestionItem]) -> bool:
        assert self.report is not None
        cohort_id = self.report.cohort_id
        choices = [(i.row.participant_id, i.choice.mentor_id) for i in items]

        def work() -> str | None:
            try:
                matching.accept_matches(self.db, cohort_id, choices)
            except UserError as exc:
                ui_errors.show_error(self, exc)
                return None
            return f"Accept {plural(len(items), 'suggested pair')}"

        # Accepting only makes pairs: no pair standing is read or changed.
        sync = lambda: self._sync(items)  # noqa: E731
        if recorded(self, self.db, ("pairs",), work, sync, only={"pairs": []}) is None:
            return False
        for item in items:
            item.decision = Decision.ACCEPTED
        self._decided()
        self.changed.emit()
        return True

    def _sync(self, items: list[SuggestionItem]) -> None:
        """After Ctrl+Z or Ctrl+Y: a suggestion is accepted while its pair stands."""
        standing = {
            (p.mentee_id, p.mentor_id)
            for p in mentoring_pairs.list_pairs(self.db)
            if p.status != MentoringPairStatus.ENDED
        }
        for item in items:
            paired = (item.row.participant_id, item.choice.mentor_id) in standing
            item.decision = Decision.ACCEPTED if paired else Decision.PENDING
        self._decided()

    def accept_selected(self) -> None:
        item = self.current_item()
        if item is not None and item.decision == Decision.PENDING and self._save([item]):
            ask.tell(self, f"{item.choice.mentor_name} now mentors {item.row.participant_name}.")

    def accept_all(self) -> None:
        pending = [i for i in self.model.all_rows() if i.decision == Decision.PENDING]
        if pending and self._save(pending):
            ask.tell(self, f"Accepted {plural(len(pending), 'suggestion')} as active pairs.")

    def reject_selected(self) -> None:
        item = self.current_item()
        if item is not None and item.decision == Decision.PENDING:
            item.decision = Decision.REJECTED
            self._decided()

    def swap_selected(self) -> None:
        item, choice = self.current_item(), self.alternatives.current_row()
        if item is None or choice is None or item.decision != Decision.PENDING:
            return
        item.choice = choice
        self._decided()
        self._chosen()

    def _decided(self) -> None:
        rows, columns = self.model.rowCount(), self.model.columnCount()
        if rows:  # decisions and mentors shown change in place
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(rows - 1, columns - 1)
            )
        self._update_summary()
        self._enable()
