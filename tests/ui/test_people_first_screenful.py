"""A long People list shows its first screenful at once while everyone else loads, and a
search or filter is never run over that part of the list (it would find too little)."""

from __future__ import annotations

import threading

import pytest

from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonInput,
    create_person,
    list_people,
)
from cohort_desk.ui.people import rows as people_rows
from cohort_desk.ui.people import screen as people_view
from cohort_desk.ui.people.screen import PeopleScreen

FIRST = 15


@pytest.fixture
def held(monkeypatch):
    """Reading everyone waits until the test lets it go, as 100,000 people would."""
    gate = threading.Event()
    read = people_rows.everyone

    def slow(db):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return read(db)

    monkeypatch.setattr(people_rows, "everyone", slow)
    monkeypatch.setattr(people_view, "BACKGROUND_LOAD_AT", 0)
    monkeypatch.setattr(people_view, "FIRST_SCREENFUL", FIRST)
    yield gate
    gate.set()


@pytest.fixture
def screen(qtbot, demo_db, held):
    widget = PeopleScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    held.set()
    widget.wait_for_work()


def _ids(screen: PeopleScreen) -> list[int]:
    return [row.id for row in screen.model.rows()]


def test_the_first_people_show_while_the_rest_load(screen, demo_db, qtbot, held):
    screen.refresh()
    everyone = list_people(demo_db, PeopleFilter())
    assert _ids(screen) == [row.id for row in everyone[:FIRST]]
    assert screen.is_loading() and screen.status_text() == "Loading people…"
    held.set()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert _ids(screen) == [row.id for row in everyone]
    assert screen.status_text() == f"{len(everyone)} people"


def test_a_search_typed_meanwhile_waits_for_everyone(screen, demo_db, qtbot, held):
    screen.refresh()
    last = list_people(demo_db, PeopleFilter())[-1]  # not in the first screenful
    screen.set_search(last.email)
    assert _ids(screen) == []  # not "no one found" among fifteen: nothing until all are read
    assert screen.status_text() == "Loading people…"
    held.set()
    qtbot.waitUntil(lambda: not screen.is_loading(), timeout=10_000)
    assert _ids(screen) == [last.id]


def test_a_person_picked_in_the_first_screenful_stays_picked(screen, qtbot, held):
    screen.refresh()
    picked = screen.model.rows()[3]
    assert screen.table.select_where(lambda row: row.id == picked.id)
    held.set()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert [row.id for row in screen.table.selected_rows()] == [picked.id]


def test_no_first_screenful_when_sorted_by_another_column(screen, qtbot, held):
    """Fifteen people by family name, sorted by e-mail, would not be the list's first rows."""
    screen.table.sortByColumn(3, people_view.Qt.SortOrder.AscendingOrder)
    screen.refresh()
    assert _ids(screen) == [] and screen.is_loading()
    held.set()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert screen.model.rowCount() == 120


def test_a_failed_load_leaves_no_part_of_the_list_behind(screen, qtbot, monkeypatch, held):
    shown: list[str] = []
    monkeypatch.setattr(people_view, "show_error", lambda _parent, error: shown.append(str(error)))

    def broken(_db):  # type: ignore[no-untyped-def]
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(people_rows, "everyone", broken)
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert _ids(screen) == [] and shown


def test_the_first_screenful_is_the_top_of_the_full_list_with_accented_names(
    screen, demo_db, qtbot, held
):
    """ "Ábel" heads the list once everyone is read, so it heads the first screenful too:
    SQL's order put it after "Zhang", and it appeared only when the rest had loaded."""
    abel = create_person(demo_db, PersonInput("Zoltán", "Ábel", "zoltan.abel@nhs.net"))
    screen.refresh()
    first = _ids(screen)
    assert first[0] == abel.id
    held.set()
    qtbot.waitUntil(lambda: not screen.loading, timeout=10_000)
    assert _ids(screen)[:FIRST] == first
