"""The Leadership time tab: days a week of system leadership now, by group, and over time."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.community import leadership
from cohort_desk.services.community.leadership import Group, LeadershipReport, Quarter
from cohort_desk.ui.community.rows import GROUP_COLUMNS, QUARTER_COLUMNS
from cohort_desk.ui.kit.controls import button_row
from cohort_desk.ui.kit.rows import ROW_ROLE, Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.shell.screen import Panel

GROUP_NAMES = {
    "profession": "Profession",
    "borough": "Borough",
    "organisation": "Organisation they work for",
    "body": "Board or organisation of the role",
}


class BarDelegate(QStyledItemDelegate):
    """Draws each row's days a week as a bar, so the shape is seen at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.largest = 1.0

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        row = index.data(ROW_ROLE)
        if row is None:
            return
        rect = option.rect.adjusted(6, 6, -6, -6)  # type: ignore[attr-defined]
        width = int(rect.width() * row.days_per_week / max(self.largest, 0.1))
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.highlight())  # type: ignore[attr-defined]
        painter.drawRect(QRect(rect.left(), rect.top(), width, rect.height()))
        painter.restore()


def _with_bar(columns: list[Column]) -> list[Column]:
    return [*columns, Column("", lambda _r: "")]


class LeadershipTimePanel(Panel):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report: LeadershipReport | None = None
        self.by = QComboBox()
        self.by.setAccessibleName("Group by")
        for key in leadership.GROUPINGS:
            self.by.addItem(GROUP_NAMES[key], key)
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        by_label = QLabel("&Group by:")
        by_label.setBuddy(self.by)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)

        self.groups_model: RowTableModel[Group] = RowTableModel(_with_bar(GROUP_COLUMNS), self)
        self.quarters_model: RowTableModel[Quarter] = RowTableModel(
            _with_bar(QUARTER_COLUMNS), self
        )
        self.groups = list_table(self.groups_model, "Days a week by group")
        self.quarters = list_table(self.quarters_model, "Days a week over time")
        self.group_bars, self.quarter_bars = BarDelegate(self), BarDelegate(self)
        self.groups.setItemDelegateForColumn(len(GROUP_COLUMNS), self.group_bars)
        self.quarters.setItemDelegateForColumn(len(QUARTER_COLUMNS), self.quarter_bars)
        self.groups_box = QGroupBox("Now")
        QVBoxLayout(self.groups_box).addWidget(self.groups)
        quarters_box = QGroupBox("Over the last two years (at the end of each quarter)")
        QVBoxLayout(quarters_box).addWidget(self.quarters)
        # Stacked rather than side by side, so the bars have the width to show differences.
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.groups_box)
        tables.addWidget(quarters_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(button_row(by_label, self.by))
        layout.addWidget(tables, 1)

    def refresh(self) -> None:
        report = leadership.leadership_report(self.db, by=self.by.currentData() or "profession")
        self.report = report
        self.headline.setText(
            f"{report.total_days_per_week:g} days a week of system leadership on "
            f"{format_date(report.on)}: {plural(report.roles, 'role')} held by "
            f"{plural(report.people, 'person')}."
        )
        self.groups_box.setTitle(f"Now, by {GROUP_NAMES[report.by].lower()}")
        self.groups_model.set_rows(report.groups)
        self.quarters_model.set_rows(report.over_time)
        self.group_bars.largest = max((g.days_per_week for g in report.groups), default=1.0)
        self.quarter_bars.largest = max((q.days_per_week for q in report.over_time), default=1.0)
        for table in (self.groups, self.quarters):
            table.fit_columns()

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        self.groups_model.set_filter((lambda g: needle in g.name.casefold()) if needle else None)

    def status_text(self) -> str:
        return f"{self.report.total_days_per_week:g} days a week" if self.report else ""
