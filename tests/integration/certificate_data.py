"""Helpers for certificate tests: a small cohort whose eligibility can be worked out by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from cohort_desk.cli import lookup
from cohort_desk.db.models import Attendance, Cohort, CohortSession, Enrolment, Person, Programme

COHORT = "Cohort Hand 2026"
TODAY = date(2026, 11, 28)


@dataclass
class Built:
    cohort_id: int
    session_ids: list[int]
    people: dict[str, int] = field(default_factory=dict)  # e-mail -> person id


def cohort_id(db: object, name: str = COHORT) -> int:
    """The services take ids; the tests name cohorts as people do."""
    return lookup.cohort_id(db, name)  # type: ignore[arg-type]


def person_id(db: object, email: str) -> int:
    return lookup.person_id(db, email)  # type: ignore[arg-type]


def build_cohort(
    db: object,
    people: Sequence[tuple[str, str, str, Sequence[str | None]]],
    *,
    name: str = COHORT,
    sessions: int = 4,
    required: Sequence[int] = (0,),
    min_pct: float = 75.0,
    late_counts: bool = True,
    left_early_counts: bool = True,
    cpd_hours: float = 3.0,
) -> Built:
    """people: (given, family, email, statuses per session, None for not marked). A status
    list may start with "withdrawn:" to withdraw that person, e.g. ["withdrawn:", ...]."""
    start = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)
    with db.write() as s:  # type: ignore[attr-defined]
        programme = s.query(Programme).filter_by(name="Systems Leadership Academy").first()
        if programme is None:
            programme = Programme(name="Systems Leadership Academy")
            s.add(programme)
            s.flush()
        cohort = Cohort(
            programme_id=programme.id,
            name=name,
            starts_on=date(2026, 2, 2),
            ends_on=date(2026, 9, 30),
            min_attendance_pct=min_pct,
            late_counts=late_counts,
            left_early_counts=left_early_counts,
        )
        s.add(cohort)
        s.flush()
        meetings = [
            CohortSession(
                cohort_id=cohort.id,
                title="Launch" if i == 0 else f"Workshop {i}",
                starts_at=start + timedelta(weeks=6 * i),
                ends_at=start + timedelta(weeks=6 * i, hours=3),
                cpd_hours=cpd_hours,
                required=i in required,
            )
            for i in range(sessions)
        ]
        s.add_all(meetings)
        s.flush()
        built = Built(cohort.id, [m.id for m in meetings])
        for given, family, email, statuses in people:
            person = s.query(Person).filter_by(email_key=email.lower()).first()
            if person is None:
                person = Person(
                    given_name=given, family_name=family, email=email, email_key=email.lower()
                )
                s.add(person)
                s.flush()
            marks = list(statuses)
            status = "enrolled"
            if marks and marks[0] == "withdrawn:":
                status, marks = "withdrawn", marks[1:]
            s.add(
                Enrolment(
                    person_id=person.id, cohort_id=cohort.id, role="participant", status=status
                )
            )
            for meeting, mark in zip(meetings, marks, strict=False):
                if mark is not None:
                    s.add(Attendance(session_id=meeting.id, person_id=person.id, status=mark))
            built.people[email] = person.id
    return built


P, L, E, A, X = "present", "late", "left_early", "absent", "apologies"

#: Hand-worked cases for a 4-session cohort, 75% minimum, "Launch" (session 1) required.
HAND_CASES: list[tuple[str, str, str, list[str | None]]] = [
    ("Ada", "Allen", "ada@example.org", [P, P, P, P]),  # 4/4: eligible
    ("Ben", "Baker", "ben@example.org", [P, P, P, A]),  # 3/4 = 75%: eligible, exactly
    ("Cara", "Cole", "cara@example.org", [A, P, P, P]),  # 3/4 but missed Launch: not
    ("Dev", "Dutt", "dev@example.org", [P, L, E, X]),  # 3/4 with late/left early counting
    ("Eve", "Evans", "eve@example.org", ["withdrawn:", P, P, P, P]),  # withdrawn: not
    ("Fay", "Fox", "fay@example.org", [P, P, None, None]),  # 2/4 = 50%: not
]


def pdf_text(path: object) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
