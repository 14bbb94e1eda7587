"""Labels with a keyboard shortcut show their whole text: "To" was drawn "Tc" on Reports."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from cohort_desk.ui.kit import theme
from cohort_desk.ui.kit.label_fit import mnemonic_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("&To", ("", "T", "o")),
        ("T&o", ("T", "o", "")),
        ("Fro&m", ("Fro", "m", "")),
        ("A&&B &To", ("A&B ", "T", "o")),
        ("&First &second", ("", "F", "irst second")),  # Qt underlines the first only
        ("No shortcut", None),
        ("Fish && chips", None),
        ("Ends with &", None),
    ],
)
def test_the_shortcut_letter_is_found_as_qt_draws_it(text, parts):
    assert mnemonic_parts(text) == parts


def _dark_pixels(label: QLabel) -> int:
    image = label.grab().toImage()
    return sum(
        image.pixelColor(x, y).lightness() < 128
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("text", ["&To", "T&o", "&Year", "&Type", "&Facilitator", "T&emplate"])
def test_a_shortcut_label_is_given_room_for_all_its_letters(qapp, qtbot, text):
    theme.apply_theme(qapp, "light")
    box = QWidget()
    qtbot.addWidget(box)
    row = QHBoxLayout(box)
    label = QLabel(text)
    label.setBuddy(QLineEdit())
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
    row.addWidget(label)
    row.addWidget(QLineEdit(), 1)  # takes every spare pixel, as a date field does
    box.resize(400, 40)
    box.show()
    qtbot.waitExposed(box)
    shown = _dark_pixels(label)
    label.setFixedWidth(label.width() + 12)  # room to spare: nothing more may appear
    assert _dark_pixels(label) == shown, f"{text!r} is cut at {label.width() - 12} pixels"


def test_the_reports_to_label_is_not_cut(qapp, qtbot, db):
    from cohort_desk.ui.reports.screen import ReportsScreen

    theme.apply_theme(qapp, "light")
    screen = ReportsScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1136, 600)
    screen.show()
    qtbot.waitExposed(screen)
    label = next(w for w in screen.findChildren(QLabel) if w.text() == "&To")
    shown = _dark_pixels(label)
    label.setFixedWidth(label.width() + 12)
    assert _dark_pixels(label) == shown
