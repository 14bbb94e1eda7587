"""The screens of the main window. Each module here that defines ``SCREEN`` (a Screen subclass)
is found automatically and placed in the side bar by its ``order``."""

from __future__ import annotations

import importlib
import pkgutil

from cohort_desk.ui.views.base import Screen


def discover_screens() -> list[type[Screen]]:
    found: list[type[Screen]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        screen = getattr(module, "SCREEN", None)
        if isinstance(screen, type) and issubclass(screen, Screen):
            found.append(screen)
    return sorted(found, key=lambda s: (s.order, s.title))
