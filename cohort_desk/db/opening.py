"""Opening a database: checking the file, making the engine, migrating and backing up on open."""

from __future__ import annotations

import logging
from functools import partial

from sqlalchemy.exc import DBAPIError

from cohort_desk import outputs, paths
from cohort_desk.db import location, migrations
from cohort_desk.db.actor import with_database_role
from cohort_desk.db.backup import managed_backup_refusal
from cohort_desk.db.engine import Database, create_database_engine
from cohort_desk.db.failures import database_failure, scrub
from cohort_desk.errors import UserError
from cohort_desk.outputs import describe_os_error

log = logging.getLogger(__name__)


def open_database(db: str | None = None, *, migrate: bool = True, backup: bool = True) -> Database:
    """Open (creating if needed) and migrate the database named by --db, $COHORT_DESK_DB or
    the default; refuse anything unusable with one sentence."""
    url = location.resolve_url(db)
    path = location.sqlite_file(url)
    warnings: list[str] = []
    if path is not None:
        location.check_sqlite_file(path)
        try:
            paths.create_private_file(path)  # 0600 from the start; SQLite's -wal/-shm follow it
        except OSError as exc:
            raise UserError(describe_os_error(exc, path)) from None
        if location.is_network_path(path):
            warnings.append(
                "This database is on a network drive, where SQLite can be corrupted when two "
                "people use it at once; for shared use, move to PostgreSQL (see the README)."
            )
    engine = create_database_engine(url)
    database = Database(url=url, engine=engine, warnings=warnings)
    database.also_refuse = partial(managed_backup_refusal, database)
    outputs.protect(database)
    try:
        if migrate:
            migrations.upgrade_on_open(database, backup=backup)
        if not database.is_sqlite:
            with engine.connect() as connection:
                role = connection.exec_driver_sql("SELECT current_user").scalar()
            database.actor = with_database_role(database.actor, role)
    except DBAPIError as exc:
        engine.dispose()
        log.warning("cannot open %s: %s", database.describe(), scrub(str(exc)))
        # "May be damaged" only for damage: a permission problem or a stopped server say so.
        raise database_failure(exc, database.describe()) or UserError(
            f"Cohort Desk cannot open the database {database.describe()}; the log says why."
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return database


def open_for_restore(db: str | None = None) -> Database:
    """The database named by --db, opened only so it can be replaced: no migration and no
    check of its contents, which may be too damaged to read (restoring is then the point)."""
    url = location.resolve_url(db)
    path = location.sqlite_file(url)
    if path is not None and path.is_dir():
        raise UserError(f"{path} is a folder, not a database file; give the path of a .db file.")
    database = Database(url=url, engine=create_database_engine(url))
    database.also_refuse = partial(managed_backup_refusal, database)
    outputs.protect(database)
    return database
