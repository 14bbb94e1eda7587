"""Subject access exports hold everything about a person; erasure leaves nothing identifying
but keeps the anonymous counts, and is recorded."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from cohort_desk.cli import lookup
from cohort_desk.db.models import (
    Attendance,
    AuditEntry,
    Certificate,
    CommunityMembership,
    Enrolment,
    EqualityRecord,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    Person,
)
from cohort_desk.errors import NotFoundError
from cohort_desk.rules.certificate_codes import verification_code
from cohort_desk.services import settings
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonInput,
    get_person,
    list_people,
    update_person,
)
from cohort_desk.services.privacy.audit import person_history
from cohort_desk.services.privacy.rights import erase_person, export_paths, export_subject_access
from cohort_desk.services.safety.integrity import check_database


@pytest.fixture
def subject(demo_db):
    """A demo mentee who is in the community, holds a role, answered equality monitoring,
    and has a certificate and a note on one attendance mark: a record touching every table."""
    with demo_db.write() as session:
        mentee_ids = set(session.scalars(select(MentoringPair.mentee_id)))
        in_community = set(session.scalars(select(CommunityMembership.person_id)))
        with_roles = set(session.scalars(select(LeadershipRole.person_id)))
        answered = set(session.scalars(select(EqualityRecord.person_id)))
        attended = set(session.scalars(select(Attendance.person_id)))
        pid = min(mentee_ids & in_community & with_roles & answered & attended)
        person = session.get(Person, pid)
        person.phone = "020 7946 0123"
        person.notes = "Prefers afternoon sessions"
        mark = session.scalars(select(Attendance).where(Attendance.person_id == pid)).first()
        mark.note = "Left to collect her son"
        enrolment = session.scalars(select(Enrolment).where(Enrolment.person_id == pid)).first()
        session.add(
            Certificate(
                number="SLA-2026-0001",
                year=2026,
                sequence=1,
                # A genuine first-round code: `check` now catches invented certificates.
                code=verification_code(
                    settings.certificate_secret(session),
                    "SLA-2026-0001",
                    str(pid),
                    date(2026, 7, 1),
                ),
                kind="completion",
                person_id=pid,
                cohort_id=enrolment.cohort_id,
                holder_name=person.full_name,
                course="Systems Leadership Academy",
                issued_on=date(2026, 7, 1),
            )
        )
        pair = session.scalars(select(MentoringPair).where(MentoringPair.mentee_id == pid)).first()
        session.add(
            MentoringMeeting(pair_id=pair.id, held_on=date(2026, 6, 1), notes="Talked about her")
        )
        email, name, phone = person.email, person.full_name, person.phone
    return {"id": pid, "email": email, "name": name, "phone": phone}


def test_export_paths_pair_json_and_pdf(tmp_path):
    assert export_paths(tmp_path / "jo.json") == (tmp_path / "jo.json", tmp_path / "jo.pdf")
    assert export_paths(tmp_path / "jo.pdf") == (tmp_path / "jo.json", tmp_path / "jo.pdf")
    assert export_paths(tmp_path / "jo") == (tmp_path / "jo", tmp_path / "jo.pdf")


def test_subject_access_export_holds_every_kind_of_record(demo_db, subject, tmp_path):
    export_subject_access(demo_db, subject["id"], tmp_path / "sar.json")
    document = json.loads((tmp_path / "sar.json").read_text(encoding="utf-8"))
    assert document["person"]["email"] == subject["email"]
    assert document["person"]["phone"] == subject["phone"]
    for key in (
        "enrolments",
        "attendance",
        "certificates",
        "mentoring",
        "mentoring_meetings",
        "community_membership",
        "leadership_roles",
        "equality_monitoring",
        "audit_trail",
    ):
        assert document[key], f"{key} is empty"
    assert any(a["note"] == "Left to collect her son" for a in document["attendance"])
    assert document["certificates"][0]["number"] == "SLA-2026-0001"
    assert document["mentoring"][0]["role"] == "mentee"

    pdf = PdfReader(tmp_path / "sar.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Your personal information" in text
    assert subject["name"] in text and "SLA-2026-0001" in text
    assert "Left to collect her son" in text
    # What UK GDPR Article 15 asks for beside the data, and nothing of the database's insides.
    for expected in (
        "Data controller",
        "Data protection officer",
        "lawful basis",
        "Who receives it",
        "How long we keep it",
        "Your rights",
        "Information Commissioner's Office",
        "Before sending",
        "other people's names",
    ):
        assert expected in text, expected
    for internal in ("person id", "sha256", "Recorded by", "root"):
        assert internal not in text, internal


def test_the_export_itself_is_recorded(demo_db, subject, tmp_path):
    export_subject_access(demo_db, subject["id"], tmp_path / "sar.pdf")
    assert (tmp_path / "sar.json").exists()
    assert person_history(demo_db, subject["id"])[0].action == "subject access export"


def test_export_of_an_unknown_person_is_refused(demo_db, tmp_path):
    with pytest.raises(NotFoundError, match="nobody@example.org"):
        lookup.person_id(demo_db, "nobody@example.org")
    with pytest.raises(NotFoundError, match="no longer in the database"):
        export_subject_access(demo_db, 10**6, tmp_path / "x.json")
    assert not list(tmp_path.glob("x.*"))


def _everything_text(db) -> str:
    """Every text value in every table, to search for traces of a person."""
    from cohort_desk.db.models import Base

    chunks: list[str] = []
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_erasure_leaves_nothing_identifying_anywhere(demo_db, subject):
    before = _everything_text(demo_db)
    assert subject["email"] in before and subject["phone"] in before

    result = erase_person(demo_db, subject["id"])

    after = _everything_text(demo_db)
    for trace in (subject["email"], subject["phone"], "Prefers afternoon", "collect her son",
                  "Talked about her", subject["name"]):  # fmt: skip
        assert trace not in after, trace
    assert result.placeholder_email == f"erased-{subject['id']}@invalid"
    assert result.audit_entries_redacted > 0
    assert check_database(demo_db).ok


def test_erasure_keeps_anonymous_counts_and_marks_certificates(demo_db, subject):
    with demo_db.read() as session:
        marks = session.scalar(select(func.count()).where(Attendance.person_id == subject["id"]))
    erase_person(demo_db, subject["id"])
    with demo_db.read() as session:
        person = session.get(Person, subject["id"])
        assert (person.given_name, person.family_name) == ("Erased", "person")
        assert person.erased_at is not None
        assert (
            session.scalar(select(func.count()).where(Attendance.person_id == subject["id"]))
            == marks
        )
        cert = session.scalar(select(Certificate).where(Certificate.person_id == subject["id"]))
        assert (cert.number, cert.holder_name) == ("SLA-2026-0001", "erased")
        assert (
            session.scalar(select(EqualityRecord).where(EqualityRecord.person_id == subject["id"]))
            is None
        )
        erased = session.scalars(
            select(AuditEntry).where(
                AuditEntry.person_id == subject["id"], AuditEntry.action == "erased"
            )
        ).one()
        assert erased.who == "tester" and erased.changes == {"reason": "at their request"}


def test_an_erased_person_is_gone_from_lists_and_lookups(demo_db, subject, tmp_path):
    erase_person(demo_db, subject["id"])
    shown = list_people(demo_db, PeopleFilter(include_archived=True))
    assert subject["id"] not in {p.id for p in shown}
    with pytest.raises(NotFoundError):
        erase_person(demo_db, subject["id"])


def test_an_editor_holding_the_record_cannot_write_the_old_identity_back(demo_db, subject):
    seen = get_person(demo_db, subject["id"])
    erase_person(demo_db, subject["id"])
    with pytest.raises(NotFoundError):
        update_person(
            demo_db,
            seen.id,
            PersonInput(seen.given_name, seen.family_name, seen.email),
            seen.version,
        )


def test_erasure_takes_no_backup_that_would_hold_the_person_again(demo_db, subject):
    # Issue 12: a backup taken just before an erasure kept every detail of the person.
    if not demo_db.is_sqlite:
        pytest.skip("file backups are for SQLite")
    from cohort_desk.db.backup import list_backups

    erase_person(demo_db, subject["id"])
    assert [b.kind for b in list_backups(demo_db)] == []


def test_a_restore_never_brings_an_erased_person_back(demo_db, subject, tmp_path):
    if not demo_db.is_sqlite:
        pytest.skip("file restores are for SQLite")
    from cohort_desk.services.safety import backups

    saved = backups.backup_now(demo_db, tmp_path / "before.db")
    erase_person(demo_db, subject["id"])
    result = backups.restore(demo_db, saved)
    assert result.erased_again == 1
    assert subject["email"] not in _everything_text(demo_db)


def test_the_response_names_the_controller_and_dpo_from_preferences(demo_db, subject, tmp_path):
    from cohort_desk.services import settings

    settings.save(
        demo_db,
        {
            "controller_contact": "South East London ICB, 160 Tooley Street, London SE1 2TZ",
            "dpo_contact": "Data Protection Officer, dpo@example.nhs.uk",
        },
    )
    export_subject_access(demo_db, subject["id"], tmp_path / "sar.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "sar.pdf").pages)
    assert "160 Tooley Street" in text and "dpo@example.nhs.uk" in text
    assert "not recorded: set it in Preferences" not in text


def test_erasure_removes_the_name_as_printed(demo_db, subject):
    from cohort_desk.db.models import Person

    with demo_db.write() as session:
        session.get(Person, subject["id"]).name_as_printed = "Dr Printed-Nameonly Zyx"
    erase_person(demo_db, subject["id"])
    assert "Printed-Nameonly" not in _everything_text(demo_db)
