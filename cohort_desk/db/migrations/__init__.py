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

    from cohort_desk.db.engine import Database

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

# The newest revision in versions/. Opening a database already at it skips importing Alembic,
# which cost 0.15 s of every start; a test checks this equals Alembic's own head.
SCHEMA_HEAD = "0002"


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


def upgrade_on_open(database: Database, *, backup: bool = True) -> None:
    if stored_revision(database) == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    current = current_revision(database)
    if current == head:
        return
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise UserError(
            "This database was saved by a newer version of Cohort Desk; "
            "install the newer version to open it."
        )
    if current is None:
        with database.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        if tables - {"alembic_version"}:
            raise UserError(
                f"{database.describe()} holds tables that are not Cohort Desk's; "
                "choose a Cohort Desk database or a new file name."
            )
    elif backup and database.file is not None:
        from cohort_desk.db.backup import event_backup_path, write_automatic_backup

        target = event_backup_path(database, f"before-upgrade-{current[:8]}")
        write_automatic_backup(database, target)
        log.info("backed up %s to %s before upgrading", database.describe(), target)
    log.info("upgrading %s from %s to %s", database.describe(), current, head)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
