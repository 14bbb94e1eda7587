"""Running window tests on a real 1366 x 768 screen (issue 15, "Every top-level window and
dialog, opened by a test at 1366x768, fits inside it").

The offscreen platform's screen is 800 x 800 unless told otherwise, and Qt sizes a new window
from its screen (at most two thirds of it), so a test on that screen says little about a
laptop. Qt reads the screen once, when the application starts: the checks run in a pytest of
their own whose offscreen screen is 1366 x 768 (``offscreen:configfile=``), with the taskbar's
40 points taken off the area windows may use, as ``kit.fit`` does on Windows.

The modules run that way are named ``laptop_*.py``, so the ordinary run never collects them;
``test_fits_a_laptop.py`` starts them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QWidget,
)

from cohort_desk.ui.kit.fit import FRAME

ON_A_LAPTOP = "COHORT_DESK_TEST_ON_A_LAPTOP"  # holds the name of the screen run on
# Each screen: its size in points, its scale, and what the taskbar leaves (40 points at 100%;
# 48 pixels, 32 points, at 150%).
SCREENS = {
    "1366x768": (QRect(0, 0, 1366, 768), 1.0, QRect(0, 0, 1366, 728)),
    "1920x1080@150": (QRect(0, 0, 1280, 720), 1.5, QRect(0, 0, 1280, 688)),
}
SCREEN, SCALE, USABLE = SCREENS.get(os.environ.get(ON_A_LAPTOP, ""), SCREENS["1366x768"])


def run_on_a_laptop(
    module: str, folder: Path, screen: str = "1366x768"
) -> subprocess.CompletedProcess[str]:
    """Run ``tests/ui/<module>`` in a pytest whose screen is one of SCREENS."""
    size, scale, _usable = SCREENS[screen]
    config = folder / "laptop-screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": size.width(),
                        "height": size.height(),
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": scale,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ)
    # Named from the folder it runs in: Qt splits the platform's arguments at every colon, so
    # a Windows path (C:\...) would be cut at its drive letter and Qt would stop.
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config.name}"
    env[ON_A_LAPTOP] = screen
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(Path(__file__).with_name(module)),
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def dressed_as_the_app() -> None:
    """The app's own style and sheet (make_application applies them), as in the real window:
    its buttons are wider than Qt's plain ones, and a row of them that fitted plain did not
    fit dressed (the Sessions screen's, seen under Xvfb)."""
    from PySide6.QtWidgets import QApplication

    from cohort_desk.ui.kit.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: out of sight there is scrolled to, not cut."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _shown_rect(widget: QWidget, window: QWidget) -> QRect:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return QRect(top_left, widget.size())


def what_does_not_fit(window: QWidget, usable: QRect = USABLE) -> list[str]:
    """Everything wrong with how ``window`` sits on the laptop: too big for the screen (with
    its title bar and frame), its layout squeezed below its minimum, a button or label cut
    or outside the window. Empty when it fits."""
    wrong: list[str] = []
    size = window.size()
    if size.width() + FRAME.width() > usable.width():
        wrong.append(f"{size.width()} wide with its frame is wider than the screen")
    if size.height() + FRAME.height() > usable.height():
        wrong.append(f"{size.height()} tall with its title bar is taller than the screen")
    minimum = window.minimumSizeHint()
    if minimum.height() + FRAME.height() > usable.height():
        wrong.append(f"cannot be made smaller than {minimum.height()} tall")
    if minimum.width() + FRAME.width() > usable.width():
        wrong.append(f"cannot be made narrower than {minimum.width()}")
    layout = window.layout()
    if layout is not None:
        needs = layout.totalMinimumSize()
        if size.width() < needs.width() or size.height() < needs.height():
            wrong.append(f"squeezed below the {needs.toTuple()} its contents need")
    inside = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if _scrolled(widget, window):
            continue
        if not isinstance(widget, QAbstractButton | QLabel | QAbstractScrollArea):
            continue
        name = _describe(widget)
        if not inside.contains(_shown_rect(widget, window)):
            wrong.append(f"{name} is outside the window")
            continue
        if isinstance(widget, QAbstractButton):
            hint = widget.minimumSizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                wrong.append(f"{name} is cut ({widget.width()} wide, needs {hint.width()})")
        elif isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            if widget.width() < widget.minimumSizeHint().width():
                wrong.append(f"{name} is cut")
    return wrong


def _describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text()
    return f"{type(widget).__name__} {text[:40]!r}" if text else type(widget).__name__
