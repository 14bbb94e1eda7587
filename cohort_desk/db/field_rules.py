"""The same limits on every database: what PostgreSQL enforces by itself (a column's length) and
what no database should hold (invisible control characters, dates before 1900) are checked on
every save, so SQLite, which enforces neither, keeps exactly the data PostgreSQL would."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from cohort_desk.errors import ValidationError
from cohort_desk.rules.characters import invisible_characters
from cohort_desk.rules.dates import EARLIEST_YEAR


def _label(key: str) -> str:
    return key.replace("_", " ")


def check_value(key: str, column_type: Any, value: Any) -> None:
    """Refuse, in one sentence naming the field, a value no database here may hold."""
    if isinstance(value, str):
        length = getattr(column_type, "length", None) if isinstance(column_type, String) else None
        if length is not None and len(value) > length:
            raise ValidationError(
                f"The {_label(key)} is too long ({len(value):,} characters); keep it to "
                f"{length:,}.",
                field=key,
            )
        hidden = invisible_characters(value)
        if hidden:
            raise ValidationError(
                f"The {_label(key)} holds invisible control characters ({', '.join(hidden[:3])}), "
                "which can disguise text; type it again without them.",
                field=key,
            )
    elif isinstance(value, date) and value.year < EARLIEST_YEAR:
        shown = value.date() if isinstance(value, datetime) else value
        raise ValidationError(
            f"The {_label(key)} {shown:%d/%m/%Y} is before {EARLIEST_YEAR}; check it.", field=key
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.added:
                continue
            column = attr.columns[0]
            for value in history.added:
                check_value(attr.key, column.type, value)


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
