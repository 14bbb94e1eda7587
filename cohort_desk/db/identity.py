"""Telling a Cohort Desk database from any other SQLite file: the application id in its header
and an exact fingerprint of its schema, never the names of its tables (any file can have a table
called "people")."""

from __future__ import annotations

import hashlib
import json
import sqlite3

#: SQLite's header field for "which program's file is this" (PRAGMA application_id): "CDsk".
APPLICATION_ID = 0x4344736B

#: The fingerprint of the schema at each revision (see ``schema_fingerprint``). A migration
#: adds its line here; tests/integration/test_database_identity.py prints the value to add.
FINGERPRINTS = {
    "0001": "885b4e2f3ca25d0f11d084c5a85e6abfff680b82127d45d802fed75609df4a4f",
    "0002": "6de6f2d2965b25fd9a9616196d2295ba786791418158094428768e6d0663b064",
    "0003": "73817327ef3e312ded0e9f484e1afc16c3288c7b0f6021417e1fd5063bb03ad1",
    "0004": "a6e828659cfa5f9d295cb7fd19eb86bae854eb470df818c754317d1f42e040d7",
    "0005": "b6909ec32a65fc80e3b41971eb971f7af2e41ae03c77e7ef91670bb721592319",
    "0006": "a25bf131b9f9a2d6845c7926a8b6c142f9d09cacd6b21eab9f53ef2f9b4d00cf",
    "0007": "3c3730b4d22dd72040e20fcbe2e49ebb19ade40e24d1d318f07031153bcd201d",
    "0008": "3523007f0344fc9e438737e19700b660469703bf3f88d57fe47bccc2a325448b",
    "0009": "6d56b7aa4aa0f75fd10cfb9d47a8ecfa7cdeccc2a766f68ef2913f986a634e9d",
    "0010": "467012683627bdc0985b14402371910ce1e408a8c6a10fbeb3b97d4c13856c36",
    "0011": "467012683627bdc0985b14402371910ce1e408a8c6a10fbeb3b97d4c13856c36",  # a row, no DDL
}


def schema_fingerprint(connection: sqlite3.Connection) -> str:
    """A hash of every table's columns (name, type, NOT NULL, default, key), indexes and
    foreign keys, read through SQLite's PRAGMAs so that formatting of the CREATE statements
    (which differs between library versions) does not matter; SQLite's own tables are left out."""
    shape: list[object] = []
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        columns = [
            [name, (kind or "").upper(), notnull, default, pk]
            for _cid, name, kind, notnull, default, pk in connection.execute(
                f"PRAGMA table_info({quoted})"
            )
        ]
        indexes = []
        for _seq, name, unique, origin, *_ in connection.execute(f"PRAGMA index_list({quoted})"):
            index = '"' + name.replace('"', '""') + '"'
            cols = [row[2] for row in connection.execute(f"PRAGMA index_info({index})")]
            indexes.append([name if origin == "c" else origin, unique, cols])
        keys = [
            [row[2], row[3], row[4], row[6]]
            for row in connection.execute(f"PRAGMA foreign_key_list({quoted})")
        ]
        shape.append([table, columns, sorted(indexes, key=str), sorted(keys, key=str)])
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def application_id(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA application_id").fetchone()[0])


def stored_revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def is_ours(connection: sqlite3.Connection) -> str | None:
    """The schema revision when this is a Cohort Desk database, else None.

    Ours: the header carries our application id, or (a database from before the id was
    stamped) carries none, and in either case the schema is exactly the one our migrations
    made at the revision it records.
    """
    if application_id(connection) not in (0, APPLICATION_ID):
        return None
    revision = stored_revision(connection)
    if revision is None or revision not in FINGERPRINTS:
        return None
    return revision if schema_fingerprint(connection) == FINGERPRINTS[revision] else None
