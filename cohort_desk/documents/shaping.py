"""One line of text in any script: split into runs of one direction and one font, shaped by
HarfBuzz, and put in the order the eye reads them (the Unicode bidirectional algorithm).

ReportLab shapes a TrueType string when uharfbuzz is installed, but it guesses each word's
direction and lays multi-word right-to-left text out left to right without its optional rlbidi
package, and it shapes a word with the first font of the word. Doing both here, a run at a time,
gives "محمد علي" its right word order and lets one name mix scripts and fonts.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import uharfbuzz
from bidi import algorithm as uba
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.canvas import Canvas

from cohort_desk.documents import fonts as F

_RTL_TYPES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


@dataclass(frozen=True)
class Span:
    """A stretch of a line in one style: the register's bold family name, then the given name."""

    text: str
    bold: bool = False
    size: float = 9.0
    colour: object = None  # a reportlab colour; None keeps the canvas's


@dataclass(frozen=True)
class Piece:
    """Text drawn with one font at one size, left to right on the page."""

    text: str  # a ShapedStr (glyphs and positions) or, for plain Latin, the characters
    font: str
    size: float
    width: float
    outline: bool  # a bold run in a font with no bold weight: drawn with a thin outline
    colour: object


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]
    width: float


def _plain(text: str) -> bool:
    """Text the Latin font draws with no shaping: no marks to place, nothing right to left."""
    latin = F.coverage(F.SANS)
    return all(ord(c) < 0x0590 and ord(c) in latin and not unicodedata.combining(c) for c in text)


def bidi_levels(text: str) -> list[int]:
    """The embedding level of each character (odd: right to left), per Unicode's UBA."""
    if not any(unicodedata.bidirectional(c) in _RTL_TYPES for c in text):
        return [0] * len(text)
    storage = uba.get_empty_storage()
    base = uba.get_base_level(text)
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    uba.get_embedding_levels(text, storage)
    every_char = list(storage["chars"])  # the steps below drop controls from storage
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    return [c["level"] for c in every_char]


def font_faces(text: str) -> list[F.Face | None]:
    """The face for each character: letters take the first face that has them; marks, joiners,
    spaces, digits and punctuation stay with the run they are in when its font has them, so a
    word is never split between fonts for a hyphen or a virama."""
    faces: list[F.Face | None] = []
    current: F.Face | None = None
    for char in text:
        letter = unicodedata.category(char)[0] == "L"
        if (
            current
            and not letter
            and (F.invisible(char) or ord(char) in F.coverage(current.regular))
        ):
            faces.append(current)
            continue
        face = F.face_for(char)
        if face is None and current and F.invisible(char):
            face = current
        faces.append(face)
        current = face or current
    return faces


@functools.lru_cache(maxsize=20000)
def shape(text: str, font: str, rtl: bool) -> tuple[str, float]:
    """(glyph string ReportLab can draw, width at 1 pt) of text in one font and direction."""
    ttf = pdfmetrics.getFont(font)
    hb_font = _hb_font(font)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    chars: list[str] = []
    data: list[ShapeData] = []
    private: list[tuple[int, int]] = []  # (code, cluster) of glyphs with no character of their own
    for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        gid = info.codepoint
        advance = ttf.pdfScale(pos.x_advance)
        known = ttf.face.glyphToChar.get(gid)
        # Glyphs with no character of their own (ligatures, joined Arabic forms, conjuncts)
        # get a private code point, as ReportLab's own shaper does.
        code = known[0] if known else ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, advance)
        if 0xE000 <= code <= 0xF8FF:  # given by hbAddPrivate, now or by an earlier shaping
            private.append((code, info.cluster))
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                advance,
                ttf.pdfScale(pos.y_advance),
                ttf.pdfScale(pos.x_offset),
                ttf.pdfScale(pos.y_offset),
                ttf.face.charWidths[code],
            )
        )
    if private:
        _remember_text(ttf, text, chars, data, private)
    return ShapedStr("".join(chars), shapeData=data), sum(d.x_advance for d in data) / 1000


# PostScript font name -> private code point -> the characters its glyph stands for.
_ACTUAL: dict[str, dict[int, str]] = {}


def _remember_text(
    ttf: ttfonts.TTFont,
    text: str,
    chars: list[str],
    data: list[ShapeData],
    private: list[tuple[int, int]],
) -> None:
    """Note which characters each private glyph draws, so that copying, searching and screen
    readers get "ট্ট" back from the PDF rather than a private-use code point.

    Works on decomposed characters (a Bengali "ৌ" is drawn as "ে" and "ৗ"): the characters no
    ordinary glyph accounts for go to the private glyph of their cluster, or the nearest one.
    """
    left = [(i, part) for i, char in enumerate(text) for part in unicodedata.normalize("NFD", char)]
    private_codes = {code for code, _ in private}
    for char, d in zip(chars, data, strict=True):
        if ord(char) in private_codes:
            continue
        for part in unicodedata.normalize("NFD", char):
            matches = [k for k, (_, c) in enumerate(left) if c == part]
            if matches:
                left.pop(min(matches, key=lambda k: abs(left[k][0] - d.cluster)))
    owned: dict[int, list[tuple[int, str]]] = {code: [] for code, _ in private}
    for pos, part in left:
        before = [(cluster, code) for code, cluster in private if cluster <= pos]
        owner = max(before, key=lambda x: x[0])[1] if before else private[0][0]
        owned[owner].append((pos, part))
    table = _ACTUAL.setdefault(ttf.face.name.decode("latin-1"), {})
    for code, parts in owned.items():
        if code not in table and code != 0xFFFF:
            # A glyph that is only part of a cluster stands for nothing on its own.
            table[code] = unicodedata.normalize("NFC", "".join(c for _, c in sorted(parts)))


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode map, with private glyphs mapped back to their characters and
    characters beyond U+FFFF written as the UTF-16 pairs the PDF format asks for."""
    actual = _ACTUAL.get(fontname.split("+", 1)[-1], {})

    def target(code: int) -> str:
        return actual.get(code, chr(code)).encode("utf-16-be").hex().upper()

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})",
            "/Supplement 0\n>> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{target(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# ReportLab looks the function up when it writes each font, so this reaches every document.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@functools.cache
def _hb_font(font: str) -> uharfbuzz.Font:
    return pdfmetrics.getFont(font).hbFont(10)


def _visual_order(runs: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Unicode rule L2: from the highest level down to the lowest odd one, reverse every
    stretch of runs at that level or above. runs[i][0] is the run's level."""
    levels = [r[0] for r in runs]
    odd = [level for level in levels if level % 2]
    if not odd:
        return runs
    out = list(runs)
    for level in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(out):
            if out[i][0] >= level:
                j = i
                while j < len(out) and out[j][0] >= level:
                    j += 1
                out[i:j] = out[i:j][::-1]
                i = j
            else:
                i += 1
    return out


@functools.lru_cache(maxsize=4096)
def lay_out(spans: tuple[Span, ...]) -> Line:
    """The pieces of one line, left to right, with their widths."""
    F.register_fonts()
    full = "".join(s.text for s in spans)
    if _plain(full):
        pieces = []
        for s in spans:
            if s.text:
                font = F.SANS_BOLD if s.bold else F.SANS
                width = pdfmetrics.stringWidth(s.text, font, s.size)
                pieces.append(Piece(s.text, font, s.size, width, False, s.colour))
        return Line(tuple(pieces), sum(p.width for p in pieces))
    owner = [i for i, s in enumerate(spans) for _ in s.text]
    levels = bidi_levels(full)
    faces = font_faces(full)
    runs: list[tuple[int, ...]] = []  # (level, span, face index, start, end)
    for i, face in enumerate(faces):
        key = (levels[i], owner[i], F.FACES.index(face) if face else 0)
        if runs and runs[-1][:3] == key:
            runs[-1] = (*key, runs[-1][3], i + 1)
        else:
            runs.append((*key, i, i + 1))
    pieces = []
    for level, span_index, face_index, start, end in _visual_order(runs):
        span = spans[span_index]
        font, outline = F.weight_of(F.FACES[face_index], span.bold)
        shaped, unit_width = shape(full[start:end], font, level % 2 == 1)
        if shaped:
            pieces.append(
                Piece(shaped, font, span.size, unit_width * span.size, outline, span.colour)
            )
    return Line(tuple(pieces), sum(p.width for p in pieces))


def line_of(text: str, bold: bool = False, size: float = 9.0, colour: object = None) -> Line:
    return lay_out((Span(text, bold, size, colour),))


def draw_line(canvas: Canvas, x: float, y: float, line: Line, align: str = "left") -> None:
    """Draw a laid-out line with its left edge, centre or right edge at x, as one text object
    so that copying the line from the PDF gives it back whole."""
    if align == "centre":
        x -= line.width / 2
    elif align == "right":
        x -= line.width
    # Colours and outlines set inside a text object outlive it: keep them to this line.
    guarded = any(p.colour is not None or p.outline for p in line.pieces)
    if guarded:
        canvas.saveState()
    text = canvas.beginText(x, y)
    for piece in line.pieces:
        text.setFont(piece.font, piece.size)
        if piece.colour is not None:
            text.setFillColor(piece.colour)
        if piece.outline:
            canvas.setStrokeColor(piece.colour or canvas._fillColorObj)
            canvas.setLineWidth(piece.size * 0.035)
            text.setTextRenderMode(2)
        text.textOut(piece.text)
        if piece.outline:
            text.setTextRenderMode(0)
    canvas.drawText(text)
    if guarded:
        canvas.restoreState()
