"""Every document, for names in every script the academy's people write: each name can be read
back from the PDF, and no character is drawn as a missing-glyph box."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cohort_desk.documents import fonts, shaping
from cohort_desk.documents.certificates import (
    CertificateData,
    CertificateDesign,
    render_certificates,
)
from cohort_desk.documents.person_report import (
    ReportSection,
    SubjectAccessReport,
    render_subject_access,
)
from cohort_desk.documents.registers import RegisterData, RegisterPerson, render_register
from cohort_desk.documents.summary import (
    SummaryData,
    SummaryRow,
    SummarySession,
    render_cohort_summary,
)
from tests.pdf_checks import EVERY_SCRIPT, NO_FONT, missing_names, notdef_characters

NAMES = [f"{family} {given}" for family, given in EVERY_SCRIPT.values()]


def test_every_script_has_a_font_for_every_character() -> None:
    for script, (family, given) in EVERY_SCRIPT.items():
        assert fonts.missing_characters(family + given) == [], script


@pytest.mark.parametrize("script", sorted(NO_FONT))
def test_a_script_with_no_font_is_reported_with_its_name(script: str) -> None:
    missing = fonts.missing_characters(f"Jo {NO_FONT[script]}")
    assert missing and all(c in NO_FONT[script] for c in missing)
    assert script in fonts.describe_missing(missing)


def test_register_prints_every_script() -> None:
    people = [
        RegisterPerson(f"P{i}", given, family, f"Trust {i}")
        for i, (family, given) in enumerate(EVERY_SCRIPT.values())
    ]
    data = RegisterData(
        "Academy",
        None,
        "Programme",
        "Cohort 1",
        "Session",
        "Workshop",
        datetime(2026, 2, 2, 9, 30),
        None,
        "Room 1",
        "",
        "Dr Amara Okafor",
        people,
    )
    pdf = render_register(data)
    assert notdef_characters(pdf) == []
    assert missing_names(pdf, NAMES) == []


def test_certificates_print_every_script() -> None:
    design = CertificateDesign("Academy", None, "Dr Amara Okafor", "Director", None)
    certs = [
        CertificateData(
            "completion",
            name,
            "Systems Leadership Programme",
            "Cohort 1",
            "2026",
            24,
            f"SLA-2026-{i:04d}",
            "7KQM-2XPA-9HDT",
            date(2026, 11, 28),
        )
        for i, name in enumerate(NAMES)
    ]
    pdf = render_certificates(certs, design)
    assert notdef_characters(pdf) == []
    assert missing_names(pdf, NAMES) == []


def test_summary_prints_every_script() -> None:
    rows = [SummaryRow(name, "Trust", ["P"], 1, 1, 100.0, 3) for name in NAMES]
    data = SummaryData(
        "Academy",
        "Cohort 1",
        "Programme",
        [SummarySession("Session", datetime(2026, 2, 2, 9, 30), 3)],
        rows,
        75,
    )
    pdf = render_cohort_summary(data)
    assert notdef_characters(pdf) == []
    assert missing_names(pdf, NAMES) == []


def test_subject_access_report_prints_every_script() -> None:
    mentees = [["Mentee", "Since"], *([name, "01/02/2026"] for name in NAMES)]
    report = SubjectAccessReport(
        NAMES[4],
        datetime(2026, 11, 28, 14, 5),
        [ReportSection("Mentoring", table=mentees)],
        "Academy",
    )
    pdf = render_subject_access(report)
    assert notdef_characters(pdf) == []
    assert missing_names(pdf, NAMES) == []


def test_a_missing_glyph_would_be_caught_by_these_checks() -> None:
    # Proof the detector works: a Cherokee name forced through the drawing code shows boxes.
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    fonts.register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer)
    shaping.draw_line(canvas, 50, 700, shaping.line_of(NO_FONT["Cherokee"], size=12))
    canvas.save()
    assert notdef_characters(buffer.getvalue())


def test_right_to_left_words_are_in_reading_order() -> None:
    line = shaping.line_of("محمد علي", size=12)
    # One Arabic run, drawn as one right-to-left piece: its first word ends up on the right.
    assert len(line.pieces) == 1
    mixed = shaping.line_of("Dr محمد علي Smith", size=12)
    assert [p.font for p in mixed.pieces][0] == fonts.SANS
    assert [p.font for p in mixed.pieces][-1] == fonts.SANS


def test_a_register_with_a_name_no_font_has_is_refused_naming_whom() -> None:
    from cohort_desk.errors import RefusedError

    people = [
        RegisterPerson("P0001", "Ada", "Allen", "Trust"),
        RegisterPerson("P0002", "ᏣᎳᎩ", "ᎦᏬᏂᎯᏍᏗ", "Trust"),
    ]
    data = RegisterData(
        "Academy",
        None,
        "Programme",
        "Cohort 1",
        "Session",
        "Workshop",
        datetime(2026, 2, 2, 9, 30),
        None,
        "Room 1",
        "",
        "",
        people,
    )
    with pytest.raises(RefusedError) as refused:
        render_register(data)
    assert "P0002" in refused.value.message and "Cherokee" in refused.value.message
    assert "P0001" not in refused.value.message


def test_a_subject_access_report_shows_codes_for_what_no_font_has() -> None:
    from tests.pdf_checks import text_of

    report = SubjectAccessReport(
        f"Jo {NO_FONT['Ethiopic']}",
        datetime(2026, 11, 28, 14, 5),
        [ReportSection("Notes", rows=[("Note", "ᏣᎳᎩ")])],
        "Academy",
    )
    pdf = render_subject_access(report)
    assert notdef_characters(pdf) == []
    text = text_of(pdf)
    assert "[U+13E3]" in text and "Unicode code" in text
