"""What was written to someone shows in their history and their subject-access export, and
goes with them when they are erased."""

from __future__ import annotations

import json

from pypdf import PdfReader
from sqlalchemy import select

from cohort_desk.db.models import Base, MessageSent
from cohort_desk.services.communications import MailRequest, plan_mail, write_mail
from cohort_desk.services.people.detail import person_detail
from cohort_desk.services.privacy.rights import erase_person, export_subject_access
from tests.integration.mail_data import COHORT, build


def _write(db, tmp_path, **request):  # type: ignore[no-untyped-def]
    write_mail(db, plan_mail(db, MailRequest(**request)), tmp_path / request["template"])


def test_history_and_subject_access_show_the_e_mails(db, tmp_path):
    built = build(db)
    ama = built.people["ama.mensah@nhs.net"]
    _write(db, tmp_path, template="reminder", session_id=built.session_ids[0])
    _write(db, tmp_path, template="mentor-introduction", cohort_id=built.cohort_id, to="pairs")
    changes = [c.summary for c in person_detail(db, ama).changes]
    assert "E-mail written: reminder, with Launch 25-03-2027.ics" in changes
    assert "E-mail written: mentor-introduction" in changes

    export_subject_access(db, ama, tmp_path / "sar.json")
    document = json.loads((tmp_path / "sar.json").read_text(encoding="utf-8"))
    messages = document["messages"]
    assert [m["template"] for m in messages] == ["reminder", "mentor-introduction"]
    assert messages[0]["subject"] == "Reminder: Launch, Thursday 25 March 2027 at 09:30"
    assert messages[0]["about"] == f"Launch ({COHORT})"
    assert messages[0]["attachments"] == "Launch 25-03-2027.ics"
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "sar.pdf").pages)
    assert "E-mails written to you" in text and "Introducing Ama Mensah and Tom Baker" in text


def test_erasure_blanks_their_name_from_every_e_mail_record(db, tmp_path):
    built = build(db)
    _write(db, tmp_path, template="mentor-introduction", cohort_id=built.cohort_id, to="pairs")
    erase_person(db, built.people["ama.mensah@nhs.net"])
    with db.read() as session:
        rows = session.scalars(select(MessageSent)).all()
        assert len(rows) == 2, "what was written, when and by whom stays"
        assert {r.person_id for r in rows} == {
            built.people["ama.mensah@nhs.net"],
            built.people["tom.baker@nhs.net"],
        }
        everything = "\n".join(
            str(value)
            for table in Base.metadata.sorted_tables
            for row in session.execute(select(table))
            for value in row
        )
    assert "Mensah" not in everything and "ama.mensah" not in everything
