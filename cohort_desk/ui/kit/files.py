"""Choosing where to save and what to open, and saying where a file went.

Every chooser starts in the person's Documents folder, then in the last folder used for that
kind of file (registers, exports, imports...). After saving, the status bar says where, with
Open and Show in folder; when nothing on the computer can open a file, the window says so.
"""

from __future__ import annotations

import html
import logging
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QWidget

from cohort_desk import paths
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.settings import LAST_FOLDER

log = logging.getLogger(__name__)
SPREADSHEETS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV, UTF-8 for any spreadsheet (*.csv)": ".csv",
}
PDF = {"PDF (*.pdf)": ".pdf"}
NOTE_NAME = "savedNote"
NOTE_MS = 60_000  # the note stays a minute, long enough to reach for Open


def start_folder(kind: str) -> Path:
    """The last folder used for this kind of file, while it exists; else Documents."""
    saved = LAST_FOLDER[kind].get()
    if saved and Path(saved).is_dir():
        return Path(saved)
    return paths.documents_dir()


def remember_folder(kind: str, folder: Path) -> None:
    LAST_FOLDER[kind].set(str(folder))


def _filter_text(filters: Mapping[str, str]) -> str:
    return ";;".join(filters)


def ask_save_path(
    parent: QWidget | None,
    kind: str,
    caption: str,
    suggested_name: str,
    filters: Mapping[str, str] = PDF,
) -> Path | None:
    """The file to write, with one of the filters' endings; None when the person cancels."""
    start = str(start_folder(kind) / suggested_name)
    chosen, selected = QFileDialog.getSaveFileName(parent, caption, start, _filter_text(filters))
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in filters.values():
        path = path.with_name(path.name + filters.get(selected, next(iter(filters.values()))))
    remember_folder(kind, path.parent)
    return path


def ask_open_path(parent: QWidget | None, kind: str, caption: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(start_folder(kind)), filters)
    if not chosen:
        return None
    remember_folder(kind, Path(chosen).parent)
    return Path(chosen)


def ask_folder(
    parent: QWidget | None, kind: str, caption: str, start: Path | None = None
) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start or start_folder(kind)))
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def choose_save_file(parent: QWidget | None, title: str, suggested: str) -> str:
    """A spreadsheet to export to (kept for the screens that pass a bare name)."""
    path = ask_save_path(parent, "export", title, Path(suggested).name, SPREADSHEETS)
    return str(path) if path else ""


# After saving ---------------------------------------------------------------------------------


def open_file(widget: QWidget | None, path: Path) -> bool:
    """Open a saved file in the computer's viewer; if none opens it, say so in the window."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    log.info("no viewer opened %s", path)
    text = (
        f"Nothing on this computer opened {path.name}: install a program for "
        f"{path.suffix or 'these'} files, or use Show in folder. The file is at {path}."
    )
    if not _note(widget, text, path, warning=True):
        ask.warn(widget, "Cannot open the file", text)
    return False


def show_in_folder(path: Path) -> bool:
    """The folder holding the file, in the computer's file manager (the file chosen where
    the system allows it)."""
    if sys.platform == "win32":
        try:
            subprocess.Popen(["explorer", "/select,", str(path)])  # noqa: S603, S607
            return True
        except OSError:
            pass
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def saved(widget: QWidget, path: Path, what: str = "") -> str:
    """Tell where a file was saved, with Open and Show in folder; returns the sentence."""
    text = f"Saved {what or path.name} in {path.parent}."
    _note(widget, text, path)
    return text


class SavedNote(QLabel):
    """The status bar's line about the last file saved, with its two links."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(NOTE_NAME)
        self.path = Path()
        self.linkActivated.connect(self._follow)
        self.timer = QTimer(self, singleShot=True, interval=NOTE_MS)
        self.timer.timeout.connect(self.hide)

    def show_note(self, text: str, path: Path, warning: bool) -> None:
        self.path = path
        links = '<a href="open">Open</a> · <a href="folder">Show in folder</a>'
        colour = ' style="color:#D5281B"' if warning else ""
        self.setText(f"<span{colour}>{html.escape(text)}</span> {links}")
        self.setToolTip(str(path))
        self.show()
        self.timer.start()

    def _follow(self, link: str) -> None:
        if link == "open":
            open_file(self, self.path)
        else:
            show_in_folder(self.path)


def _note(widget: QWidget | None, text: str, path: Path, warning: bool = False) -> bool:
    window = widget.window() if widget is not None else None
    if not isinstance(window, QMainWindow):
        return False
    bar = window.statusBar()
    note = bar.findChild(SavedNote, NOTE_NAME)
    if note is None:
        note = SavedNote()
        bar.insertWidget(0, note)
    bar.clearMessage()
    note.show_note(text, path, warning)
    return True
