"""Preview of attendance read from a file, applied only when the user says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.rules.attendance import STATUS_LABELS
from cohort_desk.services.attendance.from_file import AttendancePlan, Outsider, PlannedMark
from cohort_desk.services.attendance.marking import counts_sentence
from cohort_desk.ui.attendance.rows import STATUS_COLOURS
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.rows import Column, RowTableModel, highest
from cohort_desk.ui.kit.table import RecordTable, list_table


def _label(status: str | None) -> str:
    return STATUS_LABELS[status] if status else "Not marked"


PLAN_COLUMNS: list[Column[PlannedMark]] = [
    Column("Ref", lambda m: m.ref, widest_row=highest("person_id")),
    Column("Name", lambda m: m.name),
    Column("E-mail", lambda m: m.email),
    Column("Now", lambda m: _label(m.before)),
    Column(
        "Will be",
        lambda m: _label(m.after),
        background=lambda m: QBrush(STATUS_COLOURS[m.after]) if m.after else None,
    ),
    Column("Matched by", lambda m: m.matched_by or "No match"),
    Column("Why", lambda m: m.reason),
]
OUTSIDER_COLUMNS: list[Column[Outsider]] = [
    Column("Name in the file", lambda o: o.name),
    Column("E-mail", lambda o: o.email or "(none)"),
    Column("Not matched because", lambda o: o.reason),
]


def _table(model: RowTableModel, name: str) -> RecordTable:  # type: ignore[type-arg]
    table = list_table(model, name)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ImportPreviewDialog(QDialog):
    """What the file would do to the register; nothing is saved until Apply."""

    def __init__(self, plan: AttendancePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Import attendance: {plan.file_name}")
        changes = len(plan.changes)
        summary = QLabel(
            f"<b>{plan.file_name}</b> ({plan.kind}) for <b>{plan.session_title}</b>, "
            f"{plan.session_date}.<br>After applying, the register will have "
            f"{counts_sentence(plan.counts())}. {changes} "
            f"{'mark changes' if changes == 1 else 'marks change'}."
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.RichText)

        self.model: RowTableModel[PlannedMark] = RowTableModel(PLAN_COLUMNS, self)
        self.show_all = QCheckBox("Show marks that stay the same")
        self.show_all.setToolTip("Everyone on the register, and how each was matched")
        self.show_all.toggled.connect(self._filter)
        self.model.set_rows(plan.marks)
        self._filter(False)
        self.table = _table(self.model, "Marks the file would make")

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.show_all)
        layout.addWidget(self.table, 3)
        self.outsider_model: RowTableModel[Outsider] = RowTableModel(OUTSIDER_COLUMNS, self)
        self.outsider_model.set_rows(plan.outsiders)
        if plan.outsiders:
            count = len(plan.outsiders)
            note = QLabel(
                f"<b>Not matched ({count})</b>: {'this entry' if count == 1 else 'these entries'}"
                " in the file matched nobody on this register (guests, the organiser, typing "
                "mistakes, names two people share). They are not added; enrol anyone who "
                "should be, or mark them by hand."
            )
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(_table(self.outsider_model, "People in the file not marked"), 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("&Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(changes))
        if not changes:
            self.apply_button.setToolTip("Every mark already matches the file.")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 900, 620)

    def _filter(self, show_all: bool) -> None:
        self.model.set_filter(None if show_all else (lambda m: m.changed))
