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


class Chooser:
    """Qt's file choosers, answered: records the folder each one started in and gives back
    ``answer`` (a file or folder, or "" for Cancel)."""

    def __init__(self, monkeypatch, answer: str = "") -> None:  # type: ignore[no-untyped-def]
        self.started: list[Path] = []
        self.answer = answer
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self.open_file)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self.folder)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self.open_file)

    def open_file(self, _parent, _caption, start, _filters=""):  # type: ignore[no-untyped-def]
        self.started.append(Path(start))
        return self.answer, ""

    def folder(self, _parent, _caption, start):  # type: ignore[no-untyped-def]
        self.started.append(Path(start))
        return self.answer


def test_open_and_folder_choosers_start_in_documents_then_the_last_folder(
    qtbot, tmp_path, monkeypatch
):
    chooser = Chooser(monkeypatch)
    files.ask_open_path(None, "attendance", "Import attendance", "CSV (*.csv)")
    files.ask_folder(None, "backups", "Backup folder")
    assert chooser.started == [paths.documents_dir(), paths.documents_dir()]
    report = tmp_path / "teams" / "report.csv"
    report.parent.mkdir()
    chooser.answer = str(report)
    assert files.ask_open_path(None, "attendance", "Import attendance", "CSV") == report
    chooser.answer = ""
    files.ask_open_path(None, "attendance", "Import attendance", "CSV (*.csv)")
    assert chooser.started[-1] == report.parent  # the last folder of that kind
    files.ask_open_path(None, "people-import", "Import people from", "Excel (*.xlsx)")
    assert chooser.started[-1] == paths.documents_dir()  # another kind: Documents


def test_the_buttons_that_open_files_start_in_documents(qtbot, demo_db, monkeypatch):
    """Clicked as a person would: the import wizard's Browse and a logo's Choose."""
    from PySide6.QtWidgets import QPushButton

    from cohort_desk.ui.certificates.design_dialog import CertificateDesignDialog
    from cohort_desk.ui.imports.wizard import ImportWizard

    chooser = Chooser(monkeypatch)
    wizard = ImportWizard(demo_db)
    qtbot.addWidget(wizard)
    browse = next(b for b in wizard.findChildren(QPushButton) if b.text() == "&Browse…")
    browse.click()
    design = CertificateDesignDialog(demo_db)
    qtbot.addWidget(design)
    design.logo.choose_button.click()
    assert chooser.started == [paths.documents_dir(), paths.documents_dir()]


def test_only_the_kit_opens_qts_file_choosers() -> None:
    """Every save, open and folder chooser goes through kit.files, so every one starts in
    Documents (the logo chooser called Qt itself and opened in the program's folder)."""
    import cohort_desk.ui

    root = Path(cohort_desk.ui.__file__).parent
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "QFileDialog." in path.read_text(encoding="utf-8") and path.name != "files.py"
    ]
    assert direct == []
