"""A few tables as bare SQL names (SQLAlchemy's ``table()`` and ``column()``), for queries made
before, or instead of, importing the models.

Declaring every model costs about a tenth of a second, which `people --json` paid on every
call for a query that needs none of them (issue 22). Only columns whose values need no
conversion by their type are named here (text, whole numbers, and timestamps compared with
NULL only); tests/unit/test_light_tables.py checks each one against the models.
"""

from __future__ import annotations

from sqlalchemy import column, table

people = table(
    "people",
    column("id"),
    column("title"),
    column("given_name"),
    column("family_name"),
    column("preferred_name"),
    column("name_as_printed"),
    column("email"),
    column("phone"),
    column("organisation_id"),
    column("job_title"),
    column("profession"),
    column("borough"),
    column("interests"),
    column("notes"),
    column("version"),
    column("archived_at"),  # only ever tested for NULL here: no conversion of its value
    column("erased_at"),
)
organisations = table("organisations", column("id"), column("name"))
enrolments = table("enrolments", column("person_id"), column("cohort_id"), column("role"))
mentor_profiles = table("mentor_profiles", column("person_id"))
settings = table("settings", column("key"), column("value"))

# Columns above that are read only through IS NULL, whatever their type in the models.
COMPARED_WITH_NULL_ONLY = {("people", "archived_at"), ("people", "erased_at")}

ALL = (people, organisations, enrolments, mentor_profiles, settings)


def person_ref(person_id: int) -> str:
    """The short reference printed on registers so keying in is quick: P0042."""
    return f"P{person_id:04d}"
