"""The window names the database it is opening before SQLAlchemy is imported: the name must be
the one the status bar shows once it is open."""

from __future__ import annotations

import pytest

from cohort_desk.db.location import resolve_url, sqlite_file
from cohort_desk.db.naming import describe_unopened


@pytest.mark.parametrize(
    "given",
    [
        "postgresql+psycopg://user:s3cret@db.example:5432/academy",
        "postgresql+psycopg://user@db.example/academy",
        "postgresql+psycopg://u:p@h/academy?sslmode=require",
        "sqlite:////tmp/academy.db",
        "academy.db",
    ],
)
def test_the_name_before_opening_is_the_name_after(given, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = resolve_url(given)
    file = sqlite_file(url)
    opened = str(file) if file else url.render_as_string(hide_password=True)
    assert describe_unopened(given) == opened
    if ":p@" in given:
        assert ":p@" not in describe_unopened(given) and ":***@" in describe_unopened(given)


def test_without_db_the_environment_names_it(tmp_path, monkeypatch):
    monkeypatch.setenv("COHORT_DESK_DB", str(tmp_path / "from-env.db"))
    assert describe_unopened(None) == str(tmp_path / "from-env.db")
