"""What issued certificates say, read back from the PDFs: name, course, number, code, design."""

from __future__ import annotations

import unicodedata

import pytest

from cohort_desk.errors import ValidationError
from cohort_desk.services.certificates.design import (
    DesignValues,
    load_design,
    preview_pdf,
    sample_page,
    save_design,
)
from cohort_desk.services.certificates.issuing import issue
from tests.integration.certificate_data import (
    COHORT,
    TODAY,
    build_cohort,
    cohort_id,
    pdf_text,
)

SIXTY = "Maximiliana Alexandra-Wilhelmina Featherstonehaugh-Cholmondel"[:60]
# In the order they are numbered: by family name.
NAMES = [
    (SIXTY.rsplit(" ", 1)[0], SIXTY.rsplit(" ", 1)[1], "long@example.org"),
    ("Jo", "Li", "jo@example.org"),
    ("Nguyễn Thị", "Minh Khai", "khai@example.org"),
]


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def issued(db, tmp_path):  # type: ignore[no-untyped-def]
    build_cohort(db, [(g, f, e, ["present"] * 4) for g, f, e in NAMES])
    return issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)


def test_each_file_names_its_holder_course_number_and_code(issued):
    assert len(issued.numbers) == 3
    for (given, family, _), path, number, code in zip(
        NAMES, issued.files, issued.numbers, issued.codes, strict=False
    ):
        text = _flat(pdf_text(path))
        assert path.name == f"{family} {given} - {COHORT}.pdf"
        assert "Certificate of Completion" in text
        # A long name may be split over two lines, never clipped: every word is there.
        assert all(word in text for word in f"{given} {family}".split())
        # The programme's name; the cohort's internal name stays off the certificate.
        assert COHORT not in text and "Systems Leadership Academy" in text
        assert number in text and code in text
        assert "28 November 2026" in text and "12 CPD hours" in text
    assert _flat("Nguyễn Thị Minh Khai") in _flat(pdf_text(issued.files[2]))


def test_the_combined_file_has_one_page_per_certificate_in_number_order(issued):
    from pypdf import PdfReader

    reader = PdfReader(str(issued.combined))
    assert len(reader.pages) == 3
    for page, number in zip(reader.pages, issued.numbers, strict=True):
        assert number in page.extract_text()


def test_the_saved_design_is_what_certificates_print(db, tmp_path):
    build_cohort(db, [("Jo", "Li", "jo@example.org", ["present"] * 4)])
    values = load_design(db)
    values.academy_name = "Lambeth Leadership Hub"
    values.signatory_name = "Dr Amara Okafor"
    values.signatory_title = "Director of Leadership"
    values.completion_wording = "has completed with distinction"
    values.accent_colour = "#8a1538"
    save_design(db, values)
    assert load_design(db).accent_colour == "#8A1538"
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    text = _flat(pdf_text(result.files[0]))
    assert "Lambeth Leadership Hub" in text
    assert "Dr Amara Okafor" in text and "Director of Leadership" in text
    assert "has completed with distinction" in text


def test_a_bad_design_is_refused_and_nothing_saved(db):
    before = load_design(db)
    bad_colour = DesignValues(**{**before.__dict__, "accent_colour": "blue"})
    with pytest.raises(ValidationError, match="six hex digits"):
        save_design(db, bad_colour)
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        save_design(db, DesignValues(**{**before.__dict__, "logo": b"GIF89a not allowed"}))
    with pytest.raises(ValidationError, match="cannot be empty"):
        save_design(db, DesignValues(**{**before.__dict__, "academy_name": " "}))
    assert load_design(db) == before


def test_the_preview_is_a_real_page_once_certificates_exist(db, tmp_path, issued):
    page = sample_page(db, "completion")
    assert page.number == issued.numbers[-1] and page.course == COHORT
    text = _flat(pdf_text_bytes(preview_pdf(load_design(db), page)))
    assert issued.numbers[-1] in text and "Minh Khai" in text


def test_the_preview_has_a_sample_before_anything_is_issued(db):
    text = _flat(pdf_text_bytes(preview_pdf(load_design(db), sample_page(db, "attendance"))))
    assert "Certificate of Attendance" in text and "Nguyễn Thị Minh Khai" in text


def pdf_text_bytes(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
