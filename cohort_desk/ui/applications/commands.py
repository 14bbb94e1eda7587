"""What the Applications screen's buttons do: each change through one service, each one on the
screen's undo stack, and a freed place proposed to the person, never offered by itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cohort_desk.documents.calendar import safe_file_name
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications import criteria, offers, statuses
from cohort_desk.services.applications.letters import plan_letters, write_letters
from cohort_desk.services.applications.places import places_of
from cohort_desk.services.applications.records import (
    ApplicationRow,
    add_application,
    remove_application,
)
from cohort_desk.services.applications.report_files import write_selection_report
from cohort_desk.services.applications.statuses import StatusChange
from cohort_desk.ui.applications.dialogs import AddApplicationDialog, CriteriaDialog
from cohort_desk.ui.applications.import_wizard import ApplicationsImportWizard
from cohort_desk.ui.applications.offer_dialog import OfferDialog
from cohort_desk.ui.applications.rows import STATUS_LABELS
from cohort_desk.ui.applications.score_dialog import ScoreDialog
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import attempt, push_done
from cohort_desk.ui.shell.screen import Screen

LETTERS_FOLDER = "mail"  # the folder the mail merge last wrote into, remembered for both
REPORT_FILES = {"PDF document (*.pdf)": ".pdf", "Excel workbook (*.xlsx)": ".xlsx"}


class ApplicationCommands:
    """Works on the screen through its interface and the table, and asks the screen for the
    chosen cohort (its id, name and whether it is under blind review)."""

    def __init__(
        self,
        screen: Screen,
        table: RecordTable,
        cohort: Callable[[], tuple[int, str, bool] | None],
    ) -> None:
        self.screen = screen
        self.table = table
        self.cohort = cohort
        self.db = screen.db

    def _after(self) -> None:
        self.screen.reload_after_change()

    def _who(self, row: ApplicationRow, blind: bool) -> str:
        return row.label(blind)

    # Scoring ------------------------------------------------------------------------------
    def score_current(self) -> None:
        row, chosen = self.table.current_row(), self.cohort()
        if row is None or chosen is None:
            return
        cohort_id, _name, blind = chosen
        wanted = criteria.list_criteria(self.db, cohort_id)
        if not wanted:
            ask.inform(
                self.screen,
                "No criteria yet",
                "This cohort has no selection criteria to score; add them with Criteria… first.",
            )
            return
        dialog = ScoreDialog(self.db, row, wanted, blind, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            saved, after = list(dialog.saved), dict(dialog.after)
        if saved:
            self._push_scores(row, blind, saved, after)
            self._after()
        if accepted:
            self._select_after(row.id)

    def _push_scores(
        self,
        row: ApplicationRow,
        blind: bool,
        saved: list[criteria.ScoreState],
        after: dict[int, tuple[int, str]],
    ) -> None:
        def undo() -> None:
            for state in reversed(saved):
                criteria.restore_score(self.db, state)

        def redo() -> None:
            for criterion_id, (value, note) in after.items():
                criteria.record_score(self.db, row.id, criterion_id, value, note)

        push_done(self.screen.undo_stack, f"Score {self._who(row, blind)}", undo, redo, self._after)

    def _select_after(self, application_id: int) -> None:
        """Move on to the next application in the list, as a panel works through them."""
        rows = self.table.row_model.rows()
        ids = [r.id for r in rows]
        if application_id in ids:
            index = ids.index(application_id)
            following = rows[min(index + 1, len(rows) - 1)]
            self.table.select_where(lambda r: r.id == following.id)
        self.table.setFocus()

    # Statuses -----------------------------------------------------------------------------
    def set_status(self, status: str) -> None:
        rows, chosen = self.table.selected_rows(), self.cohort()
        if not rows or chosen is None:
            return
        cohort_id, _name, blind = chosen
        changes: list[StatusChange] = []
        for row in rows:
            done = attempt(
                self.screen, lambda r=row: statuses.set_status(self.db, r.id, status, r.status)
            )
            if done is None:
                break
            changes.append(done)
        if not changes:
            return
        label = STATUS_LABELS[status].lower()
        text = (
            f"Set {self._who(rows[0], blind)} to {label}"
            if len(changes) == 1
            else f"Set {plural(len(changes), 'application')} to {label}"
        )
        self._push_changes(text, changes)
        self._after()
        if any(c.place_freed for c in changes):
            self.propose(cohort_id)

    def _push_changes(self, text: str, changes: list[StatusChange]) -> None:
        held = {"changes": changes}

        def undo() -> None:
            for change in reversed(held["changes"]):
                statuses.undo_status(self.db, change)

        def redo() -> None:
            held["changes"] = [statuses.redo_status(self.db, c) for c in held["changes"]]

        push_done(self.screen.undo_stack, text, undo, redo, self._after)

    def propose(self, cohort_id: int) -> None:
        """A place is free and someone waits: ask whether to offer it to them."""
        proposed = offers.proposal(self.db, cohort_id)
        if proposed is None:
            return
        if not ask.confirm(self.screen, "A place is free", proposed.sentence(), "Offer the place"):
            return
        change = attempt(self.screen, lambda: offers.offer_proposed(self.db, proposed))
        if change is not None:
            self._push_changes(f"Offer a place to {proposed.label}", [change])
            self._after()
            ask.tell(self.screen, f"Offered a place to {proposed.label}.")

    def offer_places(self) -> None:
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, _name, blind = chosen
        places = attempt(self.screen, lambda: places_of(self.db, cohort_id))
        if places is None:
            return
        dialog = OfferDialog(self.db, cohort_id, places, blind, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            made = dialog.made if accepted else None
        if made:
            count = len(made)
            self._push_changes(f"Offer {plural(count, 'place')}", made)
            self._after()
            ask.tell(self.screen, f"Offered {plural(count, 'place')}.")

    # Adding -------------------------------------------------------------------------------
    def add_application(self) -> None:
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, name, _blind = chosen
        dialog = AddApplicationDialog(self.db, cohort_id, name, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            saved, person_id = dialog.saved, dialog.person_id
            answers, applied_at = dialog.answers, dialog.applied_at
        if accepted and saved is not None and person_id is not None:
            held = {"id": saved}

            def redo() -> None:  # the same application again, on the day it was made
                held["id"] = add_application(self.db, cohort_id, person_id, answers, applied_at)

            push_done(
                self.screen.undo_stack,
                "Add an application",
                lambda: remove_application(self.db, held["id"]),
                redo,
                self._after,
            )
            self._after()

    def import_applications(self) -> None:
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, name, _blind = chosen
        wizard = ApplicationsImportWizard(self.db, cohort_id, name, self.screen)
        wizard.imported.connect(lambda _batch: self._after())
        dialogs.run(wizard)

    def edit_criteria(self) -> None:
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, name, _blind = chosen
        dialog = CriteriaDialog(self.db, cohort_id, name, self.screen)
        with dialogs.opened(dialog):
            changed = dialog.changed
        if changed:
            self._after()

    # Files --------------------------------------------------------------------------------
    def selection_report(self) -> None:
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, name, _blind = chosen
        path = files.ask_save_path(
            self.screen,
            "reports",
            "Save the selection report",
            f"Selection report {name}.pdf",
            REPORT_FILES,
        )
        if path is None:
            return
        written = attempt(self.screen, lambda: write_selection_report(self.db, cohort_id, path))
        if isinstance(written, Path):
            files.saved(self.screen, written, "the selection report")

    def decision_letters(self) -> None:
        """Offer, waiting-list and regret drafts for those whose status changed since their
        last letter: what is due is said before the folder is asked, then written at once."""
        chosen = self.cohort()
        if chosen is None:
            return
        cohort_id, name, _blind = chosen
        plan = attempt(self.screen, lambda: plan_letters(self.db, cohort_id))
        if plan is None:
            return
        folder = files.ask_folder(
            self.screen, LETTERS_FOLDER, f"Where to put the decision letters ({plan.summary()})"
        )
        if folder is None:
            return
        target = folder / safe_file_name(f"Decision letters - {name}", "")
        if not ask.confirm(
            self.screen,
            "Decision letters",
            f"Write {plan.summary()} for {name} into {target}? Each person is then counted "
            "as told; open the drafts in Outlook to check and send them.",
            "Write letters",
        ):
            return
        result = attempt(self.screen, lambda: write_letters(self.db, plan, target))
        if result is not None:
            self._after()
            ask.tell(self.screen, result.summary)
