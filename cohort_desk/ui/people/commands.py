"""What the People screen's buttons do: each change through one service, each one undoable
(or confirmed first, when it cannot be undone)."""

from __future__ import annotations

from collections.abc import Callable

from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.enrolments import enrol_people, remove_enrolments
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.people.lookup import FilterChoices, delete_people, people_with_history
from cohort_desk.services.people.records import (
    PersonInput,
    PersonRow,
    create_person,
    delete_person,
    set_archived,
    update_person,
)
from cohort_desk.ui.cohorts.enrol_dialog import ChooseCohortDialog
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import VersionedEdit, attempt, push_done
from cohort_desk.ui.people.person_dialog import PersonDialog
from cohort_desk.ui.shell.screen import Screen


def _people(count: int) -> str:
    return plural(count, "person")


class PeopleCommands:
    """Works on the screen through its interface, the list of people and the filter choices
    (for the dialog's suggestions), never through the People screen's class."""

    def __init__(
        self, screen: Screen, table: RecordTable, choices: Callable[[], FilterChoices]
    ) -> None:
        self.screen = screen
        self.table = table
        self.choices = choices
        self.db = screen.db

    def _after(self) -> None:
        self.screen.reload_after_change()

    def add_person(self) -> None:
        dialog = PersonDialog(self.db, None, self.choices(), self.screen)
        dialog.open_existing.connect(self.screen.show_record)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted or dialog.saved is None:
                return
            saved, data = dialog.saved, dialog.person_input()
        self._push_created(saved, data)
        self._after()
        self.screen.show_record(saved.id)

    def _push_created(self, row: PersonRow, data: PersonInput) -> None:
        created = {"id": row.id}

        def undo() -> None:
            delete_person(self.db, created["id"])

        def redo() -> None:
            created["id"] = create_person(self.db, data).id

        push_done(self.screen.undo_stack, f"Add {row.full_name}", undo, redo, self._after)

    def edit_person(self) -> None:
        rows = self.table.selected_rows()
        if len(rows) != 1:
            return
        dialog = PersonDialog(self.db, rows[0], self.choices(), self.screen)
        dialog.open_existing.connect(self.screen.show_record)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted or dialog.saved is None or dialog.before is None:
                return
            saved, before, after = dialog.saved, dialog.before, dialog.person_input()
        edit = VersionedEdit(
            lambda data, version: update_person(self.db, saved.id, data, version),
            before,
            after,
            saved.version,
        )
        push_done(
            self.screen.undo_stack,
            f"Edit {saved.full_name}",
            edit.undo,
            edit.redo,
            self._after,
        )
        self._after()

    def archive_selected(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        archive = not all(row.archived for row in rows)
        ids = [row.id for row in rows if row.archived != archive]
        if attempt(self.screen, lambda: set_archived(self.db, ids, archive)) is None:
            return
        verb = "Archive" if archive else "Restore"
        text = f"{verb} {rows[0].full_name}" if len(ids) == 1 else f"{verb} {_people(len(ids))}"
        push_done(
            self.screen.undo_stack,
            text,
            lambda: set_archived(self.db, ids, not archive),
            lambda: set_archived(self.db, ids, archive),
            self._after,
        )
        self._after()

    def enrol_selected(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        ids = [row.id for row in rows]
        dialog = ChooseCohortDialog(self.db, list_cohorts(self.db), ids, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted or (cohort_id := dialog.cohort_id()) is None:
                return
            role = str(dialog.role.currentData())
            created = dialog.created
            name = dialog.cohort.currentText()
        if created:
            state = {"ids": created}

            def undo() -> None:
                remove_enrolments(self.db, state["ids"])

            def redo() -> None:
                state["ids"] = enrol_people(self.db, cohort_id, ids, role).created

            push_done(
                self.screen.undo_stack,
                f"Enrol {_people(len(created))} in {name}",
                undo,
                redo,
                self._after,
            )
        skipped = len(ids) - len(created)
        note = f" {_people(skipped)} already enrolled." if skipped else ""
        ask.tell(self.screen, f"Enrolled {_people(len(created))} in {name} as {role}s.{note}")
        self._after()

    def delete_selected(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        ids = [row.id for row in rows]
        with_history = people_with_history(self.db, ids)
        if with_history:
            first = next(row for row in rows if row.id in with_history)
            who = first.full_name if len(with_history) == 1 else _people(len(with_history))
            if ask.confirm(
                self.screen,
                "Cannot delete",
                f"{who} {'has' if len(with_history) == 1 else 'have'} enrolments, attendance, "
                "certificates, mentoring or roles on record, so cannot be deleted. "
                "Archive instead? Archived people are hidden from everyday lists and their "
                "history is kept.",
                "Archive",
            ):
                self.table.clearSelection()
                self.table.select_where(lambda row: row.id == with_history[0])
                self._archive_ids(with_history)
            return
        who = rows[0].full_name if len(rows) == 1 else _people(len(rows))
        if not ask.confirm(
            self.screen,
            "Delete",
            f"Delete {who} permanently? This cannot be undone; it is meant for people "
            "added by mistake.",
            "Delete",
            safe_default=True,
        ):
            return
        if attempt(self.screen, lambda: delete_people(self.db, ids)) is not None:
            self._after()

    def _archive_ids(self, ids: list[int]) -> None:
        if attempt(self.screen, lambda: set_archived(self.db, ids, True)) is None:
            return
        push_done(
            self.screen.undo_stack,
            f"Archive {_people(len(ids))}",
            lambda: set_archived(self.db, ids, False),
            lambda: set_archived(self.db, ids, True),
            self._after,
        )
        self._after()
