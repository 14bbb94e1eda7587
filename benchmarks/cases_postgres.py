"""The start, import and register cases again on PostgreSQL, the shared multi-user option, each
beside the same case on SQLite measured in the same run as its floor: what a server costs
where people wait. The benchmark starts its own server and stops it after; without
PostgreSQL's programs the rows are skipped with a message."""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from bench_data import records_at, records_db
from cases_imports import _empty_db, people_workbook
from cases_window import _start
from harness import Result, Target, Workspace, feature, side_by_side
from postgres_server import Server
from startup_scripts import START_APP

# Not the issue's: a server across a socket may cost something, but not double.
TARGET = Target("ratio", 2.0)
ROWS = ("startup-pg", "import-pg", "register-pg")


def postgres(ws: Workspace) -> list[Result]:
    with Server() as pg:
        if not ws.sizes.quick:
            return [_startup(ws, pg), _import(ws, pg), _register(ws, pg)]
        # CI's minute: the import proves the server, a migration and a case; eight window
        # starts and a second set of records would add half a minute more.
        left_out = [
            Result(row, f"{row} (on PostgreSQL)", TARGET, status="skipped", note="not in --quick")
            for row in (ROWS[0], ROWS[2])
        ]
        return [left_out[0], _import(ws, pg), left_out[1]]


def _startup(ws: Workspace, pg: Server) -> Result:
    """Start to the main window, and to the People list filled, on the same demo data."""
    people = ws.sizes.people
    url = pg.create("demo")
    subprocess.run(
        [sys.executable, "-m", "cohort_desk", "--db", url, "demo", "--people", str(people)],
        env=ws.env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sqlite = str(ws.demo_db(people))
    for db in (url, sqlite):  # the day's first starts (backups, caches) are nobody's usual wait
        _start(ws, START_APP, db, str(ws.fresh("qt-settings")))
    runs: dict[str, list[dict[str, Any]]] = {url: [], sqlite: []}
    for _ in range(ws.sizes.runs):
        for db in (url, sqlite):
            runs[db].append(_start(ws, START_APP, db, str(ws.fresh("qt-settings"))))

    def median(db: str, event: str) -> float | None:
        walls = [r[event]["wall"] for r in runs[db] if event in r]
        return statistics.median(walls) if walls else None

    filled_pg, filled_sqlite = median(url, "loaded"), median(sqlite, "loaded")
    result = Result(
        "startup-pg",
        f"start to main window shown, {people:,} people, PostgreSQL (floor: SQLite)",
        TARGET,
        seconds=median(url, "shown"),
        floor_seconds=median(sqlite, "shown"),
        memory_kind="rss",
        runs=ws.sizes.runs,
        details={"people_list_filled_s": filled_pg, "sqlite_people_list_filled_s": filled_sqlite},
    )
    if filled_pg is not None and filled_sqlite is not None:
        result.note = f"People list filled at {filled_pg:.2f} s (SQLite {filled_sqlite:.2f} s)"
    return result


def _import(ws: Workspace, pg: Server) -> Result:
    count = ws.sizes.import_rows
    with feature("services.imports (plan/apply)"):
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.imports import apply, plan

    workbook = ws.folder / f"people-{count}.xlsx"
    if not workbook.exists():
        people_workbook(workbook, count)
    open_database(pg.create("empty"), backup=False).dispose()  # migrated once, untimed
    created: list[int] = []

    def into(url: Callable[[], str]) -> Callable[[], Callable[[], Any]]:
        def prepare() -> Callable[[], Any]:
            db = open_database(url(), backup=False)

            def work() -> None:
                preview = plan(db, workbook)
                apply(db, preview)
                created.append(preview.created)
                db.dispose()

            return work

        return prepare

    numbers = iter(range(1, 1000))
    seconds, floor_seconds, peak, floor_peak = side_by_side(
        ws.sizes.runs,
        into(lambda: pg.create(f"import{next(numbers)}", template="empty")),
        into(lambda: str(ws.copy_db(_empty_db(ws), "import-sqlite"))),
    )
    result = Result(
        "import-pg",
        f"plan and apply a {count:,}-row .xlsx import, PostgreSQL (floor: SQLite)",
        TARGET,
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
    )
    if set(created) != {count}:
        result.status, result.note = "error", f"expected {count:,} new people, got {created}"
    return result


def _register(ws: Workspace, pg: Server) -> Result:
    with feature("services.attendance.register_data"):
        from cohort_desk.db.opening import open_database
        from cohort_desk.documents import text as T
        from cohort_desk.documents.registers import render_register
        from cohort_desk.services.attendance.marking import register_data

    T.register_fonts()
    on_pg = records_at(pg.create("records"), ws, fresh=True)
    on_sqlite = records_db(ws)
    pg_db = open_database(str(on_pg.path), backup=False)
    sqlite_db = open_database(str(on_sqlite.path), backup=False)
    pages: list[int] = []

    def render(db: Any, session_id: int) -> Callable[[], Callable[[], Any]]:
        return lambda: (
            lambda: pages.append(
                render_register(register_data(db, session_id)).count(b"/Type /Page\n")
            )
        )

    try:
        seconds, floor_seconds, peak, floor_peak = side_by_side(
            ws.sizes.runs,
            render(pg_db, on_pg.register_session_id),
            render(sqlite_db, on_sqlite.register_session_id),
        )
    finally:
        pg_db.dispose()
        sqlite_db.dispose()
    result = Result(
        "register-pg",
        f"a {ws.sizes.summary_people:,}-person sign-in register (register_data + render), "
        "PostgreSQL (floor: SQLite)",
        TARGET,
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
        details={"pages": sorted(set(pages))},
    )
    if len(set(pages)) != 1:
        result.status, result.note = "error", f"the two registers differ in pages: {pages}"
    return result
