"""The Certificates screen: issuing with progress and Cancel, the register, verifying, revoking,
re-printing, exporting, awards by hand, and the design dialog with its live preview."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cohort_desk.cli import lookup
from cohort_desk.db.models import Enrolment
from cohort_desk.errors import Cancelled
from cohort_desk.services.certificates.design import load_design
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.numbers import lock_numbering
from cohort_desk.services.certificates.register import list_certificates
from cohort_desk.services.settings import certificate_secret
from cohort_desk.ui.certificates import register_tab as register
from cohort_desk.ui.certificates.issue_dialog import IssueCertificatesDialog, IssueRequest
from cohort_desk.ui.certificates.screen import CertificatesScreen
from cohort_desk.ui.kit.rows import RowTableModel
from tests.ui.modal import answer, answer_next_dialog, ok_button

FINISHED = "SLA Cohort 1 (2025-26)"


@pytest.fixture
def screen(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = CertificatesScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


@pytest.fixture
def errors(monkeypatch):  # type: ignore[no-untyped-def]
    """Messages that would have been shown in a box, instead of a box the test cannot close."""
    shown: list[BaseException] = []
    monkeypatch.setattr("cohort_desk.ui.kit.workers.show_error", lambda _p, e, *a: shown.append(e))
    monkeypatch.setattr(register, "show_error", lambda _p, e, *a: shown.append(e))
    return shown


@pytest.fixture
def issued(demo_db, tmp_path):  # type: ignore[no-untyped-def]
    return issue(demo_db, tmp_path / "first", cohort_id=lookup.cohort_id(demo_db, FINISHED))


def _issue(qtbot, screen, request):  # type: ignore[no-untyped-def]
    job = screen.start_issue(request)
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    return job


def test_the_screen_is_in_the_side_bar_after_the_sessions_and_attendance(main_window):
    titles = [s.title for s in main_window.screens]
    assert "Certificates" in titles
    assert type(main_window.screens[titles.index("Certificates")]).order == 60


def test_models_pass_qt_model_checks(qtmodeltester, screen, issued):
    screen.refresh()
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.eligibility.model)
    assert isinstance(screen.model, RowTableModel)


def test_issuing_from_the_window_fills_the_register_and_says_what_happened(
    qtbot, screen, demo_db, tmp_path, errors
):
    assert screen.model.rowCount() == 0
    request = IssueRequest(
        lookup.cohort_id(demo_db, FINISHED), None, tmp_path / "out", False, FINISHED
    )
    job = _issue(qtbot, screen, request)
    assert not errors and job.error is None
    issued = list_certificates(demo_db)
    assert len(issued) == job.result.issued > 0
    assert screen.model.rowCount() == len(issued)
    assert screen.outcome.text().startswith(f"Issued {len(issued)} certificates")
    assert "Open the folder" in screen.outcome.text()
    assert (tmp_path / "out" / job.result.files[0].name).is_file()
    # Running it again from the window issues nothing and says so.
    again = _issue(qtbot, screen, request)
    assert again.result.issued == 0 and "Nothing new to issue" in screen.outcome.text()


def test_cancel_while_issuing_leaves_nothing_behind(qtbot, screen, demo_db, tmp_path, errors):
    request = IssueRequest(
        lookup.cohort_id(demo_db, FINISHED), None, tmp_path / "out", False, FINISHED
    )
    # Hold the numbering lock so the job is still waiting when Cancel is pressed.
    with demo_db.write() as session:
        certificate_secret(session)
        lock_numbering(session)
        job = screen.start_issue(request)
        job.cancel()
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    assert isinstance(job.error, Cancelled) and errors == [job.error]
    assert list_certificates(demo_db) == []
    assert not any((tmp_path / "out").iterdir())


def test_search_and_the_show_filter_narrow_the_register(screen, issued, demo_db):
    screen.refresh()
    total = len(issued.numbers)
    someone = screen.model.all_rows()[0]
    screen.set_search(someone.holder_name.split()[-1].lower())
    assert 0 < screen.model.rowCount() < total
    assert all(
        someone.holder_name.split()[-1].lower() in f"{r.holder_name} {r.email}".lower()
        for r in screen.model.rows()
    )
    screen.set_search(someone.code.lower())
    assert [r.number for r in screen.model.rows()] == [someone.number]
    screen.set_search("")
    screen.register.show_combo.setCurrentIndex(2)  # revoked only
    assert screen.model.rowCount() == 0
    assert screen.status_text() == f"0 of {total} certificates shown"


def test_revoking_asks_for_a_reason_and_confirmation(screen, issued, demo_db, monkeypatch):
    screen.refresh()
    screen.table.selectRow(0)
    chosen = screen.table.selected_rows()[0]
    panel = screen.register
    asked: list[str] = []
    monkeypatch.setattr(
        register.ask, "confirm", lambda _p, _t, text, _y, **_k: asked.append(text) or False
    )
    blank: list[bool] = []

    def only_spaces(question):  # type: ignore[no-untyped-def]
        answer("   ")(question)  # OK cannot be pressed: a reason is kept on record
        blank.append(ok_button(question).isEnabled())

    answer_next_dialog(only_spaces)
    panel.revoke_selected()
    assert blank == [False] and asked == []  # no reason, so nothing more was asked
    answer_next_dialog(answer("Issued before marking finished"))
    panel.revoke_selected()
    assert len(asked) == 1
    assert all(r.revoked_at is None for r in list_certificates(demo_db))  # said no: unchanged

    asked.clear()
    monkeypatch.setattr(
        register.ask, "confirm", lambda _p, _t, text, _y, **_k: asked.append(text) or True
    )
    answer_next_dialog(answer("  Issued before marking finished "))
    panel.revoke_selected()
    assert chosen.number in asked[0] and "cannot be undone" in asked[0]
    revoked = [r for r in list_certificates(demo_db) if r.revoked_at]
    assert [(r.number, r.revoke_reason) for r in revoked] == [
        (chosen.number, "Issued before marking finished")
    ]
    shown = next(r for r in screen.model.rows() if r.number == chosen.number)
    assert shown.status == "Revoked" and screen.status_text().endswith("(1 revoked)")
    assert not panel.revoke_button.isEnabled() and not panel.reprint_button.isEnabled()


def test_the_verify_field_says_genuine_typo_or_revoked(screen, issued, demo_db):
    from cohort_desk.services.certificates.register import revoke

    code = issued.codes[0]
    screen.code.setText(code.lower())
    screen.check_code()
    assert "Genuine" in screen.verdict.text() and issued.numbers[0] in screen.verdict.text()
    assert screen.table.selected_rows()[0].number == issued.numbers[0]
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    screen.code.setText(altered)
    screen.check_code()
    assert "typo" in screen.verdict.text()
    revoke(demo_db, issued.numbers[0], "Wrong person")
    screen.code.setText(code)
    screen.check_code()
    assert "revoked" in screen.verdict.text() and "Wrong person" in screen.verdict.text()


def test_reprinting_selected_certificates_records_a_reissue(
    qtbot, screen, issued, demo_db, tmp_path, monkeypatch, errors
):
    printed: list[bytes] = []
    try:
        from cohort_desk.ui.kit import printing

        monkeypatch.setattr(printing, "print_pdf", lambda _p, pdf, _t: printed.append(pdf))
    except ImportError:
        pass
    screen.refresh()
    screen.table.selectRow(0)
    screen.table.selectRow(1)
    rows = screen.table.selected_rows()
    job = screen.reprint(rows, tmp_path / "again")
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    assert not errors
    again = {r.number: r.reissues for r in list_certificates(demo_db)}
    assert all(again[r.number] == 1 for r in rows)
    assert sum(again.values()) == len(rows)
    assert len(list((tmp_path / "again").iterdir())) == len(rows) + 1


def test_export_writes_what_is_shown(screen, issued, tmp_path):
    screen.refresh()
    screen.set_search(issued.codes[0])
    screen.export_to(tmp_path / "register.xlsx")
    sheet = load_workbook(tmp_path / "register.xlsx").active
    values = list(sheet.values)
    assert values[0][:3] == ("Number", "Kind", "Name")
    assert [row[0] for row in values[1:]] == [issued.numbers[0]]


def test_award_by_hand_in_the_eligibility_tab(screen, demo_db, monkeypatch):
    screen.tabs.setCurrentIndex(1)
    panel = screen.eligibility
    assert panel.cohort.currentText() == FINISHED  # the cohort that most recently ended
    missing = next(i for i, r in enumerate(panel.model.rows()) if not r.eligible)
    person = panel.model.row_at(missing)
    panel.table.selectRow(missing)
    answer_next_dialog(answer("Completed a catch-up project"))
    panel.decide("award")
    with demo_db.read() as s:
        enrolment = s.get(Enrolment, person.enrolment_id)
        assert enrolment.certificate_override == "award"
        assert enrolment.override_reason == "Completed a catch-up project"
    shown = next(r for r in panel.model.rows() if r.person_id == person.person_id)
    assert shown.eligible and shown.reason == "Awarded by hand: Completed a catch-up project"
    assert panel.clear_button.isEnabled()
    panel.decide(None)
    with demo_db.read() as s:
        assert (
            s.scalar(
                select(Enrolment.certificate_override).where(Enrolment.id == person.enrolment_id)
            )
            is None
        )


def test_the_issue_dialog_counts_before_issuing(qtbot, demo_db, tmp_path, issued):
    dialog = IssueCertificatesDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.cohort.setCurrentIndex(dialog.cohort.findText(FINISHED))
    assert f"{len(issued.numbers)} already have one" in dialog.summary.text()
    assert not dialog.ok_button.isEnabled()  # nothing new to issue
    dialog.reissue.setChecked(True)
    assert "will be printed again" in dialog.summary.text() and dialog.ok_button.isEnabled()
    dialog.target.setCurrentIndex(1)  # the first session: attendance certificates
    dialog.folder.setText(str(tmp_path / "sessions"))
    request = dialog.request()
    assert request.session_id == dialog.target.currentData() and request.reissue
    assert request.folder == tmp_path / "sessions" and request.cohort_id == lookup.cohort_id(
        demo_db, FINISHED
    )


def test_the_design_dialog_previews_live_and_saves(qtbot, demo_db, monkeypatch):
    from cohort_desk.ui.certificates import design_dialog as design

    dialog = design.CertificateDesignDialog(demo_db)
    qtbot.addWidget(dialog)
    first = dialog.preview.pixmap().toImage()
    assert not first.isNull() and first.width() == design.PREVIEW_WIDTH
    dialog.colour.setText("#8A1538")
    dialog.update_preview()
    assert dialog.preview.pixmap().toImage() != first  # the border changed colour
    dialog.colour.setText("red")
    dialog.update_preview()
    assert "six hex digits" in dialog.problem.text()
    dialog.accept()
    assert "six hex digits" in dialog.error.text()  # said in the dialog, not in a box
    assert load_design(demo_db).accent_colour == "#005EB8"  # nothing saved
    dialog.colour.setText("#8a1538")
    dialog.completion.setText("has completed with distinction")
    dialog.accept()
    saved = load_design(demo_db)
    assert saved.accent_colour == "#8A1538"
    assert saved.completion_wording == "has completed with distinction"
