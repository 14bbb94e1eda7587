"""Windows fit a laptop (issue 15 item 5): at 1366x768 (100%) and 1920x1080 at 150%, with the
taskbar showing, the main window, print preview and dialogs open inside the usable area."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtPrintSupport import QPrintPreviewDialog

from cohort_desk.ui.imports.wizard import ImportWizard
from cohort_desk.ui.kit import fit
from cohort_desk.ui.kit.fit import FRAME, fitted, resize_to_fit
from cohort_desk.ui.shell.help import GETTING_STARTED, HelpDialog
from cohort_desk.ui.shell.main_window import MainWindow
from cohort_desk.ui.shell.undo_history import UndoHistoryDialog

# Usable points once the taskbar (40 at 100%, 48 physical = 32 at 150%) is taken off.
LAPTOP = QRect(0, 0, 1366, 728)
BIG_AT_150 = QRect(0, 0, 1280, 688)


@pytest.mark.parametrize(
    ("wanted", "area", "expected"),
    [
        ((900, 1000), LAPTOP, (900, 688)),  # print preview: was 1000 tall
        ((1280, 800), LAPTOP, (1280, 688)),  # the main window: was 800 tall
        ((1280, 800), BIG_AT_150, (1264, 648)),
        ((620, 560), BIG_AT_150, (620, 560)),  # small enough: left as asked
    ],
)
def test_a_size_is_cut_to_the_usable_screen_less_the_frame(wanted, area, expected) -> None:
    assert fitted(*wanted, area) == QSize(*expected)


def _fits(widget, area: QRect) -> bool:  # type: ignore[no-untyped-def]
    size = widget.size()
    return (
        size.width() + FRAME.width() <= area.width()
        and size.height() + FRAME.height() <= area.height()
    )


@pytest.mark.parametrize("area", [LAPTOP, BIG_AT_150], ids=["1366x768", "1920x1080@150"])
def test_the_main_window_and_dialogs_open_inside_the_screen(qtbot, demo_db, area, monkeypatch):
    monkeypatch.setattr(fit, "available_area", lambda _widget=None: area)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    assert _fits(window, area), window.size()
    minimum = window.minimumSizeHint()
    assert minimum.width() + FRAME.width() <= area.width()
    assert minimum.height() + FRAME.height() <= area.height()

    dialogs = [
        HelpDialog("Getting started", GETTING_STARTED, window),
        UndoHistoryDialog([], window),
        ImportWizard(demo_db, window),
    ]
    preview = QPrintPreviewDialog(window)
    resize_to_fit(preview, 900, 1000)  # as printing.print_pdf opens it
    for dialog in [*dialogs, preview]:
        dialog.show()
        assert _fits(dialog, area), (dialog.windowTitle(), dialog.size())
        dialog.hide()
