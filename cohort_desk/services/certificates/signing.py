"""Certificates signed with Ed25519: the private key lives outside the database (a 0600 file in
this account's data folder), the public key in the database, so anyone who can only write the
database can neither alter a certificate, un-revoke one nor invent one without it showing.

Each computer also remembers ("pins") the public key it has seen for each database, so a public
key swapped in the database with a forger's is noticed as well.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cohort_desk import outputs, paths
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Certificate, Setting
from cohort_desk.errors import RefusedError, UserError, ValidationError
from cohort_desk.rules.certificate_codes import signed_statement, verification_code
from cohort_desk.services import settings

log = logging.getLogger(__name__)

PUBLIC_KEY = "certificate_public_key"
PINS_FILE = "certificate-keys.json"
MIN_PASSPHRASE = 10


def fingerprint(public_raw: bytes) -> str:
    """A short, readable name for a public key, e.g. "3F2A-91C0-77DE-0B14"."""
    digest = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def key_file(public_raw: bytes) -> Path:
    return paths.keys_dir() / f"certificate-signing-{fingerprint(public_raw)}.pem"


def statement(cert: Certificate) -> bytes:
    revoked = cert.revoked_at.astimezone(UTC).date() if cert.revoked_at else None
    return signed_statement(
        cert.number, cert.code, cert.kind, cert.holder_name, cert.course, cert.issued_on, revoked
    )


@dataclass(frozen=True)
class Signer:
    """The academy's private key, on this computer."""

    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def sign(self, cert: Certificate) -> None:
        cert.signature = self.private.sign(statement(cert)).hex()


def _raw(private: Ed25519PrivateKey) -> bytes:
    return Signer(private).public_raw


def public_key_in(session: Session) -> bytes | None:
    row = session.get(Setting, PUBLIC_KEY)
    try:
        return bytes.fromhex(row.value) if row is not None and row.value else None
    except ValueError:
        return b"\0"  # not a key at all: treated as a key that signs nothing


def signature_holds(cert: Certificate, public_raw: bytes | None) -> bool:
    if not cert.signature or not public_raw:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(
            bytes.fromhex(cert.signature), statement(cert)
        )
        return True
    except (InvalidSignature, ValueError):
        return False


def hmac_holds(session: Session, cert: Certificate) -> bool:
    """The first round's check (kept for certificates issued before signing)."""
    row = session.get(Setting, settings.SECRET_KEY)
    if row is None:
        return False
    secret = bytes.fromhex(row.value)
    expected = verification_code(secret, cert.number, str(cert.person_id), cert.issued_on)
    return expected == cert.code


# Which public key this computer has seen for which database -------------------------------


def _database_identities(db: Database) -> list[str]:
    """The names this computer pins a database's key under, newest first: the id stored in
    the database (issue 12: a moved database keeps its pin, and a new database made where an
    old one was is not taken for a forgery), then where the file is (pins from before ids)."""
    if db.file is None:
        return [db.url.render_as_string(hide_password=True)]
    from cohort_desk.db.backup_sets import identity_of

    where = "file:" + os.path.normcase(str(db.file.resolve()))
    identity = identity_of(db)
    return [f"id:{identity}", where] if identity else [where]


def _pins() -> dict[str, str]:
    try:
        found = json.loads((paths.config_dir() / PINS_FILE).read_text(encoding="utf-8"))
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def pin(db: Database, public_raw: bytes) -> None:
    pins = _pins()
    identity, *older = _database_identities(db)
    if pins.get(identity) == public_raw.hex() and not any(name in pins for name in older):
        return
    pins[identity] = public_raw.hex()
    for name in older:
        pins.pop(name, None)  # the pin by location, kept now under the database's id
    try:
        outputs.write_file(paths.config_dir() / PINS_FILE, json.dumps(pins).encode())
    except UserError:
        log.warning("could not remember the certificate key for %s", db.describe())


def key_problem(db: Database, public_raw: bytes | None) -> str | None:
    """Why the database's public key cannot be trusted on this computer, or None."""
    pins = _pins()
    pinned = next((pins[name] for name in _database_identities(db) if name in pins), None)
    if pinned and (public_raw is None or pinned != public_raw.hex()):
        return (
            "The certificate signing key recorded in the database is not the one this computer "
            "has seen before: the database was changed outside Cohort Desk; ask the academy."
        )
    return None


# The private key ------------------------------------------------------------------------------


def _load(public_raw: bytes) -> Ed25519PrivateKey | None:
    path = key_file(public_raw)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(outputs.describe_os_error(exc, path)) from None
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey) or _raw(key) != public_raw:
        return None
    return key


def _save(private: Ed25519PrivateKey) -> Path:
    path = key_file(_raw(private))
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return outputs.write_file(path, pem, overwrite=True, what="signing key")  # 0600


def signer_for(db: Database) -> Signer:
    """The key to sign with: this computer's copy of the academy's key, made (and every
    certificate issued so far signed with it) the first time any certificate is signed."""
    with db.read() as session:
        public_raw = public_key_in(session)
    if public_raw is None:
        return _create(db)
    problem = key_problem(db, public_raw)
    if problem:
        raise RefusedError(problem)
    private = _load(public_raw)
    if private is None:
        raise RefusedError(
            "This computer does not hold the academy's certificate signing key (key "
            f"{fingerprint(public_raw)}); ask the administrator who has it to run "
            "'cohort-desk certificate key export -o FILE' and import it here with "
            "'cohort-desk certificate key import FILE'."
        )
    pin(db, public_raw)
    return Signer(private)


def _create(db: Database) -> Signer:
    signer = Signer(Ed25519PrivateKey.generate())
    _save(signer.private)
    try:
        with db.write() as session:
            theirs = public_key_in(session)
            if theirs is None:
                session.add(Setting(key=PUBLIC_KEY, value=signer.public_raw.hex()))
                adopted = adopt_certificates(session, signer)
    except IntegrityError:
        # On PostgreSQL two first runs can both find no key and both add one (nothing locks
        # a row that does not exist yet); the second add is refused, and theirs is used.
        with db.read() as session:
            theirs = public_key_in(session)
        if theirs is None:
            raise
    if theirs is not None:  # someone made the key between our read and our write
        key_file(signer.public_raw).unlink(missing_ok=True)
        return _theirs(db, theirs)
    pin(db, signer.public_raw)
    log.info(
        "made certificate signing key %s; signed %d earlier certificates",
        fingerprint(signer.public_raw),
        adopted,
    )
    return signer


def _theirs(db: Database, public_raw: bytes) -> Signer:
    """The key another process made a moment ago: a second window or command on this computer
    saved its private key here before recording it, so it is used; one made on another
    computer has to be brought here first."""
    private = _load(public_raw)
    if private is None:
        raise RefusedError(
            "Another administrator has just made the academy's signing key; ask them to "
            "export it, import it here, then issue again."
        )
    pin(db, public_raw)
    return Signer(private)


def adopt_certificates(session: Session, signer: Signer) -> int:
    """Sign the certificates issued before signing began, each only if its first-round check
    (the HMAC code) still holds; one that fails stays unsigned, and verify calls it altered."""
    done = 0
    for cert in session.scalars(select(Certificate).where(Certificate.signature == "")):
        if hmac_holds(session, cert):
            signer.sign(cert)
            done += 1
    return done


def signer_if_here(db: Database) -> Signer | None:
    """The signing key when this computer has it (for re-signing after an erasure), else None;
    never makes one."""
    with db.read() as session:
        public_raw = public_key_in(session)
    if public_raw is None or key_problem(db, public_raw):
        return None
    try:
        private = _load(public_raw)
    except (UserError, ValueError):
        return None
    return Signer(private) if private is not None else None


# Giving the key to a second administrator -----------------------------------------------------


def _check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters to protect the key.",
            field="passphrase",
        )
    return passphrase.encode("utf-8")


def export_key(db: Database, target: Path, passphrase: str, *, overwrite: bool = False) -> str:
    """Write the signing key, encrypted with ``passphrase``, for a second administrator or a
    safe place apart from the database's backups; returns its fingerprint."""
    secret = _check_passphrase(passphrase)
    signer = signer_for(db)
    pem = signer.private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret),
    )
    outputs.write_file(target, pem, overwrite=overwrite, what="key file")
    from cohort_desk.services.certificates.key_backup import record_export

    record_export(db, fingerprint(signer.public_raw), pem)  # the key's backup (issue 12)
    return fingerprint(signer.public_raw)


def import_key(db: Database, source: Path, passphrase: str) -> str:
    """Take in a key exported by another administrator; it must be the one this database's
    certificates are signed with (or, where none is yet, it becomes that key)."""
    try:
        data = Path(source).expanduser().read_bytes()
    except OSError as exc:
        raise UserError(f"{Path(source).name} could not be read ({exc.strerror}).") from None
    try:
        private = serialization.load_pem_private_key(data, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise ValidationError(
            f"{Path(source).name} is not a Cohort Desk key file, or the passphrase is wrong.",
            field="passphrase",
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise ValidationError(f"{Path(source).name} is not a Cohort Desk signing key.")
    signer = Signer(private)
    with db.write() as session:
        current = public_key_in(session)
        if current is not None and current != signer.public_raw:
            raise RefusedError(
                f"That key ({fingerprint(signer.public_raw)}) is not the one this database's "
                f"certificates are signed with ({fingerprint(current)}); nothing was changed."
            )
        _save(private)
        if current is None:
            session.add(Setting(key=PUBLIC_KEY, value=signer.public_raw.hex()))
            adopt_certificates(session, signer)
    pin(db, signer.public_raw)
    return fingerprint(signer.public_raw)


def describe_key(db: Database) -> dict[str, object]:
    with db.read() as session:
        public_raw = public_key_in(session)
    if public_raw is None:
        return {"fingerprint": None, "here": False, "file": None, "backed_up": None}
    from cohort_desk.services.certificates.key_backup import exported

    path, last = key_file(public_raw), exported(db)
    return {
        "fingerprint": fingerprint(public_raw),
        "here": path.exists(),
        "file": str(path),
        # The day the key that signs was last exported (its backup), or None.
        "backed_up": last[1] if last and last[0] == fingerprint(public_raw) else None,
    }


ERASED_HOLDER = "erased"  # what erasure writes as the name (services.privacy.rights)


def certificate_problem(db: Database, session: Session, cert: Certificate) -> str | None:
    """Why this certificate's record cannot be trusted, or None when it checks out: a swapped
    public key, a signature that does not match what the record now says (renamed, un-revoked,
    invented), or (before signing began) a first-round code that does not match."""
    public_raw = public_key_in(session)
    problem = key_problem(db, public_raw)
    if problem:
        return problem
    altered = f"The record of certificate {cert.number} has been altered; ask the academy."
    if not hmac_holds(session, cert):
        return altered
    if public_raw is None:
        return None  # issued before signing began, and never signed since: the first round
    if signature_holds(cert, public_raw):
        return None
    if cert.holder_name == ERASED_HOLDER and cert.signature:
        return (
            f"Certificate {cert.number} was issued, but its holder's details have since been "
            "erased, so it can no longer be confirmed."
        )
    return altered
