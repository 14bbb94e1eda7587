"""Shared page furniture for printed documents: fonts, colours, dates, header, numbered footer."""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle

from cohort_desk.documents import text as T

log = logging.getLogger(__name__)

# A calm NHS-like palette; tints are light enough that black text stays readable when printed.
DARK_BLUE = HexColor("#003087")
BLUE = HexColor("#005EB8")
DARK_GREY = HexColor("#425563")
MID_GREY = HexColor("#768692")
PALE_GREY = HexColor("#E8EDEE")
STRIPE = HexColor("#F4F6F7")
RULE_GREY = HexColor("#AEB7BD")
TINT_GREEN = HexColor("#D7EFDC")
TINT_AMBER = HexColor("#FCE6C2")
TINT_RED = HexColor("#F6D3D0")
TINT_GREY = HexColor("#E1E5E8")
WARNING_RED = HexColor("#AA1E14")
WHITE = white

PAGE = A4
MARGIN = 15 * mm
HEADER_HEIGHT = 16 * mm  # the band under the top margin holding the academy name and logo
TOP = 10 * mm  # paper edge to the top of the header band
FOOTER_Y = 9 * mm  # baseline of the footer text
FRAME_TOP_GAP = 4 * mm  # between the header band and the first line of content
FRAME_BOTTOM = 16 * mm  # keeps content clear of the footer


def figures_table_style(padding: float, *more: tuple[Any, ...]) -> TableStyle:
    """The reports' tables of figures: a grey heading row ruled in dark blue, light rules
    between rows; ``more`` adds a report's own commands (colours of single cells, say)."""
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
            ("LINEBELOW", (0, 0), (-1, 0), 1, DARK_BLUE),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            *more,
        ]
    )


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    T.register_fonts()
    # Static labels only: people's text goes through textblock.TextBlock, which wraps any script.
    base = ParagraphStyle("body", fontName=T.SANS, fontSize=9, leading=11.5, alignment=TA_LEFT)

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "small": derive("small", fontSize=7.5, leading=9, textColor=DARK_GREY),
        "cell": derive("cell", fontSize=8.5, leading=10.5),
        "cell_small": derive("cell_small", fontSize=7.5, leading=9, textColor=DARK_GREY),
        "head": derive("head", fontName=T.SANS_BOLD, fontSize=7.5, leading=9, textColor=DARK_BLUE),
        "title": derive(
            "title",
            fontName=T.SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=DARK_BLUE,
            spaceAfter=2,
        ),
        "heading": derive(
            "heading",
            fontName=T.SANS_BOLD,
            fontSize=11.5,
            leading=14,
            textColor=DARK_BLUE,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "label": derive(
            "label", fontName=T.SANS_BOLD, fontSize=8.5, leading=10.5, textColor=DARK_GREY
        ),
    }


@functools.lru_cache(maxsize=8)
def image_reader(data: bytes | None, max_px: int = 700) -> ImageReader | None:
    """Decode a logo or signature once; None when missing or unreadable (a bad file never
    stops a print run).

    The image is flattened onto white and stored as a high-quality JPEG at print size, so each
    new PDF embeds it as-is instead of recompressing megapixels of raw RGB every time.
    """
    if not data:
        return None
    try:
        from PIL import Image, ImageOps

        with Image.open(io.BytesIO(data)) as opened:
            img = ImageOps.exif_transpose(opened)
            img.load()
        if img.mode in ("RGBA", "LA", "P", "PA"):
            img = img.convert("RGBA")
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        elif img.mode != "RGB":
            img = img.convert("RGB")
        img.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # 700 px over a 70 mm logo is 250 dpi; quality 88 keeps flat colours clean. Every
        # single-certificate PDF carries the picture, so its size is paid a thousand times.
        img.save(buffer, "JPEG", quality=88, subsampling=0)
        buffer.seek(0)
        return ImageReader(buffer)
    except Exception:  # noqa: BLE001 - any decoder failure means "no picture", never a crash
        log.warning("Ignoring an image that could not be read (%d bytes)", len(data))
        return None


def draw_image_fit(
    canvas: Canvas, reader: ImageReader, x: float, y: float, w: float, h: float, anchor: str = "c"
) -> None:
    """Scale to fit the box keeping the aspect ratio; anchor as in reportlab ("e", "sw", ...)."""
    canvas.drawImage(reader, x, y, w, h, preserveAspectRatio=True, anchor=anchor)


def draw_header(canvas: Canvas, academy_name: str, subtitle: str, logo: bytes | None) -> None:
    """Academy name, a subtitle and the logo in a band across the top of the page."""
    T.register_fonts()
    width, height = canvas._pagesize  # type: ignore[attr-defined]  # reportlab has no getter
    top = height - TOP
    bottom = top - HEADER_HEIGHT
    logo_w = 45 * mm
    reader = image_reader(logo)
    text_w = width - 2 * MARGIN - (logo_w + 4 * mm if reader else 0)
    canvas.saveState()
    name = T.clean(academy_name)
    canvas.setFillColor(DARK_BLUE)
    size = T.fit_text(name, T.SANS_BOLD, 12, text_w, 7)
    T.draw(canvas, MARGIN, bottom + 8.5 * mm, name, T.SANS_BOLD, size)
    sub = T.clean(subtitle)
    canvas.setFillColor(DARK_GREY)
    size = T.fit_text(sub, T.SANS, 9, text_w, 5)
    T.draw(canvas, MARGIN, bottom + 3.5 * mm, T.ellipsize(sub, T.SANS, size, text_w), T.SANS, size)
    if reader:
        draw_image_fit(
            canvas,
            reader,
            width - MARGIN - logo_w,
            bottom + 1.5 * mm,
            logo_w,
            HEADER_HEIGHT - 2 * mm,
            anchor="e",
        )
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, bottom, width - MARGIN, bottom)
    canvas.restoreState()


@dataclass(frozen=True)
class Footer:
    left: str
    printed_at: datetime
    keep: str = ""  # printed after left and never shortened ("…, 02/02/2026")


def draw_footer(canvas: Canvas, footer: Footer, page: int, pages: int) -> None:
    """The title of what is printed on the left; "Page x of y" and when it was printed on the
    right, so loose pages can be put back together."""
    width = canvas._pagesize[0]  # type: ignore[attr-defined]  # reportlab has no getter
    canvas.saveState()
    canvas.setStrokeColor(RULE_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, FOOTER_Y + 4 * mm, width - MARGIN, FOOTER_Y + 4 * mm)
    canvas.setFillColor(DARK_GREY)
    stamp = f"   ·   {T.printed_stamp(footer.printed_at)}"
    right = width - MARGIN - T.draw(canvas, width - MARGIN, FOOTER_Y, stamp, T.SANS, 7.5, "right")
    number = f"Page {page} of {pages}"
    room = right - T.text_width(number, T.SANS_BOLD, 7.5) - 6 * mm - MARGIN
    T.draw(canvas, right, FOOTER_Y, number, T.SANS_BOLD, 7.5, "right")
    # A long title gives way; the part kept (a date) is always printed whole.
    keep = T.clean(footer.keep)
    room -= T.text_width(keep, T.SANS, 7.5)
    left = T.ellipsize(T.clean(footer.left), T.SANS, 7.5, room) + keep
    T.draw(canvas, MARGIN, FOOTER_Y, left, T.SANS, 7.5)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds every page back until the last, so each footer can say "Page x of y"."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own, unlisted in its stubs

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            draw_footer(self, self._footer, self._pageNumber, total)  # type: ignore[attr-defined]
            super().showPage()
        super().save()


def numbered_canvas(footer: Footer) -> Callable[..., Canvas]:
    T.register_fonts()
    return functools.partial(NumberedCanvas, footer=footer)


def frame_height(
    pagesize: tuple[float, float] = PAGE, header_height: float = HEADER_HEIGHT
) -> float:
    return pagesize[1] - TOP - header_height - FRAME_TOP_GAP - FRAME_BOTTOM


def build_document(
    story: list[Flowable],
    pagesize: tuple[float, float],
    title: str,
    header: tuple[str, str, bytes | None] | Callable[[Canvas], None],
    footer: Footer,
    header_height: float = HEADER_HEIGHT,
) -> bytes:
    """Lay a story out between the header band and the numbered footer, for any A4 document.
    header is (academy name, subtitle, logo) or a function drawing a band of header_height."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        title=T.clean(title),
        author=T.clean(header[0]) if isinstance(header, tuple) else "",
        creator="Cohort Desk",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP + header_height + FRAME_TOP_GAP,
        bottomMargin=FRAME_BOTTOM,
    )
    frame = Frame(
        MARGIN,
        FRAME_BOTTOM,
        pagesize[0] - 2 * MARGIN,
        frame_height(pagesize, header_height),
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if isinstance(header, tuple):
            draw_header(canvas, *header)
        else:
            header(canvas)

    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=on_page, pagesize=pagesize)]
    )
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
