"""Counts in words, the same way everywhere: "1 session", "2 sessions", "1 person", "3 people"."""

from __future__ import annotations

_IRREGULAR = {
    "person": "people",
    "was": "were",
    "is": "are",
    "has": "have",
    "this": "these",
    "child": "children",
    "entry": "entries",
    "apology": "apologies",
    "was marked": "were marked",
}


def plural_of(word: str) -> str:
    """The plural of a noun the app counts; irregular ones are listed, the rest take -s/-es."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """``count`` and the word agreeing with it, thousands separated: "1,204 people"."""
    chosen = word if count == 1 else (plural_form or plural_of(word))
    return f"{count:,} {chosen}"


def agree(count: int, singular: str, plural_form: str | None = None) -> str:
    """Only the word agreeing with ``count``: "has"/"have", "was"/"were", "a member"/"members"."""
    return singular if count == 1 else (plural_form or plural_of(singular))
