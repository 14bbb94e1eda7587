"""PostgreSQL sanity checks for `check`: the problems a shared server actually develops (a copy
or restore that left the id numbering behind, a half-built index, unchecked foreign keys)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from cohort_desk.rules.wording import agree, plural


def postgres_checks(connection: Connection) -> tuple[list[str], list[str]]:
    """Returns (what was checked, problems found), in words for the `check` report."""
    checked: list[str] = []
    problems: list[str] = []

    encoding = connection.execute(text("SHOW server_encoding")).scalar_one()
    checked.append("server encoding")
    if str(encoding).upper() not in ("UTF8", "UTF-8"):
        problems.append(
            f"The database uses the {encoding} encoding, which cannot hold every name; "
            "create it again with UTF8 (see the README)."
        )

    behind: list[str] = []
    tables = connection.execute(
        text(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'id'"
        )
    ).scalars()
    for table in tables:
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}
        ).scalar()
        if not sequence:
            continue
        last, called = connection.execute(
            text(f"SELECT last_value, is_called FROM {sequence}")
        ).one()
        upcoming = last + 1 if called else last
        highest = connection.execute(text(f'SELECT max(id) FROM "{table}"')).scalar()
        if highest is not None and highest >= upcoming:
            behind.append(table)
    checked.append("record numbering")
    if behind:
        problems.append(
            f"The numbering of new records is behind the records already there (in "
            f"{', '.join(sorted(behind))}), so adding one would fail; ask whoever looks after "
            "the server to reset the sequences (see the README)."
        )

    invalid = (
        connection.execute(
            text(
                "SELECT i.indexrelid::regclass::text FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND NOT i.indisvalid"
            )
        )
        .scalars()
        .all()
    )
    checked.append("indexes")
    if invalid:
        problems.append(
            f"{plural(len(invalid), 'index')} {agree(len(invalid), 'is')} unfinished "
            f"({', '.join(invalid)}); rebuild {agree(len(invalid), 'it', 'them')}."
        )

    unchecked = (
        connection.execute(
            text(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                "WHERE n.nspname = current_schema() AND c.contype = 'f' AND NOT c.convalidated"
            )
        )
        .scalars()
        .all()
    )
    checked.append("foreign keys enforced")
    if unchecked:
        problems.append(
            f"{plural(len(unchecked), 'link')} between records {agree(len(unchecked), 'is')} not "
            f"being enforced ({', '.join(unchecked)}); validate "
            f"{agree(len(unchecked), 'it', 'them')}."
        )
    return checked, problems
