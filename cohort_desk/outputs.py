"""The one place every output file is written: exports, registers, backups, subject-access files.

A command or a save dialog names a file; before anything is written here we refuse, in one
sentence, a target that must never be written over (the open database and its -wal, -shm and
-journal files, a backup Cohort Desk manages, a folder, a device or a name Windows keeps for
one, anything not a regular file)
and an existing file unless the person said ``--overwrite`` (the window's save dialog has
already asked). The bytes go to a temporary file beside the target, which is then renamed into
place, so a failed write leaves the old file whole and no half-written file behind. Each
temporary file is noted in the ledger of unfinished writes before it is made, so one a killed
process leaves behind is removed at the next start (cohort_desk/unfinished.py).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from cohort_desk import paths, unfinished
from cohort_desk.errors import UserError, file_in_use, is_file_in_use
from cohort_desk.rules.file_names import is_windows_device_name
from cohort_desk.unfinished import TEMP_PREFIX, TEMP_SUFFIX

#: Files SQLite keeps beside a database while it is open.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class Guard(Protocol):
    """Something open in this process that must not be written over (an open database)."""

    def refusal_for(self, path: Path) -> str | None: ...


_guards: weakref.WeakSet[Guard] = weakref.WeakSet()


def protect(guard: Guard) -> None:
    """Register an open database (or anything else) whose files no output may replace."""
    _guards.add(guard)


def release(guard: Guard) -> None:
    _guards.discard(guard)


def sqlite_family(database_file: Path) -> set[Path]:
    """The database file and the files SQLite keeps beside it, resolved."""
    base = _resolved(database_file)
    return {base, *(base.with_name(base.name + side) for side in SQLITE_SIDE_FILES)}


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop, or a path too long to resolve
        return path.expanduser().absolute()


def _looks_like_sqlite_side_file(path: Path) -> bool:
    """``x.db-wal`` beside an existing SQLite ``x.db``: never an output, whoever has it open."""
    for side in SQLITE_SIDE_FILES:
        if path.name.endswith(side) and len(path.name) > len(side):
            base = path.with_name(path.name[: -len(side)])
            try:
                with base.open("rb") as handle:
                    return handle.read(16) == b"SQLite format 3\x00"
            except OSError:
                return False
    return False


def check_target(path: str | os.PathLike[str], *, overwrite: bool, what: str = "file") -> Path:
    """The resolved path to write ``what`` to, or a UserError saying in one sentence why not.

    ``overwrite`` False refuses an existing file (the command line's default; ``--overwrite``
    allows it); the window passes True because its save dialog has asked already.
    """
    raw = Path(path).expanduser()
    if str(path).strip() == "":
        raise UserError(f"Give the name of the {what} to write.")
    # The name as given: on Windows resolving "NUL.xlsx" already gives the device itself.
    # Refused everywhere, not only on Windows: outputs end up on the office's shared drives.
    if is_windows_device_name(raw.name):
        raise UserError(
            f"{raw.name} is a name Windows keeps for a device (the file would be lost); "
            f"choose another name for the {what}."
        )
    target = _resolved(raw)
    for guard in list(_guards):
        reason = guard.refusal_for(target)
        if reason:
            raise UserError(reason)
    if _looks_like_sqlite_side_file(target):
        raise UserError(
            f"{target.name} belongs to a database that may be in use; "
            f"choose another name for the {what}."
        )
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UserError(describe_os_error(exc, target)) from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise UserError(
                f"{target} is a folder; give the name of the {what} to write inside it."
            )
        if not stat.S_ISREG(found.st_mode):
            raise UserError(
                f"{target} is not an ordinary file (it is a device or other special file); "
                f"choose a file name for the {what}."
            )
        if not overwrite:
            raise UserError(
                f"{target} already exists; choose another name, or add --overwrite to replace it."
            )
    if not target.parent.is_dir():
        raise UserError(
            f"The folder {target.parent} does not exist; create it first or choose another."
        )
    return target


def describe_os_error(exc: OSError, target: Path) -> str:
    """One plain sentence for an operating-system error while writing ``target``.

    The single place that turns OSError into words, so every output says the same thing for
    the same trouble. Windows' sharing and lock violations (a file open in Excel) arrive as
    PermissionError, with access denied when a rename meets the open file.
    """
    name = target.name or str(target)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{name} could not be written because the disk is full; free some space and try again."
        )
    if code == errno.EROFS:
        return f"{name} could not be written because the disk is read-only; choose another place."
    if code in (errno.EACCES, errno.EPERM) or is_file_in_use(exc):
        return file_in_use(name).message
    if code == errno.ENAMETOOLONG:
        return f"The name {name[:60]}… is too long for the disk; choose a shorter one."
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"The folder for {name} does not exist; create it first or choose another."
    if code == errno.EISDIR:
        return f"{name} is a folder; give a file name inside it."
    reason = exc.strerror or "an error from the operating system"
    return f"{name} could not be written ({reason}); check the folder and the free space."


def _new_part_file(target: Path) -> tuple[Path, str]:
    """A new, empty, private (0600) part-file beside ``target``, already in the ledger of
    unfinished writes, and the ledger's token for it."""
    for _ in range(5):  # another name only if 48 random bits ever meet an existing one
        temp = target.parent / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
        token = unfinished.begin_file(temp)
        try:
            if paths.create_private_file(temp):
                return temp, token
        except OSError as exc:
            unfinished.end(token)
            raise UserError(describe_os_error(exc, target)) from None
        unfinished.end(token)
    raise UserError(f"{target.name} could not be written; check the folder and try again.")


def _discard(temp: Path, token: str) -> None:
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        pass
    else:
        unfinished.end(token)  # kept in the ledger if it could not go, for the next start


@contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A new, private (0600) temporary file in the target's folder, removed unless renamed."""
    temp, token = _new_part_file(target)
    try:
        yield temp
    finally:
        _discard(temp, token)


def _move_into_place(temp: Path, target: Path, overwrite: bool) -> None:
    if not overwrite:
        # A link fails if someone made the file since we checked, where a rename would
        # silently replace it; file systems without hard links fall back to the rename.
        try:
            os.link(temp, target)
            return
        except FileExistsError:
            raise UserError(
                f"{target} already exists; choose another name, or add --overwrite to replace it."
            ) from None
        except OSError:
            pass
    os.replace(temp, target)


def write_file(
    path: str | os.PathLike[str],
    write: Callable[[Path], None] | bytes,
    *,
    overwrite: bool = True,
    what: str = "file",
) -> Path:
    """Write an output safely: ``write`` (a function given the temporary path, or the bytes)
    fills a temporary file beside the target, which then replaces the target in one rename.
    Returns the resolved target."""
    target = check_target(path, overwrite=overwrite, what=what)
    with temporary_beside(target) as temp:
        try:
            if isinstance(write, bytes):
                temp.write_bytes(write)
            else:
                write(temp)
            _move_into_place(temp, target, overwrite)
        except OSError as exc:
            raise UserError(describe_os_error(exc, target)) from None
    return target


def write_files(files: dict[Path, bytes], *, overwrite: bool = True) -> list[Path]:
    """Several files that belong together (a JSON and its PDF): all or none appear."""
    targets = [check_target(path, overwrite=overwrite) for path in files]
    temps: list[tuple[Path, Path, str]] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            temp, token = _new_part_file(target)
            temps.append((temp, target, token))
            temp.write_bytes(data)
        for temp, target, _ in temps:
            _move_into_place(temp, target, overwrite)
    except OSError as exc:
        raise UserError(describe_os_error(exc, temps[-1][1] if temps else targets[0])) from None
    finally:
        for temp, _, token in temps:
            _discard(temp, token)
    return targets
