"""The Retention tab: people with no activity for a number of years, for someone to review and
then anonymise (all listed, or those selected) after confirmation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import agree, plural
from cohort_desk.services.privacy import retention
from cohort_desk.services.privacy.retention import AnonymiseResult, RetentionRow
from cohort_desk.ui.kit import ask, workers
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import Column, RowTableModel, highest
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel

RETENTION_COLUMNS: list[Column[RetentionRow]] = [
    Column("Ref", lambda r: r.ref, sort_key=lambda r: r.person_id, widest_row=highest("person_id")),
    Column("Name", lambda r: r.name),
    Column("E-mail", lambda r: r.email),
    Column("Organisation", lambda r: r.organisation),
    Column(
        "Last active", lambda r: format_date(r.last_activity), sort_key=lambda r: r.last_activity
    ),
    Column("Archived", lambda r: "Yes" if r.archived else ""),
]


class RetentionPanel(Panel):
    anonymised = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: workers.BackgroundJob | None = None
        self.years = QSpinBox()
        self.years.setRange(1, 100)
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(" year" if n == 1 else " years")
        )
        self.years.setAccessibleName("No activity for at least")
        self.years.setValue(retention.retention_years(db))
        self.review_button = QPushButton("&Review")
        self.review_button.clicked.connect(self.refresh)
        self.select_all_button = QPushButton("Select &all")
        self.anonymise_button = QPushButton("&Anonymise selected…")
        self.anonymise_button.clicked.connect(self.anonymise_selected)
        self.model: RowTableModel[RetentionRow] = RowTableModel(RETENTION_COLUMNS, self)
        self.table = list_table(self.model, "People with no recent activity")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.select_all_button.clicked.connect(self.table.selectAll)
        self.summary = QLabel()
        explain = QLabel(
            "Activity means a session, an enrolment, a certificate, mentoring, the community, "
            "a role, or a change to their record. Look down the list before anonymising: it "
            "cannot be undone, though a backup is taken first."
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                QLabel("No activity for at least"),
                self.years,
                self.review_button,
                self.select_all_button,
                self.anonymise_button,
                stretch_at=3,
            )
        )
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._enable()

    def refresh(self) -> None:
        try:
            rows = retention.retention_candidates(self.db, self.years.value())
        except UserError as exc:
            ui_errors.show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.table.fit_columns()
        self.summary.setText(
            f"{plural(len(rows), 'person')} {agree(len(rows), 'has')} had no activity for "
            f"{self.years.text()}."
        )
        self._enable()

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        self.model.set_filter(
            (lambda r: needle in f"{r.name} {r.email} {r.organisation}".casefold())
            if needle
            else None
        )

    def status_text(self) -> str:
        return f"{plural(self.model.rowCount(), 'person')} to review"

    def selected(self) -> list[RetentionRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(n) for n in rows]

    def _enable(self, *_args: object) -> None:
        count = len(self.selected())
        self.anonymise_button.setEnabled(count > 0)
        self.anonymise_button.setText(
            f"&Anonymise {count:,} selected…" if count else "&Anonymise selected…"
        )

    def anonymise_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        names = ", ".join(r.name for r in chosen[:5]) + (" and others" if len(chosen) > 5 else "")
        question = (
            f"Anonymise {plural(len(chosen), 'person')} ({names})? Their names, contact details, "
            "notes and equality answers are removed for good; anonymous counts stay. "
            "This cannot be undone."
        )
        if not ask.confirm(
            self, "Anonymise people", question, f"Anonymise {len(chosen):,}", safe_default=True
        ):
            return
        ids, years = [r.person_id for r in chosen], self.years.value()
        self.job = workers.run_in_background(
            self,
            "Anonymising…",
            lambda progress: retention.anonymise_people(self.db, ids, years, progress=progress),
            on_done=self._done,
        )

    def _done(self, result: AnonymiseResult) -> None:
        self.refresh()
        self.anonymised.emit()
        skipped = (
            f" {result.skipped} had become active again and were left alone."
            if result.skipped
            else ""
        )
        ask.tell(self, f"Anonymised {plural(result.anonymised, 'person')}.{skipped}")
