"""The one-person field hands back the id of whoever was picked or typed in full, so a dialog
never looks the address up again (issue 14)."""

from __future__ import annotations

import pytest

from cohort_desk.ui.kit.people_field import PersonField

PEOPLE = [
    ("Sofía Kowalski", "Sofia.Kowalski@nhs.net", 11),
    ("Tom Ng", "tom.ng@nhs.net", 12),
    ("Tomasz Nowak", "tomasz.nowak@nhs.net", 13),
]


@pytest.mark.parametrize(
    ("typed", "person_id"),
    [
        ("Sofía Kowalski <Sofia.Kowalski@nhs.net>", 11),  # picked from the suggestions
        ("  SOFIA.KOWALSKI@NHS.NET ", 11),  # an address typed in any case
        ("sofia kow", 11),  # a name only one person has
        ("Tomasz Nowak <tomasz.nowak@nhs.net>", 13),
        ("tom", None),  # two people: nobody yet
        ("nobody@nowhere.org", None),  # not someone this field offers
        ("", None),
    ],
)
def test_person_id_is_whoever_the_text_names(qtbot, typed: str, person_id: int | None) -> None:
    field = PersonField(PEOPLE)
    qtbot.addWidget(field)
    field.setText(typed)
    assert field.person_id() == person_id


def test_new_people_replace_the_old(qtbot) -> None:
    field = PersonField(PEOPLE)
    qtbot.addWidget(field)
    field.set_people([("Tom Ng", "tom.ng@nhs.net", 99)])
    field.setText("tom.ng@nhs.net")
    assert field.person_id() == 99
    field.setText("sofia.kowalski@nhs.net")
    assert field.person_id() is None
