"""Undo an import exactly, or refuse in one sentence and change nothing.

People the import created are removed, unless anything now refers to them (enrolments made
since, attendance, certificates, mentoring, any other record) or their record was edited since:
removing them would lose that. Fields it updated get their old values back, unless one of them
was changed again since: putting the old value back would silently lose the later edit, so the
undo is refused naming the person. Enrolments it made are removed unless attendance,
certificates or a status change have since been recorded for them. Organisations it created
are removed once nobody refers to them.

Records another kind of import made in the same batch (applications: any table with an
``import_batch_id`` column) are removed first, unless they were changed since (a new status)
or something refers to them (a panel's scores): removing them would lose that.

Every check is one statement per table joined to the batch's own rows (ImportChange), not a
query per person: undoing 10,000 people took 13.6 s that way, against 2.6 s for the import.
What undo removes or puts back is audited field by field, as the import was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from cohort_desk.db.audit import SKIPPED_COLUMNS, record_event, record_rows
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
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.wording import plural
from cohort_desk.services.collector import collector_paused
from cohort_desk.services.imports import audit_rows
from cohort_desk.services.imports.apply import backup_first

_CHUNK = 900
# (A mapped class's table is a Table; SQLAlchemy types it as any FromClause.)
_PEOPLE = cast(Table, Person.__table__)
_ENROLMENTS = cast(Table, Enrolment.__table__)
_CHANGES = cast(Table, ImportChange.__table__)


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    file_name: str
    removed: int
    restored: int
    unenrolled: int
    responses_removed: int = 0  # for an import of feedback (services.evaluation)
    kind: str = "people"


@collector_paused()
def undo(db: Database, batch_id: int) -> UndoResult:
    """Reverse import ``batch_id`` in one transaction; RefusedError says why it cannot be."""
    with db.read() as session:
        kind = _open_batch(session, batch_id).kind  # refuse before a backup for nothing
    backup_first(db, "undo-import")
    if kind == "feedback":
        # Imported lazily: evaluation builds on this package, not the other way round.
        from cohort_desk.services.evaluation.apply import undo_feedback

        with db.write() as session:
            done = undo_feedback(session, _open_batch(session, batch_id))
            return UndoResult(batch_id, done.file_name, 0, 0, 0, done.removed, kind)
    with db.write() as session:
        batch = _open_batch(session, batch_id)
        refuse = _Refusal(session, batch)
        refuse.if_batch_records_used()
        refuse.if_enrolments_used()
        refuse.if_created_people_used()
        updated = refuse.if_changed_since()
        entries = _delete_batch_records(session, batch_id)
        enrolments = _rows(session, _ENROLMENTS, _ENROLMENTS.c.id, _own(batch_id, "enrolment"))
        created = _rows(session, _PEOPLE, _PEOPLE.c.id, _own(batch_id, "created"))
        organisations = [
            before["organisation_id"]
            for before in session.scalars(
                select(_CHANGES.c.before).where(
                    _CHANGES.c.batch_id == batch_id, _CHANGES.c.action == "organisation"
                )
            )
        ]
        entries += audit_rows.deleted_columns("Enrolment", *enrolments, person="person_id")
        entries += audit_rows.deleted_columns("Person", *created, person="id")
        entries += audit_rows.updated_people(
            (person_id, values["after"], values["before"]) for person_id, values in updated
        )
        _detach_changes(session, batch_id)
        _delete(session, Enrolment, _ids(*enrolments))
        _delete(session, Person, _ids(*created))
        _restore(session, updated)
        entries += _remove_unused_organisations(session, organisations)
        record_rows(session, entries)
        batch.undone_at = utcnow()
        result = UndoResult(
            batch_id, batch.file_name, len(created[1]), len(updated), len(enrolments[1])
        )
        counts = {"removed": result.removed, "restored": result.restored}
        counts["unenrolled"] = result.unenrolled
        record_event(session, "ImportBatch", batch_id, "undone", counts)
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


def _own(batch_id: int, what: str) -> Select[Any]:
    """The ids of the enrolments ("enrolment") or people ("created", "updated") the batch
    recorded, as a subquery the database joins itself."""
    if what == "enrolment":
        return select(_CHANGES.c.enrolment_id).where(
            _CHANGES.c.batch_id == batch_id, _CHANGES.c.enrolment_id.is_not(None)
        )
    return select(_CHANGES.c.person_id).where(
        _CHANGES.c.batch_id == batch_id,
        _CHANGES.c.action == what,
        _CHANGES.c.person_id.is_not(None),
    )


def _rows(
    session: Session, table: Table, key: Any, own: Select[Any]
) -> tuple[list[str], list[Any]]:
    """The column names and rows (tuples) of the records to delete, as the audit shows them."""
    # Only the columns the audit shows: the timestamps it skips would each be turned into an
    # aware datetime for nothing, 40,000 of them for 10,000 people (issue 22).
    columns = [column for column in table.columns if column.name not in SKIPPED_COLUMNS]
    result = session.execute(select(*columns).where(key.in_(own)))
    return list(result.keys()), list(result.all())


def _ids(names: list[str], rows: list[Any]) -> list[int]:
    at = names.index("id")
    return [row[at] for row in rows]


def _detach_changes(session: Session, batch_id: int) -> None:
    """Clear the batch's own references to the people and enrolments about to be deleted:
    ON DELETE SET NULL would, but a row at a time and twice for a row naming both, where one
    statement writes each row once (a fifth off the deletes, issue 22)."""
    created = _CHANGES.c.action == "created"
    session.execute(
        update(_CHANGES)
        .where(
            _CHANGES.c.batch_id == batch_id,
            _CHANGES.c.enrolment_id.is_not(None) | (created & _CHANGES.c.person_id.is_not(None)),
        )
        .values(
            enrolment_id=None,
            person_id=case((created, None), else_=_CHANGES.c.person_id),
        )
    )


def _delete(session: Session, model: type[Base], ids: list[int]) -> None:
    # Ids fetched first: deleting sets ImportChange's references to NULL, and a subquery over
    # ImportChange would then be reading the rows the delete is changing.
    table = cast(Table, model.__table__)
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(table).where(table.c.id.in_(ids[start : start + _CHUNK])))


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
        others = f" (and {plural(len(ids) - 1, 'other')})" if len(ids) > 1 else ""
        raise RefusedError(
            f"Import {self.batch.id} cannot be undone: {spoken_name(given, family)} ({email})"
            f"{others} {reason}, so {advice}; nothing was changed."
        )

    def if_enrolments_used(self) -> None:
        own = _own(self.batch.id, "enrolment")
        enrolment = _ENROLMENTS.alias("own_enrolment")
        marked = exists(
            select(Attendance.id)
            .join(CohortSession, CohortSession.id == Attendance.session_id)
            .where(
                Attendance.person_id == enrolment.c.person_id,
                CohortSession.cohort_id == enrolment.c.cohort_id,
            )
        )
        certified = exists(
            select(Certificate.id).where(
                Certificate.person_id == enrolment.c.person_id,
                Certificate.cohort_id == enrolment.c.cohort_id,
            )
        )
        used = self.session.scalars(
            select(enrolment.c.person_id).where(
                enrolment.c.id.in_(own), (enrolment.c.version != 1) | marked | certified
            )
        )
        self._refuse(
            used,
            "has attendance, a certificate or a new status in the cohort the import enrolled "
            "them in",
            "taking them out of it would lose that",
        )

    def if_batch_records_used(self) -> None:
        """Applications the import added that have a new status or scores since."""
        for table in _batch_tables():
            own = table.c.import_batch_id == self.batch.id
            used = table.c.version != 1
            for _referrer, column in _references_to(table):
                used = used | table.c.id.in_(select(column).where(column.is_not(None)))
            who = table.c.person_id if "person_id" in table.c else table.c.id
            self._refuse(
                self.session.scalars(select(who).where(own, used).limit(_CHUNK)),
                f"has a {_singular(table.name)} from it that was changed or scored since",
                "removing it would lose that",
            )

    def if_created_people_used(self) -> None:
        # One statement, each table that refers to people asked with EXISTS for each created
        # person, rather than one statement per table, each reading the batch's 10,000
        # created people again (a tenth of the undo, issue 22).
        created = _own(self.batch.id, "created")
        own_enrolments = _own(self.batch.id, "enrolment")
        used = _PEOPLE.c.version != 1
        for table, column in _references_to(_PEOPLE):
            if table is _CHANGES:
                continue
            other = table.alias()
            condition = other.c[column.name] == _PEOPLE.c.id
            if table is _ENROLMENTS:
                condition = condition & other.c.id.not_in(own_enrolments)
            elif "import_batch_id" in table.c:  # its own records go with it
                condition = condition & (
                    (other.c.import_batch_id != self.batch.id) | other.c.import_batch_id.is_(None)
                )
            used = used | exists(select(1).select_from(other).where(condition))
        self._refuse(
            self.session.scalars(select(_PEOPLE.c.id).where(_PEOPLE.c.id.in_(created), used)),
            "was added by it and has since been edited or gained other records (enrolments, "
            "attendance, certificates or mentoring)",
            "removing them would lose that",
        )

    def if_changed_since(self) -> list[tuple[int, dict[str, Any]]]:
        """The people the import updated, with what it recorded, after checking that each
        still holds the values the import gave them."""
        query = select(_PEOPLE, _CHANGES.c.before.label("recorded")).join(
            _CHANGES,
            and_(
                _CHANGES.c.person_id == _PEOPLE.c.id,
                _CHANGES.c.batch_id == self.batch.id,
                _CHANGES.c.action == "updated",
            ),
        )
        updated: list[tuple[int, dict[str, Any]]] = []
        changed: list[int] = []
        for row in self.session.execute(query):
            now, values = row._mapping, row.recorded
            # Erasure blanks the old values, and then there is nothing to put back.
            if not values or any(now[k] != v for k, v in values["after"].items()):
                changed.append(now["id"])
            updated.append((now["id"], values))
        self._refuse(
            changed,
            "had details changed again after this import",
            "putting back the old values would lose that change; edit their record by hand",
        )
        return updated


def _batch_tables() -> list[Table]:
    """Tables whose rows remember the import that made them (applications)."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if "import_batch_id" in table.c and table is not ImportBatch.__table__
    ]


def _singular(table_name: str) -> str:
    return table_name.removesuffix("s").replace("_", " ")


def _delete_batch_records(session: Session, batch_id: int) -> list[dict[str, Any]]:
    """Delete what other kinds of import added in this batch; their audit rows."""
    entries: list[dict[str, Any]] = []
    for table in _batch_tables():
        rows = [
            dict(row._mapping)
            for row in session.execute(select(table).where(table.c.import_batch_id == batch_id))
        ]
        entries += audit_rows.deleted_rows(table, rows)
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), _CHUNK):
            session.execute(delete(table).where(table.c.id.in_(ids[start : start + _CHUNK])))
    return entries


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
        for start in range(0, len(all_params), _CHUNK):
            session.execute(statement, all_params[start : start + _CHUNK])


def _remove_unused_organisations(
    session: Session, organisation_ids: list[int]
) -> list[dict[str, Any]]:
    """Remove the organisations the import created that nothing refers to; their audit rows."""
    table = cast(Table, Organisation.__table__)
    wanted = list(dict.fromkeys(organisation_ids))
    if not wanted:
        return []
    # One statement for all of them rather than a count per organisation and table (an
    # import of a list names dozens of new organisations, issue 22).
    in_use: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        used = [select(column).where(column.in_(chunk)) for _t, column in _references_to(table)]
        if used:
            in_use.update(session.scalars(union_all(*used)))
    unused = [org_id for org_id in wanted if org_id not in in_use]
    rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(unused), _CHUNK):
        chunk = unused[start : start + _CHUNK]
        for row in session.execute(select(table).where(table.c.id.in_(chunk))):
            rows[row.id] = dict(row._mapping)
        session.execute(delete(table).where(table.c.id.in_(chunk)))
    removed = [rows[org_id] for org_id in unused if org_id in rows]
    return audit_rows.organisations(removed, "deleted")
