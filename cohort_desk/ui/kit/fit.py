"""Windows sized to fit the screen they open on (issue 15 item 5).

A 1366x768 laptop at 100% and a 1920x1080 screen at 150% both leave about 1280x690 usable
points once the taskbar shows; a window asked for more opened with its buttons off screen
(print preview was 900x1000, the main window 1280x800). Ask here instead of ``resize``.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The title bar and window frame Windows draws round a window: not in widget.size().
FRAME = QSize(16, 40)


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen not taken by the taskbar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted(width: int, height: int, area: QRect) -> QSize:
    """The size wanted, made smaller where the area (less the frame) is smaller."""
    return QSize(
        min(width, area.width() - FRAME.width()), min(height, area.height() - FRAME.height())
    )


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, never bigger than the usable screen."""
    size = fitted(width, height, available_area(widget))
    widget.resize(size.expandedTo(widget.minimumSize()))
