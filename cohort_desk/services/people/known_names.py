"""Organisations and professions by their known names: matching what a file or form says to
one already held (rules/known_names.py), listing them with their aliases, and merging two into
one, undoably.

A merge moves everyone (and every leadership role, mentor profile and alias) from one to the
other, keeps the old name as an alias so the next file that uses it is matched, and returns
what undoing needs; ``undo_merge`` puts it all back as it was, the old record under its old id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    LeadershipRole,
    MentorProfile,
    Organisation,
    OrganisationAlias,
    Person,
    Profession,
    ProfessionAlias,
)
from cohort_desk.errors import NotFoundError, ValidationError
from cohort_desk.rules.known_names import KnownName, Match, Unmatched, match_name, name_key
from cohort_desk.rules.names import clean_text

Kind = Literal["organisation", "profession"]


@dataclass(frozen=True, slots=True)
class NameRow:
    """An organisation or profession as the lists dialog shows it."""

    id: int
    name: str
    people: int
    aliases: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class MergeDone:
    """Everything a merge changed, so that undo_merge can put it back exactly."""

    kind: Kind
    gone_id: int
    gone_name: str
    gone_extra: dict[str, str]  # an organisation's kind and borough
    into_id: int
    into_name: str
    people: list[int] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)
    mentor_professions: dict[int, str] = field(default_factory=dict)  # profile id -> before
    moved_aliases: list[int] = field(default_factory=list)
    new_alias: int | None = None

    @property
    def text(self) -> str:
        return f"Merge {self.kind} {self.gone_name} into {self.into_name}"


# Matching -----------------------------------------------------------------------------------
def known_organisations(session: Session) -> list[KnownName]:
    aliases: dict[int, list[str]] = {}
    for owner, alias in session.execute(
        select(OrganisationAlias.organisation_id, OrganisationAlias.alias)
    ):
        aliases.setdefault(owner, []).append(alias)
    return [
        KnownName(org_id, name, tuple(aliases.get(org_id, ())))
        for org_id, name in session.execute(select(Organisation.id, Organisation.name))
    ]


def known_professions(session: Session) -> list[KnownName]:
    """The professions table, and any profession recorded on someone but not yet listed
    there (numbered below zero: known for matching, listed once the table is brought up to
    date by ``sync_professions``)."""
    aliases: dict[int, list[str]] = {}
    for owner, alias in session.execute(
        select(ProfessionAlias.profession_id, ProfessionAlias.alias)
    ):
        aliases.setdefault(owner, []).append(alias)
    known = [
        KnownName(pid, name, tuple(aliases.get(pid, ())))
        for pid, name in session.execute(select(Profession.id, Profession.name))
    ]
    listed = {k.name for k in known}
    recorded = session.scalars(select(Person.profession).where(Person.profession != "").distinct())
    unlisted = sorted(set(recorded) - listed)
    return known + [KnownName(-n, name) for n, name in enumerate(unlisted, start=1)]


def sync_professions(session: Session) -> None:
    """List in the professions table every profession recorded on someone."""
    for known in known_professions(session):
        if known.id < 0:
            session.add(Profession(name=known.name))
    session.flush()


def known_names(session: Session, kind: Kind) -> list[KnownName]:
    return known_organisations(session) if kind == "organisation" else known_professions(session)


def match_typed(db: Database, kind: Kind, typed: str) -> Match | Unmatched | None:
    """What a form's organisation or profession would be saved as (None: exactly as typed, and
    known, or blank)."""
    with db.read() as session:
        return match_name(clean_text(typed), known_names(session, kind))


def known_name_for(session: Session, kind: Kind, typed: str) -> str:
    """The name to store for what was typed: the known one it matches, else as typed."""
    result = match_name(clean_text(typed), known_names(session, kind))
    return result.known.name if isinstance(result, Match) else clean_text(typed)


# Lists --------------------------------------------------------------------------------------
def list_names(db: Database, kind: Kind) -> list[NameRow]:
    if kind == "profession":
        with db.write() as session:
            sync_professions(session)
    with db.read() as session:
        counts: dict[int | str | None, int]
        if kind == "organisation":
            counts = dict(
                session.execute(
                    select(Person.organisation_id, func.count())
                    .where(Person.erased_at.is_(None))
                    .group_by(Person.organisation_id)
                ).all()
            )
            rows = session.execute(select(Organisation.id, Organisation.name, Organisation.version))
        else:
            counts = dict(
                session.execute(
                    select(Person.profession, func.count())
                    .where(Person.erased_at.is_(None))
                    .group_by(Person.profession)
                ).all()
            )
            rows = session.execute(select(Profession.id, Profession.name, Profession.version))
        aliases = {k.id: k.aliases for k in known_names(session, kind)}
        out = [
            NameRow(
                ident,
                name,
                int(counts.get(ident if kind == "organisation" else name, 0)),
                aliases.get(ident, ()),
                version,
            )
            for ident, name, version in rows
        ]
    return sorted(out, key=lambda r: r.name.casefold())


# Merging ------------------------------------------------------------------------------------
def merge(db: Database, kind: Kind, gone_id: int, into_id: int) -> MergeDone:
    """Merge one organisation (or profession) into another, all or nothing."""
    if gone_id == into_id:
        raise ValidationError(f"Choose two different {kind}s to merge.", "into")
    with db.write() as session:
        if kind == "organisation":
            return _merge_organisations(session, gone_id, into_id)
        return _merge_professions(session, gone_id, into_id)


def _get(session: Session, model: type, ident: int, kind: Kind):  # type: ignore[no-untyped-def]
    found = session.get(model, ident)
    if found is None:
        raise NotFoundError(f"That {kind} is no longer in the database; refresh the list (F5).")
    return found


def _merge_organisations(session: Session, gone_id: int, into_id: int) -> MergeDone:
    gone = _get(session, Organisation, gone_id, "organisation")
    into = _get(session, Organisation, into_id, "organisation")
    people = list(session.scalars(select(Person.id).where(Person.organisation_id == gone_id)))
    roles = list(
        session.scalars(select(LeadershipRole.id).where(LeadershipRole.organisation_id == gone_id))
    )
    for person in session.scalars(select(Person).where(Person.id.in_(people))):
        person.organisation_id = into_id  # through the ORM, so each move is in the audit trail
    for role in session.scalars(select(LeadershipRole).where(LeadershipRole.id.in_(roles))):
        role.organisation_id = into_id
    moved = list(
        session.scalars(
            select(OrganisationAlias.id).where(OrganisationAlias.organisation_id == gone_id)
        )
    )
    session.execute(
        update(OrganisationAlias)
        .where(OrganisationAlias.id.in_(moved))
        .values(organisation_id=into_id)
        .execution_options(synchronize_session=False)
    )
    new_alias = _add_alias(session, OrganisationAlias, "organisation_id", into_id, gone.name)
    done = MergeDone(
        "organisation",
        gone.id,
        gone.name,
        {"kind": gone.kind, "borough": gone.borough},
        into.id,
        into.name,
        people=people,
        roles=roles,
        moved_aliases=moved,
        new_alias=new_alias,
    )
    session.flush()
    session.delete(gone)
    return done


def _merge_professions(session: Session, gone_id: int, into_id: int) -> MergeDone:
    gone = _get(session, Profession, gone_id, "profession")
    into = _get(session, Profession, into_id, "profession")
    people = list(session.scalars(select(Person.id).where(Person.profession == gone.name)))
    for person in session.scalars(select(Person).where(Person.id.in_(people))):
        person.profession = into.name
    before: dict[int, str] = {}
    for profile in session.scalars(select(MentorProfile)):
        listed = [clean_text(p) for p in (profile.professions or "").split(",") if p.strip()]
        if any(p.casefold() == gone.name.casefold() for p in listed):
            before[profile.id] = profile.professions
            kept = [into.name if p.casefold() == gone.name.casefold() else p for p in listed]
            profile.professions = ", ".join(dict.fromkeys(kept))
    moved = list(
        session.scalars(select(ProfessionAlias.id).where(ProfessionAlias.profession_id == gone_id))
    )
    session.execute(
        update(ProfessionAlias)
        .where(ProfessionAlias.id.in_(moved))
        .values(profession_id=into_id)
        .execution_options(synchronize_session=False)
    )
    new_alias = _add_alias(session, ProfessionAlias, "profession_id", into_id, gone.name)
    done = MergeDone(
        "profession",
        gone.id,
        gone.name,
        {},
        into.id,
        into.name,
        people=people,
        mentor_professions=before,
        moved_aliases=moved,
        new_alias=new_alias,
    )
    session.flush()
    session.delete(gone)
    return done


def _add_alias(session: Session, model: type, owner: str, owner_id: int, alias: str) -> int | None:
    key = name_key(alias)
    if session.scalar(select(model.id).where(model.alias_key == key)) is not None:  # type: ignore[attr-defined]
        return None
    row = model(**{owner: owner_id, "alias": alias, "alias_key": key})
    session.add(row)
    session.flush()
    return int(row.id)


def undo_merge(db: Database, done: MergeDone) -> None:
    """Put back what ``merge`` did: the old record under its old id, its people, roles,
    mentor profiles and aliases; people moved again since are left where they are now."""
    with db.write() as session:
        if done.kind == "organisation":
            if session.get(Organisation, done.gone_id) is not None:
                return
            if session.scalar(select(Organisation.id).where(Organisation.name == done.gone_name)):
                raise ValidationError(
                    f"There is an organisation called {done.gone_name} again, so the merge "
                    "cannot be undone."
                )
            session.add(Organisation(id=done.gone_id, name=done.gone_name, **done.gone_extra))
            session.flush()
            for person in session.scalars(select(Person).where(Person.id.in_(done.people))):
                if person.organisation_id == done.into_id:
                    person.organisation_id = done.gone_id
            for role in session.scalars(
                select(LeadershipRole).where(LeadershipRole.id.in_(done.roles))
            ):
                if role.organisation_id == done.into_id:
                    role.organisation_id = done.gone_id
            alias_model, owner = OrganisationAlias, "organisation_id"
        else:
            if session.get(Profession, done.gone_id) is not None:
                return
            session.add(Profession(id=done.gone_id, name=done.gone_name))
            session.flush()
            for person in session.scalars(select(Person).where(Person.id.in_(done.people))):
                if person.profession == done.into_name:
                    person.profession = done.gone_name
            for profile in session.scalars(
                select(MentorProfile).where(MentorProfile.id.in_(done.mentor_professions))
            ):
                profile.professions = done.mentor_professions[profile.id]
            alias_model, owner = ProfessionAlias, "profession_id"  # type: ignore[assignment]
        if done.new_alias is not None:
            alias = session.get(alias_model, done.new_alias)
            if alias is not None:
                session.delete(alias)
        session.execute(
            update(alias_model)
            .where(alias_model.id.in_(done.moved_aliases))
            .values({owner: done.gone_id})
            .execution_options(synchronize_session=False)
        )
