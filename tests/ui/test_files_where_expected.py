"""Files where people expect them (issue 15 item 9): a save dialog starts in Documents, then
in the last folder used for that kind of file; after saving the status bar says where, with
Open and Show in folder; when no viewer opens a file, the window says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from cohort_desk import paths
from cohort_desk.ui.kit import files


def test_save_starts_in_documents_then_in_the_last_folder_of_that_kind(
    qtbot, tmp_path, monkeypatch
):
    started: list[str] = []
    elsewhere = tmp_path / "registers"
    elsewhere.mkdir()

    def chooser(_parent, _caption, start, _filters):  # type: ignore[no-untyped-def]
        started.append(start)
        return str(elsewhere / "register"), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chooser)
    first = files.ask_save_path(None, "register", "Save register", "Launch.pdf")
    assert Path(started[0]) == paths.documents_dir() / "Launch.pdf"
    assert first == elsewhere / "register.pdf"  # the ending added
    files.ask_save_path(None, "register", "Save register", "Week 2.pdf")
    assert Path(started[1]) == elsewhere / "Week 2.pdf"  # the last folder for registers
    files.ask_save_path(None, "export", "Export", "people.xlsx", files.SPREADSHEETS)
    assert Path(started[2]).parent == paths.documents_dir()  # another kind: Documents


def test_after_saving_the_status_bar_says_where_and_a_missing_viewer_is_said(
    main_window, tmp_path, monkeypatch
):
    saved = tmp_path / "register.pdf"
    saved.write_bytes(b"%PDF-1.4")
    text = files.saved(main_window, saved)
    note = main_window.statusBar().findChild(files.SavedNote, files.NOTE_NAME)
    assert note is not None and note.isVisible()
    assert text == f"Saved register.pdf in {tmp_path}."
    assert "Open" in note.text() and "Show in folder" in note.text()

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    note.linkActivated.emit("open")
    assert "Nothing on this computer opened register.pdf" in note.text()
