"""A splitter that remembers where the user left its handle."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QSplitter, QWidget

STATE_PREFIX = "splitters/"


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
        state = QSettings().value(STATE_PREFIX + self.settings_key)
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))

    def save_state(self) -> None:
        QSettings().setValue(STATE_PREFIX + self.settings_key, self.saveState())


def save_all_splitters(root: QWidget) -> None:
    for splitter in root.findChildren(RememberedSplitter):
        splitter.save_state()
