"""Labels with a keyboard shortcut (a mnemonic, "&To") are never cut short.

Qt sizes a label by its text drawn in one piece, kerned: "To" is 13 pixels in DejaVu Sans.
It then draws the shortcut letter underlined as a separate run, which loses the kerning
between that letter and its neighbour, so the text comes out a pixel or two wider than the
room Qt gave it and its last letter is cut ("Tc" on the Reports screen). The style below gives
such a label that much room on its right when it is polished, that is before it is first
shown, so every label in every form and bar is covered without each screen knowing.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QProxyStyle


def mnemonic_parts(text: str) -> tuple[str, str, str] | None:
    """The text before the shortcut letter, the letter, and the text after it, as drawn
    ("&&" is a literal ampersand); None when the text has no shortcut."""
    plain: list[str] = []
    at = -1
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&" and i + 1 < len(text):
            if text[i + 1] == "&":
                plain.append("&")
            else:
                if at < 0:
                    at = len(plain)
                plain.append(text[i + 1])
            i += 2
            continue
        plain.append(char)
        i += 1
    if at < 0:
        return None
    drawn = "".join(plain)
    return drawn[:at], drawn[at], drawn[at + 1 :]


def mnemonic_slack(label: QLabel) -> int:
    """The pixels a label's shortcut underline adds to its drawn width (0 if none): the
    runs' own unkerned widths, and a first letter's overhang to the left (a "T" or "Y"),
    which the split drawing moves the text right to show."""
    if label.textFormat() == Qt.TextFormat.RichText or label.wordWrap():
        return 0
    parts = mnemonic_parts(label.text())
    if parts is None:
        return 0
    metrics = QFontMetricsF(label.font())
    drawn = "".join(parts)
    split = sum(metrics.horizontalAdvance(part) for part in parts if part)
    overhang = max(0.0, -metrics.leftBearing(drawn[0]))
    return max(0, math.ceil(split + overhang) - label.fontMetrics().horizontalAdvance(drawn))


def fit_mnemonic_label(label: QLabel) -> None:
    # A wider minimum, not a margin: QLabel lays its text out in its contents rectangle, so
    # a margin would take the room back. Layouts give a label at least its minimum width.
    slack = mnemonic_slack(label)
    if slack:
        label.setMinimumWidth(max(label.minimumWidth(), label.sizeHint().width() + slack))


class LabelFittingStyle(QProxyStyle):
    """The application's style (Fusion) with shortcut labels given their full width."""

    def polish(self, target: object) -> None:
        # QStyle.polish has three overloads (widget, palette, application): pass each on.
        super().polish(target)  # type: ignore[call-overload]
        if isinstance(target, QLabel):
            fit_mnemonic_label(target)  # idempotent: a theme change polishes every label again
