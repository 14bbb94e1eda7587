"""Printed sign-in registers from the database: every name, the title and numbering on each page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from cohort_desk.db.models import Enrolment, Organisation, Person
from cohort_desk.documents.registers import render_register
from cohort_desk.rules.names import email_key
from cohort_desk.services.attendance.marking import register_data
from tests.integration.attendance_files import make_cohort

GIVEN = ["Amara", "Łukasz", "Zoë", "Siobhán", "Thảo", "Σοφία", "Олена", "Jean-Luc", "Kwame", "If"]
FAMILY = ["Okafor", "Wróblewski", "Ó Dónaill", "Nguyễn", "Şahin", "Παπαδοπούλου", "Ng", "O'Neill"]
LONG_ORGANISATION = (
    "South London and Maudsley NHS Foundation Trust, Child and Adolescent Mental Health "
    "Services (Lambeth and Southwark)"
)
TITLE = "Action learning set 2: influencing without authority"


def add_people(db, cohort_id: int, count: int, long_names: bool = False) -> list[tuple[str, str]]:
    """Enrol `count` people in one transaction (quicker than one service call each)."""
    names = []
    with db.write() as session:
        org = Organisation(name=LONG_ORGANISATION if long_names else "Bromley Healthcare")
        session.add(org)
        session.flush()
        for i in range(count):
            given = GIVEN[i % len(GIVEN)]
            family = f"{FAMILY[i % len(FAMILY)]}{'' if i < len(FAMILY) else i}"
            if long_names:
                given = "Wolfgang Amadeus Theophilus Maximilian"
                family = f"Featherstonehaugh-Cholmondeley-Marjoribanks-{i}"
            email = f"person{i}@nhs.net"
            person = Person(
                given_name=given,
                family_name=family,
                email=email,
                email_key=email_key(email),
                organisation_id=org.id,
            )
            session.add(person)
            session.flush()
            session.add(Enrolment(person_id=person.id, cohort_id=cohort_id, role="participant"))
            names.append((given, family))
    return names


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeezed(text: str) -> str:
    # Names wrap inside their cells, so compare without the line breaks and spaces.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("count", "pages"), [(5, 1), (30, 2), (40, 3), (300, 17)])
def test_register_has_everyone_the_title_on_every_page_and_page_numbers(db, count, pages):
    setup = make_cohort(db, [], sessions=[(TITLE, "2026-03-02 09:30", "12:30")])
    names = add_people(db, setup.cohort_id, count)
    data = register_data(db, setup.session_ids[0])
    texts = pages_of(render_register(data))
    # Rows are a fixed 12 mm (names shrink to fit them), so page counts are stable.
    assert len(texts) == pages
    everything = squeezed(" ".join(texts))
    for given, family in names:
        assert squeezed(f"{family}, {given}") in everything
    for number, text in enumerate(texts, start=1):
        assert TITLE in text.replace("\n", " ")
        assert f"Page {number} of {pages}" in text
    for text in texts:  # the session's date and time head every page
        assert "Monday 2 March 2026" in text and "09:30–12:30" in text


def test_register_has_walk_in_rows_numbered_after_the_people(db):
    setup = make_cohort(db, [("Amara", "Okafor"), ("Ben", "Clarke")])
    data = register_data(db, setup.session_ids[0])
    none, eight = (pages_of(render_register(data, blank_rows=n))[-1] for n in (0, 8))
    assert "Not on the list" in eight and "10" in eight.split("Not on the list")[1]
    assert "Not on the list" not in none


def test_very_long_names_wrap_inside_their_cells_without_being_lost(db):
    setup = make_cohort(db, [], sessions=[(TITLE, "2026-03-02 09:30", "12:30")])
    names = add_people(db, setup.cohort_id, 6, long_names=True)
    texts = pages_of(render_register(register_data(db, setup.session_ids[0])))
    everything = squeezed(" ".join(texts))
    for given, family in names:
        assert squeezed(family) in everything and squeezed(given) in everything
    # The organisation takes at most three small lines, shortened with "…" beyond them.
    assert everything.count(squeezed(LONG_ORGANISATION[:60])) == len(names)


def test_each_person_has_their_reference_printed_for_quick_keying(db):
    setup = make_cohort(db, [("Amara", "Okafor"), ("Ben", "Clarke")])
    text = pages_of(render_register(register_data(db, setup.session_ids[0])))[0]
    for person_id in setup.ids.values():
        assert f"P{person_id:04d}" in text
