"""Column types shared by every table: UTC timestamps and the reusable Annotated shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import DateTime, Dialect, String, Text, TypeDecorator
from sqlalchemy.orm import mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants in UTC on every backend and always hands back aware datetimes.

    SQLite has no time zone support, so values are stored as naive UTC there; PostgreSQL keeps a
    ``timestamptz``. Naive values given to us are refused: a naive time is a bug waiting to
    happen around the clock change.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=UTC)
        return stored.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


intpk = Annotated[int, mapped_column(primary_key=True)]
name200 = Annotated[str, mapped_column(String(200))]
short_text = Annotated[str, mapped_column(String(200), default="", server_default="")]
long_text = Annotated[str, mapped_column(Text, default="", server_default="")]
