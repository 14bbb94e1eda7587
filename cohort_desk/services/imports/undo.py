"""Undo an import exactly, or refuse in one sentence and change nothing.

People the import created are removed, unless anything now refers to them (enrolments made
since, attendance, certificates, mentoring, any other record) or their record was edited since:
removing them would lose that. Fields it updated get their old values back, unless one of them
was changed again since: putting the old value back would silently lose the later edit, so the
undo is refused naming the person. Enrolments it made are removed unless attendance,
certificates or a status change have since been recorded for them. Organisations it created
are removed once nobody refers to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from cohort_desk.db.audit import record_event
from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Attendance,
    Base,
    Certificate,
    CohortSession,
    Enrolment,
    ImportBatch,
    ImportChange,
    Organisation,
    Person,
)
from cohort_desk.db.types import utcnow
from cohort_desk.errors import NotFoundError, RefusedError
from cohort_desk.rules.dates import format_date
from cohort_desk.services.imports.apply import backup_first

_CHUNK = 900
_PEOPLE = cast(Table, Person.__table__)  # typed as any FromClause


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    file_name: str
    removed: int
    restored: int
    unenrolled: int


def undo(db: Database, batch_id: int) -> UndoResult:
    """Reverse import ``batch_id`` in one transaction; RefusedError says why it cannot be."""
    with db.read() as session:
        _open_batch(session, batch_id)  # refuse before taking a backup for nothing
    backup_first(db, "undo-import")
    with db.write() as session:
        batch = _open_batch(session, batch_id)
        changes = session.execute(
            select(
                ImportChange.person_id,
                ImportChange.enrolment_id,
                ImportChange.action,
                ImportChange.before,
            ).where(ImportChange.batch_id == batch_id)
        ).all()
        created = [p for p, _e, action, _b in changes if action == "created" and p is not None]
        updated = [(p, b) for p, _e, action, b in changes if action == "updated" and p is not None]
        enrolments = [e for _p, e, _a, _b in changes if e is not None]
        organisations = [b["organisation_id"] for _p, _e, a, b in changes if a == "organisation"]
        refuse = _Refusal(session, batch)
        refuse.if_enrolments_used(enrolments)
        refuse.if_created_people_used(created, enrolments)
        refuse.if_changed_since(updated)
        for chunk in _chunks(enrolments):
            session.execute(delete(Enrolment).where(Enrolment.id.in_(chunk)))
        for chunk in _chunks(created):
            session.execute(delete(Person).where(Person.id.in_(chunk)))
        _restore(session, updated)
        _remove_unused_organisations(session, organisations)
        batch.undone_at = utcnow()
        result = UndoResult(batch_id, batch.file_name, len(created), len(updated), len(enrolments))
        record_event(
            session,
            "ImportBatch",
            batch_id,
            "undone",
            {
                "removed": result.removed,
                "restored": result.restored,
                "unenrolled": result.unenrolled,
            },
        )
        return result


def _open_batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(
            f"There is no import number {batch_id}; 'cohort-desk imports' lists them."
        )
    if batch.undone_at is not None:
        raise RefusedError(
            f"Import {batch_id} ({batch.file_name}) was already undone on "
            f"{format_date(batch.undone_at)}, so there is nothing left to reverse."
        )
    return batch


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Refusal:
    """The checks that stop an undo, each naming the first person concerned."""

    def __init__(self, session: Session, batch: ImportBatch) -> None:
        self.session = session
        self.batch = batch

    def _refuse(self, person_ids: Iterable[int], reason: str, advice: str) -> None:
        ids = sorted(set(person_ids))
        if not ids:
            return
        given, family, email = self.session.execute(
            select(Person.given_name, Person.family_name, Person.email).where(Person.id == ids[0])
        ).one()
        others = f" (and {len(ids) - 1} others)" if len(ids) > 1 else ""
        raise RefusedError(
            f"Import {self.batch.id} cannot be undone: {given} {family} ({email}){others} "
            f"{reason}, so {advice}; nothing was changed."
        )

    def if_enrolments_used(self, enrolment_ids: list[int]) -> None:
        used: set[int] = set()
        for chunk in _chunks(enrolment_ids):
            rows = self.session.execute(
                select(Enrolment.person_id, Enrolment.cohort_id, Enrolment.version).where(
                    Enrolment.id.in_(chunk)
                )
            ).all()
            used.update(p for p, _c, version in rows if version != 1)
            pairs = {(p, c) for p, c, _v in rows}
            people = [p for p, _c in pairs]
            marked = self.session.execute(
                select(Attendance.person_id, CohortSession.cohort_id)
                .join(CohortSession, CohortSession.id == Attendance.session_id)
                .where(Attendance.person_id.in_(people))
            ).all()
            certified = self.session.execute(
                select(Certificate.person_id, Certificate.cohort_id).where(
                    Certificate.person_id.in_(people)
                )
            ).all()
            used.update(p for p, c in [*marked, *certified] if (p, c) in pairs)
        self._refuse(
            used,
            "has attendance, a certificate or a new status in the cohort the import enrolled "
            "them in",
            "taking them out of it would lose that",
        )

    def if_created_people_used(self, person_ids: list[int], own_enrolments: list[int]) -> None:
        used: set[int] = set()
        for chunk in _chunks(person_ids):
            used.update(
                self.session.scalars(
                    select(Person.id).where(Person.id.in_(chunk), Person.version != 1)
                )
            )
            for table, column in _references_to(_PEOPLE):
                if table.name == ImportChange.__tablename__:
                    continue
                query = select(column).where(column.in_(chunk))
                if table.name == Enrolment.__tablename__:
                    query = query.where(table.c.id.not_in(own_enrolments or [0]))
                used.update(self.session.scalars(query))
        self._refuse(
            used,
            "was added by it and has since been edited or gained other records (enrolments, "
            "attendance, certificates or mentoring)",
            "removing them would lose that",
        )

    def if_changed_since(self, updated: list[tuple[int, dict[str, Any]]]) -> None:
        changed: list[int] = []
        for chunk in _chunks(updated):
            current = {
                row.id: row._mapping
                for row in self.session.execute(
                    select(_PEOPLE).where(_PEOPLE.c.id.in_([p for p, _b in chunk]))
                )
            }
            for person_id, values in chunk:
                now = current.get(person_id)
                if now is None:
                    continue
                # Erasure blanks the old values, and then there is nothing to put back.
                if not values or any(now[k] != v for k, v in values["after"].items()):
                    changed.append(person_id)
        self._refuse(
            changed,
            "had details changed again after this import",
            "putting back the old values would lose that change; edit their record by hand",
        )


def _references_to(target: Table) -> list[tuple[Table, Any]]:
    """Every column in the schema that points at ``target``, so new tables count as history
    without this module having to know about them."""
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is target:
                found.append((table, key.parent))
    return found


def _restore(session: Session, updated: list[tuple[int, dict[str, Any]]]) -> None:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for person_id, values in updated:
        before = values["before"]
        params = {f"v_{k}": v for k, v in before.items()} | {"p_id": person_id}
        groups.setdefault(tuple(sorted(before)), []).append(params)
    for columns, all_params in groups.items():
        statement = (
            update(_PEOPLE)
            .where(_PEOPLE.c.id == bindparam("p_id"))
            .values({name: bindparam(f"v_{name}") for name in columns})
            .values(version=_PEOPLE.c.version + 1)
        )
        for chunk in _chunks(all_params):
            session.execute(statement, chunk)


def _remove_unused_organisations(session: Session, organisation_ids: list[int]) -> None:
    for org_id in organisation_ids:
        in_use = any(
            session.scalar(select(func.count()).select_from(table).where(column == org_id))
            for table, column in _references_to(cast(Table, Organisation.__table__))
        )
        if not in_use:
            session.execute(delete(Organisation).where(Organisation.id == org_id))
