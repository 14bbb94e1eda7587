"""A paragraph of people's text (names, organisations, notes) in any script, wrapped to a width.

ReportLab's Paragraph draws a word with one font and, without its optional rlbidi package,
lays right-to-left words out left to right; this flowable wraps on spaces and then lays each
line out with shaping.lay_out, which picks a font per run and orders runs as the UBA says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from cohort_desk.documents import fonts as F
from cohort_desk.documents import shaping as S

Words = list[list[S.Span]]  # each word: its pieces in the spans' styles


def _words(spans: Sequence[S.Span]) -> Words:
    """Split on spaces; a word may cross spans ("Smith," bold then "," plain)."""
    words: Words = [[]]
    for span in spans:
        for i, part in enumerate(re.split(r"\s+", span.text)):
            if i and words[-1]:
                words.append([])
            if part:
                words[-1].append(replace(span, text=part))
    return [w for w in words if w]


def _width(pieces: Sequence[S.Span]) -> float:
    return S.lay_out(tuple(pieces)).width


def _breakable_at(text: str, i: int) -> bool:
    """A word too wide for its cell may break before text[i]: after a hyphen, or between two
    letters, never inside a cluster (before a mark, after a virama or a joiner)."""
    before, char = text[i - 1], text[i]
    if before == "-":
        return True
    if unicodedata.category(char)[0] not in "LN" or before in "\u200c\u200d":
        return False
    return "VIRAMA" not in unicodedata.name(before, "") and "HALANT" not in unicodedata.name(
        before, ""
    )


def _split_word(word: list[S.Span], width: float) -> Words:
    """Pieces of a too-wide word, each as wide as fits: hyphens first, then between letters."""
    text = "".join(p.text for p in word)
    style = word[0]
    cuts = [i for i in range(1, len(text)) if text[i - 1] == "-"]
    if not cuts or any(
        _width([replace(style, text=piece)]) > width for piece in re.findall(r"[^-]*-|[^-]+$", text)
    ):
        cuts = [i for i in range(1, len(text)) if _breakable_at(text, i)]
    pieces: list[str] = []
    start = 0
    for k, cut in enumerate(cuts):
        following = cuts[k + 1] if k + 1 < len(cuts) else len(text)
        if _width([replace(style, text=text[start:following])]) > width:
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return [[replace(style, text=p)] for p in pieces if p]


def wrap_spans(spans: Sequence[S.Span], width: float) -> list[tuple[S.Span, ...]]:
    """Lines of spans no wider than width (a word wider than a whole line is split)."""
    lines: list[list[S.Span]] = []
    line: list[S.Span] = []
    line_width = 0.0
    for word in _words(spans):
        parts = [word] if _width(word) <= width else _split_word(word, width)
        for part in parts:
            part_width = _width(part)
            space = _width([replace(part[0], text=" ")]) if line else 0.0
            if line and line_width + space + part_width > width:
                lines.append(line)
                line, line_width, space = [], 0.0, 0.0
            if line:
                line.append(replace(part[0], text=" "))
            line.extend(part)
            line_width += space + part_width
    if line:
        lines.append(line)
    return [tuple(_merge(line)) for line in lines]


def _merge(spans: list[S.Span]) -> list[S.Span]:
    """Join neighbours of one style, so a line is shaped (and kerned) as whole runs."""
    out: list[S.Span] = []
    for span in spans:
        if out and replace(out[-1], text="") == replace(span, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    return out


def _paragraphs(spans: Sequence[S.Span]) -> list[list[S.Span]]:
    out: list[list[S.Span]] = [[]]
    for span in spans:
        for i, part in enumerate(span.text.split("\n")):
            if i:
                out.append([])
            out[-1].append(replace(span, text=part))
    return out


class TextBlock(Flowable):
    """Text in a ParagraphStyle's font size, leading, colour and alignment; bold when the
    style's font is bold. Give spans to mix weights, sizes or colours on a line."""

    def __init__(self, content: str | Sequence[S.Span], style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        bold = style.fontName in (F.SANS_BOLD,) or style.fontName.endswith("-Bold")
        if isinstance(content, str):
            content = [S.Span(content, bold, style.fontSize, style.textColor)]
        self.spans = [
            replace(s, colour=s.colour if s.colour is not None else style.textColor)
            for s in content
        ]
        self.lines: list[tuple[S.Span, ...]] = []
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def _leading(self, line: tuple[S.Span, ...]) -> float:
        biggest = max((s.size for s in line if s.text), default=self.style.fontSize)
        return max(self.style.leading, biggest * 1.2)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = []
        for paragraph in _paragraphs(self.spans):  # a line break typed in a note is kept
            self.lines += wrap_spans(paragraph, available_width) or [
                (replace(self.spans[0], text=""),)
            ]
        self.height = sum(self._leading(line) for line in self.lines)
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 - reportlab's name
        return max((_width(w) for w in _words(self.spans)), default=0.0)

    def draw(self) -> None:
        top = self.height
        for line in self.lines:
            leading = self._leading(line)
            size = max((s.size for s in line), default=self.style.fontSize)
            baseline = top - (leading - size) / 2 - size * 0.8
            laid = S.lay_out(line)
            if self.style.alignment == TA_CENTER:
                S.draw_line(self.canv, self.width / 2, baseline, laid, "centre")
            elif self.style.alignment == TA_RIGHT:
                S.draw_line(self.canv, self.width, baseline, laid, "right")
            else:
                S.draw_line(self.canv, 0, baseline, laid)
            top -= leading
