"""The People screen's filter bar: cohort, role, organisation, profession, borough, archived."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPushButton, QWidget

from cohort_desk.services.people.lookup import FilterChoices
from cohort_desk.ui.people.rows import FilterState
from cohort_desk.vocabulary import Role

ROLES = (
    ("Any role", ""),
    ("Participants", Role.PARTICIPANT),
    ("Facilitators", Role.FACILITATOR),
    ("Mentors", "mentor"),
)


def _combo(name: str, width_chars: int) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.setMinimumContentsLength(width_chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


class PeopleFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cohort = _combo("Filter by cohort", 10)
        self.role = _combo("Filter by role", 8)
        for label, value in ROLES:
            self.role.addItem(label, value)
        self.organisation = _combo("Filter by organisation", 10)
        self.profession = _combo("Filter by profession", 8)
        self.borough = _combo("Filter by borough", 8)
        self.archived = QCheckBox("Show archived")
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setAccessibleName("Clear all filters")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.cohort, self.role, self.organisation, self.profession, self.borough):
            layout.addWidget(widget, 1)
            widget.currentIndexChanged.connect(self._changed)
        layout.addWidget(self.archived)
        layout.addWidget(self.clear_button)
        self.archived.toggled.connect(self._changed)
        self.clear_button.clicked.connect(self.clear)
        self._quiet = False
        self.clear_button.setEnabled(False)

    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the lists, keeping what was chosen where it still exists."""
        before = self.state()
        self._quiet = True
        try:
            self._fill(self.cohort, "All cohorts", [(name, cid) for cid, name in choices.cohorts])
            self._fill(self.organisation, "All organisations", choices.organisations)
            self._fill(self.profession, "All professions", choices.professions)
            self._fill(self.borough, "All boroughs", choices.boroughs)
            self._select(self.cohort, before.cohort_id)
            self._select(self.organisation, before.organisation)
            self._select(self.profession, before.profession)
            self._select(self.borough, before.borough)
        finally:
            self._quiet = False
        if self.state() != before:
            self._changed()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: Sequence[object]) -> None:
        combo.clear()
        combo.addItem(everything, None)
        for item in items:
            if isinstance(item, tuple):
                combo.addItem(item[0], item[1])
            else:
                combo.addItem(item, item)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def state(self) -> FilterState:
        return FilterState(
            cohort_id=self.cohort.currentData(),
            role=self.role.currentData() or "",
            organisation=self.organisation.currentData() or "",
            profession=self.profession.currentData() or "",
            borough=self.borough.currentData() or "",
            show_archived=self.archived.isChecked(),
        )

    def clear(self) -> None:
        self._quiet = True
        for combo in (self.cohort, self.role, self.organisation, self.profession, self.borough):
            combo.setCurrentIndex(0)
        self.archived.setChecked(False)
        self._quiet = False
        self._changed()

    def _changed(self) -> None:
        if self._quiet:
            return
        self.clear_button.setEnabled(not self.state().is_default)
        self.changed.emit()
