"""Subject access reports: everything held about a person, readable and complete."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import datetime

import pypdf
import pytest
from reportlab.lib.units import mm

from cohort_desk.documents.person_report import (
    ReportSection,
    SubjectAccessReport,
    column_widths,
    render_subject_access,
)

GENERATED = datetime(2026, 11, 28, 14, 5)


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def report(
    *sections: ReportSection, name: str = "Siobhán Ó Dónaill-Šimková"
) -> SubjectAccessReport:
    return SubjectAccessReport(name, GENERATED, list(sections), "South East London Academy")


def test_title_person_date_and_key_values() -> None:
    details = ReportSection(
        "Personal details",
        rows=[
            ("Reference", "P0042"),
            ("Organisation", "Smith & Sons <Trust>"),
            ("Notes", "Prefers Shiv.\nNeeds a hearing loop."),
            ("Phone", ""),
        ],
    )
    (text,) = pages_text(render_subject_access(report(details)))
    for expected in (
        "Your personal information",
        "A response to the subject access request of Siobhán Ó Dónaill-Šimková",
        "Prepared on Saturday 28 November 2026",
        "Personal details",
        "P0042",
        "Smith & Sons <Trust>",
        "Prefers Shiv.",
        "Needs a hearing loop.",
        "Page 1 of 1",
    ):
        assert expected in text
    assert "–" in text  # an empty value is shown as a dash, not left blank


def test_an_empty_section_says_nothing_is_held() -> None:
    (text,) = pages_text(render_subject_access(report(ReportSection("Mentoring"))))
    assert "Mentoring" in text and "Nothing held." in text


def test_long_tables_repeat_their_heading_on_every_page() -> None:
    rows = [["Date", "Session", "Mark"]]
    rows += [[f"{d:02d}/02/2026", f"Session number {d}", "Present"] for d in range(1, 29)] * 4
    texts = pages_text(render_subject_access(report(ReportSection("Attendance", table=rows))))
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert re.search(r"Date\s+Session\s+Mark", text)
    assert sum(len(re.findall(r"Session number 7\b", t)) for t in texts) == 4


def test_wide_tables_wrap_inside_the_page() -> None:
    heading = ["When", "Who", "What", "Field", "Old value", "New value", "Source", "Batch"]
    row = [
        "28/11/2026 14:05",
        "admin",
        "update",
        "email",
        "a" * 60 + "@example.org",
        "b@x.org",
        "import",
        "IMP-7",
    ]
    texts = pages_text(
        render_subject_access(report(ReportSection("History", table=[heading, row])))
    )
    assert "IMP-7" in texts[0] and "a" * 20 in texts[0]


def test_column_widths_fill_the_width_and_keep_short_columns_whole() -> None:
    width = 180 * mm
    rows = [["Ref", "Notes"], ["P1", "word " * 80]]
    widths = column_widths(rows, width, 8)
    assert sum(widths) == pytest.approx(width)
    assert widths[0] < 20 * mm < widths[1]
    ragged = column_widths([["A", "B", "C"], ["only one"]], width, 8)
    assert len(ragged) == 3 and sum(ragged) == pytest.approx(width)
