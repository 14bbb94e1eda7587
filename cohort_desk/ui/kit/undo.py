"""Undo (Ctrl+Z) and redo for the changes a person makes, through the same services.

An action is done first, in the ordinary way, so any error is shown before anything is pushed;
then a command that knows how to reverse it goes on its screen's undo stack. Undo and redo
call services again, so they are transactions and land in the audit trail like any change.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from cohort_desk.errors import UserError
from cohort_desk.ui.kit.errors import show_error

log = logging.getLogger(__name__)
T = TypeVar("T")
UNDO_LIMIT = 100
# Orders the changes of every screen in one history (Edit > Undo history).
_sequence = itertools.count(1)


class ServiceCommand(QUndoCommand):
    """Reverses (``undo``) or repeats (``redo``) an action that has already been done once.

    ``after`` runs after either, to refresh what the screen shows. When the database refuses
    (someone else changed the record meanwhile), the message is shown and the command is
    dropped from the stack rather than left to fail again. ``redo`` None: a change that can
    be undone but not done again (an import, whose undo is the exact undo-import); once
    undone it leaves the stack.
    """

    def __init__(
        self,
        text: str,
        undo: Callable[[], Any],
        redo: Callable[[], Any] | None,
        after: Callable[[], Any] | None = None,
        key: object = None,
    ) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._after = after
        self._done_once = False
        self.key = key  # what the change was about (an import's batch id), for finding it
        self.sequence = next(_sequence)
        self.made_at = datetime.now()

    def redo(self) -> None:
        if not self._done_once:  # QUndoStack.push calls redo(); the action is already done
            self._done_once = True
            return
        if self._redo is not None:
            self._run(self._redo, "Cannot redo")

    def undo(self) -> None:
        if self._run(self._undo, "Cannot undo") and self._redo is None:
            self.setObsolete(True)

    def _run(self, work: Callable[[], Any], title: str) -> bool:
        try:
            work()
        except UserError as exc:
            self.setObsolete(True)
            show_error(QApplication.activeWindow(), exc, title)
            return False
        finally:
            if self._after is not None:
                self._after()
        return True


def while_alive(owner: QObject, work: Callable[[], Any]) -> Callable[[], None]:
    """``work``, to run after an undo, as long as ``owner`` lives and nothing once it is gone.
    A dialog is deleted once closed (kit.dialogs) while the changes made in it stay on its
    screen's undo stack, and their refresh must not reach into what was deleted."""
    alive = [True]
    owner.destroyed.connect(alive.clear)

    def run() -> None:
        if alive:
            work()

    return run


def push_done(
    stack: QUndoStack,
    text: str,
    undo: Callable[[], Any],
    redo: Callable[[], Any] | None,
    after: Callable[[], Any] | None = None,
    key: object = None,
) -> ServiceCommand:
    """Put a change already made on ``stack``, named as the Undo menu will show it."""
    command = ServiceCommand(text, undo, redo, after, key)
    stack.push(command)
    return command


class HasVersion(Protocol):
    version: int


V = TypeVar("V", bound=HasVersion)


class VersionedEdit:
    """Undo and redo for an edit saved with optimistic locking: each save returns the record's
    new version, which the next undo or redo must quote."""

    def __init__(
        self, save: Callable[[Any, int], V], before: Any, after: Any, version: int
    ) -> None:
        self._save = save
        self._before = before
        self._after = after
        self.version = version

    def undo(self) -> None:
        self.version = self._save(self._before, self.version).version

    def redo(self) -> None:
        self.version = self._save(self._after, self.version).version


def attempt(parent: QWidget | None, work: Callable[[], T]) -> T | None:
    """Run one service call for the window; a UserError becomes one sentence in a message box
    and None is returned. Bugs still go to the crash dialog through the excepthook."""
    try:
        return work()
    except UserError as exc:
        log.info("refused: %s", exc.message)
        show_error(parent, exc)
        return None


def succeeded(parent: QWidget | None, work: Callable[[], object]) -> bool:
    """Like ``attempt``, for services that return nothing: True when the work was done."""
    return attempt(parent, lambda: work() or True) is not None
