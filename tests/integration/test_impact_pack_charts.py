"""The impact pack's Evaluation and Equality sections: each has a bar chart drawing the numbers
of its table (and nothing a suppressed count would give away), and the chart is in the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus import KeepTogether, Table
from sqlalchemy import text

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


def test_each_rating_scale_has_its_own_chart_on_its_own_axis(demo_db):
    """Means out of 5 and out of 10 once shared one axis, a 4.5 looking half a 9."""
    pack = build_pack(demo_db, START, END)
    evaluation = pack.section("Evaluation")
    assert evaluation is not None and not _drawings(P._section(evaluation, 170 * P.mm,
                                                               P._styles()))  # fmt: skip
    scored = [s for s in pack.sections if s.title.startswith("Evaluation: questions scored")]
    assert [s.title for s in scored] == [
        "Evaluation: questions scored 1 to 5", "Evaluation: questions scored 0 to 10"
    ]  # fmt: skip
    with demo_db.read() as session:
        scales = dict(
            session.execute(
                text(
                    "SELECT DISTINCT question, scale FROM feedback_answers WHERE value IS NOT NULL"
                )
            ).all()
        )
    for section, (low, high) in zip(scored, ((1, 5), (0, 10)), strict=True):
        assert {scales[str(row[0])] for row in section.rows} == {f"{low}-{high}"}
        chart = _chart(section)
        assert (chart.valueAxis.valueMin, chart.valueAxis.valueMax) == (0, high)
        names = list(reversed(chart.categoryAxis.categoryNames))
        assert len(names) == len(section.rows)
        for name, row in zip(names, section.rows, strict=True):
            assert str(row[0]).startswith(name.removesuffix("…").rstrip())
            assert row[1] is None or 0 <= row[1] <= high
        now, before = ([*reversed(series)] for series in chart.data)
        assert now == [_number(row[1]) for row in section.rows]
        assert before == [_number(row[2]) for row in section.rows]
        [drawing] = _drawings(P._section(section, 170 * P.mm, P._styles()))
        labels = [c.text for c in drawing.contents if isinstance(c, String)]
        assert f"Mean answer, on the question's scale of {low} to {high}" in labels


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
    for title in ("Evaluation: questions scored 1 to 5", "Equality reach: sex"):
        section = pack.section(title)
        assert section is not None
        for name in _chart(section).categoryAxis.categoryNames:
            label = name.removesuffix("…").rstrip()
            # Once in the chart, once in the table (a cut label is a prefix of the row's).
            assert text.count(label) >= 2, label
