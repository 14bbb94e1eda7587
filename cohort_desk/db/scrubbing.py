"""Taking e-mail addresses and quoted values out of a technical message before it is logged.

Apart from ``db/failures`` (which imports SQLAlchemy) because the log's filter runs on the
first line logged: at start-up that line is "the main window is shown", and importing
SQLAlchemy there held the window's first paint up by a third of a second."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^\s'\"<>()\[\],;:]+@[^\s'\"<>()\[\],;:]+")
_QUOTED = re.compile(r"'[^']{0,2000}'")


def scrub(text: str) -> str:
    """A technical message fit for the log: no e-mail addresses or quoted values."""
    return _QUOTED.sub("'…'", _EMAIL.sub("<e-mail>", text))
