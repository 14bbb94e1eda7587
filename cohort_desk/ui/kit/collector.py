"""Python's cycle collector, run only on the UI thread.

Python collects cycles in whichever thread happens to allocate when its threshold is crossed.
With work on background threads (the people list loading, the impact figures, an export), that
is often a worker thread (tests/ui/test_collector.py shows it), which then destroys garbage Qt
objects that belong to the UI thread: a closed window's widgets, a finished job's thread. Qt
objects must be destroyed on their own thread, so the automatic collector is switched off and a
timer on the UI thread collects instead, the generations the thresholds would have chosen
(calibre has done the same for years).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def stop(self) -> None:
        """Hand collecting back to Python (the tests do, after each window test)."""
        self._timer.stop()
        gc.enable()

    def collect_due(self) -> int:
        """Collect the generations whose thresholds are crossed; returns how many objects went."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 2 if counts[2] > self.thresholds[2] else 1
        return gc.collect(generation)


def collect_on_ui_thread(app: QObject) -> UiThreadCollector:
    """Install the collector for ``app`` once; later calls return the same one."""
    existing = app.findChild(UiThreadCollector)
    return existing if existing is not None else UiThreadCollector(app)
