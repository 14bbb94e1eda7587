"""Certificates are signed with a key kept outside the database: an edit that renames a holder,
un-revokes or invents a certificate is caught by verify and check; the first round's (HMAC)
certificates keep verifying; a second administrator gets the key with a passphrase."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from cohort_desk.rules.certificate_codes import certificate_number, verification_code
from cohort_desk.services.certificates import signing
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import revoke, verify
from cohort_desk.services.safety.integrity import check_database
from tests.integration.certificate_data import HAND_CASES, build_cohort, cohort_id

TODAY = date(2026, 7, 20)


@pytest.fixture
def issued(db, tmp_path):  # type: ignore[no-untyped-def]
    build_cohort(db, HAND_CASES)
    return issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)


def _sql(db, statement: str, **values) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as connection:
        connection.execute(text(statement), values)


def _problems(db) -> list[str]:  # type: ignore[no-untyped-def]
    return check_database(db).problems


def test_a_genuine_certificate_verifies_and_check_passes(db, issued) -> None:  # type: ignore[no-untyped-def]
    assert verify(db, issued.codes[0]).valid
    assert _problems(db) == []


def test_renaming_the_holder_in_the_database_is_caught(db, issued) -> None:  # type: ignore[no-untyped-def]
    _sql(
        db,
        "UPDATE certificates SET holder_name = 'Mallory Forger' WHERE code = :c",
        c=issued.codes[0],
    )
    answer = verify(db, issued.codes[0])
    assert not answer.valid and "altered" in answer.reason
    assert any("altered" in p for p in _problems(db))


def test_un_revoking_in_the_database_is_caught(db, issued) -> None:  # type: ignore[no-untyped-def]
    revoke(db, issued.numbers[0], "issued in error")
    _sql(
        db,
        "UPDATE certificates SET revoked_at = NULL, revoke_reason = '' WHERE code = :c",
        c=issued.codes[0],
    )
    answer = verify(db, issued.codes[0])
    assert not answer.valid and "altered" in answer.reason
    assert _problems(db)


def test_a_certificate_invented_with_the_databases_secret_is_caught(db, issued) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        secret = bytes.fromhex(
            connection.execute(
                text("SELECT value FROM settings WHERE key = 'certificate_secret'")
            ).scalar_one()
        )
        row = connection.execute(
            text("SELECT person_id, cohort_id FROM certificates ORDER BY id LIMIT 1")
        ).one()
    number = certificate_number("SLA", 2026, 999)
    code = verification_code(secret, number, str(row.person_id), TODAY)
    _sql(
        db,
        "INSERT INTO certificates (number, year, sequence, code, kind, person_id, cohort_id, "
        "holder_name, course, issued_on, issued_by, file_sha256, reissues, revoke_reason, "
        "signature, version, created_at, updated_at) VALUES (:n, 2026, 999, :c, 'completion', "
        ":p, :h, 'Mallory Forger', 'Anything', :d, 'x', '', 0, '', '', 1, :d, :d)",
        n=number,
        c=code,
        p=row.person_id,
        h=row.cohort_id,
        d=TODAY,
    )
    answer = verify(db, code)
    assert not answer.valid and "altered" in answer.reason
    assert _problems(db)


def test_a_public_key_swapped_in_the_database_is_caught(db, issued) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cohort_desk.db.models import Certificate

    forger = signing.Signer(Ed25519PrivateKey.generate())
    with db.write() as session:
        session.get(signing.Setting, signing.PUBLIC_KEY).value = forger.public_raw.hex()
        for cert in session.query(Certificate):
            cert.holder_name = "Mallory Forger"
            forger.sign(cert)
    answer = verify(db, issued.codes[0])
    assert not answer.valid and "not the one this computer has seen" in answer.reason


def test_the_private_key_is_outside_the_database_and_private(db, issued) -> None:  # type: ignore[no-untyped-def]
    found = signing.describe_key(db)
    key_path = Path(str(found["file"]))
    assert found["here"] and key_path.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    with db.engine.connect() as connection:
        values = " ".join(str(v) for (v,) in connection.execute(text("SELECT value FROM settings")))
    private_pem = key_path.read_text()
    body = "".join(private_pem.splitlines()[1:-1])
    assert body not in values
    if db.file is not None:
        assert body.encode() not in db.file.read_bytes()


def test_first_round_certificates_keep_verifying_and_are_signed_when_signing_begins(
    db,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from cohort_desk.services.certificates.numbers import ensure_secret

    build_cohort(db, HAND_CASES)
    # A certificate as the first round issued it: an HMAC code and no signature.
    first = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    _sql(db, "UPDATE certificates SET signature = ''")
    _sql(db, "DELETE FROM settings WHERE key = :k", k=signing.PUBLIC_KEY)
    (Path(os.environ["COHORT_DESK_HOME"]) / "config" / signing.PINS_FILE).unlink()
    ensure_secret(db)
    assert verify(db, first.codes[0]).valid  # the old path
    build_cohort(db, HAND_CASES[:1], name="Second")
    issue(
        db, tmp_path / "more", cohort_id=cohort_id(db, "Second"), today=TODAY
    )  # makes the key, adopts
    assert verify(db, first.codes[0]).valid
    with db.engine.connect() as connection:
        unsigned = connection.execute(
            text("SELECT count(*) FROM certificates WHERE signature = ''")
        ).scalar()
    assert unsigned == 0


def test_a_second_administrator_gets_the_key_with_a_passphrase(
    cli,
    db,
    issued,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", "correct horse battery")
    exported = tmp_path / "academy-key.pem"
    assert cli("certificate", "key", "export", "-o", str(exported)).code == 0
    assert b"ENCRYPTED PRIVATE KEY" in exported.read_bytes()
    # The second administrator's computer: another home, no key yet.
    monkeypatch.setenv("COHORT_DESK_HOME", str(tmp_path / "second"))
    assert verify(db, issued.codes[0]).valid  # verifying needs only the public key
    refused = cli("certificate", "revoke", issued.numbers[0], "--reason", "x", "--yes")
    assert (
        refused.code == 1 and "does not hold the academy's certificate signing key" in refused.err
    )
    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", "wrong passphrase!")
    wrong = cli("certificate", "key", "import", str(exported))
    assert wrong.code == 2 and "passphrase is wrong" in wrong.err
    monkeypatch.setenv("COHORT_DESK_KEY_PASSPHRASE", "correct horse battery")
    assert cli("certificate", "key", "import", str(exported)).code == 0
    done = cli("certificate", "revoke", issued.numbers[0], "--reason", "issued in error", "--yes")
    assert done.code == 0, done.err
    answer = verify(db, issued.codes[0])
    assert not answer.valid and "revoked" in answer.reason


def test_a_key_made_a_moment_ago_by_another_window_here_is_used(db) -> None:  # type: ignore[no-untyped-def]
    # Two windows or commands on one computer both saw no key and both made one: the one
    # that records it second uses the first one's key instead of refusing or replacing it.
    first = signing._create(db)
    second = signing._create(db)
    assert second.public_raw == first.public_raw
    assert signing.signer_for(db).public_raw == first.public_raw
    keys = sorted(signing.paths.keys_dir().glob("certificate-signing-*.pem"))
    assert keys == [signing.key_file(first.public_raw)]


def test_a_key_made_a_moment_ago_on_another_computer_is_asked_for(db) -> None:  # type: ignore[no-untyped-def]
    first = signing._create(db)
    signing.key_file(first.public_raw).unlink()  # as if made on another computer
    with pytest.raises(signing.RefusedError, match="export it, import it here"):
        signing._create(db)
    assert list(signing.paths.keys_dir().glob("certificate-signing-*.pem")) == []


def test_two_first_runs_racing_on_postgresql_share_one_key(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # On PostgreSQL nothing locks a key row that does not exist yet: both first runs find no
    # key inside their writes and both add one. The second add is refused by the database;
    # that run must then use the first one's key, not fail the whole issue.
    first = signing._create(db)
    real, looks = signing.public_key_in, []

    def look(session):  # type: ignore[no-untyped-def]
        looks.append(session)  # the second run's look inside its write misses the first's key
        return None if len(looks) == 1 else real(session)

    monkeypatch.setattr(signing, "public_key_in", look)
    second = signing._create(db)
    assert second.public_raw == first.public_raw
    keys = sorted(signing.paths.keys_dir().glob("certificate-signing-*.pem"))
    assert keys == [signing.key_file(first.public_raw)]
