"""Print, preview and save PDFs we made (registers, summaries, certificates) from any screen.

Pages are rendered to images with pypdfium2 (a 3 MB wheel, where QtPdf needs PySide6-Addons)
and painted onto the QPrinter, so what is printed is exactly the PDF that would be saved.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from cohort_desk.errors import UserError
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.fit import resize_to_fit

log = logging.getLogger(__name__)

PREVIEW_DPI = 110  # sharp on screen; the preview holds every page, so memory matters
PRINT_DPI = 300  # crisp text on paper without megabytes of raster per page


def open_pdf(pdf_bytes: bytes) -> Any:
    """Open PDF bytes with pypdfium2, imported on first use because it slows start-up."""
    import pypdfium2

    return pypdfium2.PdfDocument(pdf_bytes)


def page_count(pdf_bytes: bytes) -> int:
    document = open_pdf(pdf_bytes)
    try:
        return len(document)
    finally:
        document.close()


def page_images(pdf_bytes: bytes, dpi: float) -> Iterator[QImage]:
    """Each page as an image at ``dpi``, one at a time so long documents stay light."""
    document = open_pdf(pdf_bytes)
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            ).copy()  # copy: the bitmap's memory goes when pdfium closes the page
            bitmap.close()
            page.close()
            yield image
    finally:
        document.close()


def _is_landscape(pdf_bytes: bytes) -> bool:
    document = open_pdf(pdf_bytes)
    try:
        width, height = document[0].get_size() if len(document) else (1, 2)
        return width > height
    finally:
        document.close()


def make_printer(pdf_bytes: bytes, title: str) -> QPrinter:
    """An A4 printer set up the way the document is laid out (portrait or landscape)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    orientation = (
        QPageLayout.Orientation.Landscape
        if _is_landscape(pdf_bytes)
        else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)  # our PDFs carry their own margins
    return printer


def paint_pdf(printer: QPrinter, pdf_bytes: bytes) -> int:
    """Paint every page of the PDF onto the printer (or the preview); returns the page count.

    The preview paints into a QPicture, so it gets lighter images than real paper does.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("The printer could not be started; check it is switched on and ready.")
    try:
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        # Thin rules (tick boxes, grid lines) would otherwise drop out when scaled down.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dpi = PREVIEW_DPI if preview else min(PRINT_DPI, max(printer.resolution(), 72))
        count = 0
        for image in page_images(pdf_bytes, dpi):
            if count:
                printer.newPage()
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF(
                    target.x() + (target.width() - width) / 2,
                    target.y() + (target.height() - height) / 2,
                    width,
                    height,
                ),
                image,
            )
            count += 1
        return count
    finally:
        painter.end()


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, title: str) -> bool:
    """Show Qt's print preview of the PDF, from which the user prints; True when printed."""
    printer = make_printer(pdf_bytes, title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: {title}")
    resize_to_fit(dialog, 900, 1000)

    def paint(target: QPrinter) -> None:
        try:
            paint_pdf(target, pdf_bytes)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the dialog stays usable
            log.exception("printing %s failed", title)
            show_error(parent, exc)

    dialog.paintRequested.connect(paint)
    # The dialog only points at the printer, and is deleted later than this function returns:
    # a slot on its own destruction holds the printer until then.
    dialog.destroyed.connect(lambda *_: printer.pageLayout())
    return dialogs.run(dialog) == QPrintPreviewDialog.DialogCode.Accepted


def safe_file_name(text: str) -> str:
    """A file name made from a title: no characters Windows refuses, not too long."""
    slashed = text.replace("/", "-").replace("\\", "-")
    cleaned = "".join(" " if c in '<>:"|?*' or ord(c) < 32 else c for c in slashed)
    return " ".join(cleaned.split())[:80].strip(" .") or "document"
