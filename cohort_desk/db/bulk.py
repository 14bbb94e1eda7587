"""Thousands of rows inserted with one executemany of the database driver, on any dialect.

A Core ``insert(table)`` given 10,000 dicts builds every row's parameters in Python: it looks
up each column of each row, calls each Python-side default (``created_at``'s clock) and each
type's bind processing (the UTC conversion and SQLite's text form of a datetime) once per row,
even where the value is the same for every row. For an import that is three tables of 10,000
rows (people, their audit entries, the batch's change rows), about a tenth of the whole import.

``insert_rows`` compiles the statement once for the connection's dialect (so PostgreSQL's
casts and paramstyle come with it), processes the values every row shares once, and only the
columns whose type needs it per row. The rows are exactly what the Core insert would write,
except that a Python-side default taken from a function (``utcnow``) is taken once per call
instead of once per row: all the rows written together carry the same instant. On
PostgreSQL (psycopg) the rows go in with COPY rather than one INSERT each.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from json import encoder as json_encoder
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, Table, insert
from sqlalchemy.exc import DBAPIError


@lru_cache(maxsize=64)
def _compiled(table: Table, names: tuple[str, ...], dialect: Dialect) -> tuple[str, list[str]]:
    """The INSERT text and its parameter names in the order the driver takes them."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names), for_executemany=True)
    order = list(compiled.positiontup or []) if dialect.positional else list(compiled.binds)
    return compiled.string, order


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` in the connection's
    transaction; ``same`` holds values shared by every row. Columns named in neither take
    their Python-side default, or are left to the database."""
    if not rows:
        return
    dialect = connection.dialect
    shared = dict(same or {})
    sql, order = _compiled(table, tuple(columns) + tuple(shared), dialect)
    for name in order:
        if name not in shared and name not in columns:
            shared[name] = _default(table, name)
    for name, value in shared.items():
        shared[name] = _processed(table, name, value, dialect)
    # (index, processor, what it makes of None): JSON's None is the text 'null' every time.
    processors = [
        (index, processor, processor(None))
        for index, name in enumerate(columns)
        if (processor := _processor(table, name, dialect)) is not None
    ]
    constants = tuple(shared.values())
    position = {name: index for index, name in enumerate(list(columns) + list(shared))}
    pick = itemgetter(*(position[name] for name in order))
    params: list[Any] = []
    for row in rows:
        if processors:
            values = list(row)
            for index, processor, none in processors:
                value = values[index]
                values[index] = none if value is None else processor(value)
            row = values
        full = tuple(row) + constants
        params.append(pick(full) if len(order) > 1 else (full[position[order[0]]],))
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(connection, table, order, params)
        return
    if not dialect.positional:
        params = [dict(zip(order, values, strict=True)) for values in params]
    connection.exec_driver_sql(sql, params)


def _copy(connection: Connection, table: Table, names: list[str], rows: list[Any]) -> None:
    """PostgreSQL runs an executemany as one INSERT per row (0.2 s for 10,000 audit entries);
    COPY loads the same rows, adapted by psycopg as the INSERT's parameters are, in one go.
    The driver's errors become SQLAlchemy's, as they would from the INSERT."""
    preparer = connection.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(table.c[name].name) for name in names)
    statement = f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN"
    dbapi = connection.dialect.loaded_dbapi
    try:
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dbapi.Error as exc:
        raise DBAPIError.instance(
            statement, None, exc, dbapi.Error, hide_parameters=True, dialect=connection.dialect
        ) from exc


def _default(table: Table, name: str) -> Any:
    default = table.c[name].default
    if default is None:
        raise ValueError(f"no value given for {table.name}.{name}, which has no default")
    if default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    if default.is_callable:
        return default.arg(None)  # type: ignore[attr-defined]
    raise ValueError(f"{table.name}.{name} has a default that insert_rows cannot take once")


class JsonText(str):
    """A JSON column's value already written as JSON text (by the same encoder settings as
    json.dumps), stored as it is: an import writes the audit of 10,000 new people from
    fragments shared by every person with the same value (services/imports/audit_rows.py)."""

    __slots__ = ()


def _processor(table: Table, name: str, dialect: Dialect) -> Any:
    kind = table.c[name].type
    processor = kind.dialect_impl(dialect).bind_processor(dialect)
    if processor is None or not isinstance(kind, JSON):
        return processor
    if (
        dialect.name == "sqlite"
        and dialect._json_serializer is None
        and kind.dialect_impl(dialect)._str_impl.bind_processor(dialect) is None  # type: ignore[attr-defined]
        and _C_ENCODER is not None
    ):
        return _json_text(processor)
    return _written_first(processor)


def _written_first(processor: Any) -> Any:
    """A JSON bind processor that stores JsonText as it is (plain text, which SQLite keeps
    and PostgreSQL parses as JSON, as it does the processor's own text)."""

    def process(value: Any) -> Any:
        return str(value) if type(value) is JsonText else processor(value)

    return process


# json.dumps with its default settings builds a new C encoder for every value it is given,
# which is a third of encoding 10,000 small dicts (an import's audit entries); one encoder
# with the same settings makes the same text. Circular structures are not looked for: the
# values written here are built from rows, never from themselves.
_MAKE_ENCODER: Any = getattr(json_encoder, "c_make_encoder", None)
_C_ENCODER: Any = (
    None
    if _MAKE_ENCODER is None
    else _MAKE_ENCODER(
        None,
        json.JSONEncoder().default,
        json_encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
)


def _json_text(processor: Any) -> Any:
    """SQLite's JSON bind processor (json.dumps), with dicts and lists encoded by one encoder
    and JsonText kept as it is; anything else (None, JSON.NULL, SQL NULL) goes to
    SQLAlchemy's own."""
    encode = _C_ENCODER

    def process(value: Any) -> Any:
        kind = type(value)
        if kind is dict or kind is list:
            return "".join(encode(value, 0))
        if kind is JsonText:
            return str(value)
        return processor(value)

    return process


def _processed(table: Table, name: str, value: Any, dialect: Dialect) -> Any:
    processor = _processor(table, name, dialect)
    return value if processor is None else processor(value)
