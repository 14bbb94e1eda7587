"""The screens of the main window: each feature room's ``screen`` module defines ``SCREEN`` (a
Screen subclass), found automatically and placed in the side bar by its ``order``."""

from __future__ import annotations

import importlib
import pkgutil

import cohort_desk.ui
from cohort_desk.ui.shell.screen import Screen

# Rooms of the window that are not features with a screen of their own.
NOT_FEATURES = {"shell", "kit"}


def discover_screens() -> list[type[Screen]]:
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
