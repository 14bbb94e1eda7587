"""services.imports.by_key finds the same people whether it reads the table whole (few people
for the keys asked) or asks for the keys in chunks (many people), and the import's checks
name someone added since the preview either way."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cohort_desk.db.models import Person
from cohort_desk.services import imports
from cohort_desk.services.imports import by_key
from cohort_desk.services.people.records import PersonInput, create_person


@pytest.fixture
def three(db: Any) -> Any:
    for given, family in (("Ama", "Mensah"), ("Jo", "Bloggs"), ("Li", "Wei")):
        create_person(db, PersonInput(given, family, f"{given.lower()}@nhs.net"))
    return db


@pytest.mark.parametrize("ratio", [by_key.SCAN_RATIO, 0], ids=["read whole", "by key"])
def test_the_same_rows_either_way(three: Any, ratio: int, monkeypatch: Any) -> None:
    monkeypatch.setattr(by_key, "SCAN_RATIO", ratio)
    monkeypatch.setattr(by_key, "CHUNK", 1)  # several chunks, as with 10,000 keys
    query = select(Person.email_key, Person.given_name)
    keys = ["ama@nhs.net", "li@nhs.net", "nobody@nhs.net"]
    with three.read() as session:
        found = sorted(tuple(row) for row in by_key.rows_with_keys(session, query, keys, 0))
        assert list(by_key.rows_with_keys(session, query, [], 0)) == []
    assert found == [("ama@nhs.net", "Ama"), ("li@nhs.net", "Li")]


@pytest.mark.parametrize("ratio", [by_key.SCAN_RATIO, 0], ids=["read whole", "by key"])
def test_someone_added_since_the_preview_is_named_either_way(
    db: Any, tmp_path: Any, ratio: int, monkeypatch: Any
) -> None:
    monkeypatch.setattr(by_key, "SCAN_RATIO", ratio)
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "First name,Surname,Email\nAdebayo,Bello,ade@nhs.net\nJo,Bloggs,jo@nhs.net\n",
        encoding="utf-8",
    )
    plan = imports.plan(db, sheet)
    assert plan.created == 2
    create_person(db, PersonInput("Adebayo", "Bello", "ADE@nhs.net"))
    with pytest.raises(imports.StalePlanError, match=r"^Adebayo Bello \(ade@nhs.net\) was added"):
        imports.apply(db, plan)
