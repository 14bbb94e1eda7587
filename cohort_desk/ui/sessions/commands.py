"""What the Sessions screen's buttons do: add (once or as a series), edit, duplicate, delete."""

from __future__ import annotations

from collections.abc import Callable

from cohort_desk.rules.dates import format_date
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import CohortRow
from cohort_desk.services.sessions.cancelling import cancel_session, reinstate_session
from cohort_desk.services.sessions.records import (
    SessionInput,
    SessionRow,
    add_session,
    delete_sessions,
    duplicate_session,
    update_session,
)
from cohort_desk.ui.kit import ask, dialogs
from cohort_desk.ui.kit.table import RecordTable
from cohort_desk.ui.kit.undo import VersionedEdit, attempt, push_done
from cohort_desk.ui.sessions.session_dialog import SessionDialog, input_from_row
from cohort_desk.ui.shell.screen import Screen


class SessionCommands:
    """Works on the screen through its interface, its table of sessions, the cohorts it
    offers and the cohort chosen, never through the Sessions screen's class."""

    def __init__(
        self,
        screen: Screen,
        table: RecordTable,
        cohorts: Callable[[], list[CohortRow]],
        cohort_id: Callable[[], int | None],
    ) -> None:
        self.screen = screen
        self.table = table
        self.cohorts = cohorts
        self.cohort_id = cohort_id
        self.db = screen.db

    def _after(self) -> None:
        self.screen.reload_after_change()

    def _push_created(
        self, text: str, ids: list[int], remake: Callable[[], list[SessionRow]]
    ) -> None:
        """Undo deletes what was made; redo makes it again (new ids, remembered here)."""
        made = {"ids": ids}

        def undo() -> None:
            delete_sessions(self.db, made["ids"])

        def redo() -> None:
            made["ids"] = [row.id for row in remake()]

        push_done(self.screen.undo_stack, text, undo, redo, self._after)

    def new_session(self) -> None:
        dialog = SessionDialog(self.db, self.cohorts(), None, self.cohort_id(), self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted or not dialog.saved:
                return
            saved = dialog.saved
        cohort_id = saved[0].cohort_id
        inputs = [_input(row) for row in saved]
        text = f"Add {saved[0].title}" if len(saved) == 1 else f"Add a series of {len(saved)}"
        self._push_created(
            text,
            [row.id for row in saved],
            lambda: [add_session(self.db, cohort_id, data) for data in inputs],
        )
        if len(saved) > 1:
            ask.tell(
                self.screen,
                f"Added {plural(len(saved), 'session')}, {format_date(saved[0].starts_at)} to "
                f"{format_date(saved[-1].starts_at)}.",
            )
        self._after()
        self.screen.show_record(saved[0].id)

    def edit_session(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        dialog = SessionDialog(self.db, self.cohorts(), row, None, self.screen)
        with dialogs.opened(dialog) as (_, accepted):
            if not accepted or not dialog.saved or dialog.before is None:
                return
            saved, before, after = dialog.saved[0], dialog.before, dialog.session_input()
        edit = VersionedEdit(
            lambda data, version: update_session(self.db, row.id, data, version),
            before,
            after,
            saved.version,
        )
        push_done(
            self.screen.undo_stack,
            f"Edit {saved.title}",
            edit.undo,
            edit.redo,
            self._after,
        )
        self._after()

    def duplicate(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        copy = attempt(self.screen, lambda: duplicate_session(self.db, row.id))
        if copy is None:
            return
        self._push_created(
            f"Duplicate {row.title}", [copy.id], lambda: [duplicate_session(self.db, row.id)]
        )
        ask.tell(self.screen, f"Added a copy of {row.title} on {format_date(copy.starts_at)}.")
        self._after()
        self.screen.show_record(copy.id)

    def delete_session(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        if row.marked:
            ask.inform(
                self.screen,
                "Cannot delete",
                f"'{row.title}' already has attendance marked for "
                f"{plural(row.marked, 'person')}, so it stays as a record; change its details "
                "instead.",
            )
            return
        if not ask.confirm(
            self.screen,
            "Delete session",
            f"Delete '{row.title}' on {format_date(row.starts_at)}?",
            "Delete",
        ):
            return
        data, cohort_id = _input(row), row.cohort_id
        if attempt(self.screen, lambda: delete_sessions(self.db, [row.id])) is None:
            return
        made = {"id": row.id}

        def undo() -> None:
            made["id"] = add_session(self.db, cohort_id, data).id

        def redo() -> None:
            delete_sessions(self.db, [made["id"]])

        push_done(self.screen.undo_stack, f"Delete {row.title}", undo, redo, self._after)
        self._after()

    def cancel_or_reinstate(self) -> None:
        """Cancel the chosen session (asking why), or take its cancellation back; undoable."""
        row = self.table.current_row()
        if row is None:
            return
        if row.cancelled:
            done = attempt(self.screen, lambda: reinstate_session(self.db, row.id, row.version))
            if done is None:
                return
            reason = row.cancel_reason
            push_done(
                self.screen.undo_stack,
                f"Reinstate {row.title}",
                lambda: cancel_session(self.db, row.id, reason),
                lambda: reinstate_session(self.db, row.id),
                self._after,
            )
            ask.tell(self.screen, f"'{row.title}' on {format_date(row.starts_at)} is on again.")
        else:
            reason = ask.ask_text(
                self.screen,
                "Cancel session",
                f"Cancel '{row.title}' on {format_date(row.starts_at)}? It stays on record, "
                "shows as cancelled in calendars, and no longer counts towards completion.\n\n"
                "Why (told in the reminder e-mail and the calendar)?",
            )
            if reason is None:
                return
            done = attempt(
                self.screen, lambda: cancel_session(self.db, row.id, reason, row.version)
            )
            if done is None:
                return
            push_done(
                self.screen.undo_stack,
                f"Cancel {row.title}",
                lambda: reinstate_session(self.db, row.id),
                lambda: cancel_session(self.db, row.id, reason),
                self._after,
            )
            ask.tell(
                self.screen,
                f"Cancelled '{row.title}'. To tell people, use E-mail… (the reminder says it is "
                "cancelled) or Calendar….",
            )
        self._after()

    def calendar(self) -> None:
        from cohort_desk.ui.communications.calendar_export import save_calendar

        row = self.table.current_row()
        if row is not None:
            save_calendar(self.screen, self.db, session_id=row.id)
        elif self.cohort_id() is not None:
            save_calendar(self.screen, self.db, cohort_id=self.cohort_id())

    def mail(self) -> None:
        from cohort_desk.ui.communications.mail_merge_dialog import MailMergeDialog

        row = self.table.current_row()
        dialog = MailMergeDialog(
            self.db,
            cohort_id=row.cohort_id if row else self.cohort_id(),
            session_id=row.id if row else None,
            template="reminder",
            undo_stack=self.screen.undo_stack,
            parent=self.screen,
        )
        with dialogs.opened(dialog):
            written = dialog.written
        if written:
            self.screen.data_changed.emit()


def _input(row: SessionRow) -> SessionInput:
    return input_from_row(row)
