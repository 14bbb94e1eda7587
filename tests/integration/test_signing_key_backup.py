"""Issue 12, item 9's "backed up apart from the database": the private signing key is never in
a database backup; its backup is the passphrase-encrypted export, recorded in the database,
copied beside the backups (in the backup folder's keys folder, 0600 in 0700) with every daily
and hand-made backup, and asked for by `check` and `backup` until it exists. A new computer
with a restored backup verifies old certificates at once, and issues again once the key's
backup is imported."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cohort_desk.db import backup as backup_module
from cohort_desk.services.certificates import key_backup, signing
from cohort_desk.services.certificates.issuing import issue
from tests.integration.certificate_data import HAND_CASES, build_cohort, cohort_id

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COHORT_DESK_TEST_PG_URL")), reason="backups to files are of SQLite"
)

PASSPHRASE = "correct horse battery"


@pytest.fixture
def issued(db, tmp_path):  # type: ignore[no-untyped-def]
    build_cohort(db, HAND_CASES)
    return issue(db, tmp_path / "out", cohort_id=cohort_id(db))


def _private_bytes(db) -> list[bytes]:  # type: ignore[no-untyped-def]
    """The private key as it could appear in a file: its PEM body and its 32 raw bytes."""
    from cryptography.hazmat.primitives import serialization

    path = Path(str(signing.describe_key(db)["file"]))
    pem = path.read_text()
    private = serialization.load_pem_private_key(pem.encode(), password=None)
    raw = private.private_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return ["".join(pem.splitlines()[1:-1]).encode(), raw, raw.hex().encode()]


def test_no_database_backup_holds_the_private_key(cli, db, issued, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert cli("backup").code == 0
    assert cli("backup", "-o", str(tmp_path / "by-hand.db")).code == 0
    folder = backup_module.backup_folder(db)
    copies = [*folder.glob("*.db"), tmp_path / "by-hand.db"]
    assert len(copies) >= 2
    secrets = _private_bytes(db)
    for copy in copies:
        data = copy.read_bytes()
        for secret in secrets:
            assert secret not in data, copy.name


def test_until_the_key_is_exported_check_and_backup_ask_for_it(  # type: ignore[no-untyped-def]
    cli, db, issued, tmp_path, monkeypatch
) -> None:
    fingerprint = signing.describe_key(db)["fingerprint"]
    check = cli("check", "--json").json()
    assert any("has no backup" in w for w in check["warnings"]), check  # type: ignore[index]
    made = cli("backup")
    assert made.code == 0 and "has no backup" in made.err
    assert "no backup yet" in cli("certificate", "key", "show").out

    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", PASSPHRASE)
    exported = tmp_path / "academy-key.pem"
    assert cli("certificate", "key", "export", "-o", str(exported)).code == 0
    check = cli("check", "--json").json()
    assert not any("has no backup" in w for w in check["warnings"])  # type: ignore[index]
    assert "has no backup" not in cli("backup").err
    shown = cli("certificate", "key", "show", "--json").json()
    assert shown["backed_up"]  # type: ignore[index]

    beside = key_backup.backup_folder_copy(db, str(fingerprint))
    assert beside.is_file() and beside.read_bytes() == exported.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in beside.read_bytes()
    for secret in _private_bytes(db):
        assert secret not in beside.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(beside.stat().st_mode) == 0o600
        assert stat.S_IMODE(beside.parent.stat().st_mode) == 0o700
    # The backups' thinning and erasure scrubbing never touch it.
    backup_module.rotate_backups(db)
    assert beside.is_file()


def test_a_chosen_backup_folder_gets_the_keys_copy_with_the_next_backup(  # type: ignore[no-untyped-def]
    cli, db, issued, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", PASSPHRASE)
    assert cli("certificate", "key", "export", "-o", str(tmp_path / "k.pem")).code == 0
    share = tmp_path / "share"
    share.mkdir()
    assert cli("preferences", "set", "backup_folder", str(share)).code == 0
    assert cli("backup").code == 0
    assert list((share / "keys").glob("certificate-signing-*-encrypted.pem"))


def test_a_new_computer_restores_verifies_then_issues_with_the_keys_backup(  # type: ignore[no-untyped-def]
    cli, db, issued, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", PASSPHRASE)
    assert cli("certificate", "key", "export", "-o", str(tmp_path / "academy-key.pem")).code == 0
    assert cli("backup").code == 0
    old_folder = backup_module.backup_folder(db)
    newest = max(old_folder.glob("*-manual-*.db"))
    keys = list((old_folder / "keys").glob("*.pem"))
    assert len(keys) == 1

    # The old computer is gone: a new home, a new database, the backup folder's files only.
    monkeypatch.setenv("COHORT_DESK_HOME", str(tmp_path / "new-pc"))
    fresh = tmp_path / "new-pc-office.db"
    restored = cli("restore", str(newest), "--yes", db=str(fresh))
    assert restored.code == 0, restored.err
    for code in issued.codes:
        answer = cli("verify", code, "--json", db=str(fresh))
        assert answer.code == 0 and answer.json()["valid"], answer.out  # type: ignore[index]
    assert cli("check", db=str(fresh)).code == 0

    refused = cli("certificate", "key", "show", db=str(fresh))
    assert "does not hold" in refused.out
    assert cli("certificate", "key", "import", str(keys[0]), db=str(fresh)).code == 0
    assert "kept in" in cli("certificate", "key", "show", db=str(fresh)).out
    answer = cli("verify", issued.codes[0], "--json", db=str(fresh))
    assert answer.json()["valid"]  # type: ignore[index]
    revoked = cli(
        "certificate", "revoke", issued.numbers[0], "--reason", "test", "--yes", db=str(fresh)
    )
    assert revoked.code == 0, revoked.err  # signing works again on the new computer
