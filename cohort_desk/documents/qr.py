"""QR codes drawn as vector rectangles: sharp at any print size, and no image to embed."""

from __future__ import annotations

import segno
from reportlab.pdfgen.canvas import Canvas


def qr_runs(payload: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules across, [(row, first column, length)]) for each horizontal run of dark modules.

    A fixed mask skips segno's mask scoring, which costs ~2 ms per code; every mask is valid
    QR, and the quiet zone is left to the page's white space around the code.
    """
    qr = segno.make(payload, error="m", mask=0)
    runs = []
    for r, row in enumerate(qr.matrix):
        start = None
        for c, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return len(qr.matrix), runs


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    count, runs = qr_runs(payload)
    unit = size / count
    path = canvas.beginPath()
    for r, c, length in runs:
        path.rect(x + c * unit, y + size - (r + 1) * unit, length * unit, unit)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
