"""Mentoring and Community changes on their screen's undo stack (issue 15 item 1): each action
runs as before, and what it changed in the database goes on the stack as one command whose
undo puts the rows back as they were (services.community.undoing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtWidgets import QDialog

from cohort_desk.db.engine import Database
from cohort_desk.services.community.undoing import (
    Scope,
    changed,
    put_back,
    snapshot,
    snapshot_after,
)
from cohort_desk.ui.kit import dialogs
from cohort_desk.ui.kit.undo import push_done
from cohort_desk.ui.shell.screen import Panel

S = TypeVar("S")


def recorded(
    panel: Panel,
    db: Database,
    kinds: Iterable[str],
    work: Callable[[], str | None],
    also: Callable[[], None] | None = None,
    only: Scope | None = None,
) -> str | None:
    """Run ``work`` (a dialog's save or a service call), which returns the change's name for
    the Undo menu, or None when nothing was done; put what it changed on ``panel``'s undo
    stack. ``also`` runs after an undo or redo, for what the panel holds beyond its rows.
    ``only`` names, per kind, the ids of the rows the change may alter or delete (rows it
    makes are found anyway): every row the change can touch must be in it, or its undo
    would leave that row as changed. Returns the change's name."""
    before = snapshot(db, kinds, only)
    text = work()
    if text is None:
        return None
    after = snapshot_after(db, before)
    keys = changed(before, after)
    if keys and panel.undo_stack is not None:

        def shown_again() -> None:
            if also is not None:
                also()
            panel.refresh()
            panel.changed.emit()

        push_done(
            panel.undo_stack,
            text,
            lambda: put_back(db, before, after, keys),
            lambda: put_back(db, after, before, keys),
            shown_again,
        )
    return text


def saved_by(
    dialog: QDialog,
    saved: Callable[[], S | None],
    text: Callable[[S], str],
    record: Callable[[Callable[[], str | None]], object],
) -> S | None:
    """Run ``dialog``, which saves as it closes, as the work ``record`` puts on its panel's
    undo stack (the panel's own ``recorded``, scoped to the rows the dialog may change),
    named by ``text``. Returns what ``saved`` read from the dialog before it was deleted
    (kit.dialogs), or None when it was cancelled or saved nothing."""
    kept: list[S] = []

    def work() -> str | None:
        with dialogs.opened(dialog) as (_, accepted):
            value = saved() if accepted else None
            if value is None:
                return None
            kept.append(value)
            return text(value)

    return kept[0] if record(work) and kept else None
