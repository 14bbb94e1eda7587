"""Import cases: plan and apply a people workbook into an empty database, then again unchanged."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from harness import Result, Target, Workspace, feature, side_by_side

HEADERS = [
    "Title",
    "First name",
    "Surname",
    "Preferred name",
    "Email address",
    "Organisation",
    "Job title",
    "Profession",
    "Borough",
    "Phone",
    "Interests",
    "Submitted",
]


def people_workbook(path: Path, rows: int, seed: int = 2026) -> Path:
    """A workbook like a sign-up form's export: 12 columns, one person per row, fixed seed."""
    from openpyxl import Workbook

    from cohort_desk.services.demo import names

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sign-ups")
    sheet.append(HEADERS)
    submitted = datetime(2026, 9, 1, 9, 0)
    for number in range(rows):
        given, family = rng.choice(names.GIVEN_NAMES), rng.choice(names.FAMILY_NAMES)
        organisation, _kind, borough = rng.choice(names.ORGANISATIONS)
        profession, titles = rng.choice(names.PROFESSIONS)
        sheet.append(
            [
                "Dr" if profession == "Medicine" else "",
                given,
                family,
                "",
                f"person{number:06d}@nhs.net",
                organisation,
                rng.choice(titles),
                profession,
                borough,
                f"020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                ", ".join(rng.sample(names.INTERESTS, 2)),
                submitted + timedelta(minutes=number),
            ]
        )
    book.save(path)
    return path


def _empty_db(ws: Workspace) -> Path:
    """An empty database at the current schema, copied for each run (migrating is untimed)."""
    from cohort_desk.db.opening import open_database

    path = ws.folder / "empty.db"
    if not path.exists():
        open_database(str(path)).dispose()
    return path


def _floor(ws: Workspace, workbook: Path) -> Callable[[], Callable[[], Any]]:
    """python-calamine reading the file, then one Core executemany of its rows."""
    from python_calamine import CalamineWorkbook
    from sqlalchemy import create_engine, insert

    from cohort_desk.db.models import Person

    table = Person.__table__

    def prepare() -> Callable[[], Any]:
        engine = create_engine(f"sqlite:///{ws.copy_db(_empty_db(ws), 'floor')}")

        def work() -> None:
            rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
            now = datetime.now(UTC)
            values = [
                {
                    "title": r[0],
                    "given_name": r[1],
                    "family_name": r[2],
                    "preferred_name": r[3],
                    "email": r[4],
                    "email_key": r[4].lower(),
                    "job_title": r[6],
                    "profession": r[7],
                    "borough": r[8],
                    "phone": r[9],
                    "interests": r[10],
                    "created_at": now,
                    "updated_at": now,
                }
                for r in rows[1:]
            ]
            with engine.begin() as connection:
                connection.execute(insert(table), values)
            engine.dispose()

        return work

    return prepare


def imports(ws: Workspace) -> list[Result]:
    count = ws.sizes.import_rows
    with feature("services.imports (plan/apply)"):
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.imports import apply, plan

    workbook = ws.folder / f"people-{count}.xlsx"
    if not workbook.exists():
        people_workbook(workbook, count)
    floor = _floor(ws, workbook)
    checks: dict[str, Any] = {}

    def first_import() -> Callable[[], Any]:
        db = open_database(str(ws.copy_db(_empty_db(ws), "import")))

        def work() -> None:
            preview = plan(db, workbook)
            checks["batch"] = apply(db, preview)
            checks["created"] = preview.created
            db.dispose()

        return work

    seconds, floor_seconds, peak, floor_peak = side_by_side(ws.sizes.runs, first_import, floor)
    first = Result(
        "import",
        f"plan and apply a {count:,}-row .xlsx import, empty database",
        Target("seconds", 1.5),
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
        details={"created": checks.get("created")},
    )
    if checks.get("created") != count or checks.get("batch") is None:
        first.status, first.note = "error", f"expected {count:,} new people, got {checks}"

    imported = ws.copy_db(_empty_db(ws), "reimport")
    db = open_database(str(imported))
    apply(db, plan(db, workbook))

    def second_import() -> Callable[[], Any]:
        def work() -> None:
            preview = plan(db, workbook)
            checks["unchanged"] = preview.unchanged
            checks["second_batch"] = apply(db, preview)

        return work

    seconds, floor_seconds, peak, floor_peak = side_by_side(ws.sizes.runs, second_import, floor)
    db.dispose()
    again = Result(
        "reimport",
        f"re-import the same {count:,} rows, all unchanged",
        Target("seconds", 1.0),
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
        details={"unchanged": checks.get("unchanged")},
    )
    if checks.get("unchanged") != count or checks.get("second_batch") is not None:
        again.status, again.note = "error", f"expected {count:,} unchanged, got {checks}"
    return [first, again]


def _cohort_db(ws: Workspace) -> Path:
    """The empty database with one cohort to enrol the imported people in."""
    from cohort_desk.db.opening import open_database
    from cohort_desk.services.cohorts.records import CohortInput, create_cohort

    path = ws.folder / "cohort.db"
    if not path.exists():
        db = open_database(str(ws.copy_db(_empty_db(ws), "cohort-making")))
        create_cohort(db, CohortInput(name=UNDO_COHORT))
        db.dispose()
        Path(str(db.file)).replace(path)
    return path


UNDO_COHORT = "Undo Cohort"


def undo_import(ws: Workspace) -> list[Result]:
    """Undo of a 10,000-row import into a cohort (people created and enrolled), beside that
    import itself as the floor: undoing may take no longer than importing did."""
    count = ws.sizes.import_rows
    with feature("services.imports (plan/apply/undo)"):
        from cohort_desk.cli.lookup import cohort_id
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.imports import apply, plan, undo

    workbook = ws.folder / f"people-{count}.xlsx"
    if not workbook.exists():
        people_workbook(workbook, count)
    imported = ws.folder / f"imported-{count}.db"
    if not imported.exists():
        db = open_database(str(ws.copy_db(_cohort_db(ws), "importing")))
        apply(db, plan(db, workbook, cohort_id=cohort_id(db, UNDO_COHORT)))
        db.dispose()
        Path(str(db.file)).replace(imported)
    checks: dict[str, Any] = {}

    def undo_run() -> Callable[[], Any]:
        db = open_database(str(ws.copy_db(imported, "undo")))

        def work() -> None:
            result = undo(db, 1)
            checks["removed"], checks["unenrolled"] = result.removed, result.unenrolled
            db.dispose()

        return work

    def import_run() -> Callable[[], Any]:
        db = open_database(str(ws.copy_db(_cohort_db(ws), "import-floor")))
        undo_cohort = cohort_id(db, UNDO_COHORT)

        def work() -> None:
            apply(db, plan(db, workbook, cohort_id=undo_cohort))
            db.dispose()

        return work

    seconds, floor_seconds, peak, floor_peak = side_by_side(ws.sizes.runs, undo_run, import_run)
    result = Result(
        "undo-import",
        f"undo a {count:,}-row import into a cohort (floor: that import; also < 2 s)",
        Target("ratio", 1.0),
        seconds=seconds,
        floor_seconds=floor_seconds,
        peak_mb=peak,
        floor_peak_mb=floor_peak,
        runs=ws.sizes.runs,
        details=dict(checks),
    )
    if checks.get("removed") != count or checks.get("unenrolled") != count:
        result.status, result.note = "error", f"expected {count:,} removed, got {checks}"
    return [result]
