"""The People screen: everyone in the database, searchable as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.services.people import PersonRow, list_people
from cohort_desk.ui.models.base import Column, RowTableModel
from cohort_desk.ui.views.base import Screen

PEOPLE_COLUMNS: list[Column[PersonRow]] = [
    Column("Ref", lambda r: r.ref, sort_key=lambda r: r.id),
    Column("Family name", lambda r: r.family_name),
    Column("Given name", lambda r: r.given_name),
    Column("E-mail", lambda r: r.email),
    Column("Organisation", lambda r: r.organisation),
    Column("Job title", lambda r: r.job_title),
    Column("Profession", lambda r: r.profession),
    Column("Borough", lambda r: r.borough),
]


def person_matches(text: str):  # type: ignore[no-untyped-def]
    needle = text.strip().casefold()
    if not needle:
        return None

    def keep(row: PersonRow) -> bool:
        return (
            needle in row.family_name.casefold()
            or needle in row.given_name.casefold()
            or needle in row.email.casefold()
            or needle in row.organisation.casefold()
        )

    return keep


class PeopleScreen(Screen):
    title = "People"
    order = 10

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.model: RowTableModel[PersonRow] = RowTableModel(PEOPLE_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(list_people(self.db))
        self.status_changed.emit()

    def set_search(self, text: str) -> None:
        self.model.set_filter(person_matches(text))
        self.status_changed.emit()

    def status_text(self) -> str:
        shown = self.model.rowCount()
        total = len(self.model.all_rows())
        return f"{shown:,} of {total:,} people shown" if shown != total else f"{total:,} people"


SCREEN = PeopleScreen
