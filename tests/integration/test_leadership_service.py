"""System leadership roles and the days-a-week report, by group and over time."""

from __future__ import annotations

from datetime import date

import pytest

from cohort_desk.cli import lookup
from cohort_desk.errors import ConflictError, ValidationError
from cohort_desk.services.community import leadership
from cohort_desk.services.community.leadership import RoleInput
from cohort_desk.services.people.records import PersonInput, create_person

TODAY = date(2026, 11, 28)


@pytest.fixture
def people(db):
    create_person(
        db,
        PersonInput(
            "Ann",
            "Lee",
            "ann@nhs.net",
            organisation="Oxleas",
            profession="Nursing",
            borough="Greenwich",
        ),
    )
    create_person(
        db,
        PersonInput(
            "Ben",
            "Ode",
            "ben@nhs.net",
            organisation="Oxleas",
            profession="Medicine",
            borough="Bexley",
        ),
    )
    create_person(db, PersonInput("Cat", "Roy", "cat@nhs.net", profession="Nursing"))
    return ["ann@nhs.net", "ben@nhs.net", "cat@nhs.net"]


def add(db, email, title, days, start, end=None, **extra):
    return leadership.add_role(
        db,
        lookup.person_id(db, email),
        RoleInput(title, days, starts_on=start, ends_on=end, **extra),
    )


def test_report_adds_up_current_roles_by_group(db, people):
    add(db, people[0], "Clinical lead, Greenwich place", 1.0, date(2025, 1, 1))
    add(db, people[0], "ICS board member", 0.5, date(2026, 6, 1))
    add(db, people[1], "Clinical director", 2.0, date(2024, 4, 1), date(2026, 9, 30))
    add(db, people[1], "Chair, medicines group", 0.5, None)
    add(db, people[2], "Nursing lead", 1.5, date(2027, 1, 1))  # not started yet
    report = leadership.leadership_report(db, "profession", TODAY)
    assert (report.total_days_per_week, report.people, report.roles) == (2.0, 2, 3)
    assert [(g.name, g.days_per_week, g.people, g.roles) for g in report.groups] == [
        ("Nursing", 1.5, 1, 2),
        ("Medicine", 0.5, 1, 1),
    ]
    by_org = leadership.leadership_report(db, "organisation", TODAY).groups
    assert [(g.name, g.days_per_week) for g in by_org] == [("Oxleas", 2.0)]
    # Eight quarters, oldest first, ending with today's; Q3 2026 still has the director.
    quarters = {q.quarter: q.days_per_week for q in report.over_time}
    assert list(quarters)[0] == "Q1 2025" and list(quarters)[-1] == "Q4 2026"
    assert quarters["Q3 2026"] == 4.0 and quarters["Q4 2026"] == 2.0
    assert quarters["Q1 2025"] == 3.5


def test_blank_groups_are_called_not_recorded(db, people):
    add(db, people[2], "Nursing lead", 1.0, None)
    groups = leadership.leadership_report(db, "borough", TODAY).groups
    assert [g.name for g in groups] == ["Not recorded"]


@pytest.mark.parametrize(
    ("days", "start", "end", "field"),
    [
        (0.0, None, None, "days_per_week"),
        (5.5, None, None, "days_per_week"),
        (1.0, date(2026, 2, 1), date(2026, 1, 1), "ends_on"),
    ],
)
def test_impossible_roles_are_refused(db, people, days, start, end, field):
    with pytest.raises(ValidationError) as caught:
        add(db, people[0], "Lead", days, start, end)
    assert caught.value.field == field
    assert leadership.list_roles(db) == []


def test_role_held_at_a_known_organisation_or_a_board(db, people):
    held = add(db, people[0], "Lead", 1.0, None, organisation="oxleas")
    assert held.organisation == "Oxleas"
    board = add(db, people[0], "Member", 1.0, None, organisation="Lambeth Together")
    assert (board.organisation, board.body) == ("", "Lambeth Together")


def test_editing_ending_and_deleting_a_role(db, people):
    role = add(db, people[0], "Lead", 1.0, date(2026, 1, 1))
    changed = leadership.update_role(db, role.id, RoleInput("Senior lead", 1.5), role.version)
    assert (changed.title, changed.days_per_week) == ("Senior lead", 1.5)
    with pytest.raises(ConflictError):
        leadership.update_role(db, role.id, RoleInput("Other", 1.0), role.version)
    ended = leadership.end_role(db, role.id, TODAY)
    assert not ended.current(date(2026, 11, 29)) and ended.current(TODAY)
    leadership.delete_role(db, role.id)
    assert leadership.list_roles(db) == []


def test_report_grouping_must_be_known(db):
    with pytest.raises(ValidationError, match="profession, borough, organisation or body"):
        leadership.leadership_report(db, "colour")


def test_leadership_time_command(cli):
    assert cli("demo", "--seed", "7").code == 0
    for by in ("profession", "borough", "organisation", "body"):
        result = cli("leadership-time", "--by", by, "--json")
        assert result.code == 0, result.err
        report = result.json()
        assert report["by"] == by and report["total_days_per_week"] > 20
        assert sum(g["days_per_week"] for g in report["groups"]) == pytest.approx(
            report["total_days_per_week"]
        )
        assert len(report["over_time"]) == 8
        assert report["over_time"][-1]["days_per_week"] == report["total_days_per_week"]
    text = cli("leadership-time")
    assert text.code == 0 and "days a week" in text.out and "By profession" in text.out
    bad = cli("leadership-time", "--by", "colour")
    assert bad.code == 2 and "Traceback" not in bad.err
    added = cli("role", "add", "nobody@nhs.net", "--title", "X", "--days", "1")
    assert added.code == 2 and "nobody@nhs.net" in added.err
