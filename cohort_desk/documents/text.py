"""Text for printed documents: lines and paragraphs in any script, UK dates and numbers."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from zoneinfo import ZoneInfo

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from cohort_desk.documents import fonts as F
from cohort_desk.documents import shaping as S
from cohort_desk.documents.textblock import TextBlock as TextBlock  # shown to callers

SANS = F.SANS
SANS_BOLD = F.SANS_BOLD
register_fonts = F.register_fonts
missing_characters = F.missing_characters

UK = ZoneInfo("Europe/London")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _bold(font: str) -> bool:
    return font.endswith("-Bold")


def line(text: str, font: str = SANS, size: float = 9.0) -> S.Line:
    """A line of any script, laid out: fonts per run, shaped, right-to-left runs in order."""
    return S.line_of(unicodedata.normalize("NFC", text or ""), _bold(font), size)


def text_width(text: str, font: str, size: float) -> float:
    return line(text, font, size).width


def draw(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> float:
    """Draw one line of text of any script in the canvas's fill colour; returns its width."""
    laid = line(text, font, size)
    S.draw_line(canvas, x, y, laid, align)
    return laid.width


def clean(value: str | None) -> str:
    """NFC so that decomposed accents (e + combining mark) print as one letter."""
    return unicodedata.normalize("NFC", value or "").strip()


# Letters that NFKD does not split into base letter + accent, folded by hand.
_FOLD = str.maketrans(
    {**dict(zip("łŁøØđĐı", "lLoOdDi", strict=True)), "ß": "ss", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)


def sort_key(text: str) -> str:
    """Locale-free key: Šimková files under S and Ó Dónaill with O'Donnell, as a reader expects."""
    decomposed = unicodedata.normalize("NFKD", clean(text).translate(_FOLD))
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def para(value: str | None, style: ParagraphStyle) -> TextBlock:
    """People's text (names, organisations, titles, notes) as a paragraph in any script."""
    lines = clean(value).replace("\r\n", "\n").split("\n")
    return TextBlock("\n".join(" ".join(x.split()) for x in lines), style)


def to_uk(moment: datetime) -> datetime:
    """Aware times are shown in UK time; naive ones are taken to be UK time already."""
    return moment.astimezone(UK) if moment.tzinfo else moment


def uk_date(day: date | datetime) -> str:
    if isinstance(day, datetime):
        day = to_uk(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def long_date(day: date | datetime, weekday: bool = True) -> str:
    """Like "Monday 2 February 2026", without locale settings, which vary between PCs."""
    if isinstance(day, datetime):
        day = to_uk(day)
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_DAYS[day.weekday()]} {text}" if weekday else text


def clock(moment: datetime) -> str:
    return f"{to_uk(moment):%H:%M}"


def printed_stamp(moment: datetime) -> str:
    return f"Printed {uk_date(moment)} {clock(moment)}"


def hours_text(hours: float) -> str:
    """6 -> "6", 6.5 -> "6.5", 6.25 -> "6.25": no trailing zeros on a printed document."""
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def fit_text(text: str, font: str, size: float, width: float, min_size: float = 5) -> float:
    """The largest size up to `size` at which text fits `width` (never below min_size)."""
    needed = text_width(text, font, size)
    return size if needed <= width else max(min_size, size * width / needed)


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
        # Never leave half a cluster: a mark, joiner or virama needs what follows it.
        while text and (unicodedata.category(text[-1])[0] == "M" or text[-1] in "\u200c\u200d"):
            text = text[:-1]
    return text.rstrip() + "…"


def cpd_text(hours: float) -> str:
    shown = hours_text(hours)
    return f"{shown} CPD {'hour' if shown == '1' else 'hours'}"
