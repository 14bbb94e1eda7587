"""The Community screen: the Community of Practice, system leadership roles, and their time."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.ui.community.members_tab import MembersPanel
from cohort_desk.ui.community.roles_tab import RolesPanel
from cohort_desk.ui.community.time_tab import LeadershipTimePanel
from cohort_desk.ui.shell.screen import TabbedScreen


class CommunityScreen(TabbedScreen):
    title = "Community and leadership"
    order = 80
    can_new = True
    can_export = True
    can_edit = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.members = MembersPanel(db)
        self.roles = RolesPanel(db)
        self.time = LeadershipTimePanel(db)
        self.add_panel(self.members, "Community of &Practice")
        self.add_panel(self.roles, "Leadership &roles")
        self.add_panel(self.time, "Leadership &time")
        self.members.changed.connect(self._changed)
        self.roles.changed.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def refresh(self) -> None:
        for panel in (self.members, self.roles, self.time):
            panel.refresh()
        self.status_changed.emit()

    def _changed(self) -> None:
        if self.sender() is self.roles:
            self.time.refresh()  # the report follows the roles
        self.status_changed.emit()
        self.data_changed.emit()

    def new_record(self) -> None:
        """Ctrl+N: a new role on the roles tab, a new member otherwise."""
        if self.tabs.currentWidget() is self.roles:
            self.roles.new_role()
        else:
            self.tabs.setCurrentWidget(self.members)
            self.members.add_member()

    def edit_selected(self) -> None:
        """Open or edit: the chosen role, or record the chosen member's consent."""
        if self.tabs.currentWidget() is self.roles:
            self.roles.edit_selected()
        elif self.tabs.currentWidget() is self.members:
            self.members.record_consent()

    def export_current(self) -> None:
        """Ctrl+E: the contact list, which holds only members who consented."""
        self.members.export()


SCREEN = CommunityScreen
