"""How the certificate signing key is backed up, apart from the database (issue 12, item 9).

The private key is never in the database, so never in a database backup. Its backup is the
passphrase-encrypted export: each export is recorded in the database (which key, when, by
whom, so every administrator's `check` knows the key has a backup), kept on this computer, and
copied into the backup folder's ``keys`` folder with every daily and hand-made backup, beside
the database's backups but never inside them. The copy there is encrypted: a backup folder on
a share gives nobody who reads it the power to sign. Until the key has been exported once,
`check`, `backup`, `certificate key show` and the Signing key window say so.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from cohort_desk import outputs, paths
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Setting
from cohort_desk.errors import UserError

log = logging.getLogger(__name__)

#: "FINGERPRINT YYYY-MM-DD": the key most recently exported, and when.
EXPORTED_KEY = "certificate_key_exported"
BACKUP_SUBFOLDER = "keys"


def _copy_name(fingerprint: str) -> str:
    return f"certificate-signing-{fingerprint}-encrypted.pem"


def _kept_here(fingerprint: str) -> Path:
    return paths.keys_dir() / _copy_name(fingerprint)


def record_export(db: Database, fingerprint: str, encrypted_pem: bytes) -> None:
    """After an export: remember it in the database, keep the encrypted file on this computer
    and put a copy beside the backups."""
    with db.write() as session:
        row = session.get(Setting, EXPORTED_KEY)
        value = f"{fingerprint} {date.today().isoformat()}"
        if row is None:
            session.add(Setting(key=EXPORTED_KEY, value=value))
        else:
            row.value = value
    try:
        outputs.write_file(_kept_here(fingerprint), encrypted_pem, overwrite=True, what="key file")
    except UserError:
        log.warning("could not keep the encrypted signing key %s on this computer", fingerprint)
    copy_beside_backups(db)


def exported(db: Database) -> tuple[str, date] | None:
    """The key last exported and the day, from the database; None when never."""
    with db.read() as session:
        row = session.get(Setting, EXPORTED_KEY)
    try:
        fingerprint, day = (row.value if row else "").split()
        return fingerprint, date.fromisoformat(day)
    except ValueError:
        return None


def backup_folder_copy(db: Database, fingerprint: str) -> Path:
    from cohort_desk.db.backup import backup_folder

    return backup_folder(db) / BACKUP_SUBFOLDER / _copy_name(fingerprint)


def copy_beside_backups(db: Database) -> list[Path]:
    """Copy this computer's encrypted key exports into the backup folder's ``keys`` folder
    (0700, files 0600) where missing or different; never fails a backup."""
    if db.file is None:
        return []  # PostgreSQL: the server's backups are not ours to sit beside
    written = []
    for kept in sorted(paths.keys_dir().glob("certificate-signing-*-encrypted.pem")):
        try:
            data = kept.read_bytes()
            from cohort_desk.db.backup import backup_folder

            folder = paths.private_folder(backup_folder(db) / BACKUP_SUBFOLDER)
            target = folder / kept.name
            if target.is_file() and target.read_bytes() == data:
                continue
            outputs.write_file(target, data, overwrite=True, what="key file")
            written.append(target)
        except (OSError, UserError):
            log.warning("could not copy the encrypted signing key beside the backups")
    return written


def missing_backup(db: Database, public_fingerprint: str | None) -> str | None:
    """The warning when the key that signs has never been exported, or None."""
    if public_fingerprint is None:
        return None
    last = exported(db)
    if last is not None and last[0] == public_fingerprint:
        return None
    return (
        f"The certificate signing key {public_fingerprint} has no backup: it is not in the "
        "database's backups, and if the computer holding it is lost no certificate can be "
        "issued or revoked again. Export it with a passphrase (Certificates, Signing key, or "
        "'cohort-desk certificate key export -o FILE'); an encrypted copy is then kept beside "
        "the backups too."
    )
