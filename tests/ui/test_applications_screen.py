"""The Applications screen driven as a panel member and an administrator would: Enter opens
the scoring, digits and Tab fill it in, Enter saves and moves on, Esc leaves it; statuses,
offers and the waiting list's proposal; blind review; every change undone with Ctrl+Z."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QSpinBox, QTextBrowser
from sqlalchemy import func, select

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Score
from cohort_desk.services.applications import criteria, intake, records, statuses
from cohort_desk.services.cohorts.records import CohortInput, create_cohort
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit import errors as ui_errors
from cohort_desk.ui.kit import undo as ui_undo
from tests.integration.application_files import applicant, forms_export
from tests.ui.modal import answer_next_dialog, error_text, save, type_person

COHORT = "SLA Cohort 3 (2027-28)"


@pytest.fixture(autouse=True)
def errors_shown(monkeypatch) -> list[str]:
    shown: list[str] = []
    record = lambda _parent, error, *_a: shown.append(str(error))  # noqa: E731
    monkeypatch.setattr(ui_errors, "show_error", record)
    monkeypatch.setattr(ui_undo, "show_error", record)
    return shown


def _cohort(db: Database, tmp_path: Path, blind: bool = False, places: int = 2) -> int:
    cohort = create_cohort(
        db, CohortInput(name=COHORT, places=places, starts_on=date(2099, 9, 1), blind_review=blind)
    )
    path = forms_export(tmp_path / "forms.xlsx", [applicant(i) for i in range(1, 5)])
    intake.apply_applications(db, intake.plan_applications(db, path, cohort.id))
    criteria.add_criterion(db, cohort.id, "Commitment", (1, 5))
    criteria.add_criterion(db, cohort.id, "Impact", (1, 5))
    return cohort.id


@pytest.fixture
def make_screen(qtbot, db):  # type: ignore[no-untyped-def]
    from cohort_desk.ui.applications.screen import ApplicationsScreen

    def make() -> ApplicationsScreen:
        widget = ApplicationsScreen(db)
        qtbot.addWidget(widget)
        widget.resize(1200, 760)
        widget.show()
        return widget

    return make


def _scores(db: Database) -> list[tuple[int, int, str]]:
    with db.read() as session:
        return [
            (s.application_id, s.value, s.note)
            for s in session.scalars(select(Score).order_by(Score.application_id, Score.id))
        ]


def test_the_model_behaves(qtmodeltester, db, tmp_path, make_screen) -> None:
    _cohort(db, tmp_path)
    screen = make_screen()
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 4
    headings = [screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headings[:6] == ["Ref", "Name", "E-mail", "Organisation", "Status", "Commitment"]


def test_a_panel_member_scores_with_the_keyboard(qtbot, db, tmp_path, make_screen) -> None:
    _cohort(db, tmp_path)
    screen = make_screen()
    screen.table.selectRow(0)
    screen.table.setFocus()

    def fill(dialog: QDialog) -> None:
        boxes = dialog.findChildren(QSpinBox)
        assert dialog.focusWidget() is boxes[0]
        answers = dialog.findChild(QTextBrowser)
        assert "To lead across the system." in answers.toPlainText()  # read beside the scores
        qtbot.keyClicks(boxes[0], "4")
        qtbot.keyClick(boxes[0], Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "clear examples")  # the note beside it
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() is boxes[1]
        qtbot.keyClicks(dialog.focusWidget(), "5")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter saves

    answer_next_dialog(fill)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)  # Enter opens the scoring
    first = screen.model.all_rows()[0].id
    assert _scores(db) == [(first, 4, "clear examples"), (first, 5, "")]
    # Saved, and on to the next application, as a panel works down the list.
    assert screen.table.current_row().id == screen.model.all_rows()[1].id
    row = next(r for r in screen.model.all_rows() if r.id == first)
    assert row.total == 9 and row.mine == {"Commitment": 4, "Impact": 5}
    assert screen.undo_stack.undoText() == "Score Applicant1 Tester1"
    screen.undo_stack.undo()
    assert _scores(db) == []
    screen.undo_stack.redo()
    assert _scores(db) == [(first, 4, "clear examples"), (first, 5, "")]


def test_esc_leaves_the_scoring_without_saving(qtbot, db, tmp_path, make_screen) -> None:
    _cohort(db, tmp_path)
    screen = make_screen()
    screen.table.selectRow(0)

    def give_up(dialog: QDialog) -> None:
        box = dialog.findChildren(QSpinBox)[0]
        qtbot.keyClicks(box, "3")
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # asks before losing it; the test says Discard

    seen = answer_next_dialog(give_up)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert seen and not seen[0].isVisible()
    assert _scores(db) == [] and screen.undo_stack.count() == 0


def test_blind_review_hides_who_applied(qtbot, db, tmp_path, make_screen) -> None:
    _cohort(db, tmp_path, blind=True)
    screen = make_screen()
    model = screen.model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Name" not in headings and "E-mail" not in headings and "Organisation" not in headings
    cells = " ".join(
        str(model.data(model.index(r, c)))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )
    assert "Applicant1" not in cells and "nhs.net" not in cells and "A0001" in cells
    screen.table.selectRow(0)
    assert screen.detail.heading.text().startswith("A0001 ·")
    assert "Tester" not in screen.detail.heading.text()
    screen.set_search("Applicant1")  # a name finds nothing: the search never reads names
    assert model.rowCount() == 0
    screen.set_search("Reason number 2")  # the answers can be searched
    assert [r.ref for r in model.rows()] == ["A0002"]


def test_statuses_offers_and_the_waiting_list(
    qtbot, db, tmp_path, make_screen, monkeypatch
) -> None:
    cohort = _cohort(db, tmp_path, places=1)
    screen = make_screen()
    rows = screen.model.all_rows()
    screen.table.select_where(lambda r: r.id == rows[0].id)
    screen.commands.set_status("shortlisted")
    assert records.get_application(db, rows[0].id).status == "shortlisted"
    assert screen.undo_stack.undoText() == "Set Applicant1 Tester1 to shortlisted"
    screen.table.select_where(lambda r: r.id == rows[1].id)
    screen.commands.set_status("waiting")
    assert records.get_application(db, rows[1].id).waiting_position == 1

    # One place: offering two is refused in the dialog, in one sentence, and nothing changes.
    def two(dialog: QDialog) -> None:
        dialog.count.setValue(2)  # type: ignore[attr-defined]
        assert "only 1 free place" in error_text(dialog)
        assert not dialog.save_button.isEnabled()  # type: ignore[attr-defined]

    answer_next_dialog(two)
    screen.commands.offer_places()
    assert records.get_application(db, rows[1].id).status == "waiting"

    def one(dialog: QDialog) -> None:
        assert "Applicant2 Tester2: number 1 on the waiting list" in dialog.order.toPlainText()  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.count, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    answer_next_dialog(one)
    screen.commands.offer_places()
    assert records.get_application(db, rows[1].id).status == "offered"

    # They decline: the freed place is proposed to the next on the waiting list, who is
    # offered it only when the person says so.
    screen.table.select_where(lambda r: r.id == rows[0].id)
    screen.commands.set_status("waiting")
    asked: list[str] = []
    monkeypatch.setattr(ask, "confirm", lambda _p, _t, text, _y, **_k: asked.append(text) or False)
    screen.table.select_where(lambda r: r.id == rows[1].id)
    screen.commands.set_status("declined")
    assert asked == [
        "A place is free; the first on the waiting list is Applicant1 Tester1. "
        "Offer them the place?"
    ]
    assert records.get_application(db, rows[0].id).status == "waiting"  # not offered silently
    assert screen.proposal_box.isVisibleTo(screen)
    monkeypatch.setattr(ask, "confirm", lambda *_a, **_k: True)
    screen.proposal_button.click()
    assert records.get_application(db, rows[0].id).status == "offered"
    assert not screen.proposal_box.isVisibleTo(screen)
    screen.undo_stack.undo()  # the offer
    assert records.get_application(db, rows[0].id).status == "waiting"
    screen.undo_stack.undo()  # the decline
    assert records.get_application(db, rows[1].id).status == "offered"
    assert cohort


def test_show_still_to_score_by_me(qtbot, db, tmp_path, make_screen) -> None:
    cohort = _cohort(db, tmp_path)
    first = records.list_applications(db, cohort)[0]
    for row in criteria.list_criteria(db, cohort):
        criteria.record_score(db, first.id, row.id, 3)
    screen = make_screen()
    screen.show_combo.setCurrentIndex(1)  # "Still to score by me"
    assert [r.id for r in screen.model.rows()] == [r.id for r in screen.model.all_rows()[1:]]
    assert screen.status_text() == "3 applications shown of 4"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Score)) == 2


def test_an_application_added_by_hand(qtbot, db, tmp_path, make_screen) -> None:
    from cohort_desk.services.people.records import PersonInput, create_person

    cohort = _cohort(db, tmp_path)
    create_person(db, PersonInput("Grace", "Okafor", "grace.okafor@nhs.net"))
    screen = make_screen()

    def repeat(dialog: QDialog) -> None:  # someone who applied already: refused, in the dialog
        type_person(qtbot, dialog.person, "applicant1@nhs.net")  # type: ignore[attr-defined]
        save(dialog)
        assert "already applied to SLA Cohort 3 (2027-28)" in error_text(dialog)
        assert "nothing was added" in error_text(dialog)

    answer_next_dialog(repeat)
    screen.commands.add_application()
    assert len(records.list_applications(db, cohort)) == 4

    def by_letter(dialog: QDialog) -> None:
        type_person(qtbot, dialog.person, "grace.okafor@nhs.net")  # type: ignore[attr-defined]
        dialog.answer.setPlainText("Sent by letter: to grow as a leader.")  # type: ignore[attr-defined]
        save(dialog)

    answer_next_dialog(by_letter)
    screen.commands.add_application()
    added = [r for r in records.list_applications(db, cohort) if r.email == "grace.okafor@nhs.net"]
    assert len(added) == 1 and added[0].status == "applied"
    assert added[0].answers == {"Why do you want to join?": "Sent by letter: to grow as a leader."}
    assert screen.model.rowCount() == 5
    assert screen.undo_stack.undoText() == "Add an application"
    screen.undo_stack.undo()
    assert len(records.list_applications(db, cohort)) == 4 and screen.model.rowCount() == 4
    screen.undo_stack.redo()
    again = [r for r in records.list_applications(db, cohort) if r.email == "grace.okafor@nhs.net"]
    assert again[0].answers == added[0].answers and again[0].applied_at == added[0].applied_at


def test_the_cohort_criteria(qtbot, db, tmp_path, make_screen, monkeypatch) -> None:
    cohort = _cohort(db, tmp_path)
    first = records.list_applications(db, cohort)[0]
    impact = next(c for c in criteria.list_criteria(db, cohort) if c.name == "Impact")
    criteria.record_score(db, first.id, impact.id, 4)
    screen = make_screen()
    monkeypatch.setattr(ask, "confirm", lambda *_a, **_k: True)

    def edit(dialog: QDialog) -> None:
        names = lambda: [r.name for r in dialog.model.all_rows()]  # type: ignore[attr-defined]  # noqa: E731
        assert names() == ["Commitment", "Impact"]
        dialog.name.setText("Working with others")  # type: ignore[attr-defined]
        dialog.scale.setText("five")  # type: ignore[attr-defined]
        save(dialog)
        assert "scale" in error_text(dialog).casefold() and "1-5" in error_text(dialog)
        assert names() == ["Commitment", "Impact"]
        dialog.scale.setText("0-3")  # type: ignore[attr-defined]
        save(dialog)  # added, and the dialog stays open for the next one
        assert dialog.isVisible() and names() == ["Commitment", "Impact", "Working with others"]
        assert dialog.name.text() == "" and not error_text(dialog)  # type: ignore[attr-defined]
        dialog.table.select_where(lambda r: r.name == "Impact")  # type: ignore[attr-defined]
        dialog.remove_selected()  # type: ignore[attr-defined]
        assert "Impact" in names()
        assert "The panel has given 1 score for 'Impact'" in error_text(dialog)
        dialog.table.select_where(lambda r: r.name == "Commitment")  # type: ignore[attr-defined]
        dialog.remove_selected()  # type: ignore[attr-defined]
        assert names() == ["Impact", "Working with others"]
        dialog.cancel_button.click()  # type: ignore[attr-defined]

    seen = answer_next_dialog(edit)
    screen.commands.edit_criteria()
    assert seen and not seen[0].isVisible()
    headings = [
        screen.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(screen.model.columnCount())
    ]
    assert "Working with others" in headings and "Commitment" not in headings


def test_decision_letters_from_the_screen(
    qtbot, db, tmp_path, make_screen, monkeypatch, errors_shown
) -> None:
    from cohort_desk.ui.kit import files

    cohort = _cohort(db, tmp_path)
    rows = records.list_applications(db, cohort)
    statuses.set_status(db, rows[0].id, "not-selected")
    screen = make_screen()
    asked: list[str] = []
    monkeypatch.setattr(files, "ask_folder", lambda *_a, **_k: tmp_path / "out")
    monkeypatch.setattr(ask, "confirm", lambda _p, _t, text, _y, **_k: asked.append(text) or True)
    told: list[str] = []
    monkeypatch.setattr(ask, "tell", lambda _w, text, *_a: told.append(text))
    button = next(b for b in screen.buttons if b.text() == "&Decision letters…")
    button.click()
    folder = tmp_path / "out" / f"Decision letters - {COHORT}"
    assert asked == [
        f"Write 1 regret letter for {COHORT} into {folder}? Each person is then counted as "
        "told; open the drafts in Outlook to check and send them."
    ]
    assert [p.name for p in folder.iterdir()] == ["Applicant1 Tester1 - regret-letter.eml"]
    assert told and told[0].startswith("Wrote 1 e-mail draft (for 1 person)")
    button.click()  # nothing new to tell anyone: one sentence, nothing written
    assert errors_shown == [
        f"No decision letters are due for {COHORT}: nobody's status has changed to offered, "
        "waiting list or not selected since their last letter, so nothing was written."
    ]
    assert len(asked) == 1 and len(list(folder.iterdir())) == 1
