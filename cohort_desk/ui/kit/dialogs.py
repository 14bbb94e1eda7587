"""Running a modal dialog so that it is deleted once it has been used (issue 22).

A dialog made with a parent and run with ``exec()`` is only hidden when it closes: it stays
a child of its parent until the parent dies, so through a long day every Save, question and
preview piles up under the main window (and hidden closed dialogs were linked to a crash).
``WA_DeleteOnClose`` is no answer, since the caller reads the dialog's fields after exec()
returns. So every dialog in the window is run here instead:

    with dialogs.opened(SomeDialog(self)) as (dialog, accepted):
        if accepted and dialog.saved is not None:
            ...  # read what is needed inside the block

and the dialog is deleted (later, by Qt's event loop) once the block ends. ``run`` is the
same for a dialog whose answer is all the caller needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

D = TypeVar("D", bound=QDialog)
# Set (a dynamic property) on an object a dialog owns while it runs work on another thread;
# the object has a ``finished`` signal, sent once that work and what it reported are dealt
# with (kit.workers.BackgroundJob), since that may start more work on the same dialog.
BUSY = "cohortDeskBusy"


@contextmanager
def opened(dialog: D) -> Iterator[tuple[D, int]]:
    """Run ``dialog`` modally; yield it with what exec() returned (0 for Cancel or Esc,
    non-zero otherwise); delete it once the with-block ends, even if the block raised."""
    try:
        # exec() looked up on the instance, so a test that answers the dialog class's exec
        # still answers it here.
        yield dialog, dialog.exec()
    finally:
        forget(dialog)


def run(dialog: QDialog) -> int:
    """Run ``dialog`` modally and delete it afterwards; what exec() returned."""
    with opened(dialog) as (_, result):
        return result


def forget(dialog: QDialog) -> None:
    """Delete a closed dialog once control is back in the event loop. Later, not now: the
    caller's signals and Qt's own handling of the close may still be on their way to it. A
    dialog Qt has already deleted (WA_DeleteOnClose) is left alone.

    A dialog closed while work it started still runs in the background (closed before the
    progress dialog showed) is kept until that work is over: deleting it would take the
    job's thread down mid-run, and the job still reports to it when done."""
    if not isValid(dialog):
        return
    busy = next((child for child in dialog.findChildren(QObject) if child.property(BUSY)), None)
    if busy is None:
        dialog.deleteLater()
    else:
        # Any object marked BUSY has the signal, as BUSY's note says.
        busy.finished.connect(lambda: forget(dialog))  # type: ignore[attr-defined]
