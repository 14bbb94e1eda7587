"""Known errors shown plainly; bugs go to a crash dialog with a copyable report and the log."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import __version__, paths
from cohort_desk.errors import UserError
from cohort_desk.ui.kit import dialogs

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str = "Cohort Desk") -> None:
    """One sentence for a known problem; the crash dialog for anything else."""
    if isinstance(error, UserError):
        QMessageBox.warning(parent, title, error.message)
    else:
        show_crash(parent, type(error), error, error.__traceback__)


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cohort Desk: something went wrong")
        self.report = report
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Cohort Desk met an unexpected problem. Your data is safe: the change in progress "
            "was not saved. Please copy the report below and send it to whoever supports "
            f"Cohort Desk. It is also in the log folder: {paths.log_dir()}"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(report)
        text.setReadOnly(True)
        text.setMinimumSize(560, 260)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    lines = traceback.format_exception(kind, error, tb)
    return (
        f"Cohort Desk {__version__} on Python {platform.python_version()}, "
        f"{platform.platform()}\n\n" + "".join(lines)
    )


def show_crash(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> None:
    report = crash_report(kind, error, tb)
    log.error("unexpected error\n%s", report)
    if QGuiApplication.instance() is None:
        print(report, file=sys.stderr)
        return
    dialogs.run(CrashDialog(report, parent))


def install_excepthook() -> None:
    """Keep the app running after a bug in a slot: show the report instead of aborting."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if isinstance(error, UserError):
            show_error(None, error)
            return
        show_crash(None, kind, error, tb)

    sys.excepthook = hook
