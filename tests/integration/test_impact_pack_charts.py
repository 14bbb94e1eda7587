"""The impact pack's Evaluation and Equality sections: each has a bar chart drawing the numbers
of its table (and nothing a suppressed count would give away), and the chart is in the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepTogether, Table

from cohort_desk.documents import impact_pack as P
from cohort_desk.services.reports.pack import build_pack, set_workforce_shares

TODAY = date.today()
START, END = TODAY - timedelta(days=150), TODAY


def _drawings(flowables: list) -> list[Drawing]:
    found = []
    for item in flowables:
        if isinstance(item, Drawing):
            found.append(item)
        elif isinstance(item, KeepTogether):
            found += _drawings(item._content)
        elif isinstance(item, Table):
            found += _drawings([cell for row in item._cellvalues for cell in row])
    return found


def _chart(section) -> HorizontalBarChart:
    [drawing] = _drawings(P._section(section, 170 * P.mm, P._styles()))
    [chart] = [c for c in drawing.contents if isinstance(c, HorizontalBarChart)]
    return chart


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def test_the_evaluation_chart_draws_each_questions_mean_now_and_before(demo_db):
    pack = build_pack(demo_db, START, END)
    section = pack.section("Evaluation")
    questions = [row for row in section.rows if "(mean" in str(row[0])]
    assert len(questions) >= 3 and len(section.rows) == len(questions) + 3
    chart = _chart(section)
    names = list(reversed(chart.categoryAxis.categoryNames))
    assert len(names) == len(questions)
    for name, row in zip(names, questions, strict=True):
        assert str(row[0]).startswith(name.removesuffix("…").rstrip())
    now, before = ([*reversed(series)] for series in chart.data)
    assert now == [_number(row[1]) for row in questions]
    assert before == [_number(row[2]) for row in questions]
    # The responses, rate and NPS are not drawn against the means.
    assert not {str(row[0]) for row in section.rows[:3]} & set(names)


def test_each_equality_chart_draws_the_shares_and_never_a_suppressed_one(demo_db):
    set_workforce_shares(demo_db, "Female=77; Male=23")
    pack = build_pack(demo_db, START, END)
    sections = [s for s in pack.sections if s.title.startswith("Equality reach")]
    assert sections
    for section in sections:
        numeric = [i for i in (4, 5) if any(_number(row[i]) is not None for row in section.rows)]
        if not numeric:  # every count hidden and no shares entered: a table, and no chart
            assert not _drawings(P._section(section, 170 * P.mm, P._styles()))
            continue
        chart = _chart(section)
        names = list(reversed(chart.categoryAxis.categoryNames))
        drawn = [[series[-1 - i] for series in chart.data] for i in range(len(names))]
        charted = [r for r in section.rows if any(_number(r[i]) is not None for i in numeric)]
        assert len(names) == len(charted) and len(chart.data) == len(numeric)
        for name, values, row in zip(names, drawn, charted, strict=True):
            assert str(row[0]).startswith(name.removesuffix("…").rstrip())
            assert values == [_number(row[i]) for i in numeric]
            if isinstance(row[1], str):  # "<5" or "5+": its share is never drawn
                assert values[0] is None
    sex = pack.section("Equality reach: sex")
    assert sex is not None and len(_chart(sex).data) == 2  # reached and workforce shares


def test_the_pdf_carries_the_evaluation_and_equality_charts(demo_db):
    pack = build_pack(demo_db, START, END)
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(P.render_impact_pack(pack))).pages)
    for title in ("Evaluation", "Equality reach: sex"):
        section = pack.section(title)
        assert section is not None
        for name in _chart(section).categoryAxis.categoryNames:
            label = name.removesuffix("…").rstrip()
            # Once in the chart, once in the table (a cut label is a prefix of the row's).
            assert text.count(label) >= 2, label
