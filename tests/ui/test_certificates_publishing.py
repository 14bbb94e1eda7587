"""Publishing the verification page from the Certificates screen: how far behind it is, the
first publication to a chosen folder, and publishing again in one click."""

from __future__ import annotations

import pytest

from cohort_desk.cli import lookup
from cohort_desk.documents.verification_data import DATA_FILE
from cohort_desk.services import settings
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import revoke
from cohort_desk.ui.certificates.screen import CertificatesScreen

FINISHED = "SLA Cohort 1 (2025-26)"


@pytest.fixture
def screen(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = CertificatesScreen(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget


def _wait(qtbot, job):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(job.finished, timeout=120_000):
        pass
    assert job.error is None
    return job.result


def test_publish_then_see_it_fall_behind_and_publish_again_in_one_click(
    qtbot, screen, demo_db, tmp_path
):  # type: ignore[no-untyped-def]
    bar = screen.publishing
    assert bar.status.text().startswith("The verification page has not been published yet.")
    assert "Preferences" in bar.status.text() and not bar.again_button.isVisible()

    first = issue(demo_db, tmp_path / "pdfs", cohort_id=lookup.cohort_id(demo_db, FINISHED))
    result = _wait(qtbot, bar.publish_to(tmp_path / "site"))
    assert result.certificates == first.issued and (tmp_path / "site" / DATA_FILE).is_file()
    assert bar.status.text().startswith("The published list is up to date")
    assert bar.again_button.isVisible() and not bar.again_button.isEnabled()

    revoke(demo_db, first.numbers[0], "Issued in error")
    revoke(demo_db, first.numbers[1], "Issued in error")
    settings.save(demo_db, {"verification_address": "https://academy.example.nhs.uk/verify/"})
    screen.refresh()
    assert bar.status.text().startswith("The published list is 2 changes behind")
    assert "Preferences" not in bar.status.text() and bar.again_button.isEnabled()

    bar.again_button.click()
    again = _wait(qtbot, bar.job)
    assert again.folder == (tmp_path / "site").resolve() and again.revoked == 2
    assert bar.status.text().startswith("The published list is up to date")


def test_a_folder_holding_another_page_is_replaced_only_after_asking(
    qtbot, screen, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("someone else's page")
    asked: list[str] = []
    monkeypatch.setattr(
        "cohort_desk.ui.certificates.publish_bar.confirm",
        lambda _parent, _title, text, _yes: asked.append(text) or False,
    )
    assert screen.publishing.publish_to(other) is None
    assert asked and "already holds a verification page" in asked[0]
    assert (other / "index.html").read_text() == "someone else's page"
