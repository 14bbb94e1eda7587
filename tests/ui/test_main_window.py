"""The main window opens on the database and shows its people."""

from __future__ import annotations

from cohort_desk.services.people import count_people


def test_window_is_titled_and_shows_every_demo_person(main_window, demo_db):
    assert main_window.windowTitle() == "Cohort Desk"
    people = main_window.screens[0]
    assert people.title == "People"
    assert people.model.rowCount() == count_people(demo_db) == 120
    assert "120 people" in main_window.count_label.text()
    assert demo_db.describe() in main_window.db_label.text()


def test_typing_in_search_filters_the_people_list(main_window, qtbot):
    people = main_window.screens[0]
    family = people.model.row_at(0).family_name
    qtbot.keyClicks(main_window.search, family[:4])
    qtbot.waitUntil(lambda: people.model.rowCount() < 120)
    shown = people.model.rows()
    assert shown and all(
        family[:4].casefold() in " ".join((r.family_name, r.given_name, r.email,
                                          r.organisation)).casefold()
        for r in shown
    )
