"""Ctrl+Z and Ctrl+Y on the Mentoring and Community screens (issue 15 item 1): a pair assigned,
started or ended, a meeting logged or deleted, members added, consent recorded, someone
leaving and a leadership role are each taken back by one Ctrl+Z on that screen, and done again
by Ctrl+Y, as the database shows. They were not on any undo stack."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from cohort_desk.db.models import (
    CommunityMembership,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Person,
)
from cohort_desk.services.community import members as community
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.people.records import list_people
from cohort_desk.ui.kit import ask
from cohort_desk.ui.mentoring.rows import Decision
from tests.ui.modal import answer_next_dialog, save, tick_person, type_person
from tests.ui.workspace_helpers import activate, answers, go_to_screen  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
TABLES = (MentorProfile, MentoringPair, MentoringMeeting, CommunityMembership, LeadershipRole)


def stored(db) -> str:  # type: ignore[no-untyped-def]
    """A fingerprint of the mentoring and community tables, leaving out what the database
    keeps for itself (each change has its own version and time)."""
    digest = hashlib.sha256()
    with db.read() as session:
        for model in TABLES:
            for row in session.scalars(select(model).order_by(model.id)):
                values = {
                    c.key: getattr(row, c.key)
                    for c in model.__table__.columns
                    if c.key not in ("version", "created_at", "updated_at")
                }
                digest.update(repr(sorted(values.items())).encode())
    return digest.hexdigest()


def _undo_text(window) -> str:  # type: ignore[no-untyped-def]
    return window.actions.undo.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def undo_and_redo(window, qtbot, widget: QWidget, db, before: str, starts: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Z puts the tables back as they were; Ctrl+Y makes the change again."""
    activate(qtbot, window)
    assert _undo_text(window).startswith(f"Undo {starts}"), _undo_text(window)
    done = stored(db)
    assert done != before
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    assert stored(db) == before
    qtbot.keyClick(widget, Qt.Key.Key_Y, CTRL)
    assert stored(db) == done


@pytest.fixture
def mentoring(main_window, qtbot):  # type: ignore[no-untyped-def]
    activate(qtbot, main_window)
    return go_to_screen(main_window, qtbot, "Mentoring")


@pytest.fixture
def community_screen(main_window, qtbot):  # type: ignore[no-untyped-def]
    activate(qtbot, main_window)
    # The tenth screen: past Ctrl and a digit, so chosen in the side bar.
    titles = [s.title for s in main_window.screens]
    main_window.nav.setCurrentRow(titles.index("Community and leadership"))
    return main_window.current_screen()


def _free_mentee(db, mentor_email: str) -> str:  # type: ignore[no-untyped-def]
    """A participant with no mentor, from another organisation than the mentor's."""
    with db.read() as session:
        busy = select(MentoringPair.mentee_id).union(select(MentorProfile.person_id))
        org = session.scalar(select(Person.organisation_id).where(Person.email == mentor_email))
        return session.scalars(
            select(Person.email)
            .where(Person.id.not_in(busy), Person.organisation_id != org)
            .order_by(Person.id)
        ).first()


def test_assigning_a_mentee_is_undone_and_redone(main_window, mentoring, qtbot, demo_db):
    mentors = mentoring.mentors
    assert mentors.table.select_where(
        lambda m: m.free_places > 0 and m.status_text(date.today()) == "Available"
    )
    mentor = mentors.table.current_row()
    mentee = _free_mentee(demo_db, mentor.email)
    before = stored(demo_db)

    def fill(dialog):  # type: ignore[no-untyped-def]
        tick_person(qtbot, dialog.mentee, mentee)
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(mentors.assign_button, Qt.MouseButton.LeftButton)
    assert any(p.mentee_email == mentee for p in mentoring_pairs.list_pairs(demo_db))
    undo_and_redo(main_window, qtbot, mentors.table, demo_db, before, "Pair ")
    assert any(p.mentee_email == mentee for p in mentoring_pairs.list_pairs(demo_db))


def test_starting_and_ending_a_pair_are_each_one_undo(main_window, mentoring, qtbot, demo_db):
    tabs = mentoring.tabs
    tabs.setCurrentWidget(mentoring.pairs)
    pairs = mentoring.pairs
    pairs.status.setCurrentIndex(pairs.status.count() - 1)  # all pairs
    assert pairs.table.select_where(lambda p: p.status == "proposed")
    pair = pairs.table.current_row()
    before = stored(demo_db)
    qtbot.mouseClick(pairs.start_button, Qt.MouseButton.LeftButton)
    assert mentoring_pairs.get_pair(demo_db, pair.id).status == "active"
    undo_and_redo(main_window, qtbot, pairs.table, demo_db, before, "Start the pair")
    assert mentoring_pairs.get_pair(demo_db, pair.id).started_on == date.today()

    started = stored(demo_db)
    pairs.select_pair(pair.id)

    def end(dialog):  # type: ignore[no-untyped-def]
        dialog.reason.setCurrentIndex(dialog.reason.findText("Goals met"))
        save(dialog)

    answer_next_dialog(end)
    qtbot.mouseClick(pairs.end_button, Qt.MouseButton.LeftButton)
    assert mentoring_pairs.get_pair(demo_db, pair.id).status == "ended"
    undo_and_redo(main_window, qtbot, pairs.table, demo_db, started, "End the pair")


def test_logging_and_deleting_a_meeting_are_undone(main_window, mentoring, qtbot, demo_db, answers):  # type: ignore[no-untyped-def]
    mentoring.tabs.setCurrentWidget(mentoring.pairs)
    pairs = mentoring.pairs
    assert pairs.table.select_where(lambda p: p.status == "active" and p.meetings > 0)
    before = stored(demo_db)

    def log(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.notes, "Talked about the place board.")
        save(dialog)

    answer_next_dialog(log)
    qtbot.mouseClick(pairs.log_button, Qt.MouseButton.LeftButton)
    undo_and_redo(main_window, qtbot, pairs.table, demo_db, before, "Log the meeting")

    # A meeting deleted comes back with its notes, under its own id.
    logged = stored(demo_db)
    pairs._load_meetings()
    pairs.meetings.selectRow(0)
    answers.append(True)
    qtbot.mouseClick(pairs.delete_button, Qt.MouseButton.LeftButton)
    undo_and_redo(main_window, qtbot, pairs.table, demo_db, logged, "Delete the meeting")


def _outsiders(db, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        members = select(CommunityMembership.person_id)
        return list(
            session.scalars(
                select(Person.email).where(Person.id.not_in(members)).order_by(Person.id)
            ).all()[:count]
        )


def test_adding_members_is_one_undo(main_window, community_screen, qtbot, demo_db):
    members = community_screen.members
    outsiders = _outsiders(demo_db, 2)
    before = stored(demo_db)

    def fill(dialog):  # type: ignore[no-untyped-def]
        for email in outsiders:
            tick_person(qtbot, dialog.picker, email)
            dialog.picker.search.clear()
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
    assert {m.email for m in community.list_members(demo_db)} >= set(outsiders)
    undo_and_redo(main_window, qtbot, members.table, demo_db, before, "Add members")


@pytest.mark.parametrize(
    ("button", "keep", "starts"),
    [
        ("consent_button", lambda m: not m.consent_to_contact, "Record "),
        ("withdraw_button", lambda m: m.consent_to_contact, "Withdraw "),
        ("leave_button", lambda m: m.consent_to_contact, "Record that "),
    ],
    ids=["consent", "withdraw", "leave"],
)
def test_consent_and_leaving_are_undone(
    main_window,
    community_screen,
    qtbot,
    demo_db,
    monkeypatch,
    button: str,
    keep: Callable[[object], bool],
    starts: str,
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ask, "confirm", lambda *_a, **_k: True)
    members = community_screen.members
    assert members.table.select_where(lambda m: m.left_on is None and keep(m))
    before = stored(demo_db)
    if button == "consent_button":
        answer_next_dialog(save)  # the consent dialog, dated today
    qtbot.mouseClick(getattr(members, button), Qt.MouseButton.LeftButton)
    undo_and_redo(main_window, qtbot, members.table, demo_db, before, starts)


def test_a_new_ended_and_deleted_role_are_each_undone(
    main_window, community_screen, qtbot, demo_db, monkeypatch
):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ask, "confirm", lambda *_a, **_k: True)
    community_screen.tabs.setCurrentWidget(community_screen.roles)
    roles = community_screen.roles
    before = stored(demo_db)

    def fill(dialog):  # type: ignore[no-untyped-def]
        type_person(qtbot, dialog.person, list_people(demo_db)[0].email)
        qtbot.keyClicks(dialog.title, "Clinical lead, Bexley frailty")
        dialog.days.setValue(0.5)
        save(dialog)

    answer_next_dialog(fill)
    roles.add_button.click()  # the tab just shown: a pointer click may land before its layout
    undo_and_redo(main_window, qtbot, roles.table, demo_db, before, "Add Clinical lead")

    def edit(dialog):  # type: ignore[no-untyped-def]
        dialog.days.setValue(2.5)
        save(dialog)

    answer_next_dialog(edit)
    for button, starts in (
        ("edit_button", "Edit "),
        ("end_button", "End "),
        ("delete_button", "Delete "),
    ):
        assert roles.table.select_where(
            lambda r: r.ends_on is None and (r.starts_on is None or r.starts_on <= date.today())
        )
        now = stored(demo_db)
        getattr(roles, button).click()
        undo_and_redo(main_window, qtbot, roles.table, demo_db, now, starts)


def test_accepting_every_suggestion_is_one_undo(main_window, mentoring, qtbot, demo_db):
    mentoring.tabs.setCurrentWidget(mentoring.suggest)
    panel = mentoring.suggest
    panel.cohort.setCurrentIndex(panel.cohort.findText("CCPL Winter 2026-27"))
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    items = panel.model.rows()
    assert len(items) >= 2
    before = stored(demo_db)
    qtbot.mouseClick(panel.accept_all_button, Qt.MouseButton.LeftButton)
    assert {i.decision for i in items} == {Decision.ACCEPTED}
    activate(qtbot, main_window)
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    assert stored(demo_db) == before
    # The suggestions are open again, to accept or change.
    assert {i.decision for i in items} == {Decision.PENDING}
    assert panel.accept_all_button.isEnabled()
    qtbot.keyClick(panel.table, Qt.Key.Key_Y, CTRL)
    assert {i.decision for i in items} == {Decision.ACCEPTED}
    undo_and_redo(main_window, qtbot, panel.table, demo_db, before, "Accept ")


def test_editing_a_mentor_profile_is_undone(main_window, mentoring, qtbot, demo_db):
    mentors = mentoring.mentors
    assert mentors.table.select_where(lambda m: m.capacity < 5)
    name = mentors.table.current_row().name
    before = stored(demo_db)

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.capacity.setValue(dialog.capacity.value() + 1)
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(mentors.edit_button, Qt.MouseButton.LeftButton)
    undo_and_redo(main_window, qtbot, mentors.table, demo_db, before, f"Edit {name}")
