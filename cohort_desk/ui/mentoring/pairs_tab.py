"""The Pairs tab: mentoring pairs by status, and the meetings log of the chosen pair, whose
notes stay hidden until Show notes is pressed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring.meetings import MeetingRow
from cohort_desk.services.mentoring.pairs import PairRow
from cohort_desk.ui.community.undoable import recorded, saved_by
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.mentoring.pair_dialogs import AssignDialog, EndPairDialog, MeetingDialog
from cohort_desk.ui.mentoring.rows import MEETING_COLUMNS, PAIR_COLUMNS
from cohort_desk.ui.shell.screen import Panel
from cohort_desk.vocabulary import CURRENT_PAIR_STATUSES, MentoringPairStatus

STATUS_FILTERS = (
    ("Active and proposed", CURRENT_PAIR_STATUSES),
    ("Active", (MentoringPairStatus.ACTIVE,)),
    ("Proposed", (MentoringPairStatus.PROPOSED,)),
    ("Ended", (MentoringPairStatus.ENDED,)),
    ("All", None),
)


class PairsPanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._search = ""
        self.model: RowTableModel[PairRow] = RowTableModel(PAIR_COLUMNS, self)
        self.table = list_table(self.model, "Mentoring pairs")
        self.table.selectionModel().selectionChanged.connect(self._pair_chosen)
        self.status = QComboBox()
        self.status.setAccessibleName("Show pairs")
        for text, _statuses in STATUS_FILTERS:
            self.status.addItem(text)
        self.status.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.assign_button = QPushButton("&Assign by hand…")
        self.start_button = QPushButton("&Start pair")
        self.start_button.setToolTip("Both have agreed: a proposed pair becomes active today")
        self.end_button = QPushButton("&End pair…")
        self.assign_button.clicked.connect(self.assign)
        self.start_button.clicked.connect(self.start_selected)
        self.end_button.clicked.connect(self.end_selected)
        show = QLabel("Sho&w:")
        show.setBuddy(self.status)

        self.meetings_model: RowTableModel[MeetingRow] = RowTableModel(MEETING_COLUMNS, self)
        self.meetings = list_table(self.meetings_model, "Meetings of the chosen pair")
        self.log_button = QPushButton("&Log meeting…")
        self.notes_button = QPushButton("Show &notes")
        self.notes_button.setCheckable(True)
        self.notes_button.setToolTip("Meeting notes are private; show them only when needed")
        self.delete_button = QPushButton("&Delete meeting…")
        self.log_button.clicked.connect(self.log_meeting)
        self.notes_button.toggled.connect(self._notes_toggled)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.meetings.selectionModel().selectionChanged.connect(self._enable)
        self.meetings_box = QGroupBox("Meetings")
        box_layout = QVBoxLayout(self.meetings_box)
        box_layout.addLayout(
            button_row(self.log_button, self.notes_button, self.delete_button, stretch_at=2)
        )
        box_layout.addWidget(self.meetings)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(
            button_row(
                show,
                self.status,
                self.assign_button,
                self.start_button,
                self.end_button,
                stretch_at=2,
            )
        )
        top_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.meetings_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._enable()

    # Pairs --------------------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.current_pair()
        self.model.set_rows(mentoring_pairs.list_pairs(self.db))
        self._apply_filter()
        self.table.fit_columns()
        if chosen is not None:
            self.table.select_where(lambda r: r.id == chosen.id)
        self._pair_chosen()

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        statuses = STATUS_FILTERS[self.status.currentIndex()][1]
        needle = self._search

        def keep(row: PairRow) -> bool:
            if statuses is not None and row.status not in statuses:
                return False
            text = f"{row.mentee_name} {row.mentor_name} {row.mentee_email} {row.cohort}"
            return needle in text.casefold()

        self.model.set_filter(keep)
        self._pair_chosen()

    def status_text(self) -> str:
        return f"{plural(self.model.rowCount(), 'pair')} shown"

    def current_pair(self) -> PairRow | None:
        return self.table.current_row()

    def select_pair(self, pair_id: int) -> None:
        if not self.table.select_where(lambda r: r.id == pair_id):
            self.status.setCurrentIndex(len(STATUS_FILTERS) - 1)  # "All"
            self.table.select_where(lambda r: r.id == pair_id)

    def _recorded(
        self,
        work: Callable[[], str | None],
        pair_id: int | None = None,
        meeting_id: int | None = None,
    ) -> str | None:
        """Pairs and their meetings as they were before ``work``, for Ctrl+Z: the pair and
        meeting it changes or deletes, if any, and those it makes."""
        only = {
            "pairs": [] if pair_id is None else [pair_id],
            "meetings": [] if meeting_id is None else [meeting_id],
        }
        return recorded(self, self.db, ("pairs", "meetings"), work, only=only)

    def assign(self) -> None:
        dialog = AssignDialog(self.db, parent=self)
        saved = saved_by(
            dialog,
            lambda: dialog.saved,
            lambda p: f"Pair {p.mentor_name} with {p.mentee_name}",
            self._recorded,
        )
        if saved is not None:
            self._saved(saved.id, f"{saved.mentor_name} now mentors {saved.mentee_name}.")

    def start_selected(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return

        def work() -> str | None:
            try:
                mentoring_pairs.activate_pair(self.db, pair.id)
            except UserError as exc:
                ui_errors.show_error(self, exc)
                return None
            return f"Start the pair of {pair.mentor_name} and {pair.mentee_name}"

        if self._recorded(work, pair.id):
            self._saved(pair.id, f"The pair of {pair.mentor_name} and {pair.mentee_name} started.")

    def end_selected(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        dialog = EndPairDialog(self.db, pair, parent=self)
        text = f"End the pair of {pair.mentor_name} and {pair.mentee_name}"
        saved = saved_by(
            dialog, lambda: dialog.saved, lambda _: text, lambda w: self._recorded(w, pair.id)
        )
        if saved is not None:
            self._saved(pair.id, f"Ended on {format_date(saved.ended_on)}.")

    def _saved(self, pair_id: int, message: str) -> None:
        self.refresh()
        self.select_pair(pair_id)
        ask.tell(self, message)
        self.changed.emit()

    # Meetings -----------------------------------------------------------------------------
    def _pair_chosen(self, *_args: object) -> None:
        pair = self.current_pair()
        # Notes are shown for one pair on purpose, never carried over to the next.
        self.notes_button.blockSignals(True)
        self.notes_button.setChecked(False)
        self.notes_button.blockSignals(False)
        self._load_meetings()
        if pair is None:
            self.meetings_box.setTitle("Meetings (choose a pair above)")
        else:
            self.meetings_box.setTitle(
                f"Meetings of {pair.mentee_name} with {pair.mentor_name}: {pair.meetings}, "
                f"{pair.hours:.1f} hours"
            )
        self._enable()

    def _load_meetings(self) -> None:
        pair = self.current_pair()
        rows = (
            mentoring_meetings.list_meetings(self.db, pair.id, self.notes_button.isChecked())
            if pair
            else []
        )
        self.meetings_model.set_rows(rows)
        self.meetings.fit_columns()

    def _notes_toggled(self, shown: bool) -> None:
        self.notes_button.setText("Hide &notes" if shown else "Show &notes")
        self._load_meetings()

    def log_meeting(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        dialog = MeetingDialog(self.db, pair, parent=self)
        saved = saved_by(
            dialog,
            lambda: dialog.saved,
            lambda m: f"Log the meeting of {format_date(m.held_on)}",
            self._recorded,
        )
        if saved is not None:
            self._saved(pair.id, f"Logged a meeting on {format_date(saved.held_on)}.")

    def delete_meeting(self) -> None:
        pair, meeting = self.current_pair(), self.meetings.current_row()
        if pair is None or meeting is None:
            return
        question = (
            f"Delete the meeting of {format_date(meeting.held_on)} from the log of "
            f"{pair.mentee_name} and {pair.mentor_name}?"
        )
        if not ask.confirm(self, "Delete meeting", question, "Delete", safe_default=True):
            return

        def work() -> str:
            mentoring_meetings.delete_meeting(self.db, meeting.id)
            return f"Delete the meeting of {format_date(meeting.held_on)}"

        self._recorded(work, meeting_id=meeting.id)
        self._saved(pair.id, "Meeting deleted.")

    def _enable(self, *_args: object) -> None:
        pair = self.current_pair()
        self.start_button.setEnabled(
            pair is not None and pair.status == MentoringPairStatus.PROPOSED
        )
        self.end_button.setEnabled(pair is not None and pair.status != MentoringPairStatus.ENDED)
        self.end_button.setText(
            "Turn &down…"
            if pair is not None and pair.status == MentoringPairStatus.PROPOSED
            else "&End pair…"
        )
        self.log_button.setEnabled(pair is not None and pair.status != MentoringPairStatus.PROPOSED)
        self.notes_button.setEnabled(any(m.has_notes for m in self.meetings_model.rows()))
        self.delete_button.setEnabled(self.meetings.current_row() is not None)
