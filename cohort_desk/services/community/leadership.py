"""System leadership roles and the days-a-week report ("around 100 days a week")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from cohort_desk.db.engine import Database
from cohort_desk.db.models import LeadershipRole, Organisation, Person
from cohort_desk.errors import ConflictError, NotFoundError, ValidationError
from cohort_desk.rules.collation import name_order
from cohort_desk.services.common import person_in, require_text
from cohort_desk.services.people.organisations import organisation_named

GROUPINGS = ("profession", "borough", "organisation", "body")
MAX_DAYS = 5.0
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class RoleInput:
    title: str
    days_per_week: float
    body: str = ""
    organisation: str = ""  # where the role is held, if it is an organisation we know
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(slots=True)
class RoleRow:
    id: int
    person_id: int
    name: str
    email: str
    profession: str
    borough: str
    employer: str  # the person's own organisation
    title: str
    body: str
    organisation: str  # where the role is held
    days_per_week: float
    starts_on: date | None
    ends_on: date | None
    version: int

    def current(self, on: date) -> bool:
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or self.ends_on >= on
        )


@dataclass(frozen=True)
class Group:
    name: str
    days_per_week: float
    people: int
    roles: int


@dataclass(frozen=True)
class Quarter:
    quarter: str  # "Q3 2026"
    on: date  # the quarter's last day, or today for the quarter we are in
    days_per_week: float
    people: int
    roles: int


@dataclass(frozen=True)
class LeadershipReport:
    on: date
    by: str
    total_days_per_week: float
    people: int
    roles: int
    groups: list[Group]
    over_time: list[Quarter]

    def as_json(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "total_days_per_week": self.total_days_per_week,
            "people": self.people,
            "roles": self.roles,
            "by": self.by,
            "groups": [
                {
                    "name": g.name,
                    "days_per_week": g.days_per_week,
                    "people": g.people,
                    "roles": g.roles,
                }
                for g in self.groups
            ],
            "over_time": [
                {
                    "quarter": q.quarter,
                    "on": q.on.isoformat(),
                    "days_per_week": q.days_per_week,
                    "people": q.people,
                    "roles": q.roles,
                }
                for q in self.over_time
            ],
        }


def _check(data: RoleInput) -> RoleInput:
    title = require_text(data.title, "title", "The role's title")
    if not 0 < data.days_per_week <= MAX_DAYS:
        raise ValidationError(
            f"A role's time must be more than 0 and at most {MAX_DAYS:g} days a week.",
            field="days_per_week",
        )
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError("A role cannot end before it starts.", field="ends_on")
    return RoleInput(
        title=title,
        days_per_week=round(data.days_per_week, 2),
        body=" ".join(data.body.split())[:200],
        organisation=" ".join(data.organisation.split()),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )


def _rows(session: Session, *where: ColumnElement[bool]) -> list[RoleRow]:
    held_at, employer = aliased(Organisation), aliased(Organisation)
    query = (
        select(LeadershipRole, Person, held_at.name, employer.name)
        .join(Person, Person.id == LeadershipRole.person_id)
        .outerjoin(held_at, held_at.id == LeadershipRole.organisation_id)
        .outerjoin(employer, employer.id == Person.organisation_id)
        .where(*where)
        .order_by(func.lower(Person.family_name), func.lower(Person.given_name), LeadershipRole.id)
    )
    found = list(session.execute(query))
    # SQL's lower() folds only A-Z ("Ó Briain" came after "Zhang"): sorted again by name.
    found.sort(key=lambda f: (name_order(f[1].family_name, f[1].given_name), f[0].id))
    return [
        RoleRow(
            id=role.id,
            person_id=person.id,
            name=person.full_name,
            email=person.email,
            profession=person.profession,
            borough=person.borough,
            employer=employer_name or "",
            title=role.title,
            body=role.body,
            organisation=held or "",
            days_per_week=role.days_per_week,
            starts_on=role.starts_on,
            ends_on=role.ends_on,
            version=role.version,
        )
        for role, person, held, employer_name in found
    ]


def list_roles(db: Database, current_on: date | None = None) -> list[RoleRow]:
    """Every role, or only those held on ``current_on``."""
    with db.read() as session:
        rows = _rows(session)
    return [r for r in rows if current_on is None or r.current(current_on)]


def _apply(session: Session, role: LeadershipRole, data: RoleInput) -> None:
    role.title = data.title
    role.body = data.body
    role.days_per_week = data.days_per_week
    role.starts_on = data.starts_on
    role.ends_on = data.ends_on
    org = organisation_named(session, data.organisation) if data.organisation else None
    if data.organisation and org is None:
        if role.body:
            raise ValidationError(
                f"There is no organisation called {data.organisation}; choose one from the "
                "list, or leave it blank and name the board or partnership instead.",
                field="organisation",
            )
        # A board or partnership that is not an employer is a body, not a new organisation.
        role.body = data.organisation
    role.organisation_id = org.id if org else None


def add_role(db: Database, person_id: int, data: RoleInput) -> RoleRow:
    data = _check(data)
    with db.write() as session:
        person = person_in(session, person_id)
        role = LeadershipRole(person_id=person.id, title=data.title)
        _apply(session, role, data)
        session.add(role)
        session.flush()
        return _rows(session, LeadershipRole.id == role.id)[0]


def update_role(db: Database, role_id: int, data: RoleInput, version: int) -> RoleRow:
    data = _check(data)
    with db.write() as session:
        role = _role(session, role_id)
        if role.version != version:
            raise ConflictError(
                "This role was changed by someone else while you were editing; "
                "reload it (F5) and make your change again."
            )
        _apply(session, role, data)
        session.flush()
        return _rows(session, LeadershipRole.id == role.id)[0]


def end_role(db: Database, role_id: int, on: date) -> RoleRow:
    with db.write() as session:
        role = _role(session, role_id)
        if role.starts_on and on < role.starts_on:
            raise ValidationError("A role cannot end before it starts.", field="ends_on")
        role.ends_on = on
        session.flush()
        return _rows(session, LeadershipRole.id == role.id)[0]


def delete_role(db: Database, role_id: int) -> None:
    """Remove a role entered by mistake (an ended role should be ended, not deleted)."""
    with db.write() as session:
        session.delete(_role(session, role_id))


def _role(session: Session, role_id: int) -> LeadershipRole:
    role = session.get(LeadershipRole, role_id)
    if role is None:
        raise NotFoundError("That role is no longer in the database; refresh the list (F5).")
    return role


def _group_name(row: RoleRow, by: str) -> str:
    value = {
        "profession": row.profession,
        "borough": row.borough,
        "organisation": row.employer,
        "body": row.body or row.organisation,
    }[by]
    return value or NOT_RECORDED


def quarter_ends(today: date, count: int) -> list[tuple[str, date]]:
    """The last ``count`` calendar quarters up to today's, oldest first, each with the day
    it is measured on: its last day, or today for the quarter not yet over."""
    year, index = today.year, (today.month - 1) // 3
    points = []
    for _ in range(count):
        end_month = 3 * index + 3
        last = date(year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
        points.append((f"Q{index + 1} {year}", min(last, today)))
        index -= 1
        if index < 0:
            index, year = 3, year - 1
    return points[::-1]


def _totals(rows: list[RoleRow]) -> tuple[float, int, int]:
    return (
        round(sum(r.days_per_week for r in rows), 2),
        len({r.person_id for r in rows}),
        len(rows),
    )


def leadership_report(
    db: Database, by: str = "profession", today: date | None = None, quarters: int = 8
) -> LeadershipReport:
    """Days per week of system leadership held today, grouped, and at each quarter's end for
    the last two years (eight quarters)."""
    if by not in GROUPINGS:
        raise ValidationError(
            f"Group the report by {', '.join(GROUPINGS[:-1])} or {GROUPINGS[-1]}.", field="by"
        )
    today = today or date.today()
    with db.read() as session:
        everyone = _rows(session)
    now = [r for r in everyone if r.current(today)]
    grouped: dict[str, list[RoleRow]] = defaultdict(list)
    for row in now:
        grouped[_group_name(row, by)].append(row)
    groups = [Group(name, *_totals(rows)) for name, rows in grouped.items()]
    groups.sort(key=lambda g: (-g.days_per_week, g.name == NOT_RECORDED, g.name.casefold()))
    over_time = [
        Quarter(label, on, *_totals([r for r in everyone if r.current(on)]))
        for label, on in quarter_ends(today, quarters)
    ]
    return LeadershipReport(today, by, *_totals(now), groups, over_time)
