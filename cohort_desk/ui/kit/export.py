"""Export what a screen shows to .xlsx or .csv: ask for a file name, then write in the background.

Any screen can call ``export_rows`` with plain values, or ``export_table`` with one of its
tables (the visible columns, in the order the person arranged them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.exports import ExportTable, record_export, write_table
from cohort_desk.services.progress import Progress
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.rows import SORT_ROLE
from cohort_desk.ui.kit.workers import BackgroundJob, run_in_background


def ask_save_path(parent: QWidget | None, suggested_name: str) -> Path | None:
    """The file to write, with .xlsx or .csv; None when the person cancels."""
    stem = re.sub(r'[\\/:*?"<>|]+', " ", suggested_name).strip() or "export"
    return files.ask_save_path(
        parent, "export", "Export to a spreadsheet", f"{stem}.xlsx", files.SPREADSHEETS
    )


def export_rows(
    parent: QWidget,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    suggested_name: str,
    db: Database | None = None,
    what: str = "",
) -> BackgroundJob | None:
    """Ask where to save, then write the rows off the UI thread; with ``db`` the export is
    recorded in the audit trail as ``what`` (personal data leaving the app)."""
    path = ask_save_path(parent, suggested_name)
    if path is None:
        return None
    table = ExportTable(suggested_name, list(headers), [list(row) for row in rows])

    def work(progress: Progress) -> Path:
        progress.step(0, 1, f"Writing {path.name}…")
        write_table(path, table)
        if db is not None:
            record_export(db, what or suggested_name, path, len(table.rows))
        return path

    def done(written: Any) -> None:
        files.saved(parent, Path(written), f"{plural(len(table.rows), 'row')} as {written.name}")

    return run_in_background(parent, "Exporting…", work, done)


def table_values(view: QTableView) -> tuple[list[str], list[list[object]]]:
    """The headings and displayed text of a table's visible columns, in on-screen order."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [
        header.logicalIndex(visual)
        for visual in range(header.count())
        if not view.isColumnHidden(header.logicalIndex(visual))
    ]
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in columns
    ]
    rows = [[_cell(model.index(r, c)) for c in columns] for r in range(model.rowCount())]
    return headers, rows


def _cell(index: QModelIndex) -> object:
    """What is shown, except that dates and plain numbers go out as real dates and numbers,
    so the spreadsheet can sort and add them up."""
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    value = index.data(SORT_ROLE)
    if isinstance(value, date) and shown:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and str(value) == shown:
        return value
    return "" if shown is None else str(shown)


def export_table(
    parent: QWidget, view: QTableView, suggested_name: str, db: Database | None = None
) -> BackgroundJob | None:
    """Export the rows a table shows (after filtering) as they are displayed."""
    headers, rows = table_values(view)
    return export_rows(parent, headers, rows, suggested_name, db, what=suggested_name)
