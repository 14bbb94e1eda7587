"""The impact pack as a workbook, read back with openpyxl: every change on the previous period
is a number that still reads "+3", and every sheet has a short name of its own."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import load_workbook

from cohort_desk.services.reports.pack import build_pack, write_pack

TODAY = date.today()
START, END = TODAY - timedelta(days=150), TODAY
SHEETS = [
    "At a glance",
    "Reach by profession",
    "Reach by organisation type",
    "Reach by organisation",
    "Reach by borough",
    "Attendance and completion",
    "Leadership days a week",
    "Evaluation",
    "Evaluation scored 1-5",
    "Evaluation scored 0-10",
    "Equality by ethnicity",
    "Equality by sex",
    "Equality by disability",
    "Definitions",
]


def _book(demo_db, tmp_path):
    pack = build_pack(demo_db, START, END)
    path = write_pack(pack, tmp_path / "pack.xlsx", overwrite=False)
    return pack, load_workbook(path)


def _rows(sheet) -> dict[str, list]:
    """The sheet's rows by their first cell, under the heading and header rows."""
    return {row[0].value: list(row) for row in sheet.iter_rows(min_row=3)}


def test_every_sheet_has_a_short_clear_name_of_its_own(demo_db, tmp_path):
    _pack, book = _book(demo_db, tmp_path)
    # Cut at 31 characters, "Attendance and completion by cohort" was "...by co".
    assert book.sheetnames == SHEETS
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_the_change_is_a_number_formatted_with_its_sign(demo_db, tmp_path):
    pack, book = _book(demo_db, tmp_path)
    glance = book["At a glance"]
    assert [c.value for c in glance[2]] == ["Figure", "This period", "Previous period", "Change"]
    rows = _rows(glance)
    for figure, now, before, change in rows.values():
        assert change.data_type == "n", figure
        assert change.value == now.value - before.value, figure
        assert change.number_format in ("+0;-0;0", "+0.0;-0.0;0"), figure
    reached = rows["People reached"]
    assert reached[3].number_format == "+0;-0;0" and reached[3].value != 0
    evaluation = _rows(book["Evaluation"])
    rate = evaluation["Response rate %"]
    assert rate[1].data_type == rate[3].data_type == "n"
    assert rate[3].value == round(rate[1].value - rate[2].value, 2)
    assert rate[3].number_format == '+0.0" points";-0.0" points";0" points"'
    # Where there is nothing to compare with, the change is left empty, not a "–" text.
    section = pack.section("Evaluation")
    assert section is not None
    missing = [row[0] for row in section.rows if row[2] is None]
    for label in missing:
        assert evaluation[label][3].value is None
    for name in book.sheetnames[:-1]:
        for row in book[name].iter_rows(min_row=3):
            for cell in row[1:]:
                # Text only where privacy hides a count.
                assert cell.data_type == "n" or cell.value in ("<5", "5+", "[c]"), (name, cell)
