"""The Data and privacy screen: backups and restore, the audit trail, people's rights
(subject access, erasure), the retention review and equality monitoring."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.ui.privacy.audit_tab import AuditPanel
from cohort_desk.ui.privacy.backups_tab import BackupsPanel
from cohort_desk.ui.privacy.equality_tab import EqualityPanel
from cohort_desk.ui.privacy.person_tab import PersonRightsPanel
from cohort_desk.ui.privacy.retention_tab import RetentionPanel
from cohort_desk.ui.shell.screen import Panel, TabbedScreen


class PrivacyScreen(TabbedScreen):
    title = "Data and privacy"
    order = 90
    can_export = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.backups = BackupsPanel(db)
        self.audit = AuditPanel(db)
        self.person = PersonRightsPanel(db)
        self.retention = RetentionPanel(db)
        self.equality = EqualityPanel(db)
        self._loaded: set[Panel] = set()
        self.add_panel(self.backups, "&Backups")
        self.add_panel(self.audit, "Audit &trail")
        self.add_panel(self.person, "People's &rights")
        self.add_panel(self.retention, "Re&tention review")
        self.add_panel(self.equality, "E&quality monitoring")
        # Everything the other screens show may have changed after these.
        self.backups.restored.connect(self._data_replaced)
        self.person.erased.connect(self._data_replaced)
        self.retention.anonymised.connect(self._data_replaced)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def refresh(self) -> None:
        # Only the tab in view is loaded now; the others load when first shown, since the
        # retention review and a long audit trail take a moment on a big database.
        self._loaded.clear()
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, index: int) -> None:
        panel = self.current_panel()
        if panel is not None and panel not in self._loaded:
            panel.refresh()
            self._loaded.add(panel)
        super()._tab_changed(index)

    def _data_replaced(self) -> None:
        panel = self.current_panel()
        self._loaded = {panel} if panel is not None else set()
        self.status_changed.emit()
        self.data_changed.emit()

    def export_current(self) -> None:
        """Ctrl+E: the audit trail, or the equality report on that tab."""
        if self.tabs.currentWidget() is self.equality:
            self.equality.export()
        else:
            self.audit.export()


SCREEN = PrivacyScreen
