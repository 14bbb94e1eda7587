"""export_rows and export_table: what a screen shows goes to .xlsx or .csv, written off the UI
thread, with real dates and numbers, and the export recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from cohort_desk.db.models import AuditEntry
from cohort_desk.ui.kit import export as export_ui
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable

ROWS = [("P0001", "=cmd|' /C calc'!A0", date(2026, 11, 28), 3), ("P0002", "Zoë", None, 12)]
COLUMNS: list[Column[tuple]] = [
    Column("Ref", lambda r: r[0]),
    Column("Name", lambda r: r[1]),
    Column("Joined", lambda r: r[2].strftime("%d/%m/%Y") if r[2] else "", sort_key=lambda r: r[2]),
    Column("Sessions", lambda r: r[3], align_right=True),
]


@pytest.fixture
def table(qtbot) -> RecordTable:
    model: RowTableModel[tuple] = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    view = RecordTable(model, "test_export")
    model.setParent(view)
    qtbot.addWidget(view)
    view.setColumnHidden(0, True)
    return view


def test_table_values_take_visible_columns_with_real_dates_and_numbers(table) -> None:
    headers, rows = export_ui.table_values(table)
    assert headers == ["Name", "Joined", "Sessions"]
    assert rows == [["=cmd|' /C calc'!A0", date(2026, 11, 28), 3], ["Zoë", "", 12]]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_table_writes_in_the_background_and_records_it(
    qtbot, db, table, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    target = tmp_path / f"list{suffix}"
    monkeypatch.setattr(export_ui, "ask_save_path", lambda _parent, _name: target)
    job = export_ui.export_table(table, table, "Members", db)
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=10_000)
    assert job.error is None and target.exists()
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(target).active
        assert sheet is not None
        assert [c.value for c in sheet[1]] == ["Name", "Joined", "Sessions"]
        assert sheet["B2"].number_format == "dd/mm/yyyy" and sheet["C2"].value == 3
        assert sheet["A2"].data_type == "s"  # never a live formula
    else:
        text = target.read_text(encoding="utf-8-sig")
        assert text.splitlines()[1] == "'=cmd|' /C calc'!A0,28/11/2026,3"
    with db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.record_type == "Export")).one()
    assert entry.changes["file"] == target.name and entry.changes["rows"] == 2


def test_cancelling_the_file_dialog_writes_nothing(qtbot, table, monkeypatch) -> None:
    monkeypatch.setattr(export_ui, "ask_save_path", lambda _parent, _name: None)
    assert export_ui.export_rows(table, ["A"], [["x"]], "nothing") is None


def test_people_screen_exports_what_it_shows(qtbot, main_window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "people.xlsx"
    monkeypatch.setattr(export_ui, "ask_save_path", lambda _parent, _name: target)
    people = next(s for s in main_window.screens if s.title == "People")
    assert people.can_export
    people.refresh()
    shown = people.model.rowCount()
    assert shown > 0
    people.export_current()
    qtbot.waitUntil(target.exists, timeout=10_000)
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == shown + 1
    assert "E-mail" in [c.value for c in sheet[1]]
