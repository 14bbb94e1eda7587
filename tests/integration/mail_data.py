"""A small cohort for the e-mail and calendar tests: sessions either side of both clock
changes of 2027, people whose names test every header rule, a facilitator and a mentor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

from cohort_desk.db.engine import Database
from cohort_desk.services.cohorts.enrolments import enrol_people
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.mentoring.pairs import assign_mentor
from cohort_desk.services.mentoring.profiles import MentorInput, create_mentor
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.sessions.records import SessionInput, add_session
from cohort_desk.vocabulary import Role

LONDON = ZoneInfo("Europe/London")
COHORT = "Outlook Cohort 2027"
LINK = "https://teams.microsoft.com/l/meetup-join/x"
# Before any session of the cohort: plans made "now" see every session as still to come.
NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
# (title, London start, hours, UTC offset): the clocks go forward on 28 March 2027 and back
# on 31 October 2027.
SESSIONS = [
    ("Launch", datetime(2027, 3, 25, 9, 30, tzinfo=LONDON), 3, 0),
    ("Action learning set 1", datetime(2027, 3, 30, 9, 30, tzinfo=LONDON), 3, 1),
    ("Masterclass", datetime(2027, 10, 28, 14, 0, tzinfo=LONDON), 2, 1),
    ("Closing workshop", datetime(2027, 11, 2, 14, 0, tzinfo=LONDON), 4, 0),
]
PARTICIPANTS = [
    PersonInput("Siobhán", "O'Brien", "siobhan.obrien@nhs.net", organisation="Guy's"),
    PersonInput("Thị Minh Khai", "Nguyễn", "khai.nguyen@nhs.net", preferred_name="Khai"),
    PersonInput("秀英", "王", "xiuying.wang@nhs.net"),
    PersonInput("Ama", "Mensah", "ama.mensah@nhs.net", job_title="Ward Manager"),
]
FACILITATOR = PersonInput("Grace", "Okafor", "grace.okafor@nhs.net")
MENTOR = PersonInput("Tom", "Baker", "tom.baker@nhs.net", job_title="Director of Nursing")


@dataclass
class MailCohort:
    cohort_id: int
    session_ids: list[int]
    people: dict[str, int] = field(default_factory=dict)  # e-mail -> person id


def build(db: Database) -> MailCohort:
    cohort = create_cohort(
        db, CohortInput(COHORT, starts_on=date(2027, 3, 25), ends_on=date(2027, 11, 2))
    )
    people = {}
    for data in [*PARTICIPANTS, FACILITATOR, MENTOR]:
        people[data.email] = create_person(db, data).id
    enrol_people(db, cohort.id, [people[p.email] for p in PARTICIPANTS], Role.PARTICIPANT)
    enrol_people(db, cohort.id, [people[FACILITATOR.email]], Role.FACILITATOR)
    ids = []
    for title, start, hours, _offset in SESSIONS:
        row = add_session(
            db,
            cohort.id,
            SessionInput(
                title=title,
                starts_at=start,
                ends_at=start.replace(hour=start.hour + hours),
                venue="Guy's Hospital, Education Centre" if title != "Masterclass" else "",
                online_link=LINK if title == "Masterclass" else "",
                facilitator_id=people[FACILITATOR.email],
                cpd_hours=hours,
                what_to_bring="Your reflective log",
            ),
        )
        ids.append(row.id)
    create_mentor(db, people[MENTOR.email], MentorInput(capacity=2))
    assign_mentor(db, people[MENTOR.email], people["ama.mensah@nhs.net"], cohort_id=cohort.id)
    return MailCohort(cohort.id, ids, people)


def read_eml(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)  # type: ignore[return-value]


def body_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
