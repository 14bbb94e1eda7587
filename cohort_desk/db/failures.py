"""Every way the database or the disk can fail, as one plain sentence with no SQL and no data.

The technical detail goes to the log (without bound values: engines are made with
hide_parameters, and ``scrub`` removes e-mail addresses from the text)."""

from __future__ import annotations

import errno
import logging

from sqlalchemy.exc import DBAPIError, StatementError

from cohort_desk.db.scrubbing import scrub as scrub  # where the log's users find it
from cohort_desk.errors import ConflictError, DamagedError, RefusedError, UserError

log = logging.getLogger(__name__)


def _says(text: str, *words: str) -> bool:
    return any(word in text for word in words)


def database_failure(exc: BaseException, where: str = "the database") -> UserError | None:
    """The sentence for a database error, or None when it is not one we know (a bug). Only
    damage is called damage (a DamagedError): a permission problem, a read-only file or
    folder, a stopped server and a refused password each have their own sentence."""
    subject = where[:1].upper() + where[1:]  # where a sentence starts with it
    if isinstance(exc, OverflowError) or (
        isinstance(exc, StatementError) and isinstance(exc.orig, OverflowError)
    ):
        return UserError(
            "That number is too large for Cohort Desk (numbers and ids stop well below "
            "9,223,372,036,854,775,807); check it and try again."
        )
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig).lower()
    code = getattr(exc.orig, "sqlstate", None) or ""
    if _says(text, "locked", "busy") or code in ("40001", "40P01", "55P03"):
        return ConflictError(
            "Someone else is saving to the database just now; try again in a moment."
        )
    if _says(text, "disk is full", "database or disk is full", "no space left") or code == "53100":
        return UserError(
            f"The disk that holds {where} is full, so nothing was saved; free some space "
            "and try again."
        )
    if _says(text, "readonly database", "read-only", "attempt to write a readonly"):
        return UserError(
            f"{subject} is read-only (the file, or its folder, cannot be written by you), so "
            "nothing was saved; ask for write access or open a copy you may change."
        )
    if _says(text, "unable to open database file", "permission denied") or code == "42501":
        return UserError(
            f"You do not have permission to use {where}; check the file's and folder's "
            "permissions (or the database role's rights) and try again."
        )
    if _says(text, "malformed", "not a database", "database disk image", "corrupt"):
        return DamagedError(
            f"{subject} is damaged; run 'cohort-desk check', or restore the newest good "
            "backup with 'cohort-desk restore --latest'."
        )
    if code == "22001" or _says(text, "value too long"):
        return RefusedError(
            "A value is longer than the database allows for that field; shorten it and try again."
        )
    if code == "22003" or _says(text, "out of range", "too large"):
        return UserError("That number is too large for the database; check it and try again.")
    if (
        code in ("28P01", "28000")
        or _says(
            text, "password authentication failed", "authentication failed", "no pg_hba.conf entry"
        )
        or ('role "' in text and "does not exist" in text)
    ):
        return UserError(
            "The database server did not accept the user name or password in the database "
            "address; check them, or ask whoever runs the server."
        )
    if code == "3D000" or ('database "' in text and "does not exist" in text):
        return UserError(
            "The database server has no database of the name in the address; check the name, "
            "or ask whoever runs the server to create it."
        )
    if (
        code.startswith("08")
        or code in ("57P01", "57P02", "57P03")
        or _says(
            text,
            "could not connect",
            "connection refused",
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "the database system is",
            "no route to host",
            "timeout expired",
        )
    ):
        return UserError(
            "Cohort Desk cannot reach the database server (it may be restarting or out of "
            "reach); check the network and try again in a moment."
        )
    return None


def any_failure(exc: BaseException, where: str = "the database") -> UserError | None:
    """As ``database_failure``, and also the clashes services normally catch themselves; for
    the last line of defence in the command line and the window."""
    found = database_failure(exc, where)
    if found is not None or not isinstance(exc, DBAPIError):
        return found
    text, code = str(exc.orig).lower(), getattr(exc.orig, "sqlstate", None) or ""
    if code.startswith("23") or _says(text, "unique constraint", "foreign key constraint"):
        return RefusedError(
            "That change clashes with a record already in the database (the same e-mail, "
            "name or number, or a record it depends on); check it and try again."
        )
    return None


def os_failure(exc: OSError) -> UserError:
    """A system error outside any output file (reading an input, say)."""
    name = exc.filename or "a file"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError("The disk is full; free some space and try again.")
    if exc.errno == errno.EISDIR:
        return UserError(f"{name} is a folder; give a file instead.")
    if exc.errno == errno.ENOENT:
        return UserError(f"{name} does not exist; check the name.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"You do not have permission to use {name}.")
    reason = exc.strerror or "an error from the operating system"
    return UserError(f"{name} could not be used ({reason}).")
