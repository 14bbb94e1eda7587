"""The bundled fonts, one per script, and which of them can draw a given character.

Noto Sans is the face of every document; each other script has its own Noto font in the same
design, Chinese, Japanese and Korean share WenQuanYi Micro Hei (TrueType outlines: ReportLab
cannot embed the CFF outlines of Noto Sans CJK), and DejaVu Sans catches symbols and the
scripts nobody has asked for yet (Armenian, Georgian). resources/fonts/README.md says where
each file comes from and how scripts/build_fonts.py rebuilds them.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cohort_desk.errors import RefusedError
from cohort_desk.paths import resource

SANS = "CohortSans"
SANS_BOLD = "CohortSans-Bold"


@dataclass(frozen=True)
class Face:
    """One script's font: the registered names and files of its regular and bold weights."""

    script: str
    regular: str
    regular_file: str
    bold: str | None = None
    bold_file: str | None = None


def _noto(script: str, label: str) -> Face:
    return Face(
        label,
        f"Cohort{script}",
        f"NotoSans{script}-Regular.ttf",
        f"Cohort{script}-Bold",
        f"NotoSans{script}-Bold.ttf",
    )


# In order of preference: a character goes to the first face that has it, so Latin digits and
# punctuation inside Arabic or Tamil text still come from Noto Sans unless the run keeps them.
FACES: tuple[Face, ...] = (
    Face("Latin, Greek, Cyrillic", SANS, "NotoSans-Regular.ttf", SANS_BOLD, "NotoSans-Bold.ttf"),
    _noto("Arabic", "Arabic and Urdu"),
    _noto("Hebrew", "Hebrew"),
    _noto("Devanagari", "Devanagari"),
    _noto("Bengali", "Bengali"),
    _noto("Gurmukhi", "Gurmukhi"),
    _noto("Gujarati", "Gujarati"),
    _noto("Tamil", "Tamil"),
    _noto("Sinhala", "Sinhala"),
    _noto("Thai", "Thai"),
    # No bold: bold runs of these characters are drawn with a thin outline instead.
    Face("Chinese, Japanese, Korean", "CohortCJK", "WenQuanYiMicroHei.ttf"),
    Face(
        "Other symbols",
        "CohortFallback",
        "DejaVuSans.ttf",
        "CohortFallback-Bold",
        "DejaVuSans-Bold.ttf",
    ),
)

# Zero-width joiners, direction marks and variation selectors: the shaper uses or hides them,
# so they never need a glyph of their own.
_VARIATION = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def invisible(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(code in r for r in _VARIATION)


@functools.cache
def register_fonts() -> None:
    """Register the shipped TTFs once per process; parsing them costs more than drawing a page."""
    for face in FACES:
        pdfmetrics.registerFont(TTFont(face.regular, str(resource("fonts", face.regular_file))))
        if face.bold and face.bold_file:
            pdfmetrics.registerFont(TTFont(face.bold, str(resource("fonts", face.bold_file))))
    # Lets <b> inside Paragraph markup pick the embedded face instead of Helvetica.
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )


@functools.cache
def coverage(font: str) -> frozenset[int]:
    """The characters a registered font has a glyph for."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def weight_of(face: Face, bold: bool) -> tuple[str, bool]:
    """(registered font, drawn with a thin outline) for a weight: faces without a bold font
    thicken their regular one, so a bold name stays bold in every script."""
    if bold and face.bold:
        return face.bold, False
    return face.regular, bold


def face_for(char: str) -> Face | None:
    """The first face that can draw a character; None when no bundled font can."""
    code = ord(char)
    for face in FACES:
        if code in coverage(face.regular):
            return face
    return None


def can_draw(char: str) -> bool:
    return invisible(char) or char in " \t\n" or face_for(char) is not None


def missing_characters(text: str) -> list[str]:
    """Every distinct character of text that no bundled font has, in the order they appear."""
    seen: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text or ""):
        if char not in seen and not can_draw(char):
            seen[char] = None
    return list(seen)


def describe_missing(chars: list[str]) -> str:
    """'"ᏣᎳᎩ" (Cherokee)'-style wording for a refusal: the characters and their Unicode names."""
    shown = "".join(chars[:6])
    kinds = []
    for char in chars:
        name = unicodedata.name(char, "")
        kind = name.split(" ")[0].title() if unicodedata.category(char)[0] == "L" else ""
        kind = kind or "symbol"
        if kind not in kinds:
            kinds.append(kind)
    return f'"{shown}" ({", ".join(kinds)}: no font bundled with Cohort Desk can print it)'


def require_printable(document: str, texts: Iterable[tuple[str, str]]) -> None:
    """Refuse to print a document with any text no bundled font can draw: a blank or a box
    where a name should be is worse than no page. texts: (whose, text), e.g.
    ("Jo Li's name", "..."). One sentence for each problem, so the reader knows whom to fix."""
    problems = []
    for whose, text in texts:
        missing = missing_characters(text)
        if missing:
            problems.append(f"{whose} contains {describe_missing(missing)}.")
    if problems:
        raise RefusedError(
            f"The {document} was not printed, so that no name comes out blank or as boxes. "
            + " ".join(problems)
            + " Give those people a name as printed that uses letters Cohort Desk can print."
        )


def codes_for_missing(text: str) -> str:
    """text with each character no bundled font has written as [U+13A3]: for documents that
    must go out whatever they hold (a subject access response), a visible code, never a box."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    return "".join(c if can_draw(c) else f"[U+{ord(c):04X}]" for c in text)
