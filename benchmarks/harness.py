"""What every benchmark case shares: sizes, results, timing beside a floor, and the workspace."""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    """How big each case is: the issue's sizes, or small ones for CI's --quick run."""

    people: int = 100_000
    import_rows: int = 10_000
    certificates: int = 1_000
    summary_people: int = 300  # the sign-in register lists this cohort too
    summary_sessions: int = 20
    runs: int = 3
    quick: bool = False

    @classmethod
    def reduced(cls) -> Sizes:
        # Small enough that CI's run, traced runs for peak memory included, takes a minute.
        return cls(
            quick=True,
            people=10_000,
            import_rows=1_000,
            certificates=50,
            summary_people=100,
            summary_sessions=10,
            runs=1,
        )


@dataclass(frozen=True)
class Target:
    """A limit on seconds, on the ratio to the floor, or on megabytes (resident memory)."""

    kind: str  # "seconds", "ratio" or "mb"
    limit: float

    def text(self) -> str:
        if self.kind == "seconds":
            return f"< {self.limit:g} s" if self.limit >= 1 else f"< {self.limit * 1000:g} ms"
        if self.kind == "ratio":
            return f"<= {self.limit:g}x floor"
        return f"< {self.limit:g} MB"


@dataclass
class Result:
    """One row of the table. ``seconds`` and ``floor_seconds`` are medians of ``runs`` runs;
    memory is a tracemalloc peak of Python allocations ("py") or a process's ru_maxrss ("rss")."""

    name: str
    title: str
    target: Target
    seconds: float | None = None
    floor_seconds: float | None = None
    peak_mb: float | None = None
    floor_peak_mb: float | None = None
    memory_kind: str = "py"
    runs: int = 0
    status: str = "ok"  # ok, skipped (a feature not written yet) or error
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.floor_seconds:
            return None
        return self.seconds / self.floor_seconds

    @property
    def passed(self) -> bool | None:
        if self.status != "ok":
            return None
        value = {"seconds": self.seconds, "ratio": self.ratio, "mb": self.peak_mb}[self.target.kind]
        return None if value is None else value <= self.target.limit

    def as_json(self) -> dict[str, Any]:
        passed = self.passed
        return {
            "name": self.name,
            "title": self.title,
            "seconds": self.seconds,
            "floor_seconds": self.floor_seconds,
            "ratio": self.ratio,
            "peak_mb": self.peak_mb,
            "floor_peak_mb": self.floor_peak_mb,
            "memory": self.memory_kind,
            "runs": self.runs,
            "target": self.target.text(),
            "verdict": None if passed is None else ("PASS" if passed else "MISS"),
            "status": self.status,
            "note": self.note,
            "details": self.details,
        }


def timed(work: Callable[[], Any]) -> float:
    gc.collect()  # garbage left by the previous run should not be collected on this one's time
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def traced_peak_mb(work: Callable[[], Any]) -> float:
    """Peak of Python allocations during ``work``; traced runs are slower, so never timed."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def side_by_side(
    runs: int,
    case: Callable[[], Callable[[], Any]],
    floor: Callable[[], Callable[[], Any]],
) -> tuple[float, float, float, float]:
    """Median seconds and peak MB of the case and of its floor. ``case()`` and ``floor()`` do
    the untimed preparation of one run and return the work to time. Runs alternate case and
    floor, so a burst of load from other work on the machine hits both alike."""
    case_times, floor_times = [], []
    for _ in range(runs):
        case_times.append(timed(case()))
        floor_times.append(timed(floor()))
    return (
        statistics.median(case_times),
        statistics.median(floor_times),
        traced_peak_mb(case()),
        traced_peak_mb(floor()),
    )


class FeatureMissing(Exception):
    """A service the case measures has not been written yet: the row says so, not an error."""


@contextmanager
def feature(name: str) -> Iterator[None]:
    """Import a feature's modules inside this block; a missing one skips the case."""
    try:
        yield
    except ImportError as exc:
        raise FeatureMissing(f"{name} is not available yet ({exc})") from None


class Workspace:
    """A scratch folder holding every file the benchmark makes, built once per run and shared
    by the cases; the app's own folders point inside it (COHORT_DESK_HOME)."""

    def __init__(self, folder: Path, sizes: Sizes) -> None:
        self.folder = folder
        self.sizes = sizes
        self.home = folder / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self._counter = 0

    def env(self) -> dict[str, str]:
        """The environment for child processes: the app's and Qt's folders in the workspace."""
        env = dict(os.environ)
        env["COHORT_DESK_HOME"] = str(self.home)
        env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM") or "offscreen"
        env["XDG_CONFIG_HOME"] = str(self.home / "xdg-config")
        env["XDG_CACHE_HOME"] = str(self.home / "xdg-cache")
        env.pop("COHORT_DESK_DB", None)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        return env

    def fresh(self, stem: str, suffix: str = "") -> Path:
        """A new, unused path in the workspace (unused by an earlier run with --workdir too)."""
        while True:
            self._counter += 1
            path = self.folder / f"{stem}-{self._counter}{suffix}"
            if not path.exists():
                return path

    def copy_db(self, source: Path, stem: str) -> Path:
        target = self.fresh(stem, ".db")
        shutil.copyfile(source, target)
        return target

    def demo_db(self, people: int) -> Path:
        """A demo database made the way a user would (`cohort-desk demo`), cached for the run."""
        path = self.folder / f"demo-{people}.db"
        if not path.exists():
            partial = path.with_name(f"{path.stem}-partial.db")
            partial.unlink(missing_ok=True)
            subprocess.run(
                [sys.executable, "-m", "cohort_desk", "--db", str(partial), "demo"]
                + ["--people", str(people)],
                env=self.env(),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            partial.rename(path)
        return path
