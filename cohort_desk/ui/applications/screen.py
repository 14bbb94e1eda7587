"""The Applications screen: a cohort's applications with their answers and the panel's scores
side by side, sorted and filtered, statuses and the waiting list, offers up to the places,
and a free place proposed to the first on the waiting list.

Keys for a panel member: arrows move through the list, Enter (or F2) opens the scoring of
the application, digits type each score, Tab moves on, Enter saves and moves to the next
application, Esc closes without saving. Under blind review names, e-mail, organisation and
equality data never reach this screen: applications show as references (A0042).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications.criteria import list_criteria
from cohort_desk.services.applications.offers import proposal
from cohort_desk.services.applications.places import places_of
from cohort_desk.services.applications.records import ApplicationRow, list_applications
from cohort_desk.services.cohorts.records import CohortRow, list_cohorts
from cohort_desk.ui.applications import rows as app_rows
from cohort_desk.ui.applications.commands import ApplicationCommands
from cohort_desk.ui.applications.detail_pane import ApplicationDetail
from cohort_desk.ui.kit.controls import button_row, push_button
from cohort_desk.ui.kit.export import export_table
from cohort_desk.ui.kit.form import warning_style
from cohort_desk.ui.kit.rows import RowTableModel
from cohort_desk.ui.kit.settings import APPLICATIONS_COHORT
from cohort_desk.ui.kit.splitter import RememberedSplitter
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.shell.screen import Screen
from cohort_desk.vocabulary import ApplicationStatus


class ApplicationsScreen(Screen):
    title = "Applications"
    order = 25
    can_new = True
    can_edit = True
    can_export = True
    can_import = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.cohorts: list[CohortRow] = []
        self.blind = False
        self._search = ""
        self.cohort_combo = QComboBox()
        self.cohort_combo.setAccessibleName("Cohort")
        self.cohort_combo.setMinimumContentsLength(24)
        self.cohort_combo.currentIndexChanged.connect(self._cohort_changed)
        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName("Show")
        for label, _value in app_rows.SHOW_CHOICES:
            self.show_combo.addItem(label)
        self.show_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        cohort_label, show_label = QLabel("&Cohort:"), QLabel("Sho&w:")
        cohort_label.setBuddy(self.cohort_combo)
        show_label.setBuddy(self.show_combo)
        self.places = QLabel()
        self.places.setObjectName("subheading")

        self.model: RowTableModel[ApplicationRow] = RowTableModel([], self)
        self.table = RecordTable(self.model, None, self, multi_select=True, sort_column=-1)
        self.table.setAccessibleName("Applications")
        self.commands = ApplicationCommands(self, self.table, self.chosen_cohort)
        self.table.row_activated.connect(lambda _row: self.commands.score_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._row_chosen())
        self.detail = ApplicationDetail(db, self)

        # The banner a free place raises: proposed to the person, never offered by itself.
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        self.proposal.setStyleSheet(warning_style())
        self.proposal_button = push_button(self, "Offer the &place…", self._offer_proposed)
        self.proposal_box = QWidget()
        banner = QHBoxLayout(self.proposal_box)
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.proposal, 1)
        banner.addWidget(self.proposal_button)
        self.proposal_box.setVisible(False)

        status_menu = QMenu(self)
        for label, value in app_rows.SHOW_CHOICES[2:]:
            status_menu.addAction(label, lambda v=value: self.commands.set_status(v))
        status_button = QPushButton("Set s&tatus")
        status_button.setMenu(status_menu)
        buttons = [
            push_button(
                self, "&Score…", self.commands.score_current, "Score the chosen application (Enter)"
            ),
            push_button(
                self, "Short&list", lambda: self.commands.set_status(ApplicationStatus.SHORTLISTED)
            ),
            push_button(
                self,
                "&Waiting list",
                lambda: self.commands.set_status(ApplicationStatus.WAITING),
                "Put them at the end of the waiting list",
            ),
            push_button(
                self,
                "&Not selected",
                lambda: self.commands.set_status(ApplicationStatus.NOT_SELECTED),
            ),
            status_button,
            push_button(
                self,
                "&Offer places…",
                self.commands.offer_places,
                "The waiting list first, then by total score",
            ),
            push_button(self, "&Add application…", self.commands.add_application),
            push_button(self, "&Import applications…", self.commands.import_applications),
            push_button(self, "C&riteria…", self.commands.edit_criteria),
            push_button(
                self,
                "&Decision letters…",
                self.commands.decision_letters,
                "Offer, waiting-list and regret e-mails for those whose status changed since "
                "their last letter",
            ),
            push_button(
                self,
                "Selection re&port…",
                self.commands.selection_report,
                "Is it fair? PDF or xlsx",
            ),
        ]
        self.buttons = buttons

        # The list across the whole width (every criterion's score beside the names), the
        # chosen application's answers and scores side by side under it.
        self.splitter = RememberedSplitter("applications", Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.set_default_sizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(
            button_row(
                cohort_label,
                self.cohort_combo,
                show_label,
                self.show_combo,
                self.places,
                stretch_at=5,
            )
        )
        layout.addWidget(self.proposal_box)
        layout.addLayout(button_row(*buttons[:6], stretch_at=6))
        layout.addLayout(button_row(*buttons[6:], stretch_at=5))
        layout.addWidget(self.splitter, 1)
        self.refresh()

    # The cohort ---------------------------------------------------------------------------
    def chosen_cohort(self) -> tuple[int, str, bool] | None:
        index = self.cohort_combo.currentIndex()
        if not 0 <= index < len(self.cohorts):
            return None
        cohort = self.cohorts[index]
        return cohort.id, cohort.name, cohort.blind_review

    def _cohort_changed(self) -> None:
        chosen = self.chosen_cohort()
        if chosen is not None:
            APPLICATIONS_COHORT.set(chosen[0])
        self._load()

    def refresh(self) -> None:
        chosen = self.chosen_cohort()
        wanted = chosen[0] if chosen else APPLICATIONS_COHORT.get()
        self.cohorts = list_cohorts(self.db)
        self.cohort_combo.blockSignals(True)
        self.cohort_combo.clear()
        for cohort in self.cohorts:
            self.cohort_combo.addItem(cohort.name)
        ids = [c.id for c in self.cohorts]
        # Without a remembered choice, the cohort taking applications now, else the newest.
        selecting = [c for c in self.cohorts if c.places and c.applications_open_on]
        default = (
            wanted if wanted in ids else (selecting[0].id if selecting else (ids[0] if ids else 0))
        )
        if default in ids:
            self.cohort_combo.setCurrentIndex(ids.index(default))
        self.cohort_combo.blockSignals(False)
        self._load()

    def _load(self) -> None:
        chosen = self.chosen_cohort()
        current = self.table.current_row()
        if chosen is None:
            self.model.set_rows([])
            self.places.setText("No cohorts yet: add one on the Cohorts screen.")
            return
        cohort_id, _name, self.blind = chosen
        names = [c.name for c in list_criteria(self.db, cohort_id)]
        self.model.beginResetModel()
        self.model.columns = app_rows.application_columns(names, self.blind)
        self.model.endResetModel()
        self.model.set_rows(list_applications(self.db, cohort_id))
        self._apply_filter()
        self.table.fit_columns(220)
        header = self.table.horizontalHeader()
        first_score = 2 if self.blind else 5
        for column in range(first_score, first_score + len(names)):
            header.resizeSection(column, 11 * self.fontMetrics().averageCharWidth())
        if not self.blind:
            self.table.setColumnHidden(2, True)  # e-mail: right-click the headings to show it
        if current is not None:
            self.table.select_where(lambda r: r.id == current.id)
        self._show_places(cohort_id)
        self._row_chosen()

    def _show_places(self, cohort_id: int) -> None:
        places = places_of(self.db, cohort_id)
        blind = " · Blind review: names hidden" if self.blind else ""
        if places.places is None:
            self.places.setText(f"No number of places set (Edit cohort){blind}")
        else:
            self.places.setText(
                f"{plural(places.places, 'place')}: {places.offered} offered, "
                f"{places.enrolled} enrolled, {places.free} free · {places.waiting} waiting{blind}"
            )
        proposed = proposal(self.db, cohort_id)
        self.proposal_box.setVisible(proposed is not None)
        if proposed is not None:
            self.proposal.setText(proposed.sentence())

    def _offer_proposed(self) -> None:
        chosen = self.chosen_cohort()
        if chosen is not None:
            self.commands.propose(chosen[0])

    # Filtering ----------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self._apply_filter()

    def _apply_filter(self) -> None:
        show = app_rows.SHOW_CHOICES[max(0, self.show_combo.currentIndex())][1]
        needle, blind = self._search, self.blind

        def keep(row: ApplicationRow) -> bool:
            if show == "mine" and not app_rows.to_score_by_me(row):
                return False
            if show not in (None, "mine") and row.status != show:
                return False
            return not needle or needle in app_rows.search_text(row, blind)

        self.model.set_filter(keep)
        self.status_changed.emit()

    def status_text(self) -> str:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        return f"{plural(shown, 'application')} shown of {total}"

    def _row_chosen(self) -> None:
        self.detail.show_application(self.table.current_row(), self.blind)
        self.status_changed.emit()

    # Hooks the shell calls ----------------------------------------------------------------
    def new_record(self) -> None:
        self.commands.add_application()

    def edit_selected(self) -> None:
        self.commands.score_current()

    def import_file(self) -> None:
        self.commands.import_applications()

    def export_current(self) -> None:
        chosen = self.chosen_cohort()
        name = f"Applications {chosen[1]}" if chosen else "Applications"
        self.job = export_table(self, self.table, name, self.db)

    def show_record(self, record_id: int) -> None:
        self.table.select_where(lambda r: r.id == record_id)


SCREEN = ApplicationsScreen
