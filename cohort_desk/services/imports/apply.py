"""Apply an import plan in one transaction: people, organisations, enrolments and one batch.

Every record the plan touches is first checked against the version it was planned from
(freshness.py). Rows go in with Core bulk statements (ten times faster than the ORM for 10,000
people), which the automatic audit listener does not see, so the same field-by-field audit
entries a hand edit makes are written set-based beside them (audit_rows.py); the batch and
its ImportChange rows are what undo needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from cohort_desk.db.audit import record_event, record_rows
from cohort_desk.db.bulk import insert_rows
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, Enrolment, ImportBatch, ImportChange, Organisation, Person
from cohort_desk.db.types import utcnow
from cohort_desk.services.collector import collector_paused
from cohort_desk.services.imports import audit_rows
from cohort_desk.services.imports.compare import PersonChange
from cohort_desk.services.imports.freshness import StalePlanError, check_still_current
from cohort_desk.services.imports.plan import ImportPlan
from cohort_desk.services.imports.rows import PERSON_FIELDS
from cohort_desk.services.people.organisations import guess_kind
from cohort_desk.services.progress import NO_PROGRESS, Progress
from cohort_desk.vocabulary import EnrolmentStatus

log = logging.getLogger(__name__)

CHUNK = 1000
ANALYZE_AFTER = 1000  # new people, above which PostgreSQL's statistics are refreshed
# Table-level statements skip the ORM bulk layer, which costs a third more on 10,000 rows.
# (A mapped class's table is a Table; SQLAlchemy types it as any FromClause.)
_PEOPLE = cast(Table, Person.__table__)
_ENROLMENTS = cast(Table, Enrolment.__table__)
_CHANGES = cast(Table, ImportChange.__table__)
_TEXT_FIELDS = tuple(name for name in PERSON_FIELDS if name != "organisation")
_BLANKS = ("",) * len(_TEXT_FIELDS)  # a missing text field's value, for map(values.get, ...)
_NEW_PERSON_COLUMNS = (
    *_TEXT_FIELDS,
    "organisation_id",
    "email",
    "email_key",
)
_CHANGE_COLUMNS = ("batch_id", "person_id", "enrolment_id", "action", "before")
# What another kind of import adds to the same transaction (the applications import): called
# with the session, the new batch and every person of the plan by e-mail key -> id, it writes
# its own records and returns counts to keep with the batch.
Extension = Callable[[Session, ImportBatch, dict[str, int]], dict[str, Any]]
_STALE = (
    "The database changed after this import was previewed (someone else may be working on "
    "it); preview the import again, then apply it."
)


def backup_first(db: Database, reason: str) -> None:
    """A backup copy before a big change, where the backup module is available (SQLite)."""
    try:
        from cohort_desk.db.backup import backup_before
    except ImportError:  # pragma: no cover - the backup module arrives with another change
        return
    backup_before(db, reason)


@collector_paused()
def apply(
    db: Database,
    plan: ImportPlan,
    progress: Progress = NO_PROGRESS,
    extension: Extension | None = None,
) -> int | None:
    """Make the changes the plan shows; returns the new batch's id, or None when there was
    nothing to change (a file imported twice), in which case nothing at all is written.

    ``extension`` adds another import's records to the same transaction and batch, so they
    are applied and undone together with the people; its caller decides whether there is
    anything to do."""
    if not plan.has_changes and extension is None:
        return None
    backup_first(db, "import")
    with db.write() as session:
        if plan.cohort_id is not None and session.get(Cohort, plan.cohort_id) is None:
            raise StalePlanError(_STALE)
        check_still_current(session, plan.people, plan.cohort_id, plan.role)
        # The plan is only read, never changed, so a cancelled apply can be tried again.
        work = _Work(session, progress, plan.people)
        organisations = work.organisations()
        ids = work.insert_people(organisations)
        work.update_people(organisations)
        enrolments = work.enrol(ids, plan.cohort_id, plan.role)
        counts = plan.counts()
        batch = ImportBatch(
            file_name=plan.file_name,
            file_sha256=plan.file_sha256,
            sheet=plan.sheet,
            mapping=plan.mapping,
            counts=dict(counts),
            cohort_id=plan.cohort_id,
            role=plan.role,
            imported_by=db.actor,
        )
        session.add(batch)
        session.flush()
        work.record_changes(batch.id, ids, enrolments)
        record_rows(session, work.audit)
        if extension is not None:
            people = {p.key: p.person_id for p in plan.people if p.person_id is not None}
            counts |= extension(session, batch, people | ids)
            batch.counts = counts
        record_event(
            session, "ImportBatch", batch.id, "imported", {"file": plan.file_name, **counts}
        )
        progress.step(work.total, work.total, "Saving…")
        log.info("import %s of %s: %s", batch.id, plan.file_name, counts)
        batch_id = batch.id
    if plan.created >= ANALYZE_AFTER and not db.is_sqlite:
        refresh_statistics(db)
    return batch_id


def refresh_statistics(db: Database) -> None:
    """PostgreSQL plans with the table sizes of its last ANALYZE; until autovacuum catches up
    after thousands of new people, looking them up by e-mail takes seconds instead of 0.2 s."""
    with db.engine.connect() as connection:
        connection.execute(text(f"ANALYZE {Person.__tablename__}"))
        connection.commit()


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class _Work:
    """The steps of one apply, sharing the session and the progress count."""

    def __init__(self, session: Session, progress: Progress, people: list[PersonChange]) -> None:
        self.session = session
        self.progress = progress
        self.new = [p for p in people if p.action == "new"]
        self.updates = [p for p in people if p.action == "update"]
        self.enrolling = [p for p in people if p.enrol]
        self.people = people
        self.new_organisations: list[int] = []
        self.known_organisations: dict[str, int] = {}
        self.total = len(self.new) + len(self.updates) + len(self.enrolling) + len(people)
        self.done = 0
        self.audit: list[dict[str, Any]] = []

    def step(self, count: int, text: str) -> None:
        self.done += count
        self.progress.step(self.done, self.total, text)

    def organisations(self) -> dict[str, int]:
        """Every organisation named by a new or changed person, created when missing."""
        known = {
            name.casefold(): org_id
            for org_id, name in self.session.execute(select(Organisation.id, Organisation.name))
        }
        missing: dict[str, str] = {}
        for person in self.new + self.updates:
            name = person.values.get("organisation")
            if name and name.casefold() not in known:
                missing.setdefault(name.casefold(), name)
        if missing:
            rows = [{"name": name, "kind": guess_kind(name)} for name in missing.values()]
            result = self.session.execute(
                insert(Organisation).returning(Organisation.id, Organisation.name), rows
            )
            kinds = {row["name"]: row["kind"] for row in rows}
            made = []
            for org_id, name in result:
                known[name.casefold()] = org_id
                self.new_organisations.append(org_id)
                made.append({"id": org_id, "name": name, "kind": kinds[name]})
            self.audit += audit_rows.organisations(made, "created")
        self.known_organisations = known
        return known

    def insert_people(self, organisations: dict[str, int]) -> dict[str, int]:
        # One instant for every person of the import, as for its audit entries.
        now = utcnow()
        stamps = {"created_at": now, "updated_at": now}
        highest = self.session.scalar(select(func.max(_PEOPLE.c.id))) or 0
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(self.new):
            # Tuples in _NEW_PERSON_COLUMNS order, for the insert and then the audit.
            values = [_person_row(p, organisations) for p in chunk]
            # A plain executemany and one look-up beats INSERT ... RETURNING: psycopg spends a
            # second parsing the long multi-row statements RETURNING needs on 10,000 rows.
            insert_rows(self.session.connection(), _PEOPLE, _NEW_PERSON_COLUMNS, values, stamps)
            rows += values
            self.step(len(chunk), "Adding people…")
        ids = self._new_ids(highest, {row[-1] for row in rows})
        self.audit += audit_rows.created_people(
            _NEW_PERSON_COLUMNS, rows, [ids[row[-1]] for row in rows]
        )
        return ids

    def _new_ids(self, highest: int, keys: set[str]) -> dict[str, int]:
        """E-mail key -> id of the people just added: the rows above the highest id before
        (ids only grow: SQLite's under the write lock, PostgreSQL's sequence) with one of
        their keys, since another session's new people have other addresses. One range scan
        instead of a thousand-key IN list per thousand people; any key not found so (an id
        SQLite had to pick at random) is looked up by its key."""
        above = select(_PEOPLE.c.email_key, _PEOPLE.c.id).where(_PEOPLE.c.id > highest)
        # Fetched in one call: iterating the result fetches (and wraps) a row at a time.
        found = self.session.execute(above).all()
        ids = {key: person_id for key, person_id in found if key in keys}
        missing = sorted(keys - ids.keys())
        for start in range(0, len(missing), CHUNK):
            by_key = select(_PEOPLE.c.email_key, _PEOPLE.c.id).where(
                _PEOPLE.c.email_key.in_(missing[start : start + CHUNK])
            )
            ids.update({key: person_id for key, person_id in self.session.execute(by_key)})
        return ids

    def update_people(self, organisations: dict[str, int]) -> None:
        # One executemany per set of changed columns; the version check in the WHERE clause
        # stops an update that would overwrite someone else's edit since the preview.
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for person in self.updates:
            values = _columns(person.values, organisations)
            undo = _undo_values(person, organisations)
            assert person.person_id is not None
            self.audit += audit_rows.updated_people(
                [(person.person_id, undo["before"], undo["after"])]
            )
            params = {f"v_{name}": value for name, value in values.items()}
            params |= {"p_id": person.person_id, "p_version": person.version}
            groups.setdefault(tuple(sorted(values)), []).append(params)
        for columns, all_params in groups.items():
            statement = (
                update(_PEOPLE)
                .where(_PEOPLE.c.id == bindparam("p_id"))
                .where(_PEOPLE.c.version == bindparam("p_version"))
                .values({name: bindparam(f"v_{name}") for name in columns})
                .values(version=_PEOPLE.c.version + 1)
            )
            for chunk in _chunks(all_params):
                result = cast(CursorResult[Any], self.session.execute(statement, list(chunk)))
                dialect = self.session.get_bind().dialect
                if dialect.supports_sane_multi_rowcount and result.rowcount != len(chunk):
                    raise StalePlanError(_STALE)
                self.step(len(chunk), "Updating people…")

    def enrol(self, ids: dict[str, int], cohort_id: int | None, role: str) -> dict[int, int]:
        """Enrol everyone the plan marked; returns person id -> new enrolment id."""
        if cohort_id is None or not self.enrolling:
            return {}
        found: dict[int, int] = {}
        today = date.today()
        for chunk in _chunks(self.enrolling):
            rows = [
                {
                    "person_id": p.person_id if p.person_id is not None else ids[p.key],
                    "cohort_id": cohort_id,
                    "role": role,
                    "status": EnrolmentStatus.ENROLLED,
                    "status_on": today,
                }
                for p in chunk
            ]
            result = self.session.execute(
                insert(_ENROLMENTS).returning(_ENROLMENTS.c.id, _ENROLMENTS.c.person_id), rows
            )
            made = {person_id: enrolment_id for enrolment_id, person_id in result}
            found.update(made)
            self.audit += audit_rows.enrolments(
                (row | {"id": made[row["person_id"]]} for row in rows), "created"
            )
            self.step(len(chunk), "Enrolling…")
        return found

    def record_changes(self, batch_id: int, ids: dict[str, int], enrolled: dict[int, int]) -> None:
        """What undo needs: who was created, the old and new values of what was updated, and
        the enrolments and organisations the import made."""
        # Rows in _CHANGE_COLUMNS order: batch, person, enrolment, action, old values.
        rows: list[tuple[Any, ...]] = [
            (batch_id, None, None, "organisation", {"organisation_id": i})
            for i in self.new_organisations
        ]
        actions = {"new": "created", "update": "updated"}
        for person in self.people:
            person_id = person.person_id if person.person_id is not None else ids[person.key]
            if person.action == "unchanged" and person_id not in enrolled:
                continue
            before = None
            if person.action == "update":
                before = _undo_values(person, self.known_organisations)
            action = actions.get(person.action, "enrolled")
            rows.append((batch_id, person_id, enrolled.get(person_id), action, before))
        for chunk in _chunks(rows):
            insert_rows(self.session.connection(), _CHANGES, _CHANGE_COLUMNS, chunk)
            self.step(len(chunk), "Recording the import…")


def _person_row(person: PersonChange, organisations: dict[str, int]) -> tuple[Any, ...]:
    """A new person's values in _NEW_PERSON_COLUMNS order (the e-mail key last)."""
    values = person.values
    organisation = values.get("organisation")
    return (
        *map(values.get, _TEXT_FIELDS, _BLANKS),
        organisations[organisation.casefold()] if organisation else None,
        person.email,
        person.key,  # the plan's key is email_key(person.email)
    )


def _columns(values: dict[str, str], organisations: dict[str, int]) -> dict[str, Any]:
    columns: dict[str, Any] = {k: v for k, v in values.items() if k != "organisation"}
    if "organisation" in values:
        columns["organisation_id"] = organisations[values["organisation"].casefold()]
    return columns


def _undo_values(person: PersonChange, organisations: dict[str, int]) -> dict[str, Any]:
    after = _columns(person.values, organisations)
    before: dict[str, Any] = {k: v for k, v in person.before.items() if k != "organisation"}
    if "organisation" in person.before:
        before["organisation_id"] = person.organisation_id
    return {"before": before, "after": after}
