"""Columns of the community screen's tables: members, leadership roles, and the report."""

from __future__ import annotations

from datetime import date

from cohort_desk.rules.dates import format_date
from cohort_desk.services.community.leadership import Group, Quarter, RoleRow
from cohort_desk.services.community.members import MemberRow
from cohort_desk.ui.kit.rows import Column

MEMBER_COLUMNS: list[Column[MemberRow]] = [
    Column("Member", lambda r: r.name, tooltip=lambda r: r.email),
    Column("Organisation", lambda r: r.organisation),
    Column("Joined", lambda r: format_date(r.joined_on), sort_key=lambda r: r.joined_on),
    Column(
        "Consent to contact",
        lambda r: r.consent_text,
        sort_key=lambda r: (r.consent_to_contact, r.consent_on or date.min),
    ),
    Column("Came from", lambda r: r.source),
    Column("Left", lambda r: format_date(r.left_on), sort_key=lambda r: r.left_on),
    Column("Interests", lambda r: r.interests, tooltip=lambda r: r.interests),
]


def role_status(row: RoleRow, today: date | None = None) -> str:
    today = today or date.today()
    if row.starts_on and row.starts_on > today:
        return f"Starts {format_date(row.starts_on)}"
    return "Current" if row.current(today) else "Ended"


ROLE_COLUMNS: list[Column[RoleRow]] = [
    Column("Person", lambda r: r.name, tooltip=lambda r: r.email),
    Column("Role", lambda r: r.title, tooltip=lambda r: r.title),
    Column("Board or organisation", lambda r: r.body or r.organisation),
    Column(
        "Days a week",
        lambda r: f"{r.days_per_week:g}",
        sort_key=lambda r: r.days_per_week,
        align_right=True,
    ),
    Column("Started", lambda r: format_date(r.starts_on), sort_key=lambda r: r.starts_on),
    Column("Ended", lambda r: format_date(r.ends_on), sort_key=lambda r: r.ends_on),
    Column("Status", role_status),
    Column("Profession", lambda r: r.profession),
    Column("Works at", lambda r: r.employer),
]

GROUP_COLUMNS: list[Column[Group]] = [
    Column("Group", lambda g: g.name),
    Column(
        "Days a week",
        lambda g: f"{g.days_per_week:g}",
        sort_key=lambda g: g.days_per_week,
        align_right=True,
    ),
    Column("People", lambda g: g.people, align_right=True),
    Column("Roles", lambda g: g.roles, align_right=True),
]

QUARTER_COLUMNS: list[Column[Quarter]] = [
    Column("Quarter", lambda q: q.quarter, sort_key=lambda q: q.on),
    Column("Measured on", lambda q: format_date(q.on), sort_key=lambda q: q.on),
    Column(
        "Days a week",
        lambda q: f"{q.days_per_week:g}",
        sort_key=lambda q: q.days_per_week,
        align_right=True,
    ),
    Column("People", lambda q: q.people, align_right=True),
    Column("Roles", lambda q: q.roles, align_right=True),
]
