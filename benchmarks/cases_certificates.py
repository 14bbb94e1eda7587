"""Certificate cases: 1,000 pages in one PDF and as 1,000 files, through the documents layer
and through the issuing service, each beside bare reportlab drawing the same page."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench_data import CERTIFICATE_COHORT, TODAY, records_db
from harness import Result, Target, Workspace, feature, side_by_side

ACADEMY = "South East London Systems Leadership Academy"
SIGNATORY = ("Dr Amara Okafor", "Director, South East London Systems Leadership Academy")


def sample_certificates(count: int) -> list[Any]:
    from cohort_desk.documents.certificates import CertificateData
    from cohort_desk.services.demo import names

    rng = random.Random(2026)
    return [
        CertificateData(
            kind="completion",
            name=f"{rng.choice(names.GIVEN_NAMES)} {rng.choice(names.FAMILY_NAMES)}",
            programme="Systems Leadership Academy",
            course="Cohort 7",
            dates_text="January to July 2026",
            cpd_hours=36.0,
            number=f"SLA-2026-{number:05d}",
            code=f"{rng.getrandbits(40):010X}",
            issued_on=TODAY - timedelta(days=number % 3),
            verify_hint="the academy (academy@example.nhs.uk)",
        )
        for number in range(1, count + 1)
    ]


def floor_page(canvas: Any, cert: Any, pictures: tuple[Any, Any] | None = None) -> None:
    """The same page with reportlab and segno alone: frame, masthead, text, lines, QR, and
    the design's logo and signature when it has them (``pictures``: two ImageReaders)."""
    import segno
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm

    from cohort_desk.documents import text as T

    width, height = landscape(A4)
    canvas.setStrokeColorRGB(0, 0.37, 0.72)
    canvas.setLineWidth(3)
    canvas.rect(9 * mm, 9 * mm, width - 18 * mm, height - 18 * mm)
    canvas.setLineWidth(0.75)
    canvas.rect(12.5 * mm, 12.5 * mm, width - 25 * mm, height - 25 * mm)
    for x, y in ((12.5, 12.5), (width / mm - 12.5, 12.5), (12.5, height / mm - 12.5)):
        canvas.rect((x - 1.6) * mm, (y - 1.6) * mm, 3.2 * mm, 3.2 * mm, stroke=0, fill=1)
    middle = width / 2
    lines = (
        (T.SANS_BOLD, 10.5, height - 32 * mm, ACADEMY.upper()),
        (T.SANS_BOLD, 32, height - 52 * mm, "Certificate of Completion"),
        (T.SANS, 14, 140 * mm, "This is to certify that"),
        (T.SANS, 40, 122 * mm, cert.name),
        (T.SANS, 14, 106 * mm, "has successfully completed"),
        (T.SANS_BOLD, 21, 94 * mm, cert.programme),
        (T.SANS, 14, 84 * mm, cert.course),
        (T.SANS, 10.5, 74 * mm, f"{cert.dates_text}  ·  36 CPD hours"),
        (T.SANS, 12, 40 * mm, T.long_date(cert.issued_on, weekday=False)),
        (T.SANS_BOLD, 9.5, 33 * mm, SIGNATORY[0]),
        (T.SANS, 8, 28 * mm, SIGNATORY[1]),
    )
    for font, size, y, text in lines:
        canvas.setFont(font, size)
        canvas.drawCentredString(middle, y, text)
    canvas.line(32 * mm, 38 * mm, 102 * mm, 38 * mm)
    canvas.line(middle - 30 * mm, 38 * mm, middle + 30 * mm, 38 * mm)
    if pictures is not None:
        logo, signature = pictures
        canvas.drawImage(logo, width - 82 * mm, height - 40 * mm, 70 * mm, 22 * mm,
                         preserveAspectRatio=True, anchor="se")  # fmt: skip
        canvas.drawImage(signature, 32 * mm, 39 * mm, 70 * mm, 17 * mm,
                         preserveAspectRatio=True, anchor="sw")  # fmt: skip
    matrix = segno.make(f"COHORT-DESK-CERT {cert.number} {cert.code}", error="m", mask=0).matrix
    unit, left, top = 24 * mm / len(matrix), width - 48 * mm, 46 * mm
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        start = None  # one rectangle per run of dark modules, as few as the page needs
        for c, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                path.rect(left + start * unit, top - (r + 1) * unit, (c - start) * unit, unit)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFont(T.SANS_BOLD, 9.5)
    canvas.drawRightString(left - 4.5 * mm, 40 * mm, cert.number)
    canvas.drawRightString(left - 4.5 * mm, 30 * mm, cert.code)


def _floor_combined(certs: list[Any], target: Path, pictures: Any = None) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(target), pagesize=landscape(A4), pageCompression=1)
    for cert in certs:
        floor_page(canvas, cert, pictures)
        canvas.showPage()
    canvas.save()


def _floor_files(certs: list[Any], folder: Path, pictures: Any = None) -> None:
    folder.mkdir()
    for cert in certs:
        _floor_combined([cert], folder / f"{cert.number}.pdf", pictures)


def _design_pictures(ws: Workspace) -> tuple[bytes | None, bytes | None]:
    """The logo and signature of the records the issuing case prints from (the demo's), so
    every certificate case draws the same page as the service does."""
    import sqlite3

    records = records_db(ws)
    with sqlite3.connect(str(records.path)) as connection:
        blobs = dict(
            connection.execute(
                "SELECT key, blob FROM settings WHERE key IN ('logo', 'signature')"
            ).fetchall()
        )
    return blobs.get("logo"), blobs.get("signature")


def _floor_pictures(logo: bytes | None, signature: bytes | None) -> tuple[Any, Any] | None:
    """The same pictures for the floor as bare ImageReaders, made once per run as a careful
    reportlab user would: from the very JPEG bytes the app prepares (flattened, at print
    size), so the floor embeds the same pictures and pays reportlab's own cost of each."""
    import io

    from reportlab.lib.utils import ImageReader

    from cohort_desk.documents import layout as L

    prepared = [L.image_reader(data) for data in (logo, signature)]
    if prepared[0] is None or prepared[1] is None:
        return None
    return tuple(ImageReader(io.BytesIO(p.fp.getvalue())) for p in prepared)  # type: ignore[return-value]


def certificates(ws: Workspace) -> list[Result]:
    from cohort_desk.documents import qr
    from cohort_desk.documents import text as T

    # Every run draws the same certificates: each starts with no QR code kept from the last,
    # as issuing new certificates does (the floor encodes every code every time).
    forget_codes = qr.forget_codes
    from cohort_desk.documents.certificates import (
        CertificateDesign,
        certificate_file_name,
        render_certificate,
        render_certificates,
    )

    T.register_fonts()  # once per process in the app too; not part of any one run
    count, runs = ws.sizes.certificates, ws.sizes.runs
    certs = sample_certificates(count)
    # With the demo's logo and signature, as the service prints: until 07/12 these cases drew
    # no pictures while issuing did, so issuing's floor lacked two images on every page.
    logo, signature = _design_pictures(ws)
    design = CertificateDesign(ACADEMY, logo, SIGNATORY[0], SIGNATORY[1], signature)
    pictures = _floor_pictures(logo, signature)

    def combined() -> Callable[[], Any]:
        target = ws.fresh("certificates", ".pdf")
        forget_codes()
        return lambda: target.write_bytes(render_certificates(certs, design))

    def combined_floor() -> Callable[[], Any]:
        target = ws.fresh("floor-certificates", ".pdf")
        return lambda: _floor_combined(certs, target, pictures)

    def files() -> Callable[[], Any]:
        folder = ws.fresh("certificates")
        forget_codes()

        def work() -> None:
            folder.mkdir()
            for cert in certs:
                name = certificate_file_name(cert.name, "", f"{cert.course} {cert.number}")
                (folder / name).write_bytes(render_certificate(cert, design))

        return work

    def files_floor() -> Callable[[], Any]:
        folder = ws.fresh("floor-certificates")
        return lambda: _floor_files(certs, folder, pictures)

    results = []
    for name, title, case, floor in (
        ("certificates-combined", f"{count:,} certificates in one PDF", combined, combined_floor),
        ("certificates-files", f"{count:,} certificates as single files", files, files_floor),
    ):
        seconds, floor_seconds, peak, floor_peak = side_by_side(runs, case, floor)
        results.append(
            Result(
                name,
                title + " (documents layer)",
                Target("ratio", 1.5),
                seconds=seconds,
                floor_seconds=floor_seconds,
                peak_mb=peak,
                floor_peak_mb=floor_peak,
                runs=runs,
            )
        )
    results.append(_issue(ws, results, count))
    return results


def _issue(ws: Workspace, layer: list[Result], count: int) -> Result:
    """Issuing through the service: eligibility, numbers, codes, records, then both kinds of
    file. Its floor is the two bare reportlab floors together, measured just before."""
    result = Result(
        "certificates-issue",
        f"issue {count:,} certificates: one PDF + {count:,} files (service)",
        Target("ratio", 1.5),
        runs=ws.sizes.runs,
    )
    with feature("services.certificates.issue"):
        from cohort_desk.cli import lookup
        from cohort_desk.db.opening import open_database
        from cohort_desk.services.certificates.issuing import issue
    records = records_db(ws)
    issued: list[int] = []

    def run_issue() -> Callable[[], Any]:
        db = open_database(str(ws.copy_db(records.path, "issue")))
        folder = ws.fresh("issued")
        cohort_id = lookup.cohort_id(db, CERTIFICATE_COHORT)

        def work() -> None:
            issued.append(issue(db, folder, cohort_id=cohort_id, today=TODAY).issued)
            db.dispose()

        return work

    def no_floor() -> Callable[[], Any]:
        return lambda: None

    seconds, _, peak, _ = side_by_side(ws.sizes.runs, run_issue, no_floor)
    result.seconds, result.peak_mb = seconds, peak
    result.floor_seconds = sum(r.floor_seconds or 0 for r in layer)
    result.floor_peak_mb = max(r.floor_peak_mb or 0 for r in layer)
    if set(issued) != {count}:
        result.status, result.note = "error", f"expected {count:,} issued, got {issued}"
    return result
