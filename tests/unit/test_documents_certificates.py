"""Certificates: the text a verifier reads back, one page each, names fitted, QR payload."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from cohort_desk.documents import certificates
from cohort_desk.documents.certificates import (
    NAME_MIN,
    TEXT_W,
    CertificateData,
    CertificateDesign,
    certificate_file_name,
    name_lines,
    qr_payload,
    render_certificate,
    render_certificates,
)
from cohort_desk.documents.qr import qr_runs
from cohort_desk.documents.text import SANS_BOLD, text_width

DESIGN = CertificateDesign(
    academy_name="South East London Systems Leadership Academy",
    logo=None,
    signatory_name="Dr Amara Okafor",
    signatory_title="Director",
    signature=None,
)
SIXTY = "Maximiliana Alexandra-Wilhelmina Featherstonehaugh-Cholmondel"[:60]


def cert(name: str = "Jo Li", **changes: object) -> CertificateData:
    data = CertificateData(
        kind="completion",
        name=name,
        programme="Systems Leadership Programme",
        course="Cohort 7 (Spring 2026)",
        dates_text="February to July 2026",
        cpd_hours=6,
        number="SLA-2026-0042",
        code="7KQM-2XPA-9HDT",
        issued_on=date(2026, 11, 28),
        verify_hint="the academy at academy@example.nhs.uk",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_certificate_carries_name_programme_number_code_and_dates() -> None:
    (text,) = pages_text(render_certificate(cert(), DESIGN))
    for expected in (
        "Certificate of Completion",
        "This is to certify that",
        "Jo Li",
        "has successfully completed",
        "Systems Leadership Programme",
        "February to July 2026",
        "6 CPD hours",
        "SLA-2026-0042",
        "7KQM-2XPA-9HDT",
        "28 November 2026",
        "Dr Amara Okafor",
        "Verify with the academy at academy@example.nhs.uk, quoting code 7KQM-2XPA-9HDT",
        "South East London Systems Leadership Academy",
    ):
        assert expected in text
    # The cohort's internal name is for the office, not for the person's wall.
    assert "Cohort 7 (Spring 2026)" not in text


def test_verification_line_names_the_address_when_there_is_one() -> None:
    line = certificates.verification_line(cert(verify_address="https://academy.example/verify/"))
    assert (
        line == "Check this certificate at https://academy.example/verify/ with code 7KQM-2XPA-9HDT"
    )
    bare = certificates.verification_line(cert(verify_hint=""))
    assert (
        bare == "Verify with the academy, quoting certificate SLA-2026-0042 and code 7KQM-2XPA-9HDT"
    )


def test_attendance_certificate_leads_with_the_session() -> None:
    data = cert(kind="attendance", course="Action learning set 3", cpd_hours=6.5)
    (text,) = pages_text(render_certificate(data, DESIGN))
    assert "Certificate of Attendance" in text
    assert (
        text.index("attended")
        < text.index("Action learning set 3")
        < text.index("Systems Leadership Programme")
    )
    assert "6.5 CPD hours" in text


@pytest.mark.parametrize(
    ("hours", "shown"), [(1, "1 CPD hour"), (0.5, "0.5 CPD hours"), (None, None)]
)
def test_cpd_hours_wording(hours: float | None, shown: str | None) -> None:
    (text,) = pages_text(render_certificate(cert(cpd_hours=hours), DESIGN))
    if shown:
        assert shown in text
    else:
        assert "CPD" not in text


def test_one_page_per_certificate_in_a_combined_pdf() -> None:
    batch = [cert(f"Person {i}", number=f"SLA-2026-{i:04d}") for i in range(25)]
    texts = pages_text(render_certificates(batch, DESIGN))
    assert len(texts) == 25
    for i, text in enumerate(texts):
        assert f"Person {i}" in text and f"SLA-2026-{i:04d}" in text


def test_sixty_character_name_fits_on_one_line() -> None:
    assert len(SIXTY) == 60
    lines_, size = name_lines(SIXTY)
    assert lines_ == [SIXTY] and size >= NAME_MIN
    assert text_width(SIXTY, SANS_BOLD, size) <= TEXT_W
    (text,) = pages_text(render_certificate(cert(SIXTY), DESIGN))
    assert SIXTY in lines(text)


def test_short_names_print_large() -> None:
    assert name_lines("Jo Li") == (["Jo Li"], certificates.NAME_MAX)


def test_very_long_name_wraps_to_two_lines_and_is_never_clipped() -> None:
    name = "Oluwaseun Adebayo-Okonkwo Princess Amaka Chukwuemeka Nwachukwu-Eze Mbakwe Obi Nnamdi"
    parts, size = name_lines(name)
    assert len(parts) == 2 and " ".join(parts) == name
    assert all(text_width(p, SANS_BOLD, size) <= TEXT_W + 0.01 for p in parts)
    (text,) = pages_text(render_certificate(cert(name), DESIGN))
    assert all(p in lines(text) for p in parts)


def test_a_single_unbreakable_name_shrinks_rather_than_clips() -> None:
    parts, size = name_lines("W" * 90)
    assert parts == ["W" * 90] and text_width("W" * 90, SANS_BOLD, size) <= TEXT_W + 0.01


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Minh Khai", "Siobhán Ó Dónaill-Šimková", "Zoë Łukasz", "Ελένη Дмитрий"]
)
def test_accented_names_extract_correctly(name: str) -> None:
    (text,) = pages_text(render_certificate(cert(name), DESIGN))
    assert name in lines(text)


def test_markup_characters_print_literally() -> None:
    (text,) = pages_text(render_certificate(cert("Smith & Sons <Trust>"), DESIGN))
    assert "Smith & Sons <Trust>" in lines(text)


def test_qr_payload_and_that_the_qr_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        qr_payload(cert(code="7kqm-2xpa-9hdt")) == "COHORT-DESK-CERT SLA-2026-0042 7KQM-2XPA-9HDT"
    )
    drawn: list[str] = []
    real = certificates.draw_qr
    monkeypatch.setattr(certificates, "draw_qr", lambda c, p, *a: (drawn.append(p), real(c, p, *a)))
    render_certificates([cert(), cert(number="SLA-2026-0043")], DESIGN)
    assert drawn == [
        "COHORT-DESK-CERT SLA-2026-0042 7KQM-2XPA-9HDT",
        "COHORT-DESK-CERT SLA-2026-0043 7KQM-2XPA-9HDT",
    ]


def test_qr_runs_cover_the_finder_patterns() -> None:
    count, runs = qr_runs("COHORT-DESK-CERT SLA-2026-0042 7KQM-2XPA-9HDT")
    assert count == 29  # version 3
    assert (0, 0, 7) in runs and (6, 0, 7) in runs  # the top-left finder's top and bottom edges


def test_a_code_drawn_twice_is_encoded_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issuing draws each certificate into its own file and into the file of them all: the
    second drawing reuses the code, and both draw the same rectangles."""
    import segno
    from reportlab.pdfgen.canvas import Canvas

    from cohort_desk.documents import qr

    made: list[str] = []
    make = segno.make
    monkeypatch.setattr(
        segno, "make", lambda payload, **kw: made.append(payload) or make(payload, **kw)
    )
    payload = "COHORT-DESK-CERT SLA-2026-0099 7KQM-2XPA-ONCE"
    drawn = []
    for _ in range(2):
        canvas = Canvas(io.BytesIO(), invariant=1)  # no date or id: the same drawing, same bytes
        qr.draw_qr(canvas, payload, 10, 10, 30)
        drawn.append(canvas.getpdfdata())
    assert made == [payload]
    assert drawn[0] == drawn[1]
    count, runs = qr_runs(payload)
    assert qr._packed_runs(payload) == (count, qr.array("H", [n for run in runs for n in run]))


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="zbar-tools not installed"
)
def test_qr_decodes_when_a_scanner_is_available(tmp_path: Path) -> None:
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(cert("Siobhán Ó Dónaill-Šimková"), DESIGN))
    subprocess.run(["pdftoppm", "-png", "-r", "150", pdf, tmp_path / "page"], check=True)
    (png,) = tmp_path.glob("page*.png")
    found = subprocess.run(["zbarimg", "-q", "--raw", png], capture_output=True, text=True)
    assert found.stdout.strip() == "COHORT-DESK-CERT SLA-2026-0042 7KQM-2XPA-9HDT"


def test_bad_logo_signature_and_colour_do_not_stop_printing() -> None:
    design = CertificateDesign(
        "Academy", b"\x89PNG broken", "Signer", "Title", b"nonsense", accent_colour="not a colour"
    )
    assert "Jo Li" in pages_text(render_certificate(cert(), design))[0]


def test_empty_fields_still_give_a_page() -> None:
    blank = CertificateData("attendance", "", "", "", "", None, "", "", date(2026, 1, 1))
    design = CertificateDesign("", None, "", "", None)
    assert len(pages_text(render_certificate(blank, design))) == 1


def test_logo_and_signature_are_embedded_once_per_pdf() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (0, 94, 184)).save(buffer, "PNG")
    design = CertificateDesign("Academy", buffer.getvalue(), "Signer", "Title", buffer.getvalue())
    reader = pypdf.PdfReader(io.BytesIO(render_certificates([cert()] * 3, design)))
    images = {
        obj.idnum
        for page in reader.pages
        for form in page["/Resources"]["/XObject"].values()
        for obj in form.get_object()["/Resources"].get("/XObject", {}).values()
    }
    assert len(images) == 1  # the same picture, stored once, drawn on every page


def test_a_batch_of_certificates_is_one_page_each() -> None:
    # Speed is measured in benchmarks/run.py, not asserted here.
    batch = [cert(f"Person {i}", number=f"SLA-2026-{i:04d}") for i in range(200)]
    pdf = render_certificates(batch, DESIGN)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 200


@pytest.mark.parametrize(
    ("family", "given", "course", "expected"),
    [
        ("Li", "Jo", "Cohort 7", "Li Jo - Cohort 7.pdf"),
        ("Ó Dónaill", "Siobhán", "Cohort 7", "Ó Dónaill Siobhán - Cohort 7.pdf"),
        ('Smith/Jones: "A"', "Jo*", "Set <3>?", "Smith Jones A Jo - Set 3.pdf"),
        ("", "", "", "Certificate.pdf"),
        ("CON", "", "", "_CON.pdf"),
        ("Li", "Jo", "Cohort 7...", "Li Jo - Cohort 7.pdf"),
    ],
)
def test_file_names_are_safe_on_windows(
    family: str, given: str, course: str, expected: str
) -> None:
    assert certificate_file_name(family, given, course) == expected


def test_file_names_are_limited_in_length() -> None:
    name = certificate_file_name("F" * 200, "G" * 200, "C" * 200)
    assert len(name) <= 124 and name.endswith(".pdf")
