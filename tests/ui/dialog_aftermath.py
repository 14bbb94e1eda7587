"""What a user does once a dialog has closed and been deleted (kit.dialogs): the deletion
happens, then Ctrl+Z, Ctrl+Shift+Z, F5 and another screen, each of which must work on what
the dialog left behind and never reach into the dialog itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.workspace_helpers import activate

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier(CTRL | Qt.KeyboardModifier.ShiftModifier)


def deleted(qtbot: Any) -> None:
    """Back in the event loop: the closed dialogs are deleted, as for a user."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(10)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def no_dialog_left(window: Any, kind: type[QDialog]) -> None:
    assert not window.findChildren(kind), f"a closed {kind.__name__} is still there"


def _key(qtbot: Any, window: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    activate(qtbot, window)
    focus = QApplication.focusWidget()
    target = focus if focus is not None and focus.window() is window else window
    qtbot.keyClick(target, key, modifiers)
    deleted(qtbot)


def ctrl_z(qtbot: Any, window: Any) -> None:
    _key(qtbot, window, Qt.Key.Key_Z, CTRL)


def ctrl_shift_z(qtbot: Any, window: Any) -> None:
    _key(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)


def show_screen(qtbot: Any, window: Any, title: str) -> Any:
    """Bring a screen to the front from the side bar (past the ninth, no Ctrl and digit)."""
    window.nav.setCurrentRow([s.title for s in window.screens].index(title))
    deleted(qtbot)
    screen = window.current_screen()
    assert screen.title == title
    return screen


def then_as_a_user(
    qtbot: Any,
    window: Any,
    title: str,
    done: Callable[[], bool],
    undone: Callable[[], bool] | None = None,
    again: Callable[[], object] | None = None,
) -> None:
    """The dialog opened from screen ``title`` has closed with its change made (``done``):
    it is deleted; Ctrl+Z takes the change back (``undone``), Ctrl+Shift+Z makes it again;
    F5, ``again`` (the same dialog opened once more) and another screen and back all work."""
    deleted(qtbot)
    assert done()
    if undone is not None:
        ctrl_z(qtbot, window)
        assert undone()
        ctrl_shift_z(qtbot, window)
        assert done()
    _key(qtbot, window, Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)
    if again is not None:
        again()
        deleted(qtbot)
    other = "Overview" if title != "Overview" else "People"
    show_screen(qtbot, window, other)
    show_screen(qtbot, window, title)
    assert done()
