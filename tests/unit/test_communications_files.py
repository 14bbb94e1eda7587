"""The two files Outlook is given: .eml drafts (RFC 5322) and .ics calendars (RFC 5545),
read back with the standard library's parser and with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from zoneinfo import ZoneInfo

import icalendar
import pytest

from cohort_desk.documents.calendar import CalendarEvent, render_calendar, safe_file_name
from cohort_desk.errors import ValidationError
from cohort_desk.services.communications.eml import Attachment, Mailbox, build_draft

LONDON = ZoneInfo("Europe/London")


def parse(data: bytes):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(data)


def test_names_in_every_script_and_with_commas_stay_one_recipient_each():
    people = [
        Mailbox("O'Brien, Siobhán", "siobhan.obrien@nhs.net"),
        Mailbox("Nguyễn Thị Minh Khai", "khai.nguyen@nhs.net"),
        Mailbox("王秀英", "xiuying.wang@nhs.net"),
        Mailbox('Dr "Ama" Mensah', "ama.mensah@nhs.net"),
    ]
    data = build_draft(people, "Certificat – été", "Dear all,\n")
    assert data.isascii(), "headers are encoded, never raw UTF-8"
    message = parse(data)
    addresses = message["To"].addresses
    assert [a.display_name for a in addresses] == [p.name for p in people]
    assert [a.addr_spec for a in addresses] == [p.address for p in people]
    assert message["Subject"] == "Certificat – été"
    assert message["X-Unsent"] == "1"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Dear all,\n"


def test_a_line_break_in_a_name_cannot_add_a_header():
    data = build_draft([Mailbox("Eve\r\nBcc: spy@example.org\r\n", "eve@nhs.net")], "Hello", "Hi\n")
    message = parse(data)
    assert message.get_all("Bcc") is None
    assert [a.addr_spec for a in message["To"].addresses] == ["eve@nhs.net"]
    assert message["To"].addresses[0].display_name == "Eve Bcc: spy@example.org"
    with pytest.raises(ValidationError):
        build_draft([Mailbox("Eve", "eve@nhs.net")], "Hi\r\nBcc: spy@example.org", "x")


@pytest.mark.parametrize(
    "address", ["eve@nhs.net\r\nBcc: spy@example.org", "no-at-sign", "a@b@c", "élise@nhs.net", ""]
)
def test_an_address_outlook_cannot_use_is_refused_naming_the_person(address):
    with pytest.raises(ValidationError, match="Eve Example"):
        build_draft([Mailbox("Eve Example", address)], "Hello", "Hi\n")


def test_attachments_keep_their_names_and_bytes():
    pdf = Attachment("Nguyễn Khai - Systems Leadership.pdf", b"%PDF-1.7 fake", "application/pdf")
    ics = Attachment("Session.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message = parse(build_draft([Mailbox("Khai", "k@nhs.net")], "S", "B", [pdf, ics]))
    found = [(p.get_filename(), p.get_content_type(), p.get_content()) for p in
             message.iter_attachments()]  # fmt: skip
    assert found[0] == (pdf.file_name, "application/pdf", pdf.data)
    assert found[1][:2] == ("Session.ics", "text/calendar")
    assert found[1][2].replace("\r\n", "\n") == "BEGIN:VCALENDAR\nEND:VCALENDAR\n"


def _event(uid: str, start: datetime, **kw: object) -> CalendarEvent:
    made = datetime(2026, 12, 1, tzinfo=UTC)
    values = dict(
        uid=uid, sequence=0, starts_at=start, ends_at=start + timedelta(hours=3), title="Set",
        location="Guy's Hospital, Education Centre", url="", description="Facilitator: Grace",
        cancelled=False, created=made, modified=made,
    )  # fmt: skip
    values.update(kw)
    return CalendarEvent(**values)  # type: ignore[arg-type]


# The clocks go forward on Sunday 28 March 2027 and back on Sunday 31 October 2027.
CLOCK_CHANGES = [
    (datetime(2027, 3, 25, 9, 30, tzinfo=LONDON), timedelta(0)),
    (datetime(2027, 3, 30, 9, 30, tzinfo=LONDON), timedelta(hours=1)),
    (datetime(2027, 10, 28, 14, 0, tzinfo=LONDON), timedelta(hours=1)),
    (datetime(2027, 11, 2, 14, 0, tzinfo=LONDON), timedelta(0)),
]


def test_london_wall_clock_times_and_a_zone_that_agrees_with_the_real_one():
    events = [_event(f"s{i}@cohort-desk", start) for i, (start, _) in enumerate(CLOCK_CHANGES)]
    data = render_calendar(events, "Cohort")
    assert b"DTSTART;TZID=Europe/London:20270325T093000" in data
    assert b"DTSTART;TZID=Europe/London:20270330T093000" in data
    calendar = icalendar.Calendar.from_ical(data)
    zone = calendar.walk("VTIMEZONE")[0].to_tz()
    for event, (start, offset) in zip(calendar.walk("VEVENT"), CLOCK_CHANGES, strict=True):
        begins = event.decoded("dtstart")
        assert begins == start and begins.utcoffset() == offset
        assert begins.replace(tzinfo=None).replace(tzinfo=zone).utcoffset() == offset
    # The zone's rules hold for decades, not only the years the library lists.
    for year in (2026, 2031, 2045):
        for month in range(1, 13):
            moment = datetime(year, month, 15, 12)
            assert (
                moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=LONDON).utcoffset()
            )


def test_a_cancelled_event_says_so_and_keeps_its_uid():
    start = CLOCK_CHANGES[0][0]
    data = render_calendar([_event("s1@cohort-desk", start, cancelled=True, sequence=3)], "C")
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 3
    assert str(event["UID"]) == "s1@cohort-desk" and event["SUMMARY"].startswith("Cancelled")
    assert str(icalendar.Calendar.from_ical(data)["METHOD"]) == "PUBLISH"


@pytest.mark.parametrize(
    ("stem", "expected"),
    [("CON", "_CON.ics"), ('a/b:c*?"<>|d', "a b c d.ics"), ("  . ", "Cohort Desk.ics")],
)
def test_file_names_are_safe_on_windows(stem, expected):
    assert safe_file_name(stem, ".ics") == expected
