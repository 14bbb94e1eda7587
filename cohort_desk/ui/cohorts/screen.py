"""The Cohorts screen: the list of cohorts above, the chosen cohort's page below."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.attendance import minimum_text
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.participants import members_text
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.page import cohort_page
from cohort_desk.services.cohorts.records import CohortRow, list_cohorts
from cohort_desk.services.evaluation.plan import find_target
from cohort_desk.services.evaluation.summary import cohort_evaluation
from cohort_desk.ui.cohorts.cohort_page import CohortPageView
from cohort_desk.ui.cohorts.commands import CohortCommands
from cohort_desk.ui.evaluation.importing import FeedbackImporter
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.controls import chain_tab_order, push_button
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.splitter import RememberedSplitter
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import attempt
from cohort_desk.ui.shell.screen import Screen

COHORT_COLUMNS: list[Column[CohortRow]] = [
    Column("Cohort", lambda r: r.name),
    Column("Programme", lambda r: r.programme),
    Column("Starts", lambda r: format_date(r.starts_on), sort_key=lambda r: r.starts_on),
    Column("Ends", lambda r: format_date(r.ends_on), sort_key=lambda r: r.ends_on),
    Column("Participants", lambda r: r.participants, align_right=True),
    Column("Facilitators", lambda r: r.facilitators, align_right=True),
    Column("Sessions", lambda r: r.sessions, align_right=True),
    Column("Minimum", lambda r: minimum_text(r.min_attendance_pct), align_right=True),
]


def cohort_matches(text: str) -> Any:
    needle = text.strip().casefold()
    if not needle:
        return None
    return lambda row: needle in f"{row.name}\n{row.programme}".casefold()


class CohortsScreen(Screen):
    title = "Cohorts"
    order = 20
    can_new = True
    can_edit = True
    can_delete = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.model: RowTableModel[CohortRow] = RowTableModel(COHORT_COLUMNS, self)
        self.table = RecordTable(
            self.model, "cohorts", self, sort_column=2, sort_order=Qt.SortOrder.DescendingOrder
        )
        self.table.set_column_widths({0: 28, 1: 30, 2: 11, 3: 11, 4: 11, 5: 11, 6: 9})
        self.table.restore_state()
        self.table.row_activated.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._cohort_chosen)
        self.page = CohortPageView(self)
        self.commands = CohortCommands(self, self.current_cohort, self.page)
        self.page.session_opened.connect(lambda sid: self.open_record.emit("Sessions", sid))
        for table in (self.page.participants, self.page.facilitators):
            table.selectionModel().selectionChanged.connect(self._update_buttons)
            table.row_activated.connect(lambda row: self.open_record.emit("People", row.person_id))
        self.page.tabs.currentChanged.connect(self._update_buttons)
        self.feedback = FeedbackImporter(
            self, db, self._feedback_target, lambda: self.undo_stack, self._after_feedback
        )
        self.page.evaluation.import_requested.connect(self.feedback.start)
        self.feedback.imported.connect(lambda _batch: self._after_feedback())

        self.new_button = push_button(self, "&New cohort…", self.new_record)
        self.edit_button = push_button(self, "&Edit cohort…", self.edit_selected)
        self.programmes_button = push_button(
            self, "&Programmes and lists…", self.commands.programmes
        )
        self.enrol_button = push_button(self, "E&nrol people…", self.commands.enrol_people)
        self.status_button = push_button(self, "Change &status…", self.commands.change_status)
        self.remove_button = push_button(self, "&Remove from cohort", self.commands.remove_members)
        self.mail_button = push_button(self, "E-&mail…", self._mail)
        self.mail_button.setToolTip("Joining instructions and other e-mails, one per person")
        self.calendar_button = push_button(self, "Ca&lendar…", self._calendar)
        self.calendar_button.setToolTip("Save every session of the cohort as a calendar file")
        self.enrol_button.setToolTip("Pick people to enrol in this cohort")
        self.remove_button.setToolTip("For people enrolled by mistake; otherwise change status")
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        buttons = QHBoxLayout()
        for widget in (self.new_button, self.edit_button, self.programmes_button, divider):
            buttons.addWidget(widget)
        for widget in (self.enrol_button, self.status_button, self.remove_button):
            buttons.addWidget(widget)
        second = QFrame()
        second.setFrameShape(QFrame.Shape.VLine)
        for widget in (second, self.mail_button, self.calendar_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)

        self.splitter = RememberedSplitter("cohorts", Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.page)
        self.splitter.set_default_sizes([170, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self.table.setAccessibleName("Cohorts")
        # Top to bottom, as the screen reads: the buttons, the cohorts, then the chosen one.
        order = [
            self.new_button,
            self.edit_button,
            self.programmes_button,
            self.enrol_button,
            self.status_button,
            self.remove_button,
            self.mail_button,
            self.calendar_button,
            self.table,
            self.page.tabs,
        ]
        chain_tab_order(order)
        self.setProperty("stale", True)
        self._update_buttons()

    # Loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.setProperty("stale", False)
        chosen = self.current_cohort()
        self.model.set_rows(list_cohorts(self.db))
        if chosen is None or not self.table.select_where(lambda row: row.id == chosen.id):
            if self.model.rowCount():
                self.table.selectRow(0)
            else:
                self.page.show_page(None)
        else:
            self._cohort_chosen()
        self.status_changed.emit()

    def current_cohort(self) -> CohortRow | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    def _cohort_chosen(self, *_args: Any) -> None:
        cohort = self.current_cohort()
        page = attempt(self, lambda: cohort_page(self.db, cohort.id)) if cohort else None
        self.page.show_page(page)
        if cohort is not None and page is not None:
            self.page.show_evaluation(attempt(self, lambda: cohort_evaluation(self.db, cohort.id)))
        self._update_buttons()
        self.status_changed.emit()

    def _feedback_target(self) -> Any:
        cohort = self.current_cohort()
        return attempt(self, lambda: find_target(self.db, None, cohort.id)) if cohort else None

    def _after_feedback(self) -> None:
        self._cohort_chosen()
        self.data_changed.emit()

    def _update_buttons(self, *_args: Any) -> None:
        has_cohort = self.current_cohort() is not None
        for button in (self.edit_button, self.enrol_button, self.mail_button, self.calendar_button):
            button.setEnabled(has_cohort)
        members = self.page.selected_members()
        self.status_button.setEnabled(bool(members))
        self.remove_button.setEnabled(bool(members))

    def set_search(self, text: str) -> None:
        chosen = self.current_cohort()
        self.model.set_filter(cohort_matches(text))
        if chosen is not None:
            self.table.select_where(lambda row: row.id == chosen.id)
        self.status_changed.emit()

    def status_text(self) -> str:
        count = self.model.rowCount()
        text = plural(count, "cohort")
        page = self.page.page
        if page is not None:
            statuses = [line.status for line in page.participants]
            text += f" · {page.cohort.name}: {members_text(statuses)}"
        return text

    def show_record(self, cohort_id: int) -> None:
        if self.property("stale"):
            self.refresh()
        if not self.table.select_where(lambda row: row.id == cohort_id):
            self.model.set_filter(None)
            self.table.select_where(lambda row: row.id == cohort_id)

    def _mail(self) -> None:
        from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog

        cohort = self.current_cohort()
        if cohort is None:
            return
        dialog = MailMergeDialog(
            self.db,
            cohort_id=cohort.id,
            template="joining-instructions",
            undo_stack=self.undo_stack,
            parent=self,
        )
        with dialogs.opened(dialog):
            written = dialog.written
        if written:
            self.data_changed.emit()

    def _calendar(self) -> None:
        from cohort_desk.ui.communications.calendar_export import save_calendar

        cohort = self.current_cohort()
        if cohort is not None:
            save_calendar(self, self.db, cohort_id=cohort.id)

    # Menu actions -------------------------------------------------------------------------
    def new_record(self) -> None:
        self.commands.new_cohort()

    def edit_selected(self) -> None:
        self.commands.edit_cohort()

    def delete_selected(self) -> None:
        if (
            self.page.selected_members()
            and self.page.member_table() is not None
            and (
                self.page.member_table().hasFocus()  # type: ignore[union-attr]
            )
        ):
            self.commands.remove_members()
        else:
            self.commands.delete_cohort()


SCREEN = CohortsScreen
