"""Known names for organisations and professions: when a file or a form names one that is not
known, is it one we know, written another way?

Two names are the same organisation when they differ only by capitals, "&" for "and",
punctuation or accents, a standard short form ("NHS FT" for "NHS Foundation Trust", "ICB" for
"Integrated Care Board"), or when one is a known acronym of the other (GSTT, KCH, SLaM, UCLH)
or an alias recorded by an earlier merge. Anything else is new: shown as new, to accept or map,
never guessed. Names are kept as written ("UCLH" stays "UCLH").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cohort_desk.rules.search import fold

# Long forms and their standard short forms; both sides of a comparison use the short one.
SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("nhs foundation trust", "nhs ft"),
    ("foundation trust", "ft"),
    ("integrated care board", "icb"),
    ("integrated care system", "ics"),
    ("primary care network", "pcn"),
    ("clinical commissioning group", "ccg"),
    ("university hospitals", "uh"),
    ("london borough of", "lb"),
    ("royal borough of", "rb"),
    ("saint", "st"),
)

# Acronyms people use for whole organisations of south and central London, with the name they
# stand for. Matched only to a known organisation with that name (or its short forms).
ACRONYMS: dict[str, str] = {
    "GSTT": "Guy's and St Thomas' NHS Foundation Trust",
    "KCH": "King's College Hospital NHS Foundation Trust",
    "KCL": "King's College London",
    "SLaM": "South London and Maudsley NHS Foundation Trust",
    "UCLH": "University College London Hospitals NHS Foundation Trust",
    "LGT": "Lewisham and Greenwich NHS Trust",
    "Oxleas": "Oxleas NHS Foundation Trust",
    "SEL ICB": "NHS South East London ICB",
    "NCL ICB": "NHS North Central London ICB",
    "SWL ICB": "NHS South West London ICB",
    "NEL ICB": "NHS North East London ICB",
    "NWL ICB": "NHS North West London ICB",
    "LAS": "London Ambulance Service NHS Trust",
    "Barts": "Barts Health NHS Trust",
    "CLCH": "Central London Community Healthcare NHS Trust",
    "ELFT": "East London NHS Foundation Trust",
    "NELFT": "North East London NHS Foundation Trust",
    "BHRUT": "Barking, Havering and Redbridge University Hospitals NHS Trust",
    "UKHSA": "UK Health Security Agency",
    "NHSE": "NHS England",
    "OHID": "Office for Health Improvement and Disparities",
}

# Why two names are taken as one, in the order they are tried.
SAME_BUT_CASE = "the same name in other capitals"
SAME_BUT_AND = "the same name with '&' for 'and'"
SAME_BUT_PUNCTUATION = "the same name but for punctuation or accents"
SAME_BUT_SHORT_FORM = "the same name with a short form (NHS FT, ICB, St)"
ACRONYM = "a known short name"
ALIAS = "a name it was given before"

_AMPERSAND = re.compile(r"\s*&\s*|\s*\+\s*")
_NOT_WORD = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class KnownName:
    """An organisation or profession already in the database, with its other names."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A name matched to a known one: which, and why, in words for the plan."""

    known: KnownName
    why: str


@dataclass(frozen=True)
class Unmatched:
    """A name that is none of the known ones; ``candidates`` when it could be several."""

    candidates: tuple[KnownName, ...] = field(default=())


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _cased(text: str) -> str:
    return _spaced(text).casefold()


def _anded(text: str) -> str:
    return _spaced(_AMPERSAND.sub(" and ", _cased(text)))


def _bare(text: str) -> str:
    # Apostrophes vanish (Guy's = Guys); other punctuation separates words.
    return _spaced(_NOT_WORD.sub(" ", fold(_anded(text).replace("'", "").replace("’", ""))))


def name_key(text: str) -> str:
    """The form two names are compared in: folded, '&' as 'and', no punctuation, short forms."""
    key = f" {_bare(text)} "
    for long, short in SHORT_FORMS:
        key = key.replace(f" {long} ", f" {short} ")
    return key.strip()


_LEVELS = (
    (SAME_BUT_CASE, _cased),
    (SAME_BUT_AND, _anded),
    (SAME_BUT_PUNCTUATION, _bare),
    (SAME_BUT_SHORT_FORM, name_key),
)
_ACRONYM_KEYS = {name_key(acronym): name_key(full) for acronym, full in ACRONYMS.items()}


def match_name(typed: str, known: Sequence[KnownName]) -> Match | Unmatched | None:
    """The known name ``typed`` stands for; None when it is exactly a known name (nothing to
    say); Unmatched when it is new, listing candidates when it could be more than one."""
    if not typed.strip():
        return None
    if any(k.name == typed for k in known):
        return None
    for why, key_of in _LEVELS:
        wanted = key_of(typed)
        found = _unique(k for k in known if key_of(k.name) == wanted)
        if found is not None:
            return found if isinstance(found, Unmatched) else Match(found, why)
    wanted = name_key(typed)
    found = _unique(k for k in known if wanted in {name_key(a) for a in k.aliases})
    if found is not None:
        return found if isinstance(found, Unmatched) else Match(found, ALIAS)
    stands_for = _ACRONYM_KEYS.get(wanted)
    if stands_for is not None:
        found = _unique(k for k in known if name_key(k.name) == stands_for)
        if found is not None:
            return found if isinstance(found, Unmatched) else Match(found, ACRONYM)
    # The other way round: a known organisation stored under its acronym ("UCLH") and the
    # full name typed.
    found = _unique(k for k in known if _ACRONYM_KEYS.get(name_key(k.name)) == wanted)
    if found is not None:
        return found if isinstance(found, Unmatched) else Match(found, ACRONYM)
    return Unmatched()


def _unique(found: Iterable[KnownName]) -> KnownName | Unmatched | None:
    matches = list({k.id: k for k in found}.values())
    if not matches:
        return None
    return matches[0] if len(matches) == 1 else Unmatched(tuple(matches))
