"""The people picker driven as a person would: type, tick with Space, search again, paste an
Outlook line, and the ticks (and only they) are what the dialog hands back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.people.search import load_people_index
from cohort_desk.ui.kit.people_picker import PeoplePicker

PEOPLE = [
    ("Sofía", "Kowalski", "sofia.kowalski@nhs.net", "Guy's and St Thomas'"),
    ("Siobhán", "O'Brien", "s.obrien@slam.nhs.uk", "South London and Maudsley"),
    ("Tom", "Ng", "tom.ng@nhs.net", "King's College Hospital"),
    ("Tomasz", "Nowak", "tomasz.nowak@nhs.net", "Lewisham and Greenwich"),
    ("Amara", "Okafor", "amara.okafor@nhs.net", "Lewisham and Greenwich"),
]


@pytest.fixture
def people(db):
    return {
        email: create_person(db, PersonInput(given, family, email, organisation=org)).id
        for given, family, email, org in PEOPLE
    }


@pytest.fixture
def picker(qtbot, db, people):
    unavailable = {people["tom.ng@nhs.net"]: "already in SLA Cohort 3"}
    widget = PeoplePicker(load_people_index(db), unavailable=unavailable)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


def shown(picker):
    return [row.email for row in picker.model.rows()]


def test_ticks_survive_a_new_search(qtbot, picker, people):
    qtbot.keyClicks(picker.search, "sofia kow")
    assert shown(picker) == ["sofia.kowalski@nhs.net"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    picker.search.clear()
    qtbot.keyClicks(picker.search, "obrien")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # the only one found is ticked
    qtbot.keyClicks(picker.search, "lewisham")
    assert len(shown(picker)) == 2
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)
    assert picker.count.text() == "3 chosen"
    assert picker.chosen_ids() == [
        people["sofia.kowalski@nhs.net"],
        people["s.obrien@slam.nhs.uk"],
        people["tomasz.nowak@nhs.net"]
        if shown(picker)[0].startswith("tomasz")
        else people["amara.okafor@nhs.net"],
    ]
    ticked = picker.model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole)
    assert ticked == Qt.CheckState.Checked
    qtbot.keyClick(picker.table, Qt.Key.Key_Space)  # Space again unticks
    assert picker.count.text() == "2 chosen"


def test_people_unavailable_here_are_not_offered(qtbot, picker):
    qtbot.keyClicks(picker.search, "tom")
    assert shown(picker) == ["tomasz.nowak@nhs.net"]


def test_an_outlook_line_pasted_ticks_everyone_found_and_lists_the_rest(qtbot, picker, people):
    QGuiApplication.clipboard().setText(
        "Kowalski, Sofia <Sofia.Kowalski@nhs.net>; Amara Okafor <amara.okafor@nhs.net>; "
        "Tom Ng <tom.ng@nhs.net>; Nobody Known <nobody@nhs.net>"
    )
    picker.search.setFocus()
    qtbot.keySequence(picker.search, QKeySequence.StandardKey.Paste)
    assert picker.chosen_ids() == [people["sofia.kowalski@nhs.net"], people["amara.okafor@nhs.net"]]
    assert picker.count.text() == "2 chosen"
    assert picker.search.text() == ""
    misses = picker.misses.toPlainText()
    assert "could not find 2" in misses
    assert "Tom Ng <tom.ng@nhs.net>: already in SLA Cohort 3" in misses
    assert "Nobody Known <nobody@nhs.net>: no one has this e-mail address" in misses
    assert picker.misses.isVisible()


def test_names_alone_are_found_when_only_one_person_has_them(qtbot, picker, people):
    result = picker.paste_list("Siobhan O'Brien\nNOWAK, Tomasz\nJane Doe")
    assert picker.chosen_ids() == [people["s.obrien@slam.nhs.uk"], people["tomasz.nowak@nhs.net"]]
    assert [(m.text, m.why) for m in result.not_found] == [("Jane Doe", "no one has this name")]


def test_show_only_the_chosen_and_clear(qtbot, picker, people):
    picker.paste_list("sofia.kowalski@nhs.net\namara.okafor@nhs.net")
    picker.only_chosen.setChecked(True)
    assert sorted(shown(picker)) == ["amara.okafor@nhs.net", "sofia.kowalski@nhs.net"]
    qtbot.mouseClick(picker.clear_button, Qt.MouseButton.LeftButton)
    assert picker.chosen_ids() == [] and picker.count.text() == "None chosen yet"
    assert len(shown(picker)) == 4  # back to everyone offered


def test_a_single_picker_keeps_one(qtbot, db, people):
    picker = PeoplePicker(load_people_index(db), single=True)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search, "sofia")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    picker.search.clear()
    qtbot.keyClicks(picker.search, "amara")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen_ids() == [people["amara.okafor@nhs.net"]]
    assert not picker.paste_button.isVisible()


def test_the_model_passes_the_model_tester(picker, qtmodeltester):
    picker.paste_list("sofia.kowalski@nhs.net")
    qtmodeltester.check(picker.model, force_py=True)
