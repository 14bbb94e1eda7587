"""The impact pack as an A4 PDF: a cover with the period and the figures at a glance, one
section after another (a ReportLab chart with its numbers in a table beside it), and the
definitions on the last page.

Colours: NHS blue for this period and a warm grey for the previous one, told apart by
lightness as well as hue, so the charts read in grey print and for colour-blind readers; the
numbers are always in the table too."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cohort_desk.documents import fonts as F
from cohort_desk.documents import layout as L
from cohort_desk.documents import text as T

if TYPE_CHECKING:
    from cohort_desk.services.reports.sections import Cell, ImpactPack, Section

SERIES = (HexColor("#005EB8"), HexColor("#A39E93"), HexColor("#ED8B00"))
CHART_BARS = 10  # the largest groups charted; the table beside lists them all
CHART_WIDTH = 80 * mm
CELL_PADDING = 6  # points: ReportLab's own left and right padding of a table cell


def _styles() -> dict[str, ParagraphStyle]:
    s = L.styles()
    return {
        **s,
        "num": ParagraphStyle("num", parent=s["cell"], alignment=TA_RIGHT),
        "head_r": ParagraphStyle("head_r", parent=s["head"], alignment=TA_RIGHT),
    }


def cell_text(value: Cell, percent: bool = False) -> str:
    if value is None:
        return "–"
    if not isinstance(value, int | float):
        return str(value)  # "<5", or a change on the previous period as it prints itself
    if isinstance(value, float) and value != int(value):
        text = f"{value:,.1f}" if percent else f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text + ("%" if percent else "")


def _numbers(section: Section, width: float, st: dict[str, ParagraphStyle]) -> Table:
    head = [Paragraph(section.headers[0], st["head"])]
    head += [Paragraph(h, st["head_r"]) for h in section.headers[1:]]
    rows: list[list[Any]] = [head]
    for row in section.rows:
        rows.append(
            [T.para(str(row[0]), st["cell"])]
            + [
                Paragraph(cell_text(v, i in section.percent_columns), st["num"])
                for i, v in enumerate(row[1:], start=1)
            ]
        )
    if len(rows) == 1:
        rows.append([Paragraph("Nothing in this period.", st["cell_small"])] + [""] * (
            len(head) - 1))  # fmt: skip
    numbers = [
        max(_number_width(h, st["head_r"]), _widest(section, i, st["num"]))
        for i, h in enumerate(section.headers[1:], start=1)
    ]
    first = max(width - sum(numbers), 30 * mm)
    table = Table(rows, colWidths=[first, *numbers], repeatRows=1)
    table.setStyle(L.figures_table_style(1.5))
    return table


def _number_width(heading: str, style: ParagraphStyle) -> float:
    """17 mm, or wide enough for the heading's longest word: a narrower column broke
    "Participants" into "Participa" and "nts" (seen on the demo's pack)."""
    longest = max((stringWidth(w, style.fontName, style.fontSize) for w in heading.split()),
                  default=0.0)  # fmt: skip
    return max(17 * mm, longest + 2 * CELL_PADDING + 1)


def _widest(section: Section, column: int, style: ParagraphStyle) -> float:
    """Room for the column's longest figure on one line: "+6.3 points" broke over two."""
    texts = [cell_text(row[column], column in section.percent_columns) for row in section.rows]
    longest = max((stringWidth(t, style.fontName, style.fontSize) for t in texts), default=0.0)
    return longest + 2 * CELL_PADDING + 1


def _chartable(section: Section) -> tuple[list[int], list[tuple[str, list[float | None]]]]:
    """The columns with any number to draw, and the rows with one: a suppressed count ("<5")
    or a share not entered is a missing bar, not a row or a chart lost."""
    rows = section.rows[section.chart_from :]
    numeric = [
        i for i in section.chart_columns if any(isinstance(r[i], int | float) for r in rows)
    ]  # fmt: skip
    points = []
    for row in rows:
        values = [row[i] for i in numeric]
        if any(isinstance(v, int | float) for v in values):
            drawn = [float(v) if isinstance(v, int | float) else None for v in values]
            points.append((str(row[0]), drawn))
    return numeric, points


def _legend(drawing: Drawing, names: list[str], y: float) -> None:
    x = 0.0
    for colour, name in zip(SERIES, names, strict=False):
        # A drawn square: the fonts have no "■", which printed as nothing (seen on the demo's
        # pack), leaving the legend without its colours.
        square = Rect(x, y - 0.5, 6, 6)
        square.fillColor, square.strokeColor = colour, None
        drawing.add(square)
        drawing.add(String(x + 9, y, name, fontName=T.SANS, fontSize=7, fillColor=L.DARK_GREY))
        x += 10 + T.text_width(name, T.SANS, 7) + 8


def _bar_chart(section: Section, width: float = CHART_WIDTH) -> Drawing | None:
    columns, points = _chartable(section)
    points = points[:CHART_BARS]
    if not points:
        return None
    labels = 34 * mm if width == CHART_WIDTH else 72 * mm  # a wide chart has long labels
    bar_height = 5.5 * len(columns) + 4
    below = 12 + (11 if section.axis_label else 0)  # the axis's numbers, and its label
    height = max(len(points) * bar_height, 14 * mm) + 18 + below
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = int(labels), below
    chart.width, chart.height = int(width - labels - 2 * mm), int(height - 18 - below)
    chart.data = [[p[1][i] for p in reversed(points)] for i in range(len(columns))]
    chart.categoryAxis.categoryNames = [_fit(p[0], labels - 3 * mm) for p in reversed(points)]
    chart.categoryAxis.labels.fontName = T.SANS
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = T.SANS
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = min(0.0, *(v for p in points for v in p[1] if v is not None))
    if section.chart_scale:  # a rating scale: the whole of it, one tick a point
        chart.valueAxis.valueMin, chart.valueAxis.valueMax = section.chart_scale
        chart.valueAxis.valueStep = 1
    if section.axis_label:
        drawing.add(String(chart.x + chart.width / 2, 1, section.axis_label, fontName=T.SANS,
                           fontSize=7, fillColor=L.DARK_GREY, textAnchor="middle"))  # fmt: skip
    chart.barSpacing = 1
    chart.groupSpacing = 3
    for index in range(len(columns)):
        chart.bars[index].fillColor = SERIES[index]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    _legend(drawing, [section.headers[i] for i in columns], height - 9)
    return drawing


def _line_chart(section: Section) -> Drawing | None:
    _columns, points = _chartable(section)
    if not points:
        return None
    drawing = Drawing(CHART_WIDTH, 55 * mm)
    chart = HorizontalLineChart()
    chart.x, chart.y = int(10 * mm), int(10 * mm)
    chart.width, chart.height = int(CHART_WIDTH - 14 * mm), int(40 * mm)
    chart.data = [[p[1][0] for p in points]]
    chart.categoryAxis.categoryNames = [p[0].replace(" ", "\n") for p in points]
    chart.categoryAxis.labels.fontName = T.SANS
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontName = T.SANS
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = SERIES[0]
    chart.lines[0].strokeWidth = 1.5
    drawing.add(chart)
    return drawing


def _fit(label: str, room: float) -> str:
    """The label, cut short with "…" to fit its measured width: a count of letters let the
    long evaluation questions run off the page's left edge (seen on the demo's pack)."""
    if T.text_width(label, T.SANS, 6.5) <= room:
        return label
    while label and T.text_width(label + "…", T.SANS, 6.5) > room:
        label = label[:-1]
    return label.rstrip() + "…"


def _section(section: Section, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    if section.chart == "bar":
        chart = _bar_chart(section, width if section.chart_above else CHART_WIDTH)
    else:
        chart = _line_chart(section) if section.chart == "line" else None
    parts: list[Flowable] = [CondPageBreak(50 * mm), Paragraph(section.title, st["heading"])]
    if section.note:
        parts.append(T.para(section.note, st["small"]))
        parts.append(Spacer(1, 1.5 * mm))
    wide = section.chart_above or len(section.headers) > 4
    if chart is None:
        parts.append(_numbers(section, width, st))
    elif wide:
        parts += [chart, Spacer(1, 2 * mm), _numbers(section, width, st)]
    else:
        beside = Table(
            [[chart, _numbers(section, width - CHART_WIDTH - 6 * mm, st)]],
            colWidths=[CHART_WIDTH + 6 * mm, width - CHART_WIDTH - 6 * mm],
        )
        beside.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        parts.append(beside)
    if len(section.rows) <= 12:
        return [parts[0], KeepTogether(parts[1:])]
    # Too long to keep whole: the heading and its note still go over with what they head.
    for part in parts[1:-1]:
        part.keepWithNext = True
    return parts


def render_impact_pack(pack: ImpactPack, printed_at: datetime | None = None) -> bytes:
    texts = [(f"The group “{row[0]}”", str(row[0])) for s in pack.sections for row in s.rows]
    F.require_printable("impact pack", texts)
    st = _styles()
    width = L.PAGE[0] - 2 * L.MARGIN
    story: list[Flowable] = [
        Paragraph("Impact pack", st["title"]),
        T.para(f"{pack.period_text}, compared with {pack.previous_text}", st["body"]),
        Spacer(1, 1 * mm),
        Paragraph(
            "Each chart's figures are in the table beside it. Counts under 5 in the equality "
            "tables are not shown. The definitions of every figure are on the last page.",
            st["small"],
        ),
    ]
    for section in pack.sections:
        story += _section(section, width, st)
    story += [PageBreak(), Paragraph("Definitions", st["heading"])]
    for term, meaning in pack.definitions:
        story += [Paragraph(term, st["label"]), T.para(meaning, st["body"]), Spacer(1, 2 * mm)]
    title = f"Impact pack, {pack.period_text}"
    return L.build_document(
        story,
        L.PAGE,
        title=title,
        header=(pack.academy_name, title, pack.logo),
        footer=L.Footer(title, printed_at or datetime.now()),
    )
