"""The evaluation view on the cohort page and from the Sessions screen: the service's figures
shown as they are (no recounting), each rating question as a chart with its numbers, and
comments with names taken out unless the writer agreed to be quoted."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from cohort_desk.services.evaluation.summary import cohort_evaluation, session_evaluation
from cohort_desk.ui.cohorts.screen import CohortsScreen
from cohort_desk.ui.evaluation.dialog import SessionEvaluationDialog
from cohort_desk.ui.evaluation.view import NO_FEEDBACK, headline
from cohort_desk.ui.sessions.screen import SessionsScreen
from tests.ui.workspace_helpers import messages  # noqa: F401

GRABS = Path("/tmp/cohort-desk-grabs")


def _ids(db, query: str) -> list[int]:
    with db.read() as session:
        return [row[0] for row in session.execute(text(query))]


@pytest.fixture
def cohorts(qtbot, demo_db):
    widget = CohortsScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1366 - 230, 728 - 110)  # the screen's share of a 1366x768 laptop
    widget.show()
    widget.refresh()
    return widget


def test_the_cohort_page_shows_the_services_evaluation(cohorts, demo_db, qtmodeltester):
    [cohort_id] = _ids(demo_db, "SELECT id FROM cohorts WHERE name = 'SLA Cohort 1 (2025-26)'")
    cohorts.show_record(cohort_id)
    summary = cohort_evaluation(demo_db, cohort_id)
    view = cohorts.page.evaluation
    cohorts.page.tabs.setCurrentWidget(view)
    assert summary.responses > 0
    assert cohorts.page.tabs.tabText(3) == f"Evaluation ({summary.responses})"
    assert view.headline.text() == headline(summary)
    # The cohort was asked to recommend each session and the Academy: two scores, each named.
    scores = summary.promoter_scores
    assert len(scores) == 2 and summary.nps is None
    for question in scores:
        assert f"net promoter score {question.nps:+d} ({question.nps_label})" in (
            view.headline.text()
        )
    assert [b.chart.bars for b in view.blocks] == [
        [(str(p), n) for p, n in q.distribution.items()] for q in summary.questions
    ]
    first, question = view.blocks[0], summary.questions[0]
    assert f"mean {question.mean:.2f}" in first.figures.text()
    assert f"median {question.median:g}" in first.figures.text()
    assert str(max(question.distribution.values())) in first.chart.accessibleDescription()
    qtmodeltester.check(view.comments_model, force_py=True)
    assert view.comments_model.rows() == summary.comments
    shown = [view.comments_model.index(r, 3).data() for r in range(view.comments_model.rowCount())]
    withheld = [c.text for c in summary.comments if not c.quoted]
    assert shown == [c.text for c in summary.comments] and any("[name]" in t for t in withheld)
    GRABS.mkdir(exist_ok=True)
    cohorts.grab().save(str(GRABS / "cohort-evaluation.png"))


def test_a_cohort_without_feedback_says_how_to_add_it(cohorts, demo_db):
    [cohort_id] = _ids(demo_db, "SELECT id FROM cohorts WHERE name = 'CCPL Winter 2026-27'")
    cohorts.show_record(cohort_id)
    view = cohorts.page.evaluation
    assert view.empty.text() == NO_FEEDBACK and not view.empty.isHidden()
    assert view.splitter.isHidden() and view.blocks == []
    assert cohorts.page.tabs.tabText(3) == "Evaluation"


def test_the_sessions_screen_opens_a_sessions_evaluation(qtbot, demo_db, monkeypatch):
    screen = SessionsScreen(demo_db)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    assert not screen.evaluation_button.isEnabled()
    session_id = _ids(demo_db, "SELECT session_id FROM feedback_responses "
                      "WHERE session_id IS NOT NULL ORDER BY session_id")[0]  # fmt: skip
    screen.show_record(session_id)
    assert screen.evaluation_button.isEnabled()
    opened: list[str] = []

    def look(dialog: SessionEvaluationDialog) -> int:
        # While it is open: once closed, the dialog is deleted (kit.dialogs).
        summary = session_evaluation(demo_db, session_id)
        assert dialog.view.headline.text() == headline(summary)
        assert summary.about in dialog.windowTitle()
        assert dialog.view.comments.isColumnHidden(0)  # every comment is about this session
        dialog.resize(1000, 680)
        dialog.show()
        GRABS.mkdir(exist_ok=True)
        dialog.grab().save(str(GRABS / "session-evaluation.png"))
        opened.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(SessionEvaluationDialog, "exec", look)
    screen.evaluation_button.click()
    assert len(opened) == 1


def test_feedback_is_imported_from_the_cohort_page_and_undone_with_ctrl_z(
    cohorts, demo_db, qtbot, monkeypatch, tmp_path
):
    from cohort_desk.ui.evaluation.importing import FeedbackPreview
    from cohort_desk.ui.kit import files
    from tests.integration.feedback_files import forms_xlsx

    [cohort_id] = _ids(demo_db, "SELECT id FROM cohorts WHERE name = 'CCPL Winter 2026-27'")
    [email] = [r for r in _ids(demo_db, "SELECT email FROM people ORDER BY id LIMIT 1")]
    cohorts.show_record(cohort_id)
    view = cohorts.page.evaluation
    assert not view.import_button.isHidden()
    path = forms_xlsx(
        tmp_path / "Feedback.xlsx",
        ["How would you rate the programme? (1-5)", "What could we improve?"],
        [
            {"email": email, "name": "Named", "answers": [5, "More time in small groups."]},
            {"answers": [4, ""]},
            {"answers": [3, "Fewer slides."]},
        ],
    )
    monkeypatch.setattr(files, "ask_open_path", lambda *_args: path)
    previews: list[tuple[str, list[str]]] = []

    def accept(dialog):  # type: ignore[no-untyped-def]
        # Read while it is open: once closed, the dialog is deleted (kit.dialogs).
        previews.append((dialog.summary.text(), [q.scale for q in dialog.questions.rows()]))
        return 1

    monkeypatch.setattr(FeedbackPreview, "exec", accept)
    view.import_button.click()
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    qtbot.waitUntil(lambda: cohorts.feedback.job is None, timeout=20_000)
    [(said, scales)] = previews
    assert "3 responses to import (1 named, 2 anonymous)" in said
    assert scales == ["1-5", "text"]
    summary = cohort_evaluation(demo_db, cohort_id)
    assert summary.responses == 3
    assert cohorts.page.tabs.tabText(3) == "Evaluation (3)"
    assert view.headline.text() == headline(summary)
    assert cohorts.undo_stack.canUndo()
    cohorts.undo_stack.undo()
    assert cohort_evaluation(demo_db, cohort_id).responses == 0
    assert cohorts.page.tabs.tabText(3) == "Evaluation"
    assert not view.empty.isHidden()


def test_a_sessions_feedback_is_imported_from_its_evaluation_window(
    qtbot, demo_db, monkeypatch, tmp_path
):
    from cohort_desk.ui.evaluation.importing import FeedbackPreview
    from cohort_desk.ui.kit import files
    from tests.integration.feedback_files import forms_xlsx

    screen = SessionsScreen(demo_db)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    [session_id] = _ids(
        demo_db,
        "SELECT s.id FROM sessions s JOIN cohorts c ON c.id = s.cohort_id "
        "WHERE c.name = 'CCPL Winter 2026-27' ORDER BY s.id LIMIT 1",
    )
    screen.show_record(session_id)
    path = forms_xlsx(tmp_path / "Session feedback.xlsx", ["Overall (1-5)"],
                      [{"answers": [5]}, {"answers": [4]}])  # fmt: skip
    monkeypatch.setattr(files, "ask_open_path", lambda *_args: path)
    monkeypatch.setattr(FeedbackPreview, "exec", lambda _self: 1)
    changed: list[bool] = []
    screen.data_changed.connect(lambda: changed.append(True))

    def use(dialog):  # type: ignore[no-untyped-def]
        assert not dialog.view.empty.isHidden()
        dialog.view.import_button.click()
        qtbot.waitUntil(lambda: dialog.imported, timeout=20_000)
        assert dialog.view.headline.text().startswith("2 responses from")
        return 0

    monkeypatch.setattr(SessionEvaluationDialog, "exec", use)
    screen.evaluation_button.click()
    assert changed and session_evaluation(demo_db, session_id).responses == 2
    screen.undo_stack.undo()
    assert session_evaluation(demo_db, session_id).responses == 0
