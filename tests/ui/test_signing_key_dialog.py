"""The window gives the signing key to a second administrator as the command line does:
exported encrypted with a passphrase typed twice, imported with it, every mistake said inside
the dialog in one sentence (issue 12 item 9)."""

from __future__ import annotations

import pytest

from cohort_desk.cli import lookup
from cohort_desk.services.certificates import signing
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import revoke
from cohort_desk.ui.certificates import key_dialog
from cohort_desk.ui.certificates.key_dialog import (
    ExportKeyDialog,
    ImportKeyDialog,
    SigningKeyDialog,
)
from cohort_desk.ui.certificates.screen import CertificatesScreen

FINISHED = "SLA Cohort 1 (2025-26)"
PASSPHRASE = "correct horse battery"


@pytest.fixture
def issued(demo_db, tmp_path):  # type: ignore[no-untyped-def]
    return issue(demo_db, tmp_path / "first", cohort_id=lookup.cohort_id(demo_db, FINISHED))


def _fill(dialog, **fields: str) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        dialog.fields[name].setText(value)


def test_the_certificates_screen_opens_the_signing_key_dialog(qtbot, demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    opened: list[str] = []  # what it says while open: once closed, it is deleted
    monkeypatch.setattr(
        SigningKeyDialog, "exec", lambda self: opened.append(self.status.text()) or 0
    )
    screen = CertificatesScreen(demo_db)
    qtbot.addWidget(screen)
    screen.key_button.click()
    assert len(opened) == 1
    assert "No certificate has been signed yet" in opened[0]


def test_a_second_administrator_gets_the_key_through_the_window(
    qtbot,
    demo_db,
    issued,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "academy-key.pem"
    export = ExportKeyDialog(demo_db, target)
    qtbot.addWidget(export)
    _fill(export, passphrase=PASSPHRASE, again="correct horse batery")
    export.accept()
    assert "passphrases differ" in export.error.text() and not target.exists()
    _fill(export, passphrase="short", again="short")
    export.accept()
    assert "at least 10 characters" in export.error.text() and not target.exists()
    _fill(export, passphrase=PASSPHRASE, again=PASSPHRASE)
    export.accept()
    assert export.result() == export.DialogCode.Accepted
    assert b"ENCRYPTED PRIVATE KEY" in target.read_bytes()

    # The second administrator's computer: another home, without the key.
    monkeypatch.setenv("COHORT_DESK_HOME", str(tmp_path / "second"))
    status = SigningKeyDialog(demo_db)
    qtbot.addWidget(status)
    assert "does not hold" in status.status.text()
    importing = ImportKeyDialog(demo_db, target)
    qtbot.addWidget(importing)
    _fill(importing, passphrase="wrong passphrase!")
    importing.accept()
    assert "passphrase is wrong" in importing.error.text()
    _fill(importing, passphrase=PASSPHRASE)
    importing.accept()
    assert importing.result() == importing.DialogCode.Accepted
    assert importing.fingerprint == signing.describe_key(demo_db)["fingerprint"]
    status.refresh()
    assert "This computer holds it" in status.status.text()
    revoke(demo_db, issued.numbers[0], "issued in error")  # needs the key: it is here now


def test_the_buttons_ask_for_a_file_then_a_passphrase(
    qtbot,
    demo_db,
    issued,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    target = tmp_path / "chosen.pem"
    asked: list[type] = []
    monkeypatch.setattr(key_dialog.files, "ask_save_path", lambda *a, **k: target)
    monkeypatch.setattr(key_dialog.files, "ask_open_path", lambda *a, **k: target)
    monkeypatch.setattr(ExportKeyDialog, "exec", lambda self: asked.append(type(self)) or 0)
    monkeypatch.setattr(ImportKeyDialog, "exec", lambda self: asked.append(type(self)) or 0)
    dialog = SigningKeyDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.export_button.click()
    dialog.import_button.click()
    assert asked == [ExportKeyDialog, ImportKeyDialog]
    assert not target.exists()  # cancelled at the passphrase: nothing written
