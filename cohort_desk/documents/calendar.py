"""Sessions as an iCalendar file (RFC 5545) that Outlook, Google and Apple calendars import.

Times are written in Europe/London local time with the zone's own VTIMEZONE, so a 09:30
session shows at 09:30 on either side of the clocks changing. The VTIMEZONE is the short
rule-based one (last Sunday of March and of October) that Outlook reads best, rather than
the library's generated list of dates, which stops in 2038.

Each event keeps one UID for life, and its SEQUENCE rises with every change to the session,
so importing a newer file updates the entries already in a calendar instead of duplicating
them, and a cancelled session becomes STATUS:CANCELLED in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vRecur

from cohort_desk import __version__
from cohort_desk.rules.dates import UK
from cohort_desk.rules.file_names import UNSAFE_CHARACTERS, is_windows_device_name

PRODUCT = f"-//Cohort Desk//Cohort Desk {__version__}//EN"
ZONE = "Europe/London"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime  # aware
    ends_at: datetime | None
    title: str
    location: str
    url: str
    description: str
    cancelled: bool
    created: datetime
    modified: datetime


def london_zone() -> Timezone:
    """Europe/London as RFC 5545 rules: BST from 01:00 GMT on the last Sunday of March,
    GMT again from 02:00 BST on the last Sunday of October (the rule since 1996)."""
    zone = Timezone()
    zone.add("tzid", ZONE)
    zone.add("x-lic-location", ZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", datetime(2000, 1, 1, tzinfo=UTC).utcoffset())
    summer.add("tzoffsetto", datetime(2000, 7, 1, tzinfo=UK).utcoffset())
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", datetime(2000, 7, 1, tzinfo=UK).utcoffset())
    winter.add("tzoffsetto", datetime(2000, 1, 1, tzinfo=UTC).utcoffset())
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _local(moment: datetime) -> datetime:
    """Wall-clock time in London, tagged with the zone's TZID (icalendar writes
    DTSTART;TZID=Europe/London:20260329T093000)."""
    return moment.astimezone(UK)


def _event(item: CalendarEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", item.sequence)
    event.add("created", item.created.astimezone(UTC))
    event.add("last-modified", item.modified.astimezone(UTC))
    event.add("dtstart", _local(item.starts_at))
    if item.ends_at is not None:
        event.add("dtend", _local(item.ends_at))
    event.add("summary", f"Cancelled: {item.title}" if item.cancelled else item.title)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.description:
        event.add("description", item.description)
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    # A cancelled session no longer blocks the time in Outlook's and Google's free/busy.
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    return event


def render_calendar(
    events: Sequence[CalendarEvent], name: str, now: datetime | None = None
) -> bytes:
    """The .ics file's bytes: one VEVENT per session, in the order given."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH: entries to keep in a calendar, not a meeting request to answer.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add_component(london_zone())
    for item in events:
        calendar.add_component(_event(item, stamp))
    ical: bytes = calendar.to_ical()
    return ical


def safe_file_name(stem: str, suffix: str, limit: int = 120) -> str:
    """A file name safe on Windows, from people's text: no reserved characters or device
    names, no trailing dots or spaces, short enough for deep folders."""
    tidy = " ".join(UNSAFE_CHARACTERS.sub(" ", stem).split()).strip(" .")[:limit].rstrip(" .-")
    tidy = tidy or "Cohort Desk"
    if is_windows_device_name(tidy):
        tidy = f"_{tidy}"
    return f"{tidy}{suffix}"
