"""Mail merge: one .eml draft per recipient, addressed, personalised, with the right
attachments, written all together with a record per person, and never twice by accident."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import icalendar
import pytest
from pypdf import PdfReader

from cohort_desk.db.models import MessageSent
from cohort_desk.errors import RefusedError, UserError, ValidationError
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.communications import MailRequest, plan_mail, write_mail
from cohort_desk.services.communications.history import written_to
from cohort_desk.services.communications.templates import list_templates, save_template
from cohort_desk.services.people.records import PersonInput
from tests.integration.certificate_data import COHORT as HAND_COHORT
from tests.integration.certificate_data import HAND_CASES, build_cohort
from tests.integration.mail_data import (
    COHORT,
    NOW,
    SESSIONS,
    add_applicant,
    body_of,
    build,
    feature_letters,
    read_eml,
)


def test_joining_instructions_one_draft_each_with_the_programme_attached(db, tmp_path):
    built = build(db)
    plan = plan_mail(db, MailRequest("joining-instructions", cohort_id=built.cohort_id), now=NOW)
    result = write_mail(db, plan, tmp_path / "out")
    assert len(result.files) == 4 and result.people == 4
    names = sorted(p.name for p in result.files)
    assert names == [
        "Ama Mensah - joining-instructions.eml",
        "Siobhán O'Brien - joining-instructions.eml",
        "Thị Minh Khai Nguyễn - joining-instructions.eml",
        "秀英 王 - joining-instructions.eml",
    ]
    message = read_eml(tmp_path / "out" / "Siobhán O'Brien - joining-instructions.eml")
    assert message["X-Unsent"] == "1"
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Siobhán O'Brien", "siobhan.obrien@nhs.net")
    assert message["Subject"] == "Welcome to Systems Leadership Academy: joining instructions"
    body = body_of(message)
    assert body.startswith("Dear Siobhán,\n")
    # London wall-clock times, either side of the clocks going forward and back.
    assert "Thursday 25 March 2027, 09:30 to 12:30: Launch" in body
    assert "Tuesday 30 March 2027, 09:30 to 12:30: Action learning set 1" in body
    assert "Thursday 28 October 2027, 14:00 to 16:00: Masterclass" in body
    assert "Tuesday 2 November 2027, 14:00 to 18:00: Closing workshop" in body
    [ics] = list(message.iter_attachments())
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_filename() == f"{COHORT} sessions.ics"
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    starts = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    assert starts == [start for _t, start, _h, _o in SESSIONS]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=o) for *_x, o in SESSIONS]
    khai = read_eml(tmp_path / "out" / "Thị Minh Khai Nguyễn - joining-instructions.eml")
    assert body_of(khai).startswith("Dear Khai,\n")  # the name they prefer
    wang = read_eml(tmp_path / "out" / "秀英 王 - joining-instructions.eml")
    assert wang["To"].addresses[0].display_name == "秀英 王"


def test_what_was_written_is_recorded_per_person_and_a_repeat_is_refused(db, tmp_path):
    built = build(db)
    request = MailRequest("reminder", session_id=built.session_ids[1])
    write_mail(db, plan_mail(db, request), tmp_path / "a")
    lines = written_to(db, built.people["ama.mensah@nhs.net"])
    assert [(x.template, x.written_by) for x in lines] == [("reminder", "tester")]
    assert lines[0].attachments == ("Action learning set 1 30-03-2027.ics",)
    assert lines[0].subject == "Reminder: Action learning set 1, Tuesday 30 March 2027 at 09:30"
    again = plan_mail(db, request)
    assert len(again.repeats) == 4
    warning = again.repeat_warning()
    assert warning is not None and "and 3 others already had the 'reminder' e-mail" in warning
    two = dataclasses.replace(again, drafts=again.drafts[:2])
    assert "and 1 other already had" in str(two.repeat_warning())  # never "1 others"
    with pytest.raises(RefusedError, match="Nothing was written"):
        write_mail(db, again, tmp_path / "b")
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())
    write_mail(db, again, tmp_path / "b", again=True)
    assert len(written_to(db, built.people["ama.mensah@nhs.net"])) == 2
    # Another session is another e-mail: no warning.
    other = plan_mail(db, MailRequest("reminder", session_id=built.session_ids[2]))
    assert other.repeat_warning() is None


def test_existing_drafts_are_never_replaced_silently(db, tmp_path):
    built = build(db)
    request = MailRequest("reminder", session_id=built.session_ids[0])
    write_mail(db, plan_mail(db, request), tmp_path)
    before = (tmp_path / "Ama Mensah - reminder.eml").read_bytes()
    with pytest.raises(UserError, match="add --overwrite"):
        write_mail(db, plan_mail(db, request), tmp_path, again=True)
    assert (tmp_path / "Ama Mensah - reminder.eml").read_bytes() == before
    with db.read() as session:
        assert session.query(MessageSent).count() == 4  # the refused run recorded nothing
    write_mail(db, plan_mail(db, request), tmp_path, again=True, overwrite=True)


def test_a_reminder_by_cohort_is_about_the_next_session_and_carries_its_calendar(db, tmp_path):
    built = build(db)
    plan = plan_mail(db, MailRequest("reminder", cohort_id=built.cohort_id), now=NOW)
    assert plan.about == "Launch on 25/03/2027" and plan.session_id == built.session_ids[0]
    [ics] = plan.drafts[0].attachments
    assert ics.file_name == "Launch 25-03-2027.ics"
    assert len(icalendar.Calendar.from_ical(ics.data).walk("VEVENT")) == 1
    write_mail(db, plan, tmp_path / "march")
    # After the launch the next reminder is about the next session: not the same e-mail again.
    later = plan_mail(
        db, MailRequest("reminder", cohort_id=built.cohort_id), now=NOW + timedelta(days=75)
    )
    assert later.about == "Action learning set 1 on 30/03/2027"
    assert later.repeat_warning() is None
    chosen = plan_mail(db, MailRequest("reminder", session_id=built.session_ids[0]))
    assert chosen.repeat_warning() is not None  # the launch's reminder, written in March
    # A template about the whole cohort still attaches the whole programme.
    joining = plan_mail(db, MailRequest("joining-instructions", cohort_id=built.cohort_id), now=NOW)
    assert joining.session_id is None
    assert joining.drafts[0].attachments[0].file_name == f"{COHORT} sessions.ics"


def test_a_cancelled_session_reminder_says_so(db, tmp_path):
    from cohort_desk.services.sessions.cancelling import cancel_session

    built = build(db)
    cancel_session(db, built.session_ids[2], "the speaker is ill")
    plan = plan_mail(db, MailRequest("reminder", session_id=built.session_ids[2]))
    draft = plan.drafts[0]
    assert draft.subject == "Cancelled: Masterclass, Thursday 28 October 2027 at 14:00"
    assert "has been cancelled (the speaker is ill)" in draft.body
    ics = icalendar.Calendar.from_ical(draft.attachments[0].data)
    assert ics.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_mentor_introduction_goes_to_mentee_and_mentor_together(db, tmp_path):
    built = build(db)
    with pytest.raises(ValidationError, match="--to pairs"):
        plan_mail(db, MailRequest("mentor-introduction", cohort_id=built.cohort_id))
    plan = plan_mail(db, MailRequest("mentor-introduction", cohort_id=built.cohort_id, to="pairs"))
    result = write_mail(db, plan, tmp_path)
    [path] = result.files
    message = read_eml(path)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "ama.mensah@nhs.net",
        "tom.baker@nhs.net",
    ]
    assert message["Subject"] == "Introducing Ama Mensah and Tom Baker"
    assert "Dear Ama and Tom," in body_of(message)
    assert "Tom Baker, Director of Nursing" in body_of(message)
    for email in ("ama.mensah@nhs.net", "tom.baker@nhs.net"):
        assert [x.template for x in written_to(db, built.people[email])] == ["mentor-introduction"]


@pytest.mark.parametrize(
    ("to", "session", "expected"),
    [
        ("participants", None, 4),
        ("facilitators", None, 1),
        ("mentors", None, 1),
        ("not-yet-marked", 0, 4),
    ],
)
def test_recipient_groups(db, to, session, expected):
    built = build(db)
    request = MailRequest(
        "reminder",
        cohort_id=None if session is not None else built.cohort_id,
        session_id=built.session_ids[session] if session is not None else None,
        to=to,
    )
    assert len(plan_mail(db, request, now=NOW).drafts) == expected


def test_absent_needs_a_session_and_nobody_absent_is_refused(db):
    built = build(db)
    with pytest.raises(ValidationError, match="--session"):
        plan_mail(db, MailRequest("missed-you", cohort_id=built.cohort_id, to="absent"))
    with pytest.raises(RefusedError, match="has no participants marked absent"):
        plan_mail(db, MailRequest("missed-you", session_id=built.session_ids[0], to="absent"))


def test_certificates_attached_only_to_their_holders(db, tmp_path):
    built = build_cohort(db, HAND_CASES)
    issued = issue(db, tmp_path / "certs", cohort_id=built.cohort_id)
    plan = plan_mail(db, MailRequest("certificate", cohort_id=built.cohort_id, to="eligible"))
    assert len(plan.drafts) == issued.issued == 3
    result = write_mail(db, plan, tmp_path / "mail")
    for path in result.files:
        message = read_eml(path)
        [pdf] = list(message.iter_attachments())
        assert pdf.get_content_type() == "application/pdf"
        name = message["To"].addresses[0].display_name
        family, given = name.split(" ")[1], name.split(" ")[0]
        assert pdf.get_filename() == f"{family} {given} - {HAND_COHORT}.pdf"
        import io

        text = PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
        assert name in text
        number = next(line for line in body_of(message).splitlines() if "number" in line)
        assert number.split(": ")[1] in text
    # Participants without a certificate are named, and nothing is written.
    with pytest.raises(RefusedError, match="has no certificate for"):
        plan_mail(db, MailRequest("certificate", cohort_id=built.cohort_id, to="participants"))


def test_another_feature_sends_its_own_template_to_exactly_the_people_it_names(
    db, tmp_path, monkeypatch
):
    """The way intake's decision letters use the merge: its own template, the people whose
    status changed (an applicant too), and extra placeholders per person; the same template
    asked for anywhere else says where it is written from."""
    feature_letters(monkeypatch)
    built = build(db)
    [offer] = [t for t in list_templates(db) if t.name == "offer-test"]
    assert (offer.built_in, offer.written_from) == (True, "the Applications screen")
    ids = [built.people["ama.mensah@nhs.net"], built.people["khai.nguyen@nhs.net"]]
    applicant = add_applicant(db, built.cohort_id, PersonInput("Priya", "Shah", "p.shah@nhs.net"))
    plan = plan_mail(
        db,
        MailRequest(
            "offer-test",
            cohort_id=built.cohort_id,
            person_ids=[*ids, applicant],
            extra={ids[0]: {"offer": {"rank": 1}}, ids[1]: {"offer": {"rank": 2}},
                   applicant: {"offer": {"rank": 3}}},
            shared={"reply_by": "1 March 2027"},
        ),
    )  # fmt: skip
    assert [d.person_ids for d in plan.drafts] == [(ids[0],), (ids[1],), (applicant,)]
    assert plan.drafts[1].body == "Dear Thị Minh Khai, you are number 2. Reply by 1 March 2027.\n"
    result = write_mail(db, plan, tmp_path)
    message = read_eml(tmp_path / "Priya Shah - offer-test.eml")
    assert message["Subject"] == "A place on Systems Leadership Academy"
    assert body_of(message).startswith("Dear Priya, you are number 3.")
    assert len(result.files) == 3
    assert [x.template for x in written_to(db, ids[1])] == ["offer-test"]
    again = plan_mail(
        db,
        MailRequest("offer-test", cohort_id=built.cohort_id, person_ids=[applicant],
                    extra={applicant: {"offer": {"rank": 3}}}, shared={"reply_by": "x"}),
    )  # fmt: skip
    assert again.repeat_warning() is not None
    for elsewhere in (
        # the Mail merge dialog, `cohort-desk mail`:
        MailRequest("offer-test", cohort_id=built.cohort_id),
        MailRequest("offer-test", cohort_id=built.cohort_id, person_ids=[ids[0]]),  # no offer given
    ):
        with pytest.raises(ValidationError) as refused:
            plan_mail(db, elsewhere)
        assert refused.value.message == (
            "The 'offer-test' template is written from the Applications screen, which fills "
            "in {{ offer }} for each person; write it from there."
        )


def test_an_unknown_placeholder_stops_the_merge_before_any_file(db, tmp_path):
    built = build(db)
    from cohort_desk.db.models import MessageTemplate

    with db.write() as session:  # as a template edited before checks existed might be
        session.add(MessageTemplate(name="reminder", subject="Hi", body="{{ sesion.title }}"))
    with pytest.raises(ValidationError, match=r"\{\{ sesion \}\}"):
        plan_mail(db, MailRequest("reminder", cohort_id=built.cohort_id), now=NOW)
    with pytest.raises(ValidationError, match=r"\{\{ sesion \}\}"):
        save_template(db, "reminder", "Hi", "{{ sesion.title }}", [], 1)
