"""Certificates of completion and attendance: one framed A4 landscape page per person."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T
from cohort_desk.documents.qr import draw_qr
from cohort_desk.vocabulary import CertificateKind

PAGE = landscape(L.PAGE)
W, H = PAGE
NAME_MAX, NAME_MIN = 40.0, 18.0  # points: one line down to NAME_MIN, then two lines
TEXT_W = W - 60 * mm  # the width the name and programme may use, well inside the border
QR_SIZE = 24 * mm
LINE_Y = 38 * mm  # the signature and issue-date lines
QR_PREFIX = "COHORT-DESK-CERT"


@dataclass
class CertificateDesign:
    academy_name: str
    logo: bytes | None
    signatory_name: str
    signatory_title: str
    signature: bytes | None
    accent_colour: str = "#005EB8"
    completion_title: str = "Certificate of Completion"
    attendance_title: str = "Certificate of Attendance"
    completion_wording: str = "has successfully completed"
    attendance_wording: str = "attended"


@dataclass
class CertificateData:
    kind: CertificateKind
    name: str
    programme: str
    course: str  # the cohort name for completion, the session title for attendance
    dates_text: str
    cpd_hours: float | None
    number: str
    code: str
    issued_on: date
    verify_hint: str = ""


def qr_payload(cert: CertificateData) -> str:
    """Upper case keeps the QR in alphanumeric mode: a smaller, easier code to scan."""
    return f"{QR_PREFIX} {T.clean(cert.number)} {T.clean(cert.code)}".upper()


def name_lines(name: str, font: str = T.SERIF) -> tuple[list[str], float]:
    """Lines and size for the recipient's name: largest single line that fits, down to
    NAME_MIN; then two balanced lines; never clipped, however long."""
    name = " ".join(T.clean(name).split())
    width = T.text_width(name, font, 1)
    if width * NAME_MAX <= TEXT_W:
        return [name], NAME_MAX
    if width * NAME_MIN <= TEXT_W or " " not in name:
        return [name], TEXT_W / width
    words = name.split(" ")
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    best = min(splits, key=lambda p: max(T.text_width(s, font, 1) for s in p))
    widest = max(T.text_width(s, font, 1) for s in best)
    return list(best), min(NAME_MIN, TEXT_W / widest)


def fitted_lines(text: str, font: str, size: float, min_size: float) -> tuple[list[str], float]:
    """Programme and course titles: shrink to min_size, then wrap (on words) at that size."""
    text = " ".join(T.clean(text).split())
    size = T.fit_text(text, font, size, TEXT_W, min_size)
    if T.text_width(text, font, size) <= TEXT_W:
        return [text], size
    lines: list[str] = []
    for word in text.split(" "):
        if lines and T.text_width(f"{lines[-1]} {word}", font, size) <= TEXT_W:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines, min(size, *(T.fit_text(x, font, size, TEXT_W, 1) for x in lines))


def _design_key(design: CertificateDesign) -> int:
    # bytes cache their hash, so this stays cheap for a large logo on every page.
    return hash(tuple(getattr(design, f.name) for f in fields(design))) & 0xFFFFFFFF


def _accent(design: CertificateDesign) -> Color:
    try:
        return HexColor(design.accent_colour)
    except (ValueError, TypeError):  # a mistyped colour in settings must not stop printing
        return L.BLUE


def _two_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """A signatory's title on up to two lines, the second shrunk only if it must be."""
    if T.text_width(text, font, size) <= width or " " not in text:
        return [text]
    words = text.split(" ")
    cut = max(
        i
        for i in range(1, len(words))
        if i == 1 or T.text_width(" ".join(words[:i]), font, size) <= width
    )
    return [" ".join(words[:cut]), T.ellipsize(" ".join(words[cut:]), font, size, width)]


def _draw_furniture(c: Canvas, design: CertificateDesign, accent: Color) -> None:
    """Everything the same on every certificate, drawn once per PDF as a reusable form."""
    c.setStrokeColor(accent)
    c.setLineWidth(3)
    c.rect(9 * mm, 9 * mm, W - 18 * mm, H - 18 * mm)
    c.setLineWidth(0.75)
    c.rect(12.5 * mm, 12.5 * mm, W - 25 * mm, H - 25 * mm)
    for cx, cy in (
        (12.5 * mm, 12.5 * mm),
        (W - 12.5 * mm, 12.5 * mm),
        (12.5 * mm, H - 12.5 * mm),
        (W - 12.5 * mm, H - 12.5 * mm),
    ):
        c.setFillColor(accent)
        c.rect(cx - 1.6 * mm, cy - 1.6 * mm, 3.2 * mm, 3.2 * mm, stroke=0, fill=1)
    logo = L.image_reader(design.logo)
    if logo:
        L.draw_image_fit(c, logo, W / 2 - 40 * mm, H - 38 * mm, 80 * mm, 20 * mm, anchor="s")
    name = T.clean(design.academy_name).upper()
    size = T.fit_text(name, T.SANS_BOLD, 10.5, TEXT_W - 20 * mm, 6)
    c.setFont(T.SANS_BOLD, size)
    c.setFillColor(L.DARK_BLUE)
    # Letter-spaced capitals read as a masthead; charSpace widens the string as it is centred.
    c.drawCentredString(W / 2, H - (45 if logo else 32) * mm, name, charSpace=1.2)
    # Signature block, bottom left: the picture sits on the line it signs.
    x0, x1, line_y = 32 * mm, 102 * mm, LINE_Y
    signature = L.image_reader(design.signature)
    if signature:
        L.draw_image_fit(c, signature, x0, line_y + 1 * mm, x1 - x0, 17 * mm, anchor="s")
    c.setStrokeColor(L.DARK_GREY)
    c.setLineWidth(0.6)
    c.line(x0, line_y, x1, line_y)
    c.setFillColor(L.DARK_GREY)
    mid = (x0 + x1) / 2
    who = T.clean(design.signatory_name)
    c.setFont(T.SANS_BOLD, T.fit_text(who, T.SANS_BOLD, 9.5, x1 - x0, 6))
    c.drawCentredString(mid, line_y - 5 * mm, who)
    c.setFont(T.SANS, 8)
    for i, line in enumerate(
        _two_lines(T.clean(design.signatory_title), T.SANS, 8, x1 - x0 + 12 * mm)
    ):
        c.drawCentredString(mid, line_y - (9.5 + 3.6 * i) * mm, line)
    # The issue date is written on a line of its own in the centre, like a second signature.
    c.line(W / 2 - 30 * mm, line_y, W / 2 + 30 * mm, line_y)
    c.setFont(T.SANS, 8.5)
    c.drawCentredString(W / 2, line_y - 5 * mm, "Date of issue")


def _middle_lines(
    cert: CertificateData, design: CertificateDesign
) -> list[tuple[str, str, float, Color, float]]:
    """(text, font, size, colour, space above) for the body, top to bottom."""
    completion = cert.kind == CertificateKind.COMPLETION
    wording = design.completion_wording if completion else design.attendance_wording
    main, sub = (cert.programme, cert.course) if completion else (cert.course, cert.programme)
    out: list[tuple[str, str, float, Color, float]] = [
        ("This is to certify that", T.SERIF_ITALIC, 14, L.DARK_GREY, 0)
    ]
    lines, size = name_lines(cert.name)
    for i, line in enumerate(lines):
        out.append(
            (line, T.SERIF, size, L.DARK_BLUE, size * (1.2 if i else 1.05) + (0 if i else 9))
        )
    out.append((T.clean(wording), T.SERIF_ITALIC, 14, L.DARK_GREY, 32))
    lines, size = fitted_lines(main, T.SERIF_BOLD, 21, 13)
    out += [
        (line, T.SERIF_BOLD, size, L.DARK_BLUE, size * 1.55 if i == 0 else size * 1.2)
        for i, line in enumerate(lines)
    ]
    if T.clean(sub) and T.clean(sub) != T.clean(main):
        lines, size = fitted_lines(sub, T.SERIF, 14, 10)
        out += [
            (line, T.SERIF, size, L.DARK_GREY, size * 1.5 if i == 0 else size * 1.2)
            for i, line in enumerate(lines)
        ]
    facts = [T.clean(cert.dates_text)]
    if cert.cpd_hours is not None:
        facts.append(T.cpd_text(cert.cpd_hours))
    facts_text = "  ·  ".join(f for f in facts if f)
    if facts_text:
        out.append(
            (facts_text, T.SANS, T.fit_text(facts_text, T.SANS, 10.5, TEXT_W), L.DARK_GREY, 25)
        )
    return out


def draw_certificate(canvas: Canvas, cert: CertificateData, design: CertificateDesign) -> None:
    """Draw one certificate on the current page (the caller calls showPage)."""
    T.register_fonts()
    accent = _accent(design)
    # Named after the design, so a canvas shared by two designs never reuses the wrong one.
    form = f"furniture{_design_key(design):x}"
    if not canvas.hasForm(form):
        canvas.beginForm(form)
        _draw_furniture(canvas, design, accent)
        canvas.endForm()
    canvas.doForm(form)
    has_logo = L.image_reader(design.logo) is not None
    title_y = H - (62 if has_logo else 52) * mm
    title = T.clean(
        design.completion_title
        if cert.kind == CertificateKind.COMPLETION
        else design.attendance_title
    )
    canvas.setFillColor(accent)
    canvas.setFont(T.SERIF_BOLD, T.fit_text(title, T.SERIF_BOLD, 32, TEXT_W, 14))
    canvas.drawCentredString(W / 2, title_y, title)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.8)
    canvas.line(W / 2 - 25 * mm, title_y - 6 * mm, W / 2 + 25 * mm, title_y - 6 * mm)
    # The body is centred in the room between the title rule and the signature zone.
    lines = _middle_lines(cert, design)
    height = sum(gap for *_, gap in lines) + lines[0][2]
    top, bottom = title_y - 8 * mm, 60 * mm
    y = (top + bottom) / 2 + height / 2 - lines[0][2]
    for text, font, size, colour, gap in lines:
        y -= gap
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        canvas.drawCentredString(W / 2, y, text)
    canvas.setFont(T.SERIF, 12)
    canvas.setFillColor(L.DARK_BLUE)
    canvas.drawCentredString(W / 2, LINE_Y + 1.5 * mm, T.long_date(cert.issued_on, weekday=False))
    _draw_verification(canvas, cert)


def _draw_verification(canvas: Canvas, cert: CertificateData) -> None:
    """QR bottom right, with the number and code beside it for people typing them in."""
    qr_x, qr_y = W - 24 * mm - QR_SIZE, 22 * mm
    draw_qr(canvas, qr_payload(cert), qr_x, qr_y, QR_SIZE)
    right = qr_x - 4.5 * mm  # clear of the QR's quiet zone of four modules
    rows = (
        ("Certificate no.", T.SANS, 7.5, L.DARK_GREY),
        (T.clean(cert.number), T.SANS_BOLD, 9.5, L.DARK_BLUE),
        ("Verification code", T.SANS, 7.5, L.DARK_GREY),
        (T.clean(cert.code), T.SANS_BOLD, 9.5, L.DARK_BLUE),
    )
    y = qr_y + QR_SIZE - 3 * mm
    for text, font, size, colour in rows:
        canvas.setFont(font, T.fit_text(text, font, size, 60 * mm, 5))
        canvas.setFillColor(colour)
        canvas.drawRightString(right, y, text)
        y -= 5.2 * mm
    hint = T.clean(cert.verify_hint)
    if hint:
        canvas.setFont(T.SANS, 6.5)
        canvas.setFillColor(L.MID_GREY)
        canvas.drawRightString(
            qr_x + QR_SIZE, qr_y - 5.5 * mm, T.ellipsize(hint, T.SANS, 6.5, 120 * mm)
        )


def render_certificates(
    certs: Iterable[CertificateData], design: CertificateDesign, title: str = "Certificates"
) -> bytes:
    """One PDF, a page per certificate (for printing a whole cohort at once)."""
    T.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(T.clean(design.academy_name))
    canvas.setCreator("Cohort Desk")
    for cert in certs:
        draw_certificate(canvas, cert, design)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_certificate(cert: CertificateData, design: CertificateDesign) -> bytes:
    """One certificate as its own PDF (for e-mailing to the person)."""
    return render_certificates([cert], design, f"Certificate {T.clean(cert.number)}")


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}


def certificate_file_name(family: str, given: str, course: str, limit: int = 120) -> str:
    """A name like "Li Jo - Cohort 7.pdf", safe on Windows: no reserved characters or devices,
    no trailing dots or spaces, and short enough for deep folders."""

    def tidy(text: str) -> str:
        return " ".join(_UNSAFE.sub(" ", T.clean(text)).split()).strip(" .")

    person = " ".join(x for x in (tidy(family), tidy(given)) if x) or "Certificate"
    stem = f"{person} - {tidy(course)}" if tidy(course) else person
    stem = stem[:limit].rstrip(" .-")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    return f"{stem}.pdf"
