"""The screens of the main window: each feature room's ``screen`` module defines ``SCREEN`` (a
Screen subclass), placed in the side bar by its ``order``.

The side bar is drawn from ``SCREENS`` without importing the screens: importing all of them
(and the services, reportlab and openpyxl behind them) cost over a second before the window
appeared. A screen's module is imported when it is first built. ``discover_screens`` finds
them by importing every room; a test holds ``SCREENS`` to what it finds.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import cohort_desk.ui
from cohort_desk.ui.shell.screen import Screen

# Rooms of the window that are not features with a screen of their own.
NOT_FEATURES = {"shell", "kit"}


@dataclass(frozen=True)
class ScreenEntry:
    """A screen as the side bar knows it before it is built: its room, title and order."""

    room: str
    title: str
    order: int

    def load(self) -> type[Screen]:
        screen = importlib.import_module(f"cohort_desk.ui.{self.room}.screen").SCREEN
        assert isinstance(screen, type) and issubclass(screen, Screen)
        return screen


SCREENS = (
    ScreenEntry("overview", "Overview", 5),
    ScreenEntry("people", "People", 10),
    ScreenEntry("cohorts", "Cohorts", 20),
    ScreenEntry("applications", "Applications", 25),
    ScreenEntry("sessions", "Sessions", 30),
    ScreenEntry("attendance", "Attendance", 40),
    ScreenEntry("mentoring", "Mentoring", 50),
    ScreenEntry("certificates", "Certificates", 60),
    ScreenEntry("imports", "Imports and history", 70),
    ScreenEntry("community", "Community and leadership", 80),
    ScreenEntry("reports", "Reports", 85),
    ScreenEntry("privacy", "Data and privacy", 90),
)


def discover_screens() -> list[type[Screen]]:
    """Every room's screen, found by importing them all (slow: for tests and tools)."""
    found: list[type[Screen]] = []
    for info in pkgutil.iter_modules(cohort_desk.ui.__path__):
        if not info.ispkg or info.name in NOT_FEATURES:
            continue
        try:
            module = importlib.import_module(f"cohort_desk.ui.{info.name}.screen")
        except ModuleNotFoundError as exc:
            if exc.name != f"cohort_desk.ui.{info.name}.screen":
                raise
            continue  # a room without a screen of its own
        screen = vars(module).get("SCREEN")
        if isinstance(screen, type) and issubclass(screen, Screen):
            found.append(screen)
    return sorted(found, key=lambda s: (s.order, s.title))
