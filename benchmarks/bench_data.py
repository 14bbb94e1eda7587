"""The records the document cases print from: a cohort whose every participant has earned a
certificate, and a cohort of participants by sessions with attendance marked, built once."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from harness import Workspace

TODAY = date(2026, 11, 28)  # fixed, so the demo data and the printed dates never vary
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
CERTIFICATE_COHORT = "Benchmark completion cohort"
SUMMARY_COHORT = "Benchmark attendance cohort"
FIRST_FREE_PERSON = 121  # the demo's first 120 people are its own cohorts' participants
# Mostly present, as real cohorts are, with every other status somewhere in the grid.
MIX = ("present",) * 15 + ("late", "left_early", "absent", "apologies")


@dataclass(frozen=True)
class Records:
    path: Path | str  # a SQLite file, or a server's URL
    certificate_cohort_id: int
    summary_cohort_id: int
    register_session_id: int  # the summary cohort's first session: all its people are listed


def records_db(ws: Workspace) -> Records:
    """Demo people, then the two benchmark cohorts (built once; setting up is never timed)."""
    sizes = ws.sizes
    path = ws.folder / f"records-{sizes.certificates}-{sizes.summary_people}.db"
    return records_at(str(path), ws, fresh=not path.exists())


def records_at(url: str, ws: Workspace, *, fresh: bool) -> Records:
    """The records in the database at ``url`` (a SQLite path or a server's URL), built there
    first when ``fresh``."""
    from sqlalchemy import select

    from cohort_desk.db.models import Cohort, CohortSession
    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo

    sizes = ws.sizes
    db = open_database(url, backup=False)
    try:
        if fresh:
            rng = random.Random(2026)
            certified = FIRST_FREE_PERSON + sizes.certificates
            load_demo(db, people=certified + sizes.summary_people, seed=2026, today=TODAY)
            _add_cohort(
                db, CERTIFICATE_COHORT, range(FIRST_FREE_PERSON, certified), 4, ("present",), rng
            )
            people = range(certified, certified + sizes.summary_people)
            _add_cohort(db, SUMMARY_COHORT, people, sizes.summary_sessions, MIX, rng)
        with db.read() as session:
            found = dict(session.execute(select(Cohort.name, Cohort.id)).all())
            first_session = session.scalar(
                select(CohortSession.id)
                .where(CohortSession.cohort_id == found[SUMMARY_COHORT])
                .order_by(CohortSession.starts_at)
            )
        assert first_session is not None
        return Records(url, found[CERTIFICATE_COHORT], found[SUMMARY_COHORT], first_session)
    finally:
        db.dispose()


def _add_cohort(
    db: Any, name: str, people: range, sessions: int, mix: tuple[str, ...], rng: random.Random
) -> None:
    """A cohort through the services, then its enrolments and marks in two bulk inserts."""
    from sqlalchemy import insert, select

    from cohort_desk.db.models import Attendance, CohortSession, Enrolment
    from cohort_desk.services.cohorts.records import CohortInput, create_cohort
    from cohort_desk.services.sessions.records import SessionInput, add_session

    cohort = create_cohort(
        db, CohortInput(name, starts_on=date(2026, 1, 13), ends_on=date(2026, 7, 14))
    )
    for number in range(sessions):
        begins = datetime(2026, 1, 13, 9, 30, tzinfo=UTC) + timedelta(weeks=number)
        add_session(
            db,
            cohort.id,
            SessionInput(
                f"Workshop {number + 1}",
                begins,
                begins + timedelta(hours=3),
                venue="Guy's Hospital, Education Centre",
                cpd_hours=3,
            ),
        )
    with db.write() as session:
        session.execute(
            insert(Enrolment),
            [{"person_id": p, "cohort_id": cohort.id, "role": "participant"} for p in people],
        )
        meetings = session.scalars(
            select(CohortSession.id).where(CohortSession.cohort_id == cohort.id)
        ).all()
        session.execute(
            insert(Attendance),
            [
                {"session_id": m, "person_id": p, "status": rng.choice(mix), "source": "demo"}
                for m in meetings
                for p in people
            ],
        )
