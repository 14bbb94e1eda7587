"""A splitter that remembers where the user left its handle."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QSplitter, QWidget

from cohort_desk.ui.kit.settings import SPLITTER_STATE


class RememberedSplitter(QSplitter):
    def __init__(
        self, settings_key: str, orientation: Qt.Orientation, parent: QWidget | None = None
    ) -> None:
        super().__init__(orientation, parent)
        self.settings_key = settings_key
        self.setChildrenCollapsible(False)

    def set_default_sizes(self, sizes: list[int]) -> None:
        """First-run sizes; then the remembered ones, once the panes have been added."""
        self.setSizes(sizes)
        state = SPLITTER_STATE[self.settings_key].get()
        if state:
            self.restoreState(QByteArray(state))

    def save_state(self) -> None:
        SPLITTER_STATE[self.settings_key].set(bytes(self.saveState().data()))


def save_all_splitters(root: QWidget) -> None:
    for splitter in root.findChildren(RememberedSplitter):
        splitter.save_state()
