"""Long work off the UI thread: one helper with a progress dialog, Cancel, and callbacks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from cohort_desk.services.progress import Progress
from cohort_desk.ui.kit.dialogs import BUSY
from cohort_desk.ui.kit.errors import show_error

log = logging.getLogger(__name__)


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.progress = Progress(lambda done, total, text: self.progressed.emit(done, total, text))

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as exc:  # handed to the UI thread, which shows it
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


class BackgroundJob(QObject):
    """Runs ``work(progress)`` on a worker thread while a modal progress dialog with Cancel is
    shown. ``on_done(result)`` runs on the UI thread; errors go to ``on_error`` or are shown.

    Keep a reference to the job (``parent`` owns it) until ``finished`` is emitted.
    """

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self.thread = QThread()
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setMinimumDuration(400)  # quick jobs never flash a dialog
            self.dialog.canceled.connect(self.cancel)
            self.worker.progressed.connect(self._progressed)

    def start(self) -> BackgroundJob:
        self.setProperty(BUSY, True)  # a dialog that owns the job outlives it (kit.dialogs)
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.worker.progress.cancel()

    def wait(self) -> None:
        """Block until the work is over (the window is closing). The thread is told to quit
        first: it would otherwise wait for the UI thread, this one, to tell it, and never end."""
        self.thread.quit()
        self.thread.wait()

    def _progressed(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.setProperty(BUSY, False)
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()

    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            # Sent once what the work reported has been dealt with too: that may start more
            # work on the same owner (a feedback file read, then imported), and a dialog
            # closed meanwhile must not be deleted under it (kit.dialogs.forget).
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        self._finish()
        try:
            if self._on_error is not None:
                self._on_error(error)
            else:
                show_error(self._parent, error)
        finally:
            self.finished.emit()


def run_in_background(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> BackgroundJob:
    return BackgroundJob(parent, title, work, on_done, on_error).start()
