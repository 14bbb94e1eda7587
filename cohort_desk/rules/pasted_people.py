"""Reading a pasted list of people: e-mails or names one per line, a column copied from Excel,
or an Outlook To: line ("Kowalski, Sofía <sofia.kowalski@nhs.net>; Tom Ng <tom.ng@nhs.net>").

Pure: it says what each entry is (an e-mail, a name, or both); finding the people is the
service's job, which reports by its ``text`` whatever it could not find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cohort_desk.rules.names import clean_text, email_key
from cohort_desk.rules.search import fold

_EMAIL = re.compile(r"[^\s<>;,:\"'()\[\]]+@[^\s<>;,:\"'()\[\]]+\.[^\s<>;,:\"'()\[\]]+")
_HEADER = re.compile(r"^\s*(to|cc|bcc)\s*:\s*", re.IGNORECASE)
_NOISE = re.compile(r"^(mailto:)|[\"<>()\[\]]", re.IGNORECASE)
_HEADINGS = frozenset({"name", "names", "email", "e-mail", "email address", "e-mail address"})


@dataclass(frozen=True)
class PastedEntry:
    """One person named in a pasted list: ``text`` as it was written, for reporting."""

    text: str
    email: str | None  # the e-mail key (trimmed, lower case), when one was given
    name: str | None  # the name as written, when one was given

    @property
    def name_key(self) -> str:
        return name_key(self.name or "")


def name_key(name: str) -> str:
    """A name as lists are compared: folded, "Kowalski, Sofía" read as "Sofía Kowalski"."""
    family, comma, given = name.partition(",")
    if comma and given.strip():
        name = f"{given} {family}"
    return fold(name)


def read_pasted_list(text: str) -> list[PastedEntry]:
    """Every entry of a pasted list, in order, each e-mail or name once."""
    entries: list[PastedEntry] = []
    seen: set[str] = set()
    for line in text.splitlines():
        line = _HEADER.sub("", line)
        for piece in _pieces(line):
            entry = _entry(piece)
            if entry is None:
                continue
            key = entry.email or entry.name_key
            if key not in seen:
                seen.add(key)
                entries.append(entry)
    return entries


def _pieces(line: str) -> list[str]:
    # A tab means cells copied from a spreadsheet row: one person, name and e-mail in any cell.
    if "\t" in line:
        cells = [cell for cell in line.split("\t") if clean_text(cell).casefold() not in _HEADINGS]
        return [" ".join(cells)]
    out: list[str] = []
    for piece in line.split(";"):
        # Commas separate people only between e-mails ("a@x.uk, b@y.uk"); in "SMITH, Jane"
        # or "Smith, Jane <jane@x.uk>" the comma is inside one name.
        parts = piece.split(",")
        if len(parts) > 1 and all(len(_EMAIL.findall(part)) == 1 for part in parts):
            out.extend(parts)
        else:
            out.append(piece)
    return out


def _entry(piece: str) -> PastedEntry | None:
    text = clean_text(piece)
    if not text or text.casefold() in _HEADINGS:
        return None
    found = _EMAIL.findall(text)
    email = email_key(found[0].removeprefix("mailto:")) if found else None
    cleaned = clean_text(_NOISE.sub(" ", _EMAIL.sub(" ", text)) if found else _NOISE.sub(" ", text))
    name = cleaned.strip(" ,.'") or None
    if email is None and (name is None or not any(ch.isalpha() for ch in name)):
        return None
    return PastedEntry(text=text, email=email, name=name)
