"""Printing our PDFs through Qt: every page reaches the printer, the right way up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from cohort_desk.documents.registers import RegisterData, RegisterPerson, render_register
from cohort_desk.documents.summary import (
    SummaryData,
    SummaryRow,
    SummarySession,
    render_cohort_summary,
)
from cohort_desk.ui.kit import printing

START = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)


def register(people: int) -> bytes:
    data = RegisterData(
        "Academy", None, "Programme", "Cohort", "Launch", "Workshop", START,
        START + timedelta(hours=3), "Room 3", "", "Jo Facilitator",
        [RegisterPerson(f"P{i:04d}", "Given", f"Family{i}", "Bromley Healthcare")
         for i in range(people)],
    )  # fmt: skip
    return render_register(data)


def wide_summary() -> bytes:
    sessions = [SummarySession(f"Session {i}", START + timedelta(weeks=i), 3) for i in range(12)]
    rows = [SummaryRow("Okafor, Amara", "Trust", ["P"] * 12, 12, 12, 100.0, 36.0)]
    return render_cohort_summary(SummaryData("Academy", "Cohort", "Programme", sessions, rows, 75))


def test_every_page_of_the_pdf_is_painted_onto_the_printer(qapp, tmp_path: Path):
    pdf = register(60)
    pages = printing.page_count(pdf)
    assert pages >= 3
    printer = printing.make_printer(pdf, "Register")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert printing.paint_pdf(printer, pdf) == pages
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == pages
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def test_a_landscape_summary_prints_landscape(qapp):
    printer = printing.make_printer(wide_summary(), "Summary")
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert printing.make_printer(register(3), "Register").pageLayout().orientation() == (
        QPageLayout.Orientation.Portrait
    )


def test_page_images_are_the_size_of_the_page_at_the_dpi(qapp):
    image = next(printing.page_images(register(3), 144))
    assert abs(image.width() - 2 * 595) <= 2 and abs(image.height() - 2 * 842) <= 2
    assert not image.isNull() and image.pixelColor(5, 5).name() == "#ffffff"


def test_print_pdf_opens_a_preview_showing_every_page(qtbot, tmp_path):
    pdf = register(60)
    seen = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QPrintPreviewDialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        seen["pages"] = preview.pageCount()
        seen["title"] = dialog.windowTitle()
        dialog.grab().save(str(tmp_path / "preview.png"))
        dialog.reject()

    QTimer.singleShot(200, look)
    assert printing.print_pdf(None, pdf, "Register: Launch") is False  # closed without printing
    assert seen == {"pages": printing.page_count(pdf), "title": "Print preview: Register: Launch"}


def test_safe_file_names_drop_characters_windows_refuses():
    name = printing.safe_file_name('Register: "Launch" 02/02/2026')
    assert name == "Register Launch 02-02-2026"
    assert printing.safe_file_name("  ") == "document"


def test_the_printer_outlives_the_preview_that_points_at_it(qtbot, monkeypatch):
    # The preview dialog is deleted after print_pdf returns; its printer must not be freed
    # first, or the dialog would be left pointing at freed memory until then.
    import gc
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent

    made: list[weakref.ref[QPrinter]] = []
    real_make = printing.make_printer

    def make(pdf: bytes, title: str) -> QPrinter:
        printer = real_make(pdf, title)
        made.append(weakref.ref(printer))
        return printer

    monkeypatch.setattr(printing, "make_printer", make)
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: 0)
    assert printing.print_pdf(None, register(2), "Register") is False
    gc.collect()
    assert made[0]() is not None, "the printer went before its preview dialog"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert made[0]() is None, "the printer outlived its preview dialog"
