"""Characters no name or note should hold: invisible controls that can disguise text (a
right-to-left override turns "gnp.exe" into "exe.png") or break exports and printing."""

from __future__ import annotations

import re
import unicodedata

#: Zero-width joiner and non-joiner (U+200C, U+200D) are left out on purpose: Persian and
#: Indic names need them to be spelled right.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 controls
    + ["\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2060, 0x2065)]  # word joiner and invisible operators
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)

# One search finds whether a text needs looking at: an import checks every row with it.
_ANY_INVISIBLE = re.compile("[" + "".join(map(re.escape, sorted(_INVISIBLE))) + "]")


def as_typed(text: str, limit: int = 80) -> str:
    """What someone typed, fit to quote back in a one-line sentence: control and format
    characters (a newline, a right-to-left override) named as <U+202E>, so they can neither
    break the line nor disguise the sentence, and a very long text cut short."""
    shown = controls_named(text.strip())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def controls_named(text: str) -> str:
    """``text`` with each control or format character written as <U+000A>: for sentences
    that quote what someone typed and must stay on one line and read as written."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch).startswith("C") else ch for ch in text
    )


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds any of the forbidden characters."""
    # Printable ASCII (space to "~") holds none of them, and two C checks say so ten times
    # faster than the search: an import asks this of every row (issue 22).
    if text.isascii() and text.isprintable():
        return False
    return _ANY_INVISIBLE.search(text) is not None


def invisible_characters(text: str) -> list[str]:
    """The forbidden characters in ``text``, each as "U+202E", in order of first use."""
    found: list[str] = []
    for ch in text:
        if ch in _INVISIBLE:
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def strip_invisible(text: str) -> str:
    """``text`` without the forbidden characters (for values a file supplied)."""
    return "".join(ch for ch in text if ch not in _INVISIBLE)
