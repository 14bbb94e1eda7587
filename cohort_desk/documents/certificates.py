"""Certificates of completion and attendance: one framed A4 landscape page per person."""

from __future__ import annotations

import io
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
from cohort_desk.rules import verification_links as links
from cohort_desk.rules.file_names import UNSAFE_CHARACTERS, is_windows_device_name
from cohort_desk.rules.verification_links import QR_PREFIX  # noqa: F401 -- still importable here
from cohort_desk.vocabulary import CertificateKind

PAGE = landscape(L.PAGE)
W, H = PAGE
LEFT = 28 * mm  # one generous margin: the text hangs from it, nothing is centred
NAME_MAX, NAME_MIN = 34.0, 18.0  # points: one line down to NAME_MIN, then two lines
TEXT_W = W - 2 * LEFT  # the width the name and programme may use
QR_SIZE = 24 * mm
LINE_Y = 36 * mm  # the signature and issue-date lines
RULE_Y = H - 44 * mm  # the accent rule under the academy's name and logo


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
    name: str  # the holder's name as printed
    programme: str  # the programme's display name, never a cohort's internal code
    course: str  # the session title on attendance certificates; not printed on completion ones
    dates_text: str
    cpd_hours: float | None
    number: str
    code: str
    issued_on: date
    verify_hint: str = ""  # who to ask, when there is no verification address
    verify_address: str = ""  # a web page that checks codes (issue 18's verification page)


def verification_line(cert: CertificateData) -> str:
    """The one short line that tells a reader where to check this certificate."""
    code = T.clean(cert.code)
    address = T.clean(cert.verify_address)
    if address:
        return f"Check this certificate at {address} with code {code}"
    who = T.clean(cert.verify_hint)
    if who:
        return f"Verify with {who}, quoting code {code}"
    return f"Verify with the academy, quoting certificate {T.clean(cert.number)} and code {code}"


def qr_payload(cert: CertificateData) -> str:
    """What the QR code holds: see rules.verification_links.qr_payload."""
    return links.qr_payload(T.clean(cert.number), T.clean(cert.code), T.clean(cert.verify_address))


def name_lines(name: str, font: str = T.SANS_BOLD) -> tuple[list[str], float]:
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
    """Everything the same on every certificate, drawn once per PDF as a reusable form: the
    academy's name and logo over an accent rule, and the signature block."""
    logo = L.image_reader(design.logo)
    logo_w = 70 * mm if logo else 0
    if logo:
        L.draw_image_fit(c, logo, W - LEFT - logo_w, RULE_Y + 5 * mm, logo_w, 22 * mm, "se")
    name = T.clean(design.academy_name)
    room = TEXT_W - logo_w - (8 * mm if logo else 0)
    c.setFillColor(L.DARK_BLUE)
    T.draw(c, LEFT, RULE_Y + 6 * mm, name, T.SANS_BOLD, T.fit_text(name, T.SANS_BOLD, 12, room, 7))
    c.setStrokeColor(accent)
    c.setLineWidth(2.5)
    c.line(LEFT, RULE_Y, W - LEFT, RULE_Y)
    # Signature block, bottom left: the picture sits on the line it signs.
    x0, x1, line_y = LEFT, LEFT + 70 * mm, LINE_Y
    signature = L.image_reader(design.signature)
    if signature:
        L.draw_image_fit(c, signature, x0, line_y + 1 * mm, x1 - x0, 17 * mm, anchor="sw")
    c.setStrokeColor(L.RULE_GREY)
    c.setLineWidth(0.6)
    c.line(x0, line_y, x1, line_y)
    who = T.clean(design.signatory_name)
    c.setFillColor(L.DARK_GREY)
    T.draw(c, x0, line_y - 5 * mm, who, T.SANS_BOLD, T.fit_text(who, T.SANS_BOLD, 9.5, x1 - x0, 6))
    title = T.clean(design.signatory_title)
    for i, line in enumerate(_two_lines(title, T.SANS, 8, x1 - x0 + 10 * mm)):
        T.draw(c, x0, line_y - (9.5 + 3.6 * i) * mm, line, T.SANS, 8)
    # The issue date is written on a line of its own, like a second signature.
    d0 = x1 + 15 * mm
    c.line(d0, line_y, d0 + 50 * mm, line_y)
    T.draw(c, d0, line_y - 5 * mm, "Date of issue", T.SANS, 8.5)


Body = list[tuple[str, str, float, Color, float]]  # text, font, size, colour, space above


def _body(cert: CertificateData, design: CertificateDesign, accent: Color) -> Body:
    """The words of the certificate, top to bottom."""
    completion = cert.kind == CertificateKind.COMPLETION
    title = design.completion_title if completion else design.attendance_title
    wording = design.completion_wording if completion else design.attendance_wording
    out: Body = [
        (T.clean(title), T.SANS_BOLD, T.fit_text(title, T.SANS_BOLD, 28, TEXT_W, 14), accent, 0)
    ]
    out.append(("This is to certify that", T.SANS, 13, L.DARK_GREY, 18 * mm))
    lines, size = name_lines(cert.name)
    for i, line in enumerate(lines):
        out.append((line, T.SANS_BOLD, size, L.DARK_BLUE, size * 1.15 + (0 if i else 6)))
    out.append((T.clean(wording), T.SANS, 13, L.DARK_GREY, 13 + 9 * mm))
    main = cert.programme if completion else cert.course
    lines, size = fitted_lines(main, T.SANS_BOLD, 20, 12)
    for i, line in enumerate(lines):
        out.append((line, T.SANS_BOLD, size, L.DARK_BLUE, size * (1.25 if i else 1.5)))
    if not completion and T.clean(cert.programme) and T.clean(cert.programme) != T.clean(main):
        lines, size = fitted_lines(cert.programme, T.SANS, 13, 10)
        out += [(x, T.SANS, size, L.DARK_GREY, size * 1.4) for x in lines]
    facts = [T.clean(cert.dates_text)]
    if cert.cpd_hours is not None:
        facts.append(T.cpd_text(cert.cpd_hours))
    facts_text = "  ·  ".join(f for f in facts if f)
    if facts_text:
        size = T.fit_text(facts_text, T.SANS, 11, TEXT_W)
        out.append((facts_text, T.SANS, size, L.DARK_GREY, 9 * mm))
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
    body = _body(cert, design, accent)
    # Hangs from under the rule; a long name or title squeezes the gaps, never the bottom zone.
    needed = sum(gap for *_, gap in body) + body[0][2]
    top, room = RULE_Y - 12 * mm, RULE_Y - 12 * mm - (LINE_Y + 24 * mm)
    squeeze = min(1.0, room / needed) if needed else 1.0
    # Two fifths of any spare room above the words, three below: the page looks set, not hung.
    y = top - body[0][2] * 0.75 - max(0.0, room - needed) * 0.4
    for text, font, size, colour, gap in body:
        y -= gap * squeeze
        canvas.setFillColor(colour)
        T.draw(canvas, LEFT, y, text, font, size)
    canvas.setFillColor(L.DARK_BLUE)
    T.draw(
        canvas,
        LEFT + 85 * mm,
        LINE_Y + 1.5 * mm,
        T.long_date(cert.issued_on, weekday=False),
        T.SANS,
        12,
    )
    _draw_verification(canvas, cert)


def _draw_verification(canvas: Canvas, cert: CertificateData) -> None:
    """QR bottom right, the number and code beside it for people typing them in, and one line
    under them saying where to check."""
    qr_x, qr_y = W - LEFT - QR_SIZE + 2 * mm, LINE_Y - 14 * mm
    draw_qr(canvas, qr_payload(cert), qr_x, qr_y, QR_SIZE)
    right = qr_x - 3 * mm  # clear of the QR's quiet zone
    rows = (
        ("Certificate no.", T.SANS, 7.5, L.DARK_GREY),
        (T.clean(cert.number), T.SANS_BOLD, 9.5, L.DARK_BLUE),
        ("Verification code", T.SANS, 7.5, L.DARK_GREY),
        (T.clean(cert.code), T.SANS_BOLD, 9.5, L.DARK_BLUE),
    )
    y = qr_y + QR_SIZE - 4 * mm
    for text, font, size, colour in rows:
        canvas.setFillColor(colour)
        T.draw(canvas, right, y, text, font, T.fit_text(text, font, size, 55 * mm, 5), "right")
        y -= 5 * mm
    line = verification_line(cert)
    canvas.setFillColor(L.DARK_GREY)
    size = T.fit_text(line, T.SANS, 7.5, 150 * mm, 5.5)
    T.draw(
        canvas,
        qr_x + QR_SIZE - 2 * mm,
        qr_y - 6 * mm,
        T.ellipsize(line, T.SANS, size, 150 * mm),
        T.SANS,
        size,
        "right",
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


def certificate_file_name(family: str, given: str, course: str, limit: int = 120) -> str:
    """A name like "Li Jo - Cohort 7.pdf", safe on Windows: no reserved characters or devices,
    no trailing dots or spaces, and short enough for deep folders."""

    def tidy(text: str) -> str:
        return " ".join(UNSAFE_CHARACTERS.sub(" ", T.clean(text)).split()).strip(" .")

    person = " ".join(x for x in (tidy(family), tidy(given)) if x) or "Certificate"
    stem = f"{person} - {tidy(course)}" if tidy(course) else person
    stem = stem[:limit].rstrip(" .-")
    if is_windows_device_name(stem):
        stem = f"_{stem}"
    return f"{stem}.pdf"
