"""The pile of screens behind the side bar, each built the first time it is needed.

Building every screen before the window appears cost over a second and a half with 100,000
people; now the window shows with the screen it opens on, and the others are built one per
turn of the event loop afterwards (or at once, when something asks for them all).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

from cohort_desk.ui.shell.screen import Screen
from cohort_desk.ui.shell.screens import SCREENS

if TYPE_CHECKING:  # the window is drawn before SQLAlchemy is imported
    from cohort_desk.db.engine import Database

LOAD_POLL_MS = 100


class ScreenStack(QStackedWidget):
    screen_built = Signal(object)  # a Screen, just made: the window wires up its signals

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db  # None while the window waits for the database to open
        self.entries = SCREENS  # the screens' modules are imported as each is built
        self._built: list[Screen | None] = [None] * len(self.entries)
        self._areas: list[QScrollArea] = []
        self._closing = False
        for _entry in self.entries:
            area = QScrollArea()
            # A screen wider than a small or 150%-scaled display scrolls, instead of forcing
            # the window wider than the display.
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._areas.append(area)
            self.addWidget(area)

    @property
    def titles(self) -> list[str]:
        return [entry.title for entry in self.entries]

    def screen_class(self, index: int) -> type[Screen]:
        return self.entries[index].load()

    def screen_at(self, index: int) -> Screen:
        screen = self._built[index]
        if screen is None:
            if self.db is None:
                raise RuntimeError("a screen cannot be built before the database is open")
            screen = self.screen_class(index)(self.db, self._areas[index])
            self._areas[index].setWidget(screen)
            self._built[index] = screen
            self.screen_built.emit(screen)
        return screen

    def all_screens(self) -> list[Screen]:
        if self.db is None:
            return []
        return [self.screen_at(index) for index in range(len(self.entries))]

    def built_screens(self) -> list[Screen]:
        return [screen for screen in self._built if screen is not None]

    def current_screen(self) -> Screen | None:
        index = self.currentIndex()
        return self._built[index] if 0 <= index < len(self._built) else None

    def any_loading(self) -> bool:
        """Whether a screen is still filling itself in the background."""
        return any(screen.is_loading() for screen in self.built_screens())

    def stop_building(self) -> None:
        """The window is closing: a screen built now would start work (the impact figures
        load on a thread) that outlives the window."""
        self._closing = True

    def build_rest_later(self) -> None:
        """Build the remaining screens one at a time, letting the window paint in between,
        once no screen is filling itself in the background (building on the UI thread while
        100,000 people load would slow both, and the list is what the user waits for)."""
        if self._closing:
            return
        if self.any_loading():
            QTimer.singleShot(LOAD_POLL_MS, self, self.build_rest_later)
            return
        for index, screen in enumerate(self._built):
            if screen is None:
                self.screen_at(index)
                QTimer.singleShot(0, self, self.build_rest_later)
                return
