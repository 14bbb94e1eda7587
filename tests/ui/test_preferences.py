"""Preferences: stored in the database, images checked, saved with Ctrl+S."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from cohort_desk.services import settings
from cohort_desk.ui.shell.preferences import PreferencesDialog
from tests.ui.workspace_helpers import activate, messages  # noqa: F401


@pytest.fixture
def dialog(qtbot, db):
    widget = PreferencesDialog(db)
    qtbot.addWidget(widget)
    widget.show()
    activate(qtbot, widget)
    return widget


def _png(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#005EB8"))
    image.save(str(path))
    return path


def test_preferences_are_saved_to_the_database(dialog, qtbot, db, tmp_path):
    dialog.academy.clear()
    qtbot.keyClicks(dialog.academy, "South East London Academy")
    qtbot.keyClicks(dialog.signatory_name, "Dr Amara Mensah")
    qtbot.keyClicks(dialog.signatory_title, "Director")
    dialog.min_attendance.setValue(80)
    dialog.logo.load_file(_png(tmp_path / "logo.png"))
    assert dialog.logo.remove_button.isEnabled()
    qtbot.keyClick(dialog.academy, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    values = settings.get_all(db)
    assert values["academy_name"] == "South East London Academy"
    assert (values["signatory_name"], values["signatory_title"]) == ("Dr Amara Mensah", "Director")
    assert values["default_min_attendance"] == "80.0"
    assert settings.get_blob(db, "logo").startswith(b"\x89PNG")


def test_a_file_that_is_not_an_image_is_refused(dialog, db, tmp_path, messages):
    fake = tmp_path / "logo.png"
    fake.write_text("not really a picture")
    dialog.logo.load_file(fake)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "That file is not a PNG or JPEG image; choose a .png or .jpg file."
    )
    assert messages.shown == []
    assert settings.get_blob(db, "logo") is None
    assert settings.get(db, "academy_name") == settings.OPTIONS["academy_name"].default


def test_equality_monitoring_is_switched_on_in_preferences(dialog, qtbot, db):
    from cohort_desk.services.privacy.equality import monitoring_enabled

    assert not monitoring_enabled(db)
    qtbot.mouseClick(dialog.equality, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.academy, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert monitoring_enabled(db)


def test_what_the_organisation_sets_is_shown_read_only(qtbot, db, tmp_path, monkeypatch):
    ini = tmp_path / "org.ini"
    ini.write_text(
        "[cohort-desk]\ndatabase = postgresql+psycopg://desk:secret@db-server/cohortdesk\n"
        f"backup_folder = {tmp_path}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COHORT_DESK_ORG_SETTINGS", str(ini))
    widget = PreferencesDialog(db)
    qtbot.addWidget(widget)
    panel = widget.organisation
    assert panel is not None and panel.title() == "Set by your organisation"
    database = panel.fields["database"]
    assert database.isReadOnly() and "secret" not in database.text()
    assert "db-server" in database.text()
    assert panel.fields["backup_folder"].text() == str(tmp_path)


def test_no_organisation_part_without_the_file(dialog):
    assert dialog.organisation is None


def _type_row(dialog, group: str, share: str) -> None:
    dialog.shares.add_row(group, share, edit=False)


def test_workforce_shares_are_a_table_saved_for_the_impact_pack(dialog, qtbot, db):
    from cohort_desk.services.reports.pack import workforce_shares

    assert dialog.shares.rows() == []
    _type_row(dialog, " White  British ", "55")
    _type_row(dialog, "Disability: Yes", "9%")
    _type_row(dialog, "", "")  # a blank row is left out
    assert dialog.has_changes()
    qtbot.keyClick(dialog.academy, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert workforce_shares(db) == {"White British": 55, "Disability: Yes": 9}
    again = PreferencesDialog(db)
    qtbot.addWidget(again)
    assert again.shares.rows() == [("White British", "55"), ("Disability: Yes", "9")]
    again.shares.table.selectRow(0)
    qtbot.mouseClick(again.shares.remove_button, Qt.MouseButton.LeftButton)
    assert again.shares.rows() == [("Disability: Yes", "9")]


@pytest.mark.parametrize(
    ("group", "share", "says"),
    [
        ("Female", "150", "The share for Female must be from 0 to 100, not 150."),
        ("Female", "lots", "The share for Female must be a number from 0 to 100, not 'lots'."),
        ("", "12", "The share 12% has no group; name the group or clear the share."),
        ("Asian; Other", "5", "A group's name cannot hold ';' or '=' ('Asian; Other'); leave "
         "them out."),
    ],
)  # fmt: skip
def test_a_wrong_workforce_share_is_refused_in_one_sentence(dialog, db, messages, group,
                                                            share, says):  # fmt: skip
    _type_row(dialog, group, share)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == says
    assert dialog.shares.table.hasFocus() or not dialog.isActiveWindow()
    assert messages.shown == []
    assert settings.get(db, "workforce_shares") == ""


def test_a_group_given_twice_is_refused(dialog, db):
    _type_row(dialog, "Female", "70")
    _type_row(dialog, "female", "71")
    dialog.accept()
    assert dialog.error.text() == (
        "'female' is given twice in the workforce shares; give each group once."
    )
