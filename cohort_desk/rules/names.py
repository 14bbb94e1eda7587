"""Clean and split people's names, e-mail addresses, professions and boroughs as typed in forms."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from cohort_desk.errors import ValidationError

# Characters that arrive from Word, Outlook and web forms and mean nothing in a name.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CURLY = {ord("\u2019"): "'", ord("\u2018"): "'"}


def clean_text(text: str | None) -> str:
    """Trim, collapse inner whitespace (non-breaking spaces too) and normalise to NFC.

    Accents and apostrophes stay; curly apostrophes become straight ones so that
    O’Neill and O'Neill are the same name.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE).translate(_CURLY))
    return " ".join(text.split())


def name_key(text: str | None) -> str:
    """The form of a cohort's or programme's name used to find it: cleaned and case-folded,
    so that any case and spacing of a name finds it, accented capitals included."""
    return clean_text(text).casefold()


def email_key(email: str) -> str:
    """The form of an address used to match people: trimmed and lower-cased."""
    if email.isascii():  # the invisible characters are not
        return email.strip().lower()
    return email.translate(_INVISIBLE).strip().lower()


_ANGLED = re.compile(r"<([^<>\s]+@[^<>\s]+)>\s*$")


def check_email(email: str) -> str:
    """Return the address as it should be stored and shown, or raise ValidationError.

    Accepts Outlook's 'Name <address>' form and a leading 'mailto:'; does not look the domain
    up, so it works offline.
    """
    text = clean_text(email)
    angled = _ANGLED.search(text)
    if angled:
        text = angled.group(1)
    text = text.removeprefix("mailto:").removeprefix("MAILTO:").strip()
    if not text:
        raise ValidationError(
            "The e-mail address is missing; every person needs one.", field="email"
        )
    # Imported here: it compiles its grammar on import (20 ms), which a command that only
    # lists people should not pay (issue 22).
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(
            f"'{text}' is not a valid e-mail address; check it for typing "
            "mistakes such as spaces or a missing '@'.",
            field="email",
        ) from None
    return str(result.normalized)


class ParsedName(NamedTuple):
    given: str
    family: str
    organisation: str | None
    title: str | None


def listed_name(given: str, family: str) -> str:
    """'Family, Given' for lists sorted by family name; a single name as it is written."""
    return ", ".join(part for part in (family, given) if part)


def spoken_name(given: str, family: str) -> str:
    """'Given Family', or a single name alone, with no stray space."""
    return " ".join(part for part in (given, family) if part)


TITLES = {title.lower(): title for title in "Dr Mr Mrs Ms Miss Mx Prof Professor Sir Dame".split()}
# Words that belong to the family name when they come just before it ("Ana de la Cruz").
PARTICLES = frozenset(
    "van von de der den da di du dos das del della le la ó ní mac bin al el ter ten".split()
)
_ORG_SUFFIX = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
# Teams and Zoom add "(Guest)" or a role in brackets after a name; those are not employers.
_NOT_ORGANISATIONS = frozenset(
    ["", *"guest external unverified host organiser organizer presenter attendee".split()]
)


def split_full_name(text: str) -> ParsedName:
    """Split 'Dr Jane Smith', 'SMITH, Jane' or NHSmail's 'SMITH, Jane (TRUST NAME)'.

    The family name is the last word plus any particles before it; every word before that is
    the given name, so given + ' ' + family gives back the name as written. Parts typed wholly
    in capitals or wholly in lower case are re-cased ('O'NEILL' -> "O'Neill").
    """
    text = clean_text(text)
    organisation: str | None = None
    suffix = _ORG_SUFFIX.match(text)
    if suffix and suffix.group(1):
        text, bracketed = suffix.group(1), suffix.group(2).strip()
        if bracketed.casefold() not in _NOT_ORGANISATIONS and "/" not in bracketed:
            organisation = organisation_case(bracketed) or None
    titles: list[str] = []
    if "," in text:
        family, _, given = (part.strip() for part in text.partition(","))
        given_words = _take_titles(given.split(), titles)
        family_words = _take_titles(family.split(), titles)
    else:
        words = _take_titles(text.split(), titles)
        start = max(len(words) - 1, 0)
        while start > 1 and words[start - 1].casefold() in PARTICLES:
            start -= 1
        given_words, family_words = words[:start], words[start:]
        if not given_words:  # a single word is more likely a first name
            given_words, family_words = family_words, []
    return ParsedName(
        given=_recase(given_words, particles=False),
        family=_recase(family_words, particles=True),
        organisation=organisation,
        title=" ".join(titles) or None,
    )


def _take_titles(words: list[str], found: list[str]) -> list[str]:
    while len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
        found.append(TITLES[words.pop(0).rstrip(".").casefold()])
    return words


def _recase(words: list[str], particles: bool) -> str:
    joined = " ".join(words)
    if not (joined.isupper() or joined.islower()):
        return joined  # mixed case was typed on purpose: McDonald, van der Berg, DeVito
    out = []
    for index, word in enumerate(words):
        if particles and index < len(words) - 1 and word.casefold() in PARTICLES:
            out.append(word.lower())
        else:
            out.append(name_case(word))
    return " ".join(out)


def name_case(word: str) -> str:
    """Title-case one word of a name: O'Neill, Smith-Jones, McDonald, D'Arcy, King's."""
    pieces = re.split(r"([-'])", word.lower())
    out: list[str] = []
    for index, piece in enumerate(pieces):
        after_apostrophe = index > 0 and pieces[index - 1] == "'"
        if after_apostrophe and len(piece) == 1:
            out.append(piece)  # possessive: King's, not King'S
        elif piece.startswith("mc") and len(piece) > 2:
            out.append("Mc" + piece[2:].capitalize())
        else:
            out.append(piece.capitalize())
    return "".join(out)


def organisation_case(text: str) -> str:
    """An organisation as written, cleaned but never re-cased: "UCLH" must not become "Uclh",
    and an organisation written in capitals is matched to the known one by rules/known_names.py
    rather than guessed at. Name casing is for people's names only."""
    return clean_text(text)


PROFESSIONS: tuple[str, ...] = (
    "Nursing",
    "Medicine",
    "Allied health professional",
    "Pharmacy",
    "Social work",
    "Public health",
    "Midwifery",
    "Dentistry",
    "Healthcare science",
    "Psychology",
    "Paramedic",
    "Management",
    "Other",
)
# Variants people type, "|"-separated, mapped to the canonical profession.
_PROFESSION_VARIANTS = {
    "Nursing": "nurse|nurses|rn|rmn|rgn|registered nurse|nursing|nurse practitioner|anp|"
    "advanced nurse practitioner|district nurse|health visitor|staff nurse|specialist nurse",
    "Medicine": "doctor|doctors|medical|medic|gp|general practitioner|consultant|registrar|"
    "physician|surgeon|psychiatrist|medicine|dr",
    "Allied health professional": "ahp|ahps|allied health|allied health professional|"
    "allied health professionals|allied health profession|physiotherapist|physiotherapy|"
    "physio|ot|occupational therapist|occupational therapy|speech and language therapist|"
    "salt|dietitian|dietician|podiatrist|radiographer|orthoptist|art therapist|"
    "music therapist|osteopath|prosthetist|orthotist",
    "Pharmacy": "pharmacist|pharmacy|pharmacy technician",
    "Social work": "social worker|social work|social care",
    "Public health": "public health|public health consultant|public health specialist",
    "Midwifery": "midwife|midwives|midwifery|rm",
    "Dentistry": "dentist|dental|dentistry|dental nurse",
    "Healthcare science": "healthcare science|healthcare scientist|clinical scientist|"
    "biomedical scientist|scientist",
    "Psychology": "psychologist|psychology|clinical psychologist|psychological therapist",
    "Paramedic": "paramedic|paramedics|ambulance",
    "Management": "manager|management|managerial|admin|administration|administrative|"
    "non clinical|non-clinical|operations|leadership|executive|director",
    "Other": "other",
}
_PROFESSION_WORDS = {
    variant: canonical
    for canonical, variants in _PROFESSION_VARIANTS.items()
    for variant in variants.split("|")
}


def normalise_profession(text: str | None) -> str | None:
    """Map a typed profession to PROFESSIONS; unknown text is kept as typed, blanks are None.

    Keeping unknown text (cleaned) lets a person see and fix it rather than losing it to 'Other'.
    """
    cleaned = clean_text(text)
    if not cleaned:
        return None
    key = " ".join(re.sub(r"[^\w\s-]", " ", cleaned.casefold()).split())
    for canonical in PROFESSIONS:
        if key == canonical.casefold():
            return canonical
    return _PROFESSION_WORDS.get(key, cleaned)


BOROUGHS: tuple[str, ...] = ("Bexley", "Bromley", "Greenwich", "Lambeth", "Lewisham", "Southwark")
_BOROUGH_NOISE = re.compile(
    r"\b(royal|london|borough|of|council|lb|rb|the|place|local authority)\b", re.IGNORECASE
)


def normalise_borough(text: str | None) -> str | None:
    """'Royal Borough of Greenwich' -> 'Greenwich'; unknown text is kept as typed (cleaned)."""
    cleaned = clean_text(text)
    if not cleaned:
        return None
    key = " ".join(_BOROUGH_NOISE.sub(" ", cleaned).split()).casefold()
    for borough in BOROUGHS:
        if key == borough.casefold():
            return borough
    return cleaned


# Titles that belong on a certificate (earned ones); Mr, Ms and the like are left off.
PRINTED_TITLES = frozenset({"dr", "prof", "professor"})


def printed_name(title: str, given_name: str, family_name: str, name_as_printed: str = "") -> str:
    """The name certificates and registers print: the person's own "name as printed" when
    they have one (family name first, a title, a preferred form), else given then family
    name, with an earned title in front."""
    chosen = " ".join(name_as_printed.split())
    if chosen:
        return chosen
    name = f"{given_name.strip()} {family_name.strip()}".strip()
    title = title.strip()
    return f"{title} {name}" if title.rstrip(".").casefold() in PRINTED_TITLES else name
