"""The Reports screen: the impact pack's headline figures for a period, worked out off the
window's thread with a busy bar, and the pack saved as PDF or Excel where the person chose."""

# ruff: noqa: F811  (fixtures imported from workspace_helpers are parameters here)
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cohort_desk.rules import impact as I
from cohort_desk.services.reports.pack import build_pack
from cohort_desk.services.reports.sections import AT_A_GLANCE, COHORTS
from cohort_desk.ui.kit import files
from cohort_desk.ui.reports.cards import cell_text
from cohort_desk.ui.reports.screen import PRESETS, ReportsScreen
from tests.ui.workspace_helpers import messages  # noqa: F401

GRABS = Path("/tmp/cohort-desk-grabs")


def _wait(qtbot, screen) -> None:
    qtbot.waitUntil(lambda: screen.job is None, timeout=20_000)


@pytest.fixture
def screen(qtbot, demo_db):
    widget = ReportsScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1366 - 230, 728 - 110)
    widget.show()
    widget.refresh()
    assert not widget.busy.isHidden() and not widget.pdf_button.isEnabled()  # busy at once
    _wait(qtbot, widget)
    return widget


def test_the_headline_figures_are_the_packs(screen, demo_db, qtmodeltester):
    start, end = I.last_quarter(date.today())
    assert (screen.start.day(), screen.end.day()) == (start, end)
    assert screen.busy.isHidden() and screen.pdf_button.isEnabled()
    pack = build_pack(demo_db, start, end)
    glance = pack.section(AT_A_GLANCE)
    assert glance is not None
    shown = [(c.caption.text(), c.figure.text()) for c in screen.cards.cards]
    assert shown[: len(glance.rows)] == [(str(r[0]), cell_text(r[1])) for r in glance.rows]
    evaluation = pack.section("Evaluation")
    assert evaluation is not None
    captions = [c.caption.text() for c in screen.cards.cards][len(glance.rows) :]
    assert captions[:2] == ["Responses", "Response rate"]
    # One card per recommend question, each saying what it recommends; never one pooled.
    assert captions[2:] == [str(row[0]) for row in evaluation.rows[2:]]
    assert all(c.startswith("Net promoter score (recommend ") for c in captions[2:])
    reached = screen.cards.cards[0]
    assert reached.change.text().startswith(str(glance.rows[0][3]))
    cohorts = pack.section(COHORTS)
    assert cohorts is not None
    qtmodeltester.check(screen.cohorts_model, force_py=True)
    assert screen.cohorts_model.rows() == cohorts.rows
    assert screen.message.text() == f"The impact pack's figures for {pack.period_text}."
    GRABS.mkdir(exist_ok=True)
    screen.grab().save(str(GRABS / "reports.png"))


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_the_pack_is_saved_where_the_person_chose(screen, qtbot, tmp_path, monkeypatch, suffix):
    target = tmp_path / f"pack{suffix}"
    target.write_bytes(b"old")  # the save dialog has asked before replacing it
    asked: list[str] = []

    def ask(_parent, kind, _caption, name, filters):  # type: ignore[no-untyped-def]
        asked.append(name)
        assert kind == "reports" and suffix in filters.values()
        return target

    monkeypatch.setattr(files, "ask_save_path", ask)
    (screen.pdf_button if suffix == ".pdf" else screen.excel_button).click()
    _wait(qtbot, screen)
    start, end = screen.start.day(), screen.end.day()
    assert asked == [f"Impact pack {start:%d-%m-%Y} to {end:%d-%m-%Y}{suffix}"]
    data = target.read_bytes()
    assert data.startswith(b"%PDF" if suffix == ".pdf" else b"PK")
    assert screen.message.text() == (
        f"Saved the impact pack for {_period_text(start, end)} as {target.name} in {tmp_path}."
    )


def _period_text(start: date, end: date) -> str:
    return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"


def test_cancelling_the_save_dialog_writes_nothing(screen, monkeypatch, tmp_path):
    monkeypatch.setattr(files, "ask_save_path", lambda *_args: None)
    screen.pdf_button.click()
    assert screen.job is None and not list(tmp_path.glob("*.pdf"))


def test_a_period_ending_before_it_begins_is_refused_in_one_sentence(screen, monkeypatch):
    monkeypatch.setattr(files, "ask_save_path", lambda *_a: pytest.fail("asked for a file"))
    screen.start.set_day(date(2026, 12, 1))
    screen.end.set_day(date(2026, 11, 1))
    assert screen.preset.currentText() == PRESETS[-1]  # typed dates are "Dates chosen"
    screen.pdf_button.click()
    assert screen.job is None
    assert screen.message.text() == "The period ends before it begins; give From before To."
    screen.start.line.setText("31/02/2026")
    screen.show_button.click()
    said = screen.message.text()
    assert screen.job is None and said.endswith(".") and said.count(". ") == 0, said
    assert said != "The period ends before it begins; give From before To."


def test_a_preset_fills_the_dates_and_shows_its_figures(screen, qtbot):
    today = date.today()
    screen.preset.setCurrentText(PRESETS[2])
    _wait(qtbot, screen)
    assert (screen.start.day(), screen.end.day()) == I.last_twelve_months(today)
    screen.preset.setCurrentText(PRESETS[1])
    _wait(qtbot, screen)
    assert (screen.start.day(), screen.end.day()) == (I.quarter_of(today)[0], today)
    assert "figures for" in screen.message.text()


@pytest.mark.parametrize(
    ("today", "quarter", "last", "twelve"),
    [
        (date(2026, 12, 6), (date(2026, 10, 1), date(2026, 12, 31)),
         (date(2026, 7, 1), date(2026, 9, 30)), (date(2025, 12, 1), date(2026, 11, 30))),
        (date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31)),
         (date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2026, 4, 30), (date(2026, 4, 1), date(2026, 6, 30)),
         (date(2026, 1, 1), date(2026, 3, 31)), (date(2025, 4, 1), date(2026, 3, 31))),
    ],
)  # fmt: skip
def test_quarters_and_twelve_months(today, quarter, last, twelve):
    assert I.quarter_of(today) == quarter
    assert I.last_quarter(today) == last
    assert I.last_twelve_months(today) == twelve
