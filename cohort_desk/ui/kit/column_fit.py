"""Column widths from what the columns hold (issue 15 item 5): a date, a time, a code or a
number is never cut; free text (names, titles, notes) gives way when the table is too narrow,
elided with its whole text in the tooltip.

Sessions' dates ("Mon 04/01/2..."), certificate codes, the import "When" column and the
"Suggested mentor" heading were cut while other columns stood half empty: widths set in
characters per screen could not know the data. The table measures instead, in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A token that is read whole: it holds a digit (04/01/2027, 09:30, SLA-2026-0042, 66.7%,
# P00012, 3.5) or names a day or month beside one ("Mon 04/01/2027", "4 Jan 2027").
_DAY_OR_MONTH = re.compile(
    r"(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?,?",
    re.IGNORECASE,
)
_DATE_OR_TIME = re.compile(r"\d[/:.]\d\d")  # 04/02/2027, 09:30, 9.30
_JOINERS = {"–", "-", "to", "at", "am", "pm"}
SAMPLE_ROWS = 300  # rows measured per column: enough to meet the long ones, cheap on 100,000
CELL_PADDING = 16  # the item's text margins and the grid line, in pixels
HEADER_PADDING = 28  # the section's margins and room for the sort arrow
# A heading is shown whole up to this many average characters ("Suggested mentor"); a longer
# one (an application's criterion, "Readiness to lead across organisations") would starve
# the names beside it, so it is cut, its whole text in the heading's tooltip.
HEADING_CHARACTERS = 20
# A text up to this long that holds a date or time is a status ("Paused until 04/02/2027"):
# it is kept whole through that date; a longer one is a note, cut where it must be.
SHORT_TEXT = 40


def whole_text(text: str) -> bool:
    """True for text that must never be cut: a date, a time, a code, a number, a reference
    (every word holds a digit, or is a day, a month or a joiner beside one)."""
    words = text.split()
    if not words or not any(ch.isdigit() for ch in text):
        return False
    if len(words) == 1:
        # A code or reference; an e-mail address, a link or a path is free text.
        return len(text) <= 40 and "@" not in text and "/" not in text.strip("/0123456789")
    return all(
        any(ch.isdigit() for ch in word)
        or _DAY_OR_MONTH.fullmatch(word) is not None
        or word.casefold() in _JOINERS
        for word in words
    )


def whole_start(text: str) -> str:
    """The date, time or code a longer text starts with ("06/12/2026 09:30" of "06/12/2026
    09:30 by Amara (key)"), or a short text through the date it ends on ("Paused until
    04/02/2027", once shown "Paused until 04/02/2..."): free text may be cut, but not inside
    that."""
    words = text.split()
    taken = 0
    for count in range(1, len(words) + 1):
        if whole_text(" ".join(words[:count])):
            taken = count
    if len(text) <= SHORT_TEXT:
        for count in range(len(words), taken, -1):
            if _DATE_OR_TIME.search(words[count - 1]):
                taken = count
                break
    return " ".join(words[:taken])


@dataclass(frozen=True)
class Measured:
    """One column: the width its heading needs, the widest of its cells, whether it holds
    only whole text (then it never gives way), and for free text the width of the widest
    date, time or code its cells start with (it never gives way below that)."""

    heading: int
    content: int
    whole: bool
    least: int = 0


def widths(columns: Sequence[Measured], room: int | None, maximum: int) -> list[int]:
    """Widths for the columns in ``room`` pixels (None: not on screen yet, as measured).

    Whole columns (dates, numbers, codes) are as wide as their widest cell and heading, never
    more nor less. Free text is as wide as its content up to ``maximum``; room to spare goes
    to free text still cut, so nothing is elided beside empty space (the register's
    Organisation was cut while an empty column took 420 px). When the room is short, the
    longest free text gives way first, down to a common width, so short names stay whole
    while long notes and addresses are elided (never below their heading or 80 px)."""
    wanted = [
        max(c.heading, c.content) if c.whole else max(c.heading, min(c.content, maximum))
        for c in columns
    ]
    if room is None:
        return wanted
    if sum(wanted) <= room:
        whole = [max(c.heading, c.content) for c in columns]
        return _level(wanted, whole, room)
    floors = [
        w if c.whole else min(w, max(c.heading, c.least, 80))
        for c, w in zip(columns, wanted, strict=True)
    ]
    return _level(floors, wanted, room)


def _level(floors: Sequence[int], ceilings: Sequence[int], room: int) -> list[int]:
    """Each column between its floor and ceiling, all that give way cut to one common width,
    the widest that fills ``room`` (water-filling): the narrow ones keep all they need."""
    if sum(ceilings) <= room:
        return list(ceilings)
    if sum(floors) >= room:
        return list(floors)  # the table scrolls sideways

    def total(level: int) -> int:
        return sum(min(c, max(f, level)) for f, c in zip(floors, ceilings, strict=True))

    low, high = 0, max(ceilings)  # total(low) <= room < total(high)
    while high - low > 1:
        middle = (low + high) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle
    sizes = [min(c, max(f, low)) for f, c in zip(floors, ceilings, strict=True)]
    # The pixels left over (fewer than the columns at the level) go one each, left first.
    left = room - sum(sizes)
    for index, (f, c) in enumerate(zip(floors, ceilings, strict=True)):
        if left <= 0:
            break
        if sizes[index] == low and f <= low < c:
            sizes[index] += 1
            left -= 1
    return sizes
