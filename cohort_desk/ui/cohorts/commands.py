"""What the Cohorts screen's buttons do, each through one service and undoable where it can be."""

from __future__ import annotations

from collections.abc import Callable

from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.enrolments import (
    enrol_people,
    list_enrolments,
    remove_enrolments,
    set_statuses,
)
from cohort_desk.services.cohorts.records import CohortRow, delete_cohort, update_cohort
from cohort_desk.ui.cohorts.cohort_dialog import CohortDialog
from cohort_desk.ui.cohorts.cohort_page import CohortPageView
from cohort_desk.ui.cohorts.enrol_dialog import PickPeopleDialog
from cohort_desk.ui.cohorts.enrolment_status_dialog import EnrolmentStatusDialog
from cohort_desk.ui.cohorts.programmes_dialog import ProgrammesDialog
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit.undo import VersionedEdit, attempt, push_done, succeeded
from cohort_desk.ui.shell.screen import Screen


def _people(count: int) -> str:
    return plural(count, "person")


class CohortCommands:
    """Works on the screen through its interface, the chosen cohort and the cohort's page,
    never through the Cohorts screen's class."""

    def __init__(
        self,
        screen: Screen,
        current_cohort: Callable[[], CohortRow | None],
        page: CohortPageView,
    ) -> None:
        self.screen = screen
        self.current_cohort = current_cohort
        self.page = page
        self.db = screen.db

    def _after(self) -> None:
        self.screen.reload_after_change()

    def new_cohort(self) -> None:
        with dialogs.opened(CohortDialog(self.db, None, self.screen)) as (dialog, accepted):
            if not accepted or dialog.saved is None:
                return
            saved, data = dialog.saved, dialog.cohort_input()
        created = {"id": saved.id}

        def undo() -> None:
            delete_cohort(self.db, created["id"])

        def redo() -> None:
            from cohort_desk.services.cohorts.records import create_cohort

            created["id"] = create_cohort(self.db, data).id

        push_done(self.screen.undo_stack, f"Add cohort {saved.name}", undo, redo, self._after)
        self._after()
        self.screen.show_record(saved.id)

    def edit_cohort(self) -> None:
        cohort = self.current_cohort()
        if cohort is None:
            return
        with dialogs.opened(CohortDialog(self.db, cohort, self.screen)) as (dialog, accepted):
            if not accepted or dialog.saved is None or dialog.before is None:
                return
            saved, before, after = dialog.saved, dialog.before, dialog.cohort_input()
        edit = VersionedEdit(
            lambda data, version: update_cohort(self.db, cohort.id, data, version),
            before,
            after,
            saved.version,
        )
        push_done(
            self.screen.undo_stack,
            f"Edit cohort {saved.name}",
            edit.undo,
            edit.redo,
            self._after,
        )
        self._after()

    def delete_cohort(self) -> None:
        cohort = self.current_cohort()
        if cohort is None:
            return
        if cohort.participants or cohort.facilitators or cohort.sessions:
            ask.inform(
                self.screen,
                "Cannot delete",
                f"{cohort.name} has people or sessions, so it stays as a record. "
                "Only an empty cohort, added by mistake, can be deleted.",
            )
            return
        if ask.confirm(
            self.screen, "Delete cohort", f"Delete the empty cohort {cohort.name}?", "Delete"
        ) and succeeded(self.screen, lambda: delete_cohort(self.db, cohort.id)):
            self._after()

    def programmes(self) -> None:
        dialog = ProgrammesDialog(self.db, self.screen, self.screen.undo_stack)
        with dialogs.opened(dialog):
            changed = dialog.changed
        if changed:
            self._after()

    def enrol_people(self) -> None:
        cohort = self.current_cohort()
        if cohort is None:
            return
        role = self.page.role_on_show()
        already = {e.person_id for e in list_enrolments(self.db, cohort.id) if e.role == role}
        dialog = PickPeopleDialog(self.db, cohort, already, self.screen, role)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted:
                return
            ids, role = dialog.chosen_ids(), dialog.chosen_role()
        created = attempt(self.screen, lambda: enrol_people(self.db, cohort.id, ids, role).created)
        if not created:
            return
        state = {"ids": created}

        def undo() -> None:
            remove_enrolments(self.db, state["ids"])

        def redo() -> None:
            state["ids"] = enrol_people(self.db, cohort.id, ids, role).created

        text = f"Enrol {_people(len(created))} in {cohort.name}"
        push_done(self.screen.undo_stack, text, undo, redo, self._after)
        ask.tell(self.screen, f"Enrolled {_people(len(created))} in {cohort.name} as {role}s.")
        self._after()

    def change_status(self) -> None:
        members = self.page.selected_members()
        if not members:
            return
        dialog = EnrolmentStatusDialog(self.db, members, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted:
                return
            changes = dialog.changes()
        before = EnrolmentStatusDialog.previous(members)
        who = members[0].name if len(members) == 1 else _people(len(members))
        push_done(
            self.screen.undo_stack,
            f"Mark {who} {changes[0].status}",
            lambda: set_statuses(self.db, before),
            lambda: set_statuses(self.db, changes),
            self._after,
        )
        self._after()

    def remove_members(self) -> None:
        members = self.page.selected_members()
        if not members:
            return
        who = members[0].name if len(members) == 1 else _people(len(members))
        if not ask.confirm(
            self.screen,
            "Remove from cohort",
            f"Remove {who} from the cohort? This is for enrolments made by mistake; to record "
            "that someone left, change their status to withdrawn instead.",
            "Remove",
            safe_default=True,
        ):
            return
        ids = [m.enrolment_id for m in members]
        if attempt(self.screen, lambda: remove_enrolments(self.db, ids)) is not None:
            self._after()
