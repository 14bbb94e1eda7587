"""The Mentoring screen: mentors, pairs and their meetings, suggestions for a cohort, reports."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

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
    can_edit = True  # the window's "Open or edit" (optional hook of the main window)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.mentors = MentorsPanel(db)
        self.pairs = PairsPanel(db)
        self.suggest = SuggestPanel(db)
        self.reports = ReportsPanel(db)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.mentors, "&Mentors")
        self.tabs.addTab(self.pairs, "&Pairs and meetings")
        self.tabs.addTab(self.suggest, "S&uggest mentors")
        self.tabs.addTab(self.reports, "&Reports")
        self.tabs.currentChanged.connect(self._tab_changed)
        for panel in (self.mentors, self.pairs, self.suggest):
            panel.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._search = ""
        self.refresh()

    def _panels(self) -> list[QWidget]:
        return [self.mentors, self.pairs, self.suggest, self.reports]

    def refresh(self) -> None:
        for panel in self._panels():
            panel.refresh()  # type: ignore[attr-defined]
        self.status_changed.emit()

    def _changed(self) -> None:
        # A new pair changes mentors' loads, the pairs list and the reports at once.
        sender = self.sender()
        for panel in (self.mentors, self.pairs, self.reports):
            if panel is not sender:
                panel.refresh()
        self.status_changed.emit()
        self.data_changed.emit()

    def _tab_changed(self, _index: int) -> None:
        self.set_search(self._search)

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
