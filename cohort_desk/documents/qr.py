"""QR codes drawn as vector rectangles: sharp at any print size, and no image to embed."""

from __future__ import annotations

from array import array
from functools import lru_cache

import segno
from reportlab.pdfgen.canvas import Canvas

# Issuing draws each certificate twice (its own file, then the file of them all): codes kept
# for the largest run, about 1.5 KB each, spare the second encoding (2 ms a code).
KEPT_CODES = 2048


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


@lru_cache(maxsize=KEPT_CODES)
def _packed_runs(payload: str) -> tuple[int, array[int]]:
    """``qr_runs`` kept compact: (row, first column, length) three numbers at a time."""
    count, runs = qr_runs(payload)
    return count, array("H", [number for run in runs for number in run])


def forget_codes() -> None:
    """Drop the codes kept (the benchmark draws the same certificates run after run)."""
    _packed_runs.cache_clear()


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    count, packed = _packed_runs(payload)
    unit = size / count
    path = canvas.beginPath()
    numbers = iter(packed)
    for r, c, length in zip(numbers, numbers, numbers, strict=True):
        path.rect(x + c * unit, y + size - (r + 1) * unit, length * unit, unit)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
