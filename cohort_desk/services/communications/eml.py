"""One e-mail as an .eml file (RFC 5322) that Outlook opens as a draft ready to send.

Written with the standard library's EmailMessage: names in To and From are encoded as RFC 2047
words where they need it (accents, apostrophes, commas, any script), so "O'Brien, Siobhán"
stays one person and never splits into two addresses. ``X-Unsent: 1`` makes Outlook open the
file as a new message with a Send button, instead of a received one.

Header injection is shut out twice: names lose any control character before they become an
Address (which itself refuses CR and LF), and subjects arrive here already refused if they
held one (rendering.render). Attachments are bytes the caller made, never paths to read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from cohort_desk.documents.calendar import safe_file_name
from cohort_desk.errors import ValidationError

# Every control character (CR, LF, tab, the C1 block) and the Unicode line separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Outlook reads CRLF files; SMTP's policy writes CRLF and wraps long headers at 78.
POLICY = policy.SMTP


@dataclass(frozen=True, slots=True)
class Mailbox:
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class Attachment:
    file_name: str
    data: bytes
    content_type: str  # "application/pdf", "text/calendar"


def display_name(name: str) -> str:
    """A name fit for a header: control characters (a CR/LF smuggled into a name, a tab)
    become spaces; quotes, commas and any script are kept and encoded by the library."""
    return " ".join(_CONTROL.sub(" ", name).split())


def address_of(box: Mailbox) -> Address:
    """The header form of a mailbox, or one sentence saying whose address cannot be used."""
    spec = box.address.strip()
    name = display_name(box.name)
    who = name or spec
    if not spec or _CONTROL.search(spec) or not spec.isascii() or spec.count("@") != 1:
        raise ValidationError(
            f"The e-mail address of {who} ({spec[:80] or 'none'}) cannot be put in a draft; "
            "correct it on their record and try again.",
            field="email",
        )
    try:
        return Address(display_name=name, addr_spec=spec)
    except (ValueError, IndexError, TypeError):
        raise ValidationError(
            f"The e-mail address of {who} ({spec[:80]}) is not one Outlook can send to; "
            "correct it on their record and try again.",
            field="email",
        ) from None


def build_draft(
    to: Sequence[Mailbox],
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
    sender: Mailbox | None = None,
    written_at: datetime | None = None,
) -> bytes:
    """The .eml file's bytes. ``sender`` is left out when the academy has not set one: Outlook
    then sends from the account it is signed in to."""
    if not to:
        raise ValueError("a draft needs at least one recipient")
    if _CONTROL.search(subject):
        raise ValidationError("An e-mail subject cannot hold a line break.", field="subject")
    message = EmailMessage(policy=POLICY)
    message["X-Unsent"] = "1"
    if sender is not None and sender.address.strip():
        message["From"] = address_of(sender)
    message["To"] = [address_of(box) for box in to]
    message["Subject"] = subject
    if written_at is not None:
        message["Date"] = format_datetime(written_at)
    message["X-Mailer"] = "Cohort Desk"
    message.set_content(body if body.endswith("\n") else body + "\n", charset="utf-8")
    for item in attachments:
        maintype, _, subtype = item.content_type.partition("/")
        # Calendar files hold UTF-8 (Lucía, Nguyễn): say so, or a reader may guess Latin-1.
        params = {"charset": "utf-8"} if maintype == "text" else None
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=item.file_name, params=params
        )
    return message.as_bytes(policy=POLICY)


def draft_file_names(wanted: Sequence[tuple[str, str]]) -> list[str]:
    """ "Ama Mensah - reminder.eml" for each (names, template); the same name twice gets
    " (2)", so no draft overwrites another written in the same run."""
    taken: set[str] = set()
    names: list[str] = []
    for who, template in wanted:
        stem = f"{who} - {template}"
        name, n = safe_file_name(stem, ".eml"), 2
        while name.casefold() in taken:
            name, n = safe_file_name(f"{stem} ({n})", ".eml"), n + 1
        taken.add(name.casefold())
        names.append(name)
    return names
