"""The Mentoring screen: mentors, pairs and their meetings, suggestions for a cohort, reports."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.ui.mentoring.mentors_tab import MentorsPanel
from cohort_desk.ui.mentoring.pairs_tab import PairsPanel
from cohort_desk.ui.mentoring.reports_tab import ReportsPanel
from cohort_desk.ui.mentoring.suggest_tab import SuggestPanel
from cohort_desk.ui.shell.screen import TabbedScreen


class MentoringScreen(TabbedScreen):
    title = "Mentoring"
    order = 50
    can_new = True
    can_edit = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.mentors = MentorsPanel(db)
        self.pairs = PairsPanel(db)
        self.suggest = SuggestPanel(db)
        self.reports = ReportsPanel(db)
        self.add_panel(self.mentors, "&Mentors")
        self.add_panel(self.pairs, "&Pairs and meetings")
        self.add_panel(self.suggest, "S&uggest mentors")
        self.add_panel(self.reports, "&Reports")
        for panel in (self.mentors, self.pairs, self.suggest):
            panel.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def refresh(self) -> None:
        for panel in self.panels():
            panel.refresh()
        self.status_changed.emit()

    def _changed(self) -> None:
        # A new pair changes mentors' loads, the pairs list and the reports at once.
        sender = self.sender()
        for panel in (self.mentors, self.pairs, self.reports):
            if panel is not sender:
                panel.refresh()
        self.status_changed.emit()
        self.data_changed.emit()

    def new_record(self) -> None:
        """Ctrl+N: a new mentor on the Mentors tab, a pair by hand on the Pairs tab."""
        if self.tabs.currentWidget() is self.pairs:
            self.pairs.assign()
        else:
            self.tabs.setCurrentWidget(self.mentors)
            self.mentors.new_mentor()

    def edit_selected(self) -> None:
        """Open or edit: the chosen mentor's profile, or log a meeting of the chosen pair."""
        if self.tabs.currentWidget() is self.pairs:
            self.pairs.log_meeting()
        else:
            self.tabs.setCurrentWidget(self.mentors)
            self.mentors.edit_selected()


SCREEN = MentoringScreen
