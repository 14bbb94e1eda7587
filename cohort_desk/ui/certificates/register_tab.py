"""The register of certificates: every one issued, filterable, exportable, and revocable with a
reason and a confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.certificates.register import (
    REGISTER_HEADERS,
    CertificateRow,
    list_certificates,
    matches,
    register_table,
    revoke,
)
from cohort_desk.sheets.writing import SheetOut, write_csv, write_xlsx
from cohort_desk.ui.certificates.rows import register_columns
from cohort_desk.ui.kit import ask, files
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour, warning_colour

SHOW = ("All certificates", "Valid only", "Revoked only")


class RegisterPanel(QWidget):
    changed = Signal()  # a certificate was revoked

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._search = ""
        self.model: RowTableModel[CertificateRow] = RowTableModel(
            register_columns(muted_colour(), warning_colour()), self
        )
        self.table = RecordTable(
            self.model, "certificates", self, multi_select=True, hidden_by_default=(9, 10)
        )
        self.table.set_column_widths({0: 15, 1: 24, 2: 24, 3: 10, 4: 17, 5: 15, 6: 9, 7: 10, 8: 9})
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.show_combo = QComboBox()
        self.show_combo.addItems(SHOW)
        self.show_combo.setAccessibleName("Which certificates to show")
        self.show_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.reprint_button = QPushButton("&Re-print…")
        self.reprint_button.setToolTip(
            "Print the selected certificates again with their numbers (recorded as reissues)"
        )
        self.revoke_button = QPushButton("Re&voke…")
        self.revoke_button.clicked.connect(self.revoke_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.show_combo)
        bar.addStretch(1)
        bar.addWidget(self.reprint_button)
        bar.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self._enable()

    def refresh(self) -> None:
        self.model.set_rows(list_certificates(self.db))
        self._apply_filter()

    def set_search(self, text: str) -> None:
        self._search = text
        self._apply_filter()

    def _apply_filter(self) -> None:
        show, needle = self.show_combo.currentIndex(), self._search

        def keep(row: CertificateRow) -> bool:
            if (show == 1 and row.revoked_at) or (show == 2 and not row.revoked_at):
                return False
            return matches(row, needle)

        self.model.set_filter(keep if (show or needle.strip()) else None)
        self._enable()

    def status_text(self) -> str:
        rows = self.model.all_rows()
        shown = self.model.rowCount()
        revoked = sum(1 for r in rows if r.revoked_at)
        text = plural(len(rows), "certificate") + (f" ({revoked:,} revoked)" if revoked else "")
        return f"{shown:,} of {text} shown" if shown != len(rows) else text

    def _enable(self) -> None:
        rows = self.table.selected_rows()
        self.reprint_button.setEnabled(bool(rows) and all(r.revoked_at is None for r in rows))
        self.revoke_button.setEnabled(len(rows) == 1 and rows[0].revoked_at is None)

    def select_number(self, number: str) -> bool:
        found = lambda r: r.number == number  # noqa: E731
        if self.table.select_where(found):
            return True
        self.refresh()  # issued elsewhere since the list was loaded
        return self.table.select_where(found)

    def revoke_selected(self) -> None:
        rows = self.table.selected_rows()
        if len(rows) != 1 or rows[0].revoked_at is not None:
            return
        row = rows[0]
        reason = ask.ask_text(
            self,
            "Revoke certificate",
            f"Why is {row.number} ({row.holder_name}) being revoked?",
            required=True,
        )
        if reason is None:
            return
        if not ask.confirm(
            self,
            "Revoke certificate",
            f"Revoke {row.number}, issued to {row.holder_name} for {row.course}?\n\n"
            "Anyone checking its code will be told it was revoked, and why. "
            "This cannot be undone.",
            "Revoke",
            safe_default=True,
        ):
            return
        try:
            revoke(self.db, row.number, reason)
        except UserError as exc:
            show_error(self, exc, "Revoke")
            return
        ask.tell(self, f"Revoked {row.number}.")
        self.refresh()
        self.table.select_where(lambda r: r.id == row.id)
        self.changed.emit()

    def export_to(self, path: Path) -> None:
        """What is shown (filters and search applied), as a spreadsheet."""
        rows = register_table(self.model.rows())
        try:
            if path.suffix.lower() == ".csv":
                write_csv(path, REGISTER_HEADERS, rows)
            else:
                path = path.with_suffix(".xlsx")
                write_xlsx(path, [SheetOut("Certificates", REGISTER_HEADERS, rows)])
        except UserError as exc:
            show_error(self, exc, "Export")
            return
        files.saved(self, path, f"{plural(len(rows), 'certificate')} as {path.name}")
