"""The Community of Practice: members from cohorts and people, consent, and the contact list
that holds only people who consented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from cohort_desk.cli import lookup
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.services.cohorts.enrolments import enrol_people, list_enrolments, set_status
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.services.community import members as community
from cohort_desk.services.people.records import PersonInput, create_person

TODAY = date.today()


@pytest.fixture
def cohort(db):
    create_cohort(db, CohortInput("SLA 1"))
    emails = []
    for name in ("Ann", "Ben", "Cat", "Dee"):
        email = f"{name.lower()}@nhs.net"
        create_person(db, PersonInput(name, "Smith", email, interests="coaching"))
        emails.append(email)
    enrol_people(
        db, lookup.cohort_id(db, "SLA 1"), list(lookup.people_by_email(db, emails)), "participant"
    )
    dee = next(e for e in list_enrolments(db, cohort_id=None) if e.given_name == "Dee")
    set_status(db, dee.id, "withdrawn", TODAY, "Left the trust")
    return emails


def test_alumni_join_without_consent_and_withdrawn_people_stay_out(db, cohort):
    result = community.add_cohort_alumni(
        db, lookup.cohort_id(db, "sla 1"), TODAY - timedelta(days=3)
    )
    assert (result.added, result.already) == (3, 0)
    members = community.list_members(db)
    assert [m.name for m in members] == ["Ann Smith", "Ben Smith", "Cat Smith"]
    assert all(not m.consent_to_contact and m.consent_on is None for m in members)
    assert all(m.source == "SLA 1" and m.interests == "coaching" for m in members)
    again = community.add_cohort_alumni(db, lookup.cohort_id(db, "SLA 1"))
    assert (again.added, again.already) == (0, 3)


def test_consent_is_recorded_with_its_date_and_can_be_withdrawn(db, cohort):
    community.add_members(db, list(lookup.people_by_email(db, cohort[:2])))
    ann = community.member_id_for(db, lookup.person_id(db, "ANN@nhs.net"))
    row = community.set_consent(db, ann, True, TODAY - timedelta(days=1))
    assert (row.consent_to_contact, row.consent_on) == (True, TODAY - timedelta(days=1))
    assert row.consent_text.startswith("Yes, ")
    row = community.set_consent(db, ann, False)
    assert (row.consent_to_contact, row.consent_on) == (False, None)
    with pytest.raises(ValidationError, match="future"):
        community.set_consent(db, ann, True, TODAY + timedelta(days=1))


def test_someone_not_in_the_community_is_reported(db, cohort):
    with pytest.raises(NotFoundError, match="not a member"):
        community.member_id_for(db, lookup.person_id(db, cohort[0]))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_contact_list_holds_only_current_consenting_members(db, cohort, tmp_path, suffix):
    community.add_members(db, list(lookup.people_by_email(db, cohort[:3])))
    ann, ben, cat = (community.member_id_for(db, lookup.person_id(db, e)) for e in cohort[:3])
    community.set_consent(db, ann, True, TODAY)
    community.set_consent(db, cat, True, TODAY)
    community.leave_community(db, cat)
    target = tmp_path / f"contacts{suffix}"
    assert community.export_contacts(db, target) == 1
    if suffix == ".xlsx":
        rows = list(load_workbook(target).active.iter_rows(values_only=True))
        assert rows[0] == tuple(community.CONTACT_HEADERS)
        assert [r[2] for r in rows[1:]] == ["ann@nhs.net"]
    else:
        text = target.read_text(encoding="utf-8-sig")
        assert "ann@nhs.net" in text and "ben@" not in text and "cat@" not in text
    assert [m.name for m in community.list_members(db)] == ["Ann Smith", "Ben Smith"]


def test_export_to_another_kind_of_file_is_refused(db, tmp_path):
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        community.export_contacts(db, tmp_path / "contacts.pdf")
    assert not (tmp_path / "contacts.pdf").exists()


def test_a_member_who_left_can_rejoin(db, cohort):
    community.add_members(db, list(lookup.people_by_email(db, cohort[:1])))
    member = community.member_id_for(db, lookup.person_id(db, cohort[0]))
    community.leave_community(db, member, TODAY)
    assert community.list_members(db) == []
    assert community.add_members(db, list(lookup.people_by_email(db, cohort[:1]))).added == 1
    assert [m.left_on for m in community.list_members(db)] == [None]


def test_community_commands(cli, tmp_path):
    assert cli("demo", "--seed", "7").code == 0
    listed = cli("community", "list", "--json").json()
    consenting = [m for m in listed if m["consent"]]
    assert listed and consenting and len(consenting) < len(listed)
    refusing = next(m for m in listed if not m["consent"])
    out = tmp_path / "contacts.xlsx"
    result = cli("community", "export", "-o", str(out))
    assert result.code == 0 and f"Wrote {len(consenting)} " in result.out
    emails = [r[2] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(emails) == sorted(m["email"] for m in consenting)
    assert cli("community", "consent", refusing["email"]).code == 0
    assert cli("community", "export", "-o", str(out), "--overwrite").out.startswith(
        f"Wrote {len(consenting) + 1} "
    )
    added = cli("community", "add", "--cohort", "SLA Cohort 2 (2026-27)")
    assert added.code == 0 and "Added " in added.out
    bad = cli("community", "add")
    assert bad.code == 2 and "--cohort" in bad.err
