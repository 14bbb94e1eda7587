"""The invisible characters no name may hold: has_invisible agrees with the full list, and leaves
the joiners and spacing real names use."""

from __future__ import annotations

import pytest

from cohort_desk.rules.characters import (
    as_typed,
    has_invisible,
    invisible_characters,
    strip_invisible,
)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Ann Person", []),
        ("Zoë O'Neill-Smith", []),
        ("\u0645\u06cc\u200c\u0631", []),  # a Persian name with a zero-width non-joiner
        ("\u0915\u094d\u200d\u0937", []),  # Devanagari with a zero-width joiner
        ("tab\tand\nlines\r", []),
        ("Ann\u202egnp.exe", ["U+202E"]),
        ("bell\x07", ["U+0007"]),
        ("\ufeffstart", ["U+FEFF"]),
        ("a\u2066b\u2069c\u2066", ["U+2066", "U+2069"]),
        ("nel\x85", ["U+0085"]),
        ("del\x7f", ["U+007F"]),
    ],
)
def test_invisible_characters(text: str, hidden: list[str]) -> None:
    assert invisible_characters(text) == hidden
    assert has_invisible(text) is bool(hidden)
    assert not has_invisible(strip_invisible(text))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (" ann@x.org ", "ann@x.org"),
        ("\u202eann@x.org", "<U+202E>ann@x.org"),
        ("ann@x.org\nbob@x.org", "ann@x.org<U+000A>bob@x.org"),
        ("Łukasz@x.org", "Łukasz@x.org"),
        ("a" * 200, "a" * 79 + "…"),
    ],
)
def test_typed_text_is_quoted_back_on_one_visible_line(typed, shown):
    assert as_typed(typed) == shown
