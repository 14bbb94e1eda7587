"""What every screen of the main window offers, so the window's menus can drive any of them."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from cohort_desk.db.engine import Database


class Screen(QWidget):
    """One page of the main window (People, Cohorts...). Subclasses set ``title`` and ``order``
    and override what applies; the window enables its menu items from the ``can_*`` flags."""

    title: ClassVar[str] = ""
    order: ClassVar[int] = 100
    can_new: ClassVar[bool] = False
    can_delete: ClassVar[bool] = False
    can_print: ClassVar[bool] = False
    can_export: ClassVar[bool] = False
    searchable: ClassVar[bool] = True

    # Emitted when the record count or selection changes, so the status bar can follow.
    status_changed = Signal()
    # Emitted after the screen changed data, so other screens know to refresh.
    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

    def refresh(self) -> None:
        """Reload from the database (F5)."""

    def set_search(self, text: str) -> None:
        """Filter what is shown as the user types in the search field."""

    def status_text(self) -> str:
        return ""

    def new_record(self) -> None:
        """Ctrl+N."""

    def delete_selected(self) -> None:
        """The Delete key."""

    def print_current(self) -> None:
        """Ctrl+P."""

    def export_current(self) -> None:
        """Export what is shown to a spreadsheet."""


class TabbedScreen(Screen):
    """A screen made of tabs: the search field and the status line speak to the tab shown.
    Subclasses put their tabs in ``self.tabs``; a tab may offer set_search and status_text."""

    tabs: QTabWidget
    _search = ""

    def set_search(self, text: str) -> None:
        self._search = text
        panel = self.tabs.currentWidget()
        if hasattr(panel, "set_search"):
            panel.set_search(text)
        self.status_changed.emit()

    def status_text(self) -> str:
        panel = self.tabs.currentWidget()
        return panel.status_text() if hasattr(panel, "status_text") else ""
