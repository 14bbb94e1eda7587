"""Window cases: start-up to the main window and its memory (fresh processes), and filtering
and sorting the People screen's 100,000 rows in this process."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from harness import Result, Target, Workspace, side_by_side, timed, traced_peak_mb
from startup_scripts import START_APP, START_BARE, START_LIST_FLOOR


def _start(ws: Workspace, script: str, *args: str) -> dict[str, dict[str, Any]]:
    """Run a start-up script; each event with "wall", the seconds from spawning the process
    (interpreter start included, as a user waits for it) to the event's line arriving."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=ws.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    events: dict[str, dict[str, Any]] = {}
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("{"):
            event = json.loads(line)
            event["wall"] = time.perf_counter() - started
            events[event["event"]] = event
    _, errors = child.communicate()
    if child.returncode != 0 or "shown" not in events:
        raise RuntimeError(f"start-up exited with {child.returncode}: {errors[-2000:]}")
    return events


def startup_and_memory(ws: Workspace) -> list[Result]:
    people = ws.sizes.people
    db = ws.demo_db(people)
    # An untimed first start makes the day's automatic backup and warms the file cache, as a
    # user's first start of the day does; the timed runs are the starts after it.
    first = _start(ws, START_APP, str(db), str(ws.fresh("qt-settings")))["shown"]["wall"]
    apps, bares, list_floors = [], [], []
    listing = _listing_sql()
    for _ in range(ws.sizes.runs):
        # Fresh window settings each time: every run is a first start, on the same screen.
        apps.append(_start(ws, START_APP, str(db), str(ws.fresh("qt-settings"))))
        bares.append(_start(ws, START_BARE))
        list_floors.append(_start(ws, START_LIST_FLOOR, str(db), listing)["loaded"]["wall"])
    shown = [run["shown"] for run in apps]
    loaded = [run.get("loaded", {}) for run in apps]
    filled = [e["wall"] for e in loaded if e.get("rows")]
    # The first screenful, where the list shows it before everyone is read; else the full list.
    firsts = [run.get("first_rows", run.get("loaded", {})).get("wall") for run in apps]
    firsts = [t for t in firsts if t is not None]
    start = Result(
        "startup",
        f"start to main window shown, {people:,} people",
        Target("seconds", 1.5),
        seconds=statistics.median(e["wall"] for e in shown),
        floor_seconds=statistics.median(run["shown"]["wall"] for run in bares),
        peak_mb=_max(e.get("rss_mb") for e in shown),
        floor_peak_mb=_max(run["shown"].get("rss_mb") for run in bares),
        memory_kind="rss",
        runs=len(apps),
        details={
            "imports_s": statistics.median(e["imports"] for e in shown),
            "floor_imports_s": statistics.median(run["shown"]["imports"] for run in bares),
            "people_list_filled_s": statistics.median(filled) if filled else None,
            "people_list_first_screenful_s": statistics.median(firsts) if firsts else None,
            "walls_s": [round(e["wall"], 3) for e in shown],
            "first_start_of_day_s": first,
        },
    )
    rows = [e.get("rows", 0) for e in loaded]
    memory = Result(
        "window-memory",
        f"peak memory, {people:,} people loaded in the window",
        Target("mb", 400),
        peak_mb=_max(e.get("rss_mb") for e in loaded),
        memory_kind="rss",
        runs=len(apps),
        details={"people_rows_shown": rows},
    )
    if not all(rows):
        memory.status, memory.note = "error", "the People screen never showed its rows"
    start.note = f"first start of the day (daily backup) {first:.2f} s"
    filled_list = _list_filled(start, statistics.median(list_floors))
    window = start.seconds or 0.0
    for key, what in (
        ("people_list_first_screenful_s", "People list's first screenful shown"),
        ("people_list_filled_s", "People list filled"),
    ):
        at = start.details[key]
        if at is not None:
            ratio = f" ({at / window:.1f}x the window)" if window else ""
            start.note += f"; {what} at {at:.2f} s{ratio}"
    return [start, memory, filled_list]


def _listing_sql() -> str:
    """The People list's own query, as SQL text for the floor's bare sqlite3 (private on
    purpose: the floor must read exactly what the screen reads)."""
    from sqlalchemy.dialects import sqlite

    from cohort_desk.services.people.listing import PeopleFilter, _list_query

    query = _list_query(PeopleFilter(include_archived=True))
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def _list_filled(start: Result, list_floor: float) -> Result:
    """Issue 22's goal, the list filled within 2x the window, as its own row; with the list's
    own floor (START_LIST_FLOOR) beside it, because the window alone is no longer a floor
    the list can meet (see RESULTS.md)."""
    filled = start.details["people_list_filled_s"]
    result = Result(
        "people-list-filled",
        f"People list filled (floor: the window), {start.title.rsplit(', ', 1)[-1]}",
        Target("ratio", 2),
        seconds=filled,
        floor_seconds=start.seconds,
        runs=start.runs,
        details={"list_floor_s": list_floor},
    )
    if filled is not None and list_floor:
        result.details["ratio_to_list_floor"] = filled / list_floor
        result.note = (
            f"{filled / list_floor:.2f}x its own floor ({list_floor:.2f} s: a bare window, "
            "SQLAlchemy imported, the same query through sqlite3 into a table model)"
        )
    return result


def _max(values: Any) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _wait(app: Any, ready: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.perf_counter() + seconds
    while not ready():
        if time.perf_counter() > deadline:
            raise RuntimeError("the People screen did not load its rows in time")
        app.processEvents()
        time.sleep(0.002)


def people_list(ws: Workspace) -> list[Result]:
    """Typing a family name into the People screen's search, and sorting it by family name."""
    from PySide6.QtCore import QSettings, Qt

    from cohort_desk.db.opening import open_database
    from cohort_desk.ui.people.screen import PeopleScreen
    from cohort_desk.ui.shell.application import make_application

    people = ws.sizes.people
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(ws.fresh("qt-settings"))
    )
    app = make_application()
    db = open_database(str(ws.demo_db(people)))
    screen = PeopleScreen(db)
    screen.resize(1100, 700)
    screen.show()
    screen.refresh()
    model = screen.model
    # Shown, and its search ready (the search text is made after the rows are shown).
    _wait(app, lambda: not screen.is_loading() and model.rowCount() > 0)
    rows = model.all_rows()
    # The floor searches the same text for each row, lower-cased once beforehand: the least
    # Python can do to filter these rows by a typed string.
    texts = [
        (row, f"{row.given_name}\n{row.family_name}\n{row.email}\n{row.organisation}".casefold())
        for row in rows
    ]
    name = "Okonkwo"  # a family name in the demo data; each prefix is one keystroke
    prefixes = [name[: n + 1].casefold() for n in range(len(name))]

    def keystrokes() -> list[float]:
        times = []
        for prefix in prefixes:
            times.append(timed(lambda p=prefix: (screen.set_search(p), app.processEvents())))
        screen.set_search("")
        app.processEvents()
        return times

    def floor_keystrokes() -> list[float]:
        return [timed(lambda p=p: [r for r, t in texts if p in t]) for p in prefixes]

    case_times: list[float] = []
    floor_times: list[float] = []
    for _ in range(ws.sizes.runs):
        case_times += keystrokes()
        floor_times += floor_keystrokes()
    shown_for_full_name = _shown_after(screen, app, prefixes[-1])
    filtering = Result(
        "filter",
        f"filter the people list per keystroke, {people:,} people",
        Target("seconds", 0.050),
        seconds=statistics.median(case_times),
        floor_seconds=statistics.median(floor_times),
        peak_mb=traced_peak_mb(lambda: (screen.set_search(prefixes[0]), app.processEvents())),
        floor_peak_mb=traced_peak_mb(lambda: [r for r, t in texts if prefixes[0] in t]),
        runs=ws.sizes.runs,
        details={
            "slowest_keystroke_s": max(case_times),
            "keystrokes": prefixes,
            "rows_matching_full_name": shown_for_full_name,
        },
    )
    screen.set_search("")
    app.processEvents()

    by_id = sorted(rows, key=lambda r: r.id)
    family = 1  # the Family name column

    # A click on the heading sets the header's sort indicator, and the view sorts the model
    # once. (QTableView.sortByColumn would sort twice with sorting enabled: a Qt quirk.)
    header = screen.table.horizontalHeader()

    def sort_case() -> Callable[[], Any]:
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # back to Ref order, untimed
        app.processEvents()
        return lambda: (
            header.setSortIndicator(family, Qt.SortOrder.AscendingOrder),
            app.processEvents(),
        )

    def sort_floor() -> Callable[[], Any]:
        return lambda: sorted(by_id, key=lambda r: r.family_name.casefold())

    seconds, floor_seconds, peak, floor_peak = side_by_side(ws.sizes.runs, sort_case, sort_floor)
    first = model.data(model.index(0, family))
    sorting = Result(
        "sort",
        f"sort the people list by family name, {people:,} people",
        Target("seconds", 0.150),
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
        details={"first_family_name": first},
    )
    screen.close()
    screen.deleteLater()
    app.processEvents()
    db.dispose()
    return [filtering, sorting]


def _shown_after(screen: Any, app: Any, text: str) -> int:
    screen.set_search(text)
    app.processEvents()
    return int(screen.model.rowCount())
