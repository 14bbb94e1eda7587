"""Realistic fictional data for south east London, deterministic for a given seed and day.

Scales from the default 120 people to 100,000 for benchmarks: people go in with one bulk
INSERT, the handful of programmes, cohorts and sessions through the ORM.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Cohort,
    CohortSession,
    CommunityMembership,
    Enrolment,
    EqualityRecord,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
    Programme,
    Setting,
)
from cohort_desk.db.types import utcnow
from cohort_desk.errors import RefusedError, ValidationError
from cohort_desk.paths import resource
from cohort_desk.rules.dates import local_to_utc
from cohort_desk.services.demo import names
from cohort_desk.services.demo.completion import complete_finished
from cohort_desk.services.demo.feedback import add_feedback
from cohort_desk.services.demo.mentoring import enrich_demo
from cohort_desk.services.demo.selection import add_selection
from cohort_desk.vocabulary import (
    AttendanceSource,
    AttendanceStatus,
    EnrolmentStatus,
    MeetingMode,
    MentoringPairStatus,
    Role,
)

MAX_PEOPLE = 200_000
CORE_PEOPLE = 120  # the people who take part; any beyond are only in the directory
ATTENDANCE_WEIGHTS = (
    (AttendanceStatus.PRESENT, 76),
    (AttendanceStatus.LATE, 8),
    (AttendanceStatus.LEFT_EARLY, 5),
    (AttendanceStatus.ABSENT, 6),
    (AttendanceStatus.APOLOGIES, 5),
)


@dataclass(frozen=True)
class DemoSummary:
    people: int
    organisations: int
    cohorts: int
    sessions: int
    mentors: int
    attendance_marks: int


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _people_rows(
    rng: random.Random, count: int, org_ids: list[tuple[int, str]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    now = utcnow()
    for index in range(count):
        given = rng.choice(names.GIVEN_NAMES)
        family = rng.choice(names.FAMILY_NAMES)
        org_id, borough = rng.choice(org_ids)
        profession, titles = rng.choice(names.PROFESSIONS)
        domain = "nhs.net" if rng.random() < 0.7 else "council.example.gov.uk"
        local = f"{_ascii(given)}.{_ascii(family)}"
        email = f"{local}@{domain}"
        if email in seen:
            email = f"{local}{index}@{domain}"
        seen.add(email)
        rows.append(
            {
                "title": "Dr" if profession == "Medicine" else "",
                "given_name": given,
                "family_name": family,
                "email": email,
                "email_key": email.lower(),
                "phone": f"020 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "organisation_id": org_id,
                "job_title": rng.choice(titles),
                "profession": profession,
                "borough": borough,
                "interests": ", ".join(rng.sample(names.INTERESTS, 2)),
                "created_at": now,
                "updated_at": now,
            }
        )
    return rows


def load_demo(
    db: Database, people: int = 120, seed: int = 2026, today: date | None = None
) -> DemoSummary:
    """Fill an empty database; refuse (changing nothing) if it already holds people."""
    if not 20 <= people <= MAX_PEOPLE:
        raise ValidationError(f"Choose between 20 and {MAX_PEOPLE:,} demo people.", "people")
    rng = random.Random(seed)
    today = today or date.today()
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(Person)):
            raise RefusedError(
                "This database already holds people, so demo data was not added; "
                "use a new database file for the demo (for example --db demo.db)."
            )
        orgs = [Organisation(name=n, kind=k, borough=b) for n, k, b in names.ORGANISATIONS]
        session.add_all(orgs)
        session.flush()
        org_ids = [(o.id, o.borough) for o in orgs]
        session.execute(insert(Person), _people_rows(rng, people, org_ids))
        person_ids = list(session.scalars(select(Person.id).order_by(Person.id).limit(CORE_PEOPLE)))
        builder = _Builder(session, rng, today, person_ids)
        builder.build()
        # A fictional signatory, so demo certificates show a signature block.
        for key, value in (
            ("signatory_name", "Dr Amara Mensah"),
            ("signatory_title", "Director, Systems Leadership Academy"),
            # So the pack's equality tables have something to be set beside.
            ("workforce_shares", names.WORKFORCE_SHARES),
        ):
            if session.get(Setting, key) is None:
                session.add(Setting(key=key, value=value))
        # A made-up logo and signature (22 KB together), so demo certificates show both.
        for key, file_name in (("logo", "demo-logo.png"), ("signature", "demo-signature.png")):
            if session.get(Setting, key) is None:
                data = resource("images", file_name).read_bytes()
                session.add(Setting(key=key, value="", blob=data))
        record_event(session, "Database", None, "demo data loaded", {"people": [None, people]})
        return DemoSummary(
            people,
            len(orgs),
            int(session.scalar(select(func.count()).select_from(Cohort)) or 0),
            builder.session_count,
            len(builder.mentors),
            builder.marks,
        )


class _Builder:
    """The cohorts, sessions, attendance and mentoring that make every screen show something."""

    def __init__(self, session: Session, rng: random.Random, today: date, ids: list[int]) -> None:
        self.s = session
        self.rng = rng
        self.today = today
        self.ids = ids
        self.cohorts: list[Cohort] = []
        self.finished: list[Cohort] = []  # every session held before today
        self.mentors = ids[-15:]
        self.facilitators = ids[-21:-15]
        self.session_count = 0
        self.marks = 0

    def build(self) -> None:
        sla = Programme(
            name="Systems Leadership Academy",
            description="A year-long programme for clinical and care leaders.",
        )
        ccpl = Programme(
            name="Clinical and Care Professional Leadership",
            description="A shorter programme for new system leads.",
        )
        self.s.add_all([sla, ccpl])
        self.s.flush()
        participants = self.ids[: len(self.ids) - 21]
        third = len(participants) // 3
        plans = (
            (sla, "SLA Cohort 1 (2025-26)", -280, participants[:third]),
            (sla, "SLA Cohort 2 (2026-27)", -70, participants[third : 2 * third]),
            (ccpl, "CCPL Winter 2026-27", 30, participants[2 * third :]),
        )
        for programme, name, offset, members in plans:
            self._cohort(programme, name, self.today + timedelta(days=offset), members)
        self._mentoring()
        self._community_and_roles(participants[:third])
        enrich_demo(self.s, self.today, self.mentors, self.ids)
        add_selection(self.s, self.today, participants)
        add_feedback(self.s, self.today)
        # Their certificates would have been issued by now: without this, completion read 0%
        # for every cohort in the pack and on the Reports screen. Last, so that the mentoring
        # and feedback above, which pick from the enrolled, stay as they were.
        for cohort in self.finished:
            complete_finished(self.s, cohort)

    def _cohort(self, programme: Programme, name: str, start: date, members: list[int]) -> None:
        cohort = Cohort(
            programme_id=programme.id,
            name=name,
            starts_on=start,
            ends_on=start + timedelta(weeks=30),
            min_attendance_pct=75.0,
        )
        self.s.add(cohort)
        self.s.flush()
        self.cohorts.append(cohort)
        enrolments = [
            Enrolment(
                person_id=p,
                cohort_id=cohort.id,
                role=Role.PARTICIPANT,
                status=EnrolmentStatus.ENROLLED,
                status_on=start,
            )
            for p in members
        ]
        if len(members) > 10:
            enrolments[3].status, enrolments[3].status_reason = (
                EnrolmentStatus.WITHDRAWN,
                "Changed role",
            )
        facilitator = self.facilitators[len(self.cohorts) % len(self.facilitators)]
        enrolments.append(
            Enrolment(
                person_id=facilitator,
                cohort_id=cohort.id,
                role=Role.FACILITATOR,
                status=EnrolmentStatus.ENROLLED,
                status_on=start,
            )
        )
        self.s.add_all(enrolments)
        venues = (
            "Guy's Hospital, Education Centre",
            "Online (Microsoft Teams)",
            "Lewisham Civic Suite",
            "Woolwich Centre, Room 3",
        )
        finished = True
        for index, (title, kind, hours) in enumerate(names.SESSION_TITLES):
            day = start + timedelta(weeks=5 * index)
            begins = time(9, 30) if hours >= 4 else time(14, 0)
            starts = local_to_utc(day, begins)
            venue = venues[index % len(venues)]
            row = CohortSession(
                cohort_id=cohort.id,
                title=title,
                kind=kind,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                cpd_hours=hours,
                venue="" if venue.startswith("Online") else venue,
                online_link="https://teams.microsoft.com/l/meetup-join/demo"
                if venue.startswith("Online")
                else "",
                facilitator_id=facilitator,
                required=index == 0,
            )
            self.s.add(row)
            self.s.flush()
            self.session_count += 1
            finished = finished and day < self.today
            if day <= self.today:
                # A session earlier today is marked too, so the demo never starts with a
                # register missing; the marks are drawn for every session of today, held yet
                # or not, so the same seed gives the same data at any hour of the day.
                held = day < self.today or starts <= utcnow()
                self._attendance(row.id, members, record=held)
        if finished:
            self.finished.append(cohort)

    def _attendance(self, session_id: int, members: list[int], *, record: bool = True) -> None:
        statuses = [s for s, _ in ATTENDANCE_WEIGHTS]
        weights = [w for _, w in ATTENDANCE_WEIGHTS]
        marks = [
            {
                "session_id": session_id,
                "person_id": p,
                "status": self.rng.choices(statuses, weights)[0],
                "source": AttendanceSource.DEMO,
                "recorded_at": utcnow(),
                "recorded_by": "demo",
                "note": "",
            }
            for p in members
        ]
        if not record:
            return
        self.s.execute(insert(Attendance), marks)
        self.marks += len(marks)

    def _mentoring(self) -> None:
        for index, person_id in enumerate(self.mentors):
            self.s.add(
                MentorProfile(
                    person_id=person_id,
                    capacity=2 + index % 3,
                    expertise=", ".join(self.rng.sample(names.INTERESTS, 3)),
                    professions=self.rng.choice(names.PROFESSIONS)[0],
                    boroughs=", ".join(self.rng.sample(names.BOROUGHS, 2)),
                    active=index != 4,
                    paused_until=self.today + timedelta(days=60) if index == 5 else None,
                )
            )
        current = self.s.scalars(
            select(Enrolment.person_id).where(
                Enrolment.cohort_id == self.cohorts[1].id, Enrolment.role == Role.PARTICIPANT
            )
        ).all()
        for index, mentee in enumerate(current[:12]):
            mentor = self.mentors[index % 10]
            started = self.cohorts[1].starts_on or self.today
            pair = MentoringPair(
                mentor_id=mentor,
                mentee_id=mentee,
                cohort_id=self.cohorts[1].id,
                status=MentoringPairStatus.ACTIVE,
                proposed_on=started,
                started_on=started + timedelta(days=14),
            )
            self.s.add(pair)
            self.s.flush()
            for meeting in range(self.rng.randint(0, 3)):
                self.s.add(
                    MentoringMeeting(
                        pair_id=pair.id,
                        held_on=started + timedelta(days=21 + 28 * meeting),
                        minutes=self.rng.choice((45, 60, 90)),
                        mode=self.rng.choice(list(MeetingMode)),
                        notes="Discussed goals.",
                    )
                )

    def _community_and_roles(self, alumni: list[int]) -> None:
        for person_id in alumni[:20]:
            consent = self.rng.random() < 0.8
            joined = self.today - timedelta(days=self.rng.randint(30, 300))
            self.s.add(
                CommunityMembership(
                    person_id=person_id,
                    joined_on=joined,
                    consent_to_contact=consent,
                    consent_on=joined if consent else None,
                    source="alumni",
                    interests=", ".join(self.rng.sample(names.INTERESTS, 2)),
                )
            )
        holders = self.rng.sample(self.ids, min(24, len(self.ids)))
        for index, person_id in enumerate(holders):
            title, body, days = names.LEADERSHIP_ROLES[index % len(names.LEADERSHIP_ROLES)]
            self.s.add(
                LeadershipRole(
                    person_id=person_id,
                    title=title,
                    body=body,
                    days_per_week=days,
                    starts_on=self.today - timedelta(days=self.rng.randint(60, 900)),
                    ends_on=self.today - timedelta(days=10) if index % 8 == 7 else None,
                )
            )
        bands = ("25-34", "35-44", "45-54", "55-64", "Prefer not to say")
        for person_id in self.ids[:60]:
            self.s.add(
                EqualityRecord(
                    person_id=person_id,
                    age_band=self.rng.choice(bands),
                    sex=self._pick(names.SEX_WEIGHTS),
                    ethnicity=self._pick(names.ETHNICITY_WEIGHTS),
                    disability=self._pick(names.DISABILITY_WEIGHTS),
                )
            )

    def _pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([a for a, _ in weighted], [w for _, w in weighted])[0]
