"""E-mail templates as the academy keeps them: the built-ins (as shipped, or as edited) and
any it added, stored in the database so that everyone on a shared database uses the same."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import MessageTemplate
from cohort_desk.errors import ConflictError, NotFoundError, RefusedError, ValidationError
from cohort_desk.services.communications.built_ins import (
    ATTACHMENT_KINDS,
    BuiltIn,
    built_in,
    built_ins,
)
from cohort_desk.services.communications.context import sample_context
from cohort_desk.services.communications.rendering import render

NAME_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_NAME = 60


@dataclass(frozen=True, slots=True)
class TemplateRow:
    name: str
    description: str
    subject: str
    body: str
    attachments: tuple[str, ...]
    audience: str
    built_in: bool
    edited: bool  # a built-in whose stored wording differs from the shipped one
    version: int | None  # None: not stored (a built-in as shipped)
    updated_at: datetime | None
    updated_by: str

    @property
    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "subject": self.subject,
            "body": self.body,
            "attachments": list(self.attachments),
            "to": self.audience,
            "built_in": self.built_in,
            "edited": self.edited,
        }


def _attachments(text: str) -> tuple[str, ...]:
    return tuple(k for k in (p.strip() for p in text.split(",")) if k in ATTACHMENT_KINDS)


def _row(shipped: BuiltIn | None, stored: MessageTemplate | None) -> TemplateRow:
    if stored is None:
        assert shipped is not None
        return TemplateRow(
            shipped.name, shipped.description, shipped.subject, shipped.body,
            shipped.attachments, shipped.audience, True, False, None, None, "",
        )  # fmt: skip
    attachments = _attachments(stored.attachments)
    edited = shipped is not None and (
        (stored.subject, stored.body, attachments)
        != (shipped.subject, shipped.body, shipped.attachments)
    )
    return TemplateRow(
        stored.name,
        stored.description or (shipped.description if shipped else ""),
        stored.subject,
        stored.body,
        attachments,
        shipped.audience if shipped else "participants",
        shipped is not None,
        edited,
        stored.version,
        stored.updated_at,
        stored.updated_by,
    )


def list_templates_in(session: Session) -> list[TemplateRow]:
    stored = {t.name: t for t in session.scalars(select(MessageTemplate))}
    rows = [_row(b, stored.pop(b.name, None)) for b in built_ins()]
    rows += [_row(None, t) for t in sorted(stored.values(), key=lambda t: t.name)]
    return rows


def list_templates(db: Database) -> list[TemplateRow]:
    """Built-ins first, in their own order, then those the academy added, by name."""
    with db.read() as session:
        return list_templates_in(session)


def template_in(session: Session, name: str) -> TemplateRow:
    clean = name.strip().lower()
    stored = session.scalar(select(MessageTemplate).where(MessageTemplate.name == clean))
    shipped = built_in(clean)
    if stored is None and shipped is None:
        known = ", ".join(t.name for t in list_templates_in(session))
        raise NotFoundError(f"There is no e-mail template called '{name}'; there are: {known}.")
    return _row(shipped, stored)


def get_template(db: Database, name: str) -> TemplateRow:
    with db.read() as session:
        return template_in(session, name)


def check_template(
    subject: str, body: str, attachments: Iterable[str] = (), name: str = ""
) -> tuple[str, str, tuple[str, ...]]:
    """The template as it will be stored, after trying it on a fictional person: a typo in a
    placeholder or a forbidden construct is refused here, before anyone's e-mail is written."""
    kinds = tuple(dict.fromkeys(a.strip() for a in attachments))
    for kind in kinds:
        if kind not in ATTACHMENT_KINDS:
            raise ValidationError(
                f"'{kind}' is not something Cohort Desk attaches; choose from "
                f"{', '.join(ATTACHMENT_KINDS)}.",
                field="attachments",
            )
    shipped = built_in(name)
    render(subject, body, sample_context(shipped.sample if shipped else None))
    return subject.strip(), body.replace("\r\n", "\n"), kinds


def save_template(
    db: Database,
    name: str,
    subject: str,
    body: str,
    attachments: Iterable[str],
    version: int | None,
) -> TemplateRow:
    """Store a template's wording. ``version`` is the one the editor loaded (None for a
    built-in not yet stored): someone else's save in between is a conflict, never overwritten."""
    subject, body, kinds = check_template(subject, body, attachments, name)
    with db.write() as session:
        current = template_in(session, name)
        stored = session.scalar(select(MessageTemplate).where(MessageTemplate.name == current.name))
        if (stored.version if stored else None) != version:
            raise ConflictError(
                f"Someone else changed the '{current.name}' template while you were editing; "
                "reload it (F5) and make your change again."
            )
        if stored is None:
            stored = MessageTemplate(name=current.name, description=current.description)
            session.add(stored)
        stored.subject, stored.body, stored.attachments = subject, body, ",".join(kinds)
        stored.updated_by = db.actor
        try:
            session.flush()
        except IntegrityError:
            raise ConflictError(
                f"Someone else saved the '{current.name}' template at the same moment; "
                "reload it (F5) and make your change again."
            ) from None
        return _row(built_in(current.name), stored)


def add_template(
    db: Database, name: str, subject: str, body: str, attachments: Iterable[str] = (),
    description: str = "",
) -> TemplateRow:  # fmt: skip
    """A new template of the academy's own, named like the built-ins (lower case, hyphens)."""
    clean = name.strip().lower()
    if not NAME_RULE.match(clean) or len(clean) > MAX_NAME:
        raise ValidationError(
            "Name the template in lower-case letters, digits and hyphens, like "
            "'welcome-back' (up to 60 characters).",
            field="name",
        )
    subject, body, kinds = check_template(subject, body, attachments, clean)
    with db.write() as session:
        taken = session.scalar(select(MessageTemplate.id).where(MessageTemplate.name == clean))
        if taken is not None or built_in(clean) is not None:
            raise ValidationError(f"There is already a template called '{clean}'.", "name")
        row = MessageTemplate(
            name=clean, subject=subject, body=body, attachments=",".join(kinds),
            description=" ".join(description.split())[:200], updated_by=db.actor,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return _row(None, row)


def reset_template(db: Database, name: str) -> TemplateRow:
    """Put a built-in back as shipped (forgetting the academy's edits); an added template has
    nothing to go back to and is refused."""
    with db.write() as session:
        current = template_in(session, name)
        if not current.built_in:
            raise RefusedError(
                f"'{current.name}' was added by the academy, so there is no built-in wording "
                "to go back to; delete it instead."
            )
        stored = session.scalar(select(MessageTemplate).where(MessageTemplate.name == current.name))
        if stored is not None:
            session.delete(stored)
        return template_in(session, current.name)


def delete_template(db: Database, name: str) -> None:
    with db.write() as session:
        current = template_in(session, name)
        if current.built_in:
            raise RefusedError(
                f"'{current.name}' is built in, so it cannot be deleted; reset it to put back "
                "its original wording."
            )
        stored = session.scalar(select(MessageTemplate).where(MessageTemplate.name == current.name))
        if stored is not None:
            session.delete(stored)
