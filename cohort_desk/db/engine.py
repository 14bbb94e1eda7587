"""An open database: its engine, SQLite pragmas and units of work (db/opening.py opens one)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cohort_desk import outputs
from cohort_desk.db import audit, field_rules, location
from cohort_desk.db.actor import os_account
from cohort_desk.db.failures import database_failure, scrub
from cohort_desk.errors import ConflictError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 8000


@dataclass(eq=False)  # compared and hashed by identity: outputs keeps a WeakSet of them
class Database:
    """An open database: hands out one session per user action (a unit of work)."""

    url: URL
    engine: Engine
    actor: str = field(default_factory=os_account)
    warnings: list[str] = field(default_factory=list)
    # More outputs to refuse, set by open_database (the automatic backups, which live in
    # db/backup: that module builds on this one, so this one cannot ask it directly).
    also_refuse: Callable[[Path], str | None] | None = None

    def __post_init__(self) -> None:
        self._writer = sessionmaker(
            bind=self.engine.execution_options(cohort_write=True), expire_on_commit=False
        )
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        audit.install(self._writer)
        field_rules.install(self._writer)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def file(self) -> Path | None:
        return location.sqlite_file(self.url)

    def refusal_for(self, path: Path) -> str | None:
        """Why an output must not be written to ``path``: it is this database or a file
        SQLite keeps beside it, or one of its managed backups (see cohort_desk.outputs)."""
        if self.file is not None and path in outputs.sqlite_family(self.file):
            return (
                f"{path.name} is the database Cohort Desk has open (or a file SQLite keeps "
                "beside it); choose another name."
            )
        return self.also_refuse(path) if self.also_refuse else None

    def describe(self) -> str:
        """What the status bar shows: the file, or the server without the password."""
        return str(self.file) if self.file else self.url.render_as_string(hide_password=True)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is saved together, or nothing is."""
        session = self._writer()
        session.info["actor"] = self.actor
        try:
            with translate_db_errors(), session.begin():
                yield session
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._reader()
        try:
            with translate_db_errors(), session.begin():
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        outputs.release(self)
        self.engine.dispose()


@contextmanager
def translate_db_errors() -> Iterator[None]:
    """Turn the database's contention errors into sentences a person can act on."""
    try:
        yield
    except StaleDataError:
        raise ConflictError(
            "Someone else changed this record while you were editing it; "
            "reload it (F5) and make your change again."
        ) from None
    except (OperationalError, DataError, OverflowError) as exc:
        sentence = database_failure(exc)
        if sentence is None:
            raise
        log.warning("database error: %s", scrub(str(exc)))
        raise sentence from None


def _sqlite_engine(url: URL) -> Engine:
    path = location.sqlite_file(url)
    wal = path is not None and not location.is_network_path(path)
    # hide_parameters: an error's text goes to the log, and bound values are people's data.
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling skips BEGIN before DDL, so a failed migration
        # could leave half a schema; we issue BEGIN ourselves (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted and overwritten content is zeroed, not left in free space: an erasure must
        # not leave the old values readable in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Writers take the write lock up front, so two administrators never deadlock halfway
        # through a transaction; readers use a plain (deferred) BEGIN.
        if connection.get_execution_options().get("cohort_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def create_database_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)
