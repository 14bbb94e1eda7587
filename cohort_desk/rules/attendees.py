"""Match the attendees of an attendance file to the people on a session's register.

In this order: by e-mail address; by the account (UPN) an online meeting names, where a guest's
`eve_example.org#EXT#@tenant.onmicrosoft.com` stands for eve@example.org; and last by name, but
only when exactly one person on the register has that name. An attendee whose address belongs
to someone known but not on this register is never matched by name: the address says who
they are. Everyone matched to nobody is returned with the reason, so it can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cohort_desk.errors import ValidationError
from cohort_desk.rules.headers import heading_words
from cohort_desk.rules.names import check_email, email_key, split_full_name

BY_EMAIL = "e-mail"
BY_UPN = "account (UPN)"
BY_GUEST_UPN = "guest account (UPN)"
BY_NAME = "name"

_GUEST = re.compile(r"^(?P<local>.+)_(?P<domain>[^_@#]+)#ext#@", re.IGNORECASE)


@dataclass(frozen=True)
class Attendee:
    """Someone a file says was there: a name, and an e-mail and an account when it gives them."""

    name: str
    email: str = ""
    upn: str = ""


@dataclass(frozen=True)
class RegisterPerson:
    person_id: int
    email: str
    given_name: str
    family_name: str
    preferred_name: str = ""


@dataclass(frozen=True)
class Matched:
    attendee: int  # index into the attendees given
    person_id: int
    how: str  # BY_EMAIL, BY_UPN, BY_GUEST_UPN or BY_NAME


@dataclass(frozen=True)
class NotMatched:
    attendee: int
    name: str
    email: str | None  # the address the file gives (or the account stands for), if any
    why: str


def upn_address(upn: str) -> tuple[str, bool]:
    """The e-mail address an account name stands for, and whether it is a guest's.

    Teams writes a guest from another organisation as their address with '@' turned into '_',
    then '#EXT#@' and the host's tenant. Domains cannot hold '_', so the last one is the '@'.
    """
    text = upn.strip()
    guest = _GUEST.match(text)
    if guest:
        return f"{guest['local']}@{guest['domain']}", True
    return text, False


def name_key(name: str) -> str:
    """A person's name as compared: given then family name, without titles, brackets such as
    '(Guest)' or an employer, accents, case or punctuation; 'SMITH, Jane (KCH)' == 'Jane Smith'."""
    parsed = split_full_name(name)
    return heading_words(f"{parsed.given} {parsed.family}")


def register_keys(person: RegisterPerson) -> set[str]:
    keys = {heading_words(f"{person.given_name} {person.family_name}")}
    if person.preferred_name:
        keys.add(heading_words(f"{person.preferred_name} {person.family_name}"))
    return keys - {""}


def match_attendees(
    attendees: Sequence[Attendee],
    register: Sequence[RegisterPerson],
    known_elsewhere: Mapping[str, str],
) -> tuple[list[Matched], list[NotMatched]]:
    """Pair each attendee with at most one person on the register.

    ``known_elsewhere`` maps the e-mail key of people Cohort Desk knows who are not on this
    register to why they are not ("not enrolled as a participant"). Several attendees may match
    one person (someone who joined from a laptop and then a phone).
    """
    by_email = {email_key(p.email): p.person_id for p in register}
    by_name: dict[str, list[int]] = {}
    for person in register:
        for key in register_keys(person):
            by_name.setdefault(key, []).append(person.person_id)
    matched: list[Matched] = []
    missed: list[NotMatched] = []
    for index, attendee in enumerate(attendees):
        addresses = _addresses(attendee)
        found = next(
            (Matched(index, by_email[key], how) for key, how, _ in addresses if key in by_email),
            None,
        )
        if found is not None:
            matched.append(found)
            continue
        shown = addresses[0][2] if addresses else (attendee.email.strip() or None)
        elsewhere = next((known_elsewhere[k] for k, *_ in addresses if k in known_elsewhere), "")
        if elsewhere:
            missed.append(NotMatched(index, attendee.name, shown, elsewhere))
            continue
        key = name_key(attendee.name)
        people = sorted(set(by_name.get(key, []))) if key else []
        if len(people) == 1:
            matched.append(Matched(index, people[0], BY_NAME))
            continue
        missed.append(NotMatched(index, attendee.name, shown, _why(attendee, addresses, people)))
    return matched, missed


def _addresses(attendee: Attendee) -> list[tuple[str, str, str]]:
    """(key, how, address as shown) for each valid address the attendee carries, e-mail first."""
    found: list[tuple[str, str, str]] = []
    candidates = [(attendee.email, BY_EMAIL)]
    if attendee.upn:
        address, guest = upn_address(attendee.upn)
        candidates.append((address, BY_GUEST_UPN if guest else BY_UPN))
    for text, how in candidates:
        if not text.strip() or "#ext#" in text.casefold():
            continue
        try:
            address = check_email(text)
        except ValidationError:
            continue
        key = email_key(address)
        if all(key != k for k, _h, _s in found):
            found.append((key, how, address))
    return found


def _why(attendee: Attendee, addresses: list[tuple[str, str, str]], people: list[int]) -> str:
    if len(people) > 1:
        return (
            f"{len(people)} people on the register have this name, so it cannot say which; "
            "mark them by hand"
        )
    if addresses:
        return "not in Cohort Desk, and no one on the register has this name"
    if attendee.email.strip():
        return "not a valid e-mail address, and no one on the register has this name"
    return "no e-mail address in the file, and no one on the register has this name"
