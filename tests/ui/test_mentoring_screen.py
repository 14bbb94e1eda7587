"""The Mentoring screen driven as an administrator would, checking the database afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox
from sqlalchemy import select

from cohort_desk.cli import lookup
from cohort_desk.db.models import MentoringPair, MentorProfile, Organisation, Person
from cohort_desk.services.mentoring import meetings as mentoring_meetings
from cohort_desk.services.mentoring import pairs as mentoring_pairs
from cohort_desk.services.mentoring import profiles as mentoring
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit.form import WARNING_BACKGROUND
from cohort_desk.ui.mentoring.rows import NOTES_HIDDEN, Decision
from tests.ui.modal import answer_next_dialog, error_text, save, tick_person, type_person


@pytest.fixture(autouse=True)
def errors_shown(monkeypatch) -> list[str]:
    """Sentences the screen shows in a message box, collected instead of blocking the test."""
    shown: list[str] = []
    monkeypatch.setattr(ui_errors, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@pytest.fixture
def screen(qtbot, demo_db):
    from cohort_desk.ui.mentoring.screen import MentoringScreen

    widget = MentoringScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def pick(table, keep) -> object:  # type: ignore[no-untyped-def]
    assert table.select_where(keep)
    return table.current_row()


def organisation_of(db, email: str) -> int | None:
    with db.read() as session:
        return session.scalar(select(Person.organisation_id).where(Person.email == email))


def people_without_mentoring(db) -> list[tuple[str, int | None]]:
    with db.read() as session:
        busy = select(MentoringPair.mentee_id).union(select(MentorProfile.person_id))
        rows = session.execute(
            select(Person.email, Person.organisation_id)
            .where(Person.id.not_in(busy))
            .order_by(Person.id)
        ).all()
    return [(email, org) for email, org in rows]


def test_every_table_model_is_sound(screen, qtmodeltester):
    screen.suggest.suggest()
    screen.pairs.table.selectRow(0)
    for model in (
        screen.mentors.model,
        screen.pairs.model,
        screen.pairs.meetings_model,
        screen.suggest.model,
        screen.suggest.alternatives_model,
        screen.reports.quiet_model,
        screen.reports.over_model,
        screen.reports.hours_model,
    ):
        qtmodeltester.check(model, force_py=True)


def test_mentors_over_capacity_are_highlighted_and_named(screen, demo_db):
    over = [m for m in mentoring.list_mentors(demo_db) if m.over_capacity]
    assert over, "the demo has a mentor over capacity"
    model = screen.mentors.model
    row = next(i for i, m in enumerate(model.rows()) if m.over_capacity)
    index = model.index(row, 0)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == WARNING_BACKGROUND
    status = model.index(row, [c.title for c in model.columns].index("Status"))
    assert model.data(status) == "Over capacity"
    assert over[0].name in screen.mentors.summary.text()
    screen.mentors.only_over.click()
    assert model.rowCount() == len(over)
    assert screen.reports.over_model.rowCount() == len(over)


def test_a_new_mentor_is_saved_from_the_dialog(screen, demo_db, qtbot):
    email, _org = people_without_mentoring(demo_db)[-1]

    def fill(dialog):
        save(dialog)  # nobody chosen yet: refused in a sentence, dialog stays open
        assert "Choose the person" in error_text(dialog)
        type_person(qtbot, dialog.person, email)
        dialog.capacity.setValue(3)
        qtbot.keyClicks(dialog.expertise, "coaching, population health")
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.mentors.new_button, Qt.MouseButton.LeftButton)
    saved = mentoring.find_mentor(demo_db, lookup.person_id(demo_db, email))
    assert (saved.capacity, saved.expertise) == (3, "coaching, population health")
    assert screen.mentors.table.current_row().email == saved.email


def test_editing_a_profile_pauses_the_mentor(screen, demo_db, qtbot):
    mentor = pick(screen.mentors.table, lambda m: m.status_text(date.today()) == "Available")

    def fill(dialog):
        dialog.paused_until.line.clear()
        qtbot.keyClicks(dialog.paused_until.line, "31/1/99")  # two digits: not 2099
        assert "31 January 1999" in dialog.paused_until.understood.text()
        dialog.paused_until.line.clear()
        qtbot.keyClicks(dialog.paused_until.line, "31/01/2099")
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.mentors.edit_button, Qt.MouseButton.LeftButton)
    assert mentoring.find_mentor(
        demo_db, lookup.person_id(demo_db, mentor.email)
    ).paused_until == date(2099, 1, 31)
    assert "Paused until 31/01/2099" in screen.mentors.table.current_row().status_text(date.today())


def test_assigning_by_hand_refuses_the_same_organisation_then_saves(screen, demo_db, qtbot):
    mentor = pick(
        screen.mentors.table,
        lambda m: m.free_places > 0 and m.status_text(date.today()) == "Available",
    )
    mentor_org = organisation_of(demo_db, mentor.email)
    free = people_without_mentoring(demo_db)
    same = next(e for e, org in free if org == mentor_org and e != mentor.email)
    other = next(e for e, org in free if org != mentor_org)
    before = len(mentoring_pairs.list_pairs(demo_db))

    def fill(dialog):
        tick_person(qtbot, dialog.mentee, same)
        save(dialog)
        assert "both work at" in error_text(dialog)
        assert len(mentoring_pairs.list_pairs(demo_db)) == before
        dialog.mentee.search.clear()
        tick_person(qtbot, dialog.mentee, other)  # a tick replaces the last: one mentee
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.mentors.assign_button, Qt.MouseButton.LeftButton)
    [pair] = [p for p in mentoring_pairs.list_pairs(demo_db) if p.mentee_email == other]
    assert (pair.mentor_email, pair.status) == (mentor.email, "active")
    assert screen.mentors.table.current_row().mentees == mentor.mentees + 1
    assert any(p.id == pair.id for p in screen.pairs.model.all_rows())


@pytest.mark.parametrize("answer", [False, True])
def test_a_full_mentor_is_assigned_only_after_asking(screen, demo_db, qtbot, monkeypatch, answer):
    mentor = pick(screen.mentors.table, lambda m: m.over_capacity)
    mentor_org = organisation_of(demo_db, mentor.email)
    mentee = next(e for e, org in people_without_mentoring(demo_db) if org != mentor_org)
    asked: list[str] = []

    def confirm(_parent, _title, text, _yes, **_kw):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer

    monkeypatch.setattr(ask, "confirm", confirm)

    def fill(dialog):
        tick_person(qtbot, dialog.mentee, mentee)
        save(dialog)

    answer_next_dialog(fill)
    qtbot.mouseClick(screen.mentors.assign_button, Qt.MouseButton.LeftButton)
    assert asked and "capacity" in asked[0]
    pairs = [p for p in mentoring_pairs.list_pairs(demo_db) if p.mentee_email == mentee]
    assert len(pairs) == int(answer)
    assert mentoring.find_mentor(
        demo_db, lookup.person_id(demo_db, mentor.email)
    ).mentees == mentor.mentees + int(answer)


def test_meeting_notes_are_hidden_until_asked_for(screen, demo_db, qtbot):
    pairs = screen.pairs
    pairs.status.setCurrentIndex(pairs.status.findText("Ended"))
    with_notes = next(
        p
        for p in pairs.model.rows()
        if any(m.has_notes for m in mentoring_meetings.list_meetings(demo_db, p.id))
    )
    pick(pairs.table, lambda p: p.id == with_notes.id)
    shown = [
        pairs.meetings_model.index(r, 3).data() for r in range(pairs.meetings_model.rowCount())
    ]
    assert NOTES_HIDDEN in shown
    real = [m.notes for m in mentoring_meetings.list_meetings(demo_db, with_notes.id, True)]
    assert not any(n and n in shown for n in real)
    qtbot.mouseClick(pairs.notes_button, Qt.MouseButton.LeftButton)
    shown = [
        pairs.meetings_model.index(r, 3).data() for r in range(pairs.meetings_model.rowCount())
    ]
    assert any(n and n in shown for n in real) and NOTES_HIDDEN not in shown
    # Choosing another pair hides notes again.
    pairs.table.selectRow(0 if pairs.table.currentIndex().row() != 0 else 1)
    assert not pairs.notes_button.isChecked()


def test_logging_a_meeting_and_ending_a_pair(screen, demo_db, qtbot):
    pairs = screen.pairs
    pair = pick(pairs.table, lambda p: p.status == "active")

    def log(dialog):
        dialog.minutes.setValue(45)
        dialog.mode.setCurrentIndex(dialog.mode.findText("In person"))
        qtbot.keyClicks(dialog.notes, "Talked about influencing the place board.")
        save(dialog)

    answer_next_dialog(log)
    qtbot.mouseClick(pairs.log_button, Qt.MouseButton.LeftButton)
    [latest, *_] = mentoring_meetings.list_meetings(demo_db, pair.id, with_notes=True)
    assert (latest.held_on, latest.minutes, latest.mode) == (date.today(), 45, "in person")
    assert latest.notes == "Talked about influencing the place board."
    assert pairs.meetings_model.rowCount() == pair.meetings + 1

    def end(dialog):
        save(dialog)  # no reason yet
        assert "reason" in error_text(dialog)
        dialog.reason.setCurrentIndex(dialog.reason.findText("Goals met"))
        save(dialog)

    answer_next_dialog(end)
    qtbot.mouseClick(pairs.end_button, Qt.MouseButton.LeftButton)
    ended = mentoring_pairs.get_pair(demo_db, pair.id)
    assert (ended.status, ended.ended_on, ended.end_reason) == ("ended", date.today(), "Goals met")


def test_starting_a_proposed_pair(screen, demo_db, qtbot):
    pair = pick(screen.pairs.table, lambda p: p.status == "proposed")
    assert not screen.pairs.log_button.isEnabled()
    qtbot.mouseClick(screen.pairs.start_button, Qt.MouseButton.LeftButton)
    started = mentoring_pairs.get_pair(demo_db, pair.id)
    assert (started.status, started.started_on) == ("active", date.today())


def test_suggestions_are_rejected_swapped_accepted_one_by_one_then_all(
    screen, demo_db, qtbot, errors_shown
):
    panel = screen.suggest
    panel.cohort.setCurrentIndex(panel.cohort.findText("CCPL Winter 2026-27"))
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    items = panel.model.rows()
    assert len(items) >= 4 and panel.unmatched.count() >= 0
    assert "suggestions" in panel.summary.text()

    # Every place is suggested, so rejecting one suggestion frees a place to swap into.
    rejected, swapped, alternative = next(
        (r, s, c)
        for r in items
        for s in items
        if s is not r
        for c in s.options()
        if c.mentor_id == r.choice.mentor_id
    )
    pick(panel.table, lambda i: i is rejected)
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert rejected.decision == Decision.REJECTED and not panel.accept_button.isEnabled()

    pick(panel.table, lambda i: i is swapped)
    pick(panel.alternatives, lambda c: c is alternative)
    qtbot.mouseClick(panel.swap_button, Qt.MouseButton.LeftButton)
    assert swapped.choice == alternative

    accepted = pick(panel.table, lambda i: i is not swapped and i is not rejected)
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    assert accepted.decision == Decision.ACCEPTED

    qtbot.mouseClick(panel.accept_all_button, Qt.MouseButton.LeftButton)
    assert errors_shown == []
    by_mentee = {p.mentee_id: p for p in mentoring_pairs.list_pairs(demo_db, status="active")}
    assert rejected.row.participant_id not in by_mentee
    assert by_mentee[swapped.row.participant_id].mentor_id == alternative.mentor_id
    for item in (i for i in items if i is not rejected):
        assert by_mentee[item.row.participant_id].mentor_id == item.choice.mentor_id
    # The rules held for everything saved: nobody shares an organisation with their mentor.
    with demo_db.read() as session:
        org = dict(session.execute(select(Person.id, Person.organisation_id)).all())
    assert all(org[p.mentee_id] != org[p.mentor_id] for p in by_mentee.values())
    assert all(m.mentees <= m.capacity or m.over_capacity for m in mentoring.list_mentors(demo_db))
    # The other tabs follow at once.
    assert sum(m.mentees for m in screen.mentors.model.all_rows()) == len(by_mentee)


def test_reports_follow_the_weeks_chosen(screen, demo_db):
    reports = screen.reports
    reports.weeks.setValue(52)
    assert reports.quiet_model.rowCount() == 0
    reports.weeks.setValue(1)
    assert reports.quiet_model.rowCount() == len(
        mentoring_meetings.pairs_without_meeting(demo_db, 1)
    )
    assert reports.hours_model.rowCount() == len(mentoring_meetings.hours_per_cohort(demo_db))


def test_search_and_ctrl_n_from_the_main_window(main_window, demo_db, qtbot):
    index = next(i for i, s in enumerate(main_window.screens) if s.title == "Mentoring")
    main_window.nav.setCurrentRow(index)
    screen = main_window.screens[index]
    first = screen.mentors.model.rows()[0]
    qtbot.keyClicks(main_window.search, first.email[:6])
    qtbot.waitUntil(lambda: screen.mentors.model.rowCount() < 15)
    assert all(
        first.email[:6] in m.email or first.email[:6] in m.name.casefold()
        for m in screen.mentors.model.rows()
    )
    assert "mentors shown" in main_window.count_label.text()
    seen = answer_next_dialog(lambda dialog: dialog.reject())
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen and seen[0].windowTitle() == "New mentor"
    assert isinstance(seen[0].findChild(QSpinBox), QSpinBox)
    assert seen[0].findChild(QLineEdit) is not None and seen[0].findChild(QComboBox) is None


def test_organisations_are_never_shared_in_demo_pairs(demo_db):
    with demo_db.read() as session:
        org = dict(session.execute(select(Person.id, Person.organisation_id)).all())
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    for pair in mentoring_pairs.list_pairs(demo_db):
        assert org[pair.mentee_id] != org[pair.mentor_id], names[org[pair.mentee_id]]


def test_a_swap_that_overfills_a_mentor_is_refused_and_nothing_saved(
    screen, demo_db, qtbot, errors_shown
):
    panel = screen.suggest
    panel.cohort.setCurrentIndex(panel.cohort.findText("CCPL Winter 2026-27"))
    qtbot.mouseClick(panel.suggest_button, Qt.MouseButton.LeftButton)
    spare = {m.person_id: m.free_places for m in mentoring.list_mentors(demo_db)}
    for item in panel.model.rows():
        spare[item.choice.mentor_id] -= 1
    # Every place of this mentor is already suggested: one more is one too many.
    swapped = next(
        i for i in panel.model.rows() if any(spare[c.mentor_id] == 0 for c in i.options())
    )
    pick(panel.table, lambda i: i is swapped)
    pick(panel.alternatives, lambda c: spare[c.mentor_id] == 0)
    qtbot.mouseClick(panel.swap_button, Qt.MouseButton.LeftButton)
    before = len(mentoring_pairs.list_pairs(demo_db))
    qtbot.mouseClick(panel.accept_all_button, Qt.MouseButton.LeftButton)
    assert len(errors_shown) == 1 and errors_shown[0].startswith("Nothing was saved")
    assert len(mentoring_pairs.list_pairs(demo_db)) == before
    assert all(i.decision == Decision.PENDING for i in panel.model.rows())
