"""The cycle collector runs on the UI thread only (ui/kit/collector.py): garbage made while a
background job works is collected by the UI thread's timer, never by the job's thread."""

from __future__ import annotations

import gc
import threading

from cohort_desk.ui.kit.collector import UiThreadCollector, collect_on_ui_thread
from cohort_desk.ui.kit.workers import BackgroundJob


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_made_on_a_worker_thread_is_collected_on_the_ui_thread(qtbot, qapp):
    threads: list[str] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        _collected_where(qtbot, qapp, threads)
    finally:
        gc.callbacks.remove(note)


def _collected_where(qtbot, qapp, threads: list[str]) -> None:  # type: ignore[no-untyped-def]
    collector = qapp.findChild(UiThreadCollector)  # the window tests' own, made per test
    assert collector is not None and not gc.isenabled()
    done: list[bool] = []

    def make_garbage(_progress: object) -> None:
        for _ in range(50_000):  # far past every threshold: Python would collect in here
            Cycle()
        done.append(True)

    job = BackgroundJob(None, "Garbage", make_garbage, show_dialog=False)  # type: ignore[arg-type]
    job.start()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    job.wait()
    assert threads == []  # nothing collected on the job's thread
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    assert set(threads) == {threading.main_thread().name}


def test_the_app_installs_one_collector_and_stopping_it_hands_back_to_python(qapp):
    first = collect_on_ui_thread(qapp)
    assert collect_on_ui_thread(qapp) is first
    first.stop()
    assert gc.isenabled()
