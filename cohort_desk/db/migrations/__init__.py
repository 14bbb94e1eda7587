"""Schema migrations (Alembic): the app upgrades an older database on open, after a backup copy,
and refuses one written by a newer version."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from cohort_desk.errors import UserError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

# The newest revision in versions/. Opening a database already at it skips importing Alembic,
# which cost 0.15 s of every start; a test checks this equals Alembic's own head.
SCHEMA_HEAD = "0011"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revision(database: Database) -> str | None:
    """The revision recorded in the database, read without Alembic; None when there is none."""
    try:
        with database.engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None  # no alembic_version table: a new or foreign database


# Any constant will do; it only has to be the same for every Cohort Desk client.
_MIGRATION_LOCK = 0x436F686F7274  # "Cohort"


def _fast_path(database: Database) -> bool:
    """Whether the database is ours and at the head already: the every-day case, answered
    with one or two cheap queries and no Alembic import."""
    if stored_revision(database) != SCHEMA_HEAD:
        return False
    if not database.is_sqlite:
        return True
    from cohort_desk.db.identity import APPLICATION_ID

    with database.engine.connect() as connection:
        return connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def upgrade_on_open(database: Database, *, backup: bool = True) -> None:
    """Create or bring the schema up to date, one client at a time: a second client opening
    a new database at the same moment waits for the first, then finds it made."""
    if _fast_path(database):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    # SQLite: BEGIN IMMEDIATE (the write option of our engine) makes the others wait on the
    # busy timeout; PostgreSQL: an advisory lock held until this transaction ends.
    with database.engine.execution_options(cohort_write=True).begin() as connection:
        if not database.is_sqlite:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        current = MigrationContext.configure(connection).get_current_revision()
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise UserError(
                "This database was saved by a newer version of Cohort Desk; "
                "install the newer version to open it."
            )
        _refuse_if_not_ours(database, connection, current)
        if current == head:
            _stamp(database, connection)
            return
        if current is not None and backup and database.file is not None:
            from cohort_desk.db.backup import event_backup_path, write_automatic_backup

            target = event_backup_path(database, f"before-upgrade-{current[:8]}")
            write_automatic_backup(database, target)
            log.info("backed up %s to %s before upgrading", database.describe(), target)
        log.info("upgrading %s from %s to %s", database.describe(), current, head)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        _stamp(database, connection)


def _refuse_if_not_ours(database: Database, connection: Connection, current: str | None) -> None:
    """A file with other tables, or with our table names but not our exact schema or with
    another program's application id, is not opened (and so never changed)."""
    if database.is_sqlite:
        from cohort_desk.db.identity import APPLICATION_ID, FINGERPRINTS, schema_fingerprint

        raw = connection.connection.driver_connection
        assert raw is not None  # an open connection always has its driver's
        app_id = raw.execute("PRAGMA application_id").fetchone()[0]
        tables = raw.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if app_id == APPLICATION_ID or (app_id == 0 and tables == 0):
            return
        expected = FINGERPRINTS.get(current or "")
        if app_id == 0 and expected and schema_fingerprint(raw) == expected:
            return  # made before the id was stamped: ours, and stamped below
        raise UserError(
            f"{database.describe()} is not a Cohort Desk database (another program's, or "
            "changed outside Cohort Desk); choose a Cohort Desk database or a new file name."
        )
    if current is None:
        tables = set(inspect(connection).get_table_names())
        if tables - {"alembic_version"}:
            raise UserError(
                f"{database.describe()} holds tables that are not Cohort Desk's; "
                "choose a Cohort Desk database or a new file name."
            )


def _stamp(database: Database, connection: Connection) -> None:
    if database.is_sqlite:
        from cohort_desk.db.identity import APPLICATION_ID

        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
