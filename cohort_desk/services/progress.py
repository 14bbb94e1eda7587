"""Progress reporting and cancelling for long services, without any Qt in the services."""

from __future__ import annotations

import threading
from collections.abc import Callable

from cohort_desk.errors import Cancelled

ProgressCallback = Callable[[int, int, str], None]


class Progress:
    """Passed into long services. ``step`` reports how far they are and raises ``Cancelled``
    once Cancel has been pressed, so the service's transaction rolls back and nothing is
    half-done."""

    def __init__(self, callback: ProgressCallback | None = None) -> None:
        self._callback = callback
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if self._callback is not None:
            self._callback(done, total, text)


NO_PROGRESS = Progress()
