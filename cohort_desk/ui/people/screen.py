"""The People screen: everyone, filtered as you type, with a detail pane and undoable changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QMenu, QVBoxLayout, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.errors import NotFoundError, UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.people.detail import person_detail
from cohort_desk.services.people.lookup import FilterChoices, filter_choices, person_ids_with
from cohort_desk.services.people.records import (
    PeopleFilter,
    PersonRow,
    count_people,
    list_people,
)
from cohort_desk.ui.kit.controls import chain_tab_order, push_button
from cohort_desk.ui.kit.errors import show_error
from cohort_desk.ui.kit.export import export_table
from cohort_desk.ui.kit.presorted import PresortedTableModel
from cohort_desk.ui.kit.rows import Column, highest
from cohort_desk.ui.kit.splitter import RememberedSplitter
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.theme import muted_colour
from cohort_desk.ui.people import rows as people_rows
from cohort_desk.ui.people.commands import PeopleCommands
from cohort_desk.ui.people.detail_pane import PersonDetailPane
from cohort_desk.ui.people.filters import PeopleFilters
from cohort_desk.ui.people.rows import FilterState
from cohort_desk.ui.shell.screen import Screen

BACKGROUND_LOAD_AT = 20_000  # above this many people the list loads off the UI thread
FIRST_SCREENFUL = 80  # the people shown while the rest load: more than a tall window holds
TEXTS_PAUSE_EVERY = 25  # rows of search text made between letting the UI thread run
FAMILY_NAME = 1  # the column the list is sorted by unless someone chose another
DETAIL_DELAY_MS = 150  # arrowing through the list should not query for every row passed


def people_columns(muted: Any) -> list[Column[PersonRow]]:
    grey = lambda r: muted if r.archived else None  # noqa: E731
    specs: list[tuple[str, Any, Any]] = [
        ("Ref", lambda r: r.ref, lambda r: r.id),
        ("Family name", lambda r: r.family_name, None),
        ("Given name", lambda r: r.given_name, None),
        ("E-mail", lambda r: r.email, None),
        ("Organisation", lambda r: r.organisation, None),
        ("Job title", lambda r: r.job_title, None),
        ("Profession", lambda r: r.profession, None),
        ("Borough", lambda r: r.borough, None),
        ("Phone", lambda r: r.phone, None),
        ("Status", lambda r: "Archived" if r.archived else "", None),
    ]
    columns = [Column(t, show, sort_key=key, foreground=grey) for t, show, key in specs]
    # The list is sorted by name: the first rows measured may hold only short references.
    columns[0] = replace(columns[0], widest_row=highest("id"))
    return columns


class PeopleScreen(Screen):
    title = "People"
    order = 10
    can_new = True
    can_delete = True
    can_edit = True
    can_export = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.choices = FilterChoices([], [], [], [])
        self._needle = ""
        self._haystacks: dict[int, str] = {}
        self._pairs = people_rows.SearchPairs()
        self._ids: set[int] | None = None
        self._job: Any = None
        self.loading = False
        self._previewing = False  # the first screenful is shown while everyone loads
        # The rows whose search text is still being made in the background (a long list is
        # shown before it has its search text), and the jobs making it.
        self._texts_for: list[PersonRow] | None = None
        self._texts_jobs: list[Any] = []

        self.filters = PeopleFilters(self)
        self.filters.changed.connect(self._filters_changed)
        self.model: PresortedTableModel[PersonRow] = PresortedTableModel(
            people_columns(muted_colour()), self
        )
        self.table = RecordTable(
            self.model, "people", self, hidden_by_default=(8, 9), multi_select=True, sort_column=1
        )
        self.table.set_column_widths({0: 7, 1: 16, 2: 14, 3: 30, 4: 30, 5: 24, 6: 16, 7: 12})
        self.table.restore_state()
        self.commands = PeopleCommands(self, self.table, lambda: self.choices)
        self.table.row_activated.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.detail = PersonDetailPane(self)
        self.detail.person_clicked.connect(self.show_record)
        self._detail_timer = QTimer(self, singleShot=True, interval=DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._show_detail)

        self.add_button = push_button(
            self, "&Add person…", self.new_record, "Add a person (Ctrl+N)"
        )
        self.edit_button = push_button(self, "&Edit…", self.edit_selected, "Edit (Enter)")
        self.enrol_button = push_button(
            self, "E&nrol in cohort…", self.commands.enrol_selected, "Enrol the selected people"
        )
        self.archive_button = push_button(
            self, "Arc&hive", self.commands.archive_selected, "Archive: hide, keeping history"
        )
        self.delete_button = push_button(
            self, "&Delete", self.delete_selected, "Delete people with no history (Delete)"
        )
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.enrol_button,
            self.archive_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.splitter = RememberedSplitter("people", Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.set_default_sizes([760, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self.table.setAccessibleName("People")
        order = [
            self.filters.clear_button,
            self.add_button,
            self.edit_button,
            self.enrol_button,
            self.archive_button,
            self.delete_button,
            self.table,
            self.detail,
        ]
        chain_tab_order(order)
        self.setProperty("stale", True)  # loaded when first shown
        self._update_buttons()

    # Loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.setProperty("stale", False)
        chosen = [row.id for row in self.table.selected_rows()]
        self.choices = filter_choices(self.db)
        self.filters.set_choices(self.choices)
        self._ids = self._ids_for(self.filters.state())
        if count_people(self.db) >= BACKGROUND_LOAD_AT:
            self._load_in_background(chosen)
        else:
            self._texts_for = None
            self._show_rows(people_rows.load_people(self.db), chosen)

    def _load_in_background(self, chosen: list[int]) -> None:
        from cohort_desk.ui.kit.workers import BackgroundJob

        if self._job is not None:
            return  # a load is already on its way
        self.loading = True
        self._show_first_screenful()
        self.status_changed.emit()
        self._job = BackgroundJob(
            self,
            "Loading people",
            lambda _progress: people_rows.everyone(self.db),
            on_done=lambda rows: self._loaded(rows, chosen),
            on_error=self._load_failed,
            show_dialog=False,
        ).start()

    def _show_first_screenful(self) -> None:
        """The first people of the list while everyone else loads (100,000 people take a
        second or more to read): only on the first load, in the list's usual order, with no
        search or filter chosen, as a search over a part of the list would find too little."""
        sort = self.model.sort_order()
        if self.model.all_rows() or sort != (FAMILY_NAME, Qt.SortOrder.AscendingOrder):
            return
        if self._needle or not self.filters.state().is_default:
            return
        first = list_people(self.db, PeopleFilter(), limit=FIRST_SCREENFUL)
        self._previewing = True
        self.model.set_rows(first)
        self._apply_filter()

    def _loaded(self, rows: list[PersonRow], chosen: list[int]) -> None:
        """Show the rows at once, and make their search text in the background after."""
        from cohort_desk.ui.kit.workers import BackgroundJob

        self._job = None
        if self._previewing:  # whoever was picked in the first screenful stays picked
            chosen = [row.id for row in self.table.selected_rows()] or chosen
            self._previewing = False
        self._texts_for = rows  # set first: a search already typed makes it on the spot
        self._show_rows(people_rows.LoadedPeople(rows, {}), chosen)
        if self._texts_for is not rows:
            return
        job = BackgroundJob(
            self,
            "Preparing the search",
            lambda _progress: people_rows.search_texts(rows, pause_every=TEXTS_PAUSE_EVERY),
            on_done=lambda texts: self._texts_made(rows, texts),
            on_error=self._load_failed,
            show_dialog=False,
        )
        job.finished.connect(lambda: self._texts_jobs.remove(job))
        self._texts_jobs.append(job)
        job.start()

    def _texts_made(self, rows: list[PersonRow], texts: dict[int, str]) -> None:
        if self._texts_for is not rows:
            return  # made on the spot already, or a newer load is on its way
        self._texts_for = None
        self._haystacks = texts
        if self._needle:
            self._apply_filter()
        self.status_changed.emit()

    def _load_failed(self, error: BaseException) -> None:
        self._job = None
        self.loading = False
        if self._previewing:  # a part of the list must not pass for all of it
            self._previewing = False
            self.model.set_rows([])
        show_error(self, error)

    def _show_rows(self, result: people_rows.LoadedPeople, chosen: list[int]) -> None:
        self.loading = False
        self._haystacks = result.haystacks
        self.model.set_rows(result.rows)
        self._apply_filter()
        self._selection_changed()  # the new rows reset the selection, filtered or not
        if chosen:
            self.table.select_where(lambda row: row.id == chosen[0])
        self.status_changed.emit()

    def is_loading(self) -> bool:
        return self.loading or self._texts_for is not None

    # Filtering ----------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self._needle = text.strip().casefold()
        self._apply_filter()

    def _ids_for(self, state: FilterState) -> set[int] | None:
        if not state.needs_ids:
            return None
        return person_ids_with(self.db, state.cohort_id, state.role)

    def _filters_changed(self) -> None:
        self._ids = self._ids_for(self.filters.state())
        self._apply_filter()

    def _apply_filter(self) -> None:
        if self._previewing:
            # Searching or filtering the first screenful would find too little: nothing is
            # shown under "Loading people…" until everyone is there to search.
            chosen = not self._needle and self.filters.state().is_default
            self.model.set_selection(None if chosen else lambda _rows: [])
            self._selection_changed()
            return
        if self._needle and self._texts_for is not None:
            # Typed before the background made the search text: make it now (0.7 s once).
            self._haystacks = people_rows.search_texts(self._texts_for)
            self._texts_for = None
        # Keep the person being looked at selected while the list narrows around them.
        current = self.table.current_row()
        shown = self.model.set_selection(
            people_rows.people_selection(
                self.filters.state(), self._ids, self._needle, self._haystacks, self._pairs
            )
        )
        if not shown:
            return  # the same people shown: selection, status and buttons stand as they were
        if current is not None:
            self.table.select_row(current)
        self._selection_changed()

    def status_text(self) -> str:
        if self.loading:
            return "Loading people…"
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        text = (
            f"{shown:,} of {plural(total, 'person')} shown"
            if shown != total
            else plural(total, "person")
        )
        selected = len(self.table.selectionModel().selectedRows())
        return text + (f" · {selected:,} selected" if selected > 1 else "")

    # Selection and detail -----------------------------------------------------------------
    def _selection_changed(self, *_args: Any) -> None:
        self._update_buttons()
        self._detail_timer.start()
        self.status_changed.emit()

    def _update_buttons(self) -> None:
        rows = self.table.selected_rows()
        self.edit_button.setEnabled(len(rows) == 1)
        for button in (self.enrol_button, self.archive_button, self.delete_button):
            button.setEnabled(bool(rows))
        restoring = bool(rows) and all(row.archived for row in rows)
        self.archive_button.setText("Rest&ore" if restoring else "Arc&hive")

    def _show_detail(self) -> None:
        if not self.isVisible():  # the timer may fire after the screen was closed
            return
        rows = self.table.selected_rows()
        if len(rows) == 1:
            try:
                self.detail.show_detail(person_detail(self.db, rows[0].id))
            except NotFoundError as exc:  # removed by someone else: say so in the pane
                self.detail.show_nothing(exc.message)
            except UserError as exc:
                show_error(self, exc)
        elif rows:
            self.detail.show_nothing(f"{plural(len(rows), 'person')} selected.")
        else:
            self.detail.show_nothing()

    def show_record(self, person_id: int) -> None:
        """Select one person, clearing filters and search if they hide them."""
        if self.property("stale"):
            self.refresh()
        if not self.table.select_where(lambda row: row.id == person_id):
            self.filters.archived.setChecked(True)
            self._needle = ""
            self._apply_filter()
            if not self.table.select_where(lambda row: row.id == person_id):
                self.filters.clear()
                self.filters.archived.setChecked(True)
                self.table.select_where(lambda row: row.id == person_id)
        self.table.setFocus()

    def _context_menu(self, position: Any) -> None:
        menu = QMenu(self)
        for button in (
            self.edit_button,
            self.enrol_button,
            self.archive_button,
            self.delete_button,
        ):
            action = menu.addAction(button.text().replace("&", ""), button.click)
            action.setEnabled(button.isEnabled())
        bold = QFont(menu.font())
        bold.setBold(True)
        menu.actions()[0].setFont(bold)
        menu.popup(self.table.viewport().mapToGlobal(position))
        self._menu = menu

    # Actions (menus and shortcuts) --------------------------------------------------------
    def new_record(self) -> None:
        self.commands.add_person()

    def edit_selected(self) -> None:
        self.commands.edit_person()

    def delete_selected(self) -> None:
        self.commands.delete_selected()

    def export_current(self) -> None:
        """The people shown (after search and filters), in the columns shown, to a file."""
        export_table(self, self.table, "People", self.db)


SCREEN = PeopleScreen
