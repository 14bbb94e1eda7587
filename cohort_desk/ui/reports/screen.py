"""The Reports screen: the impact pack for a period, its headline figures on screen, and the
whole pack saved as a PDF or an Excel workbook. The figures are the pack's own
(services.reports.pack), worked out off the window's thread; nothing is counted here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules import impact as I
from cohort_desk.services.reports.pack import build_pack, write_pack
from cohort_desk.services.reports.sections import (
    AT_A_GLANCE,
    COHORTS,
    EVALUATION,
    Change,
    ImpactPack,
)
from cohort_desk.ui.kit import files
from cohort_desk.ui.kit.controls import chain_tab_order, push_button
from cohort_desk.ui.kit.dates import DateField
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.form import warning_style
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.workers import BackgroundJob
from cohort_desk.ui.reports.cards import HeadlineGrid, cell_text
from cohort_desk.ui.shell.screen import Screen

PRESETS = ("Last quarter", "This quarter so far", "Last 12 months", "Dates chosen")
EXCEL = {"Excel workbook (*.xlsx)": ".xlsx"}


def preset_period(choice: str, today: date) -> tuple[date, date] | None:
    if choice == PRESETS[0]:
        return I.last_quarter(today)
    if choice == PRESETS[1]:
        return I.quarter_of(today)[0], today
    if choice == PRESETS[2]:
        return I.last_twelve_months(today)
    return None


def _columns(headers: list[str], percent: set[int]) -> list[Column[list[Any]]]:
    return [
        Column(
            title,
            lambda row, i=i: cell_text(row[i], i in percent),
            sort_key=lambda row, i=i: row[i].value if isinstance(row[i], Change) else row[i],
            align_right=i > 0,
        )
        for i, title in enumerate(headers)
    ]


class ReportsScreen(Screen):
    title = "Reports"
    order = 85
    searchable = False
    can_export = True  # Ctrl+E saves the pack as a workbook

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.pack: ImpactPack | None = None
        self.job: BackgroundJob | None = None
        self.result = ""
        self.preset = QComboBox()
        self.preset.addItems(PRESETS)
        self.preset.setAccessibleName("Period")
        start, end = I.last_quarter(date.today())
        self.start = DateField(start, field="from", compact=True)
        self.end = DateField(end, field="to", compact=True)
        self.start.setAccessibleName("From")
        self.end.setAccessibleName("To")
        labels = [QLabel("&Period"), QLabel("Fro&m"), QLabel("&To")]  # Alt+F is the File menu
        for label, buddy in zip(labels, (self.preset, self.start, self.end), strict=True):
            label.setBuddy(buddy)
            label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.show_button = push_button(self, "&Show figures", self.show_figures)
        self.pdf_button = push_button(self, "Save as P&DF…", lambda: self.save_pack(".pdf"))
        self.excel_button = push_button(self, "Save as E&xcel…", lambda: self.save_pack(".xlsx"))
        self.pdf_button.setToolTip("The whole impact pack, with charts and definitions, on A4")
        self.excel_button.setToolTip("The impact pack's figures, one sheet per section")
        bar = QHBoxLayout()
        for label, widget in zip(labels, (self.preset, self.start, self.end), strict=True):
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addSpacing(12)
        for button in (self.show_button, self.pdf_button, self.excel_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no end known: the bar moves while the pack is made
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Result")
        status = QHBoxLayout()
        status.addWidget(self.busy)
        status.addWidget(self.message, 1)
        self.heading = QLabel()
        self.heading.setObjectName("subheading")
        self.heading.setWordWrap(True)
        self.cards = HeadlineGrid()
        self.cohorts_model: RowTableModel[list[Any]] = RowTableModel([], self)
        self.cohorts = RecordTable(self.cohorts_model, None, self, sort_column=-1)
        self.cohorts.setAccessibleName("Attendance and completion by cohort")
        self.cohorts.horizontalHeader().setStretchLastSection(False)
        self.cohorts_title = QLabel(COHORTS)
        self.cohorts_title.setObjectName("cardTitle")
        body = QWidget()
        inside = QVBoxLayout(body)
        inside.setContentsMargins(0, 0, 8, 0)
        inside.addWidget(self.heading)
        inside.addWidget(self.cards)
        inside.addWidget(self.cohorts_title)
        inside.addWidget(self.cohorts, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(status)
        layout.addWidget(scroll, 1)
        chain_tab_order([self.preset, self.start, self.end, self.show_button, self.pdf_button,
                         self.excel_button, self.cohorts])  # fmt: skip
        self.preset.currentTextChanged.connect(self._preset_chosen)
        self.start.changed.connect(self._dates_typed)
        self.end.changed.connect(self._dates_typed)
        self.setProperty("stale", True)

    # The period ----------------------------------------------------------------------------
    def _preset_chosen(self, choice: str) -> None:
        period = preset_period(choice, date.today())
        if period is None:
            return
        for field, day in zip((self.start, self.end), period, strict=True):
            field.changed.disconnect(self._dates_typed)
            field.set_day(day)
            field.changed.connect(self._dates_typed)
        self.show_figures()

    def _dates_typed(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentText(PRESETS[-1])
        self.preset.blockSignals(False)

    def period(self) -> tuple[date, date]:
        """The period typed; a date that is not one, or a period that ends before it
        begins, is refused in one sentence."""
        start, end = self.start.day(), self.end.day()
        assert start is not None and end is not None  # neither field is optional
        refusal = I.period_refusal(start, end)
        if refusal:
            raise UserError(refusal.replace("give --from before --to", "give From before To"))
        return start, end

    # Hooks ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.setProperty("stale", False)
        self.show_figures()

    def export_current(self) -> None:
        self.save_pack(".xlsx")

    def status_text(self) -> str:
        return self.result

    # Work ------------------------------------------------------------------------------------
    def show_figures(self) -> None:
        """Work out the pack for the period and show its headline figures."""
        try:
            start, end = self.period()
        except UserError as exc:
            self._say(exc.message, warning=True)
            return
        self._run(lambda: build_pack(self.db, start, end), self._shown)

    def save_pack(self, suffix: str) -> None:
        """Ask where, then make and write the pack; the save dialog asks before replacing."""
        try:
            start, end = self.period()
        except UserError as exc:
            self._say(exc.message, warning=True)
            return
        name = f"Impact pack {start:%d-%m-%Y} to {end:%d-%m-%Y}{suffix}"
        filters = files.PDF if suffix == ".pdf" else EXCEL
        path = files.ask_save_path(self, "reports", "Save the impact pack", name, filters)
        if path is None:
            return

        def work() -> tuple[ImpactPack, Path]:
            pack = build_pack(self.db, start, end)
            return pack, write_pack(pack, path, overwrite=True)  # the save dialog asked

        self._run(work, self._saved)

    def _run(self, work: Any, done: Any) -> None:
        if self.job is not None:
            return  # one at a time; the buttons are off meanwhile
        self._busy(True)
        self.job = BackgroundJob(self, "Impact pack", lambda _progress: work(), done,
                                 self._failed, show_dialog=False)  # fmt: skip
        self.job.finished.connect(self._finished)
        self.job.start()

    def _finished(self) -> None:
        self.job = None
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.show_button, self.pdf_button, self.excel_button, self.preset):
            widget.setEnabled(not busy)
        if busy:
            self._say("Working out the figures…")

    def _shown(self, pack: ImpactPack) -> None:
        self.pack = pack
        glance = pack.section(AT_A_GLANCE)
        evaluation = pack.section(EVALUATION)
        # The responses, the response rate and each net promoter score.
        rows = (glance.rows if glance else []) + (evaluation.rows if evaluation else [])
        self.cards.show_rows(rows)
        self.heading.setText(
            f"{pack.period_text}, beside the previous period ({pack.previous_text}). The saved "
            "pack also holds reach by profession, organisation and borough, system leadership "
            "time, evaluation scores and equality reach, with the definitions on its last page."
        )
        cohorts = pack.section(COHORTS)
        self.cohorts_model.beginResetModel()  # the pack says what its columns are
        self.cohorts_model.columns = (
            _columns(cohorts.headers, cohorts.percent_columns) if cohorts else []
        )
        self.cohorts_model.endResetModel()
        self.cohorts_model.set_rows(cohorts.rows if cohorts else [])
        self.cohorts.fit_columns()
        self._say(f"The impact pack's figures for {pack.period_text}.")

    def _saved(self, result: tuple[ImpactPack, Path]) -> None:
        pack, path = result
        self._shown(pack)
        self._say(f"Saved the impact pack for {pack.period_text} as {path.name} in "
                  f"{path.parent}.")  # fmt: skip
        files.saved(self, path, "the impact pack")

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self._say(error.message, warning=True)
        else:
            self._say("")
            show_error(self, error)

    def _say(self, text: str, warning: bool = False) -> None:
        self.result = text
        self.message.setText(text)
        self.message.setStyleSheet(warning_style() if warning else "")
        self.status_changed.emit()


SCREEN = ReportsScreen
