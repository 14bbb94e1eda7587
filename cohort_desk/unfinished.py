"""Remembering where outputs are being written, so the hidden part-files of a write that was
killed (certificates with people's names on them, an export, a backup, a signing key) are
removed on the next start or run.

Each write under way is one small file in a ledger folder, made before its part-file is and
removed once the part-file is renamed into place or deleted: several processes write at once
(an import's backup, an export, a certificate run), and entries of their own cannot overwrite
each other's as a shared list rewritten by each could.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import time
from pathlib import Path

from cohort_desk import paths

log = logging.getLogger(__name__)

#: Every part-file Cohort Desk writes is named so: hidden, and never a name a person chooses.
TEMP_PREFIX = ".~cohort-desk-"
TEMP_SUFFIX = ".part"
SQLITE_SIDES = ("-journal", "-wal", "-shm")
LEDGER = "unfinished-writes"
#: Where versions before the ledger folder kept one list of certificate runs.
LEGACY_LEDGER = "unfinished-writes.json"
#: A run still listed after this long has certainly stopped, whatever its process id says.
GIVE_UP_AFTER_S = 6 * 3600


def _ledger() -> Path:
    # In the local data folder, not the settings one: a process id only means something on
    # this computer, and Windows copies the settings folder (%APPDATA%) to other office PCs.
    return paths.private_folder(paths.data_dir() / LEDGER)


def _note(entry: dict[str, object]) -> str:
    token = secrets.token_hex(8)
    entry |= {"pid": os.getpid(), "started": time.time()}
    try:
        record = _ledger() / f"{token}.json"
        paths.create_private_file(record)
        record.write_text(json.dumps(entry), encoding="utf-8")
    except OSError:
        log.warning("could not note an unfinished write", exc_info=True)
    return token


def begin(folder: Path) -> str:
    """Note that this process is about to leave part-files in ``folder``; returns a token."""
    return _note({"folder": str(folder)})


def begin_file(part: Path) -> str:
    """Note that this process is about to write the part-file ``part`` (before it exists, so
    no moment passes with a part-file nobody would remove); returns a token for end()."""
    return _note({"file": str(part)})


def end(token: str) -> None:
    try:
        (_ledger() / f"{token}.json").unlink(missing_ok=True)
    except OSError:
        log.warning("could not clear an unfinished write", exc_info=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        # Not "rely on the age": every other run counted as stopped, so a second run swept
        # the first one's part-files while it wrote them (under Wine, two at once).
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _windows_alive(pid: int) -> bool:
    """Whether process ``pid`` is still running (os.kill(pid, 0) would end it on Windows)."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    query_limited_information, access_denied, still_active = 0x1000, 5, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:  # gone, or someone else's (which is running)
        return bool(ctypes.get_last_error() == access_denied)  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def is_part_file(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def remove_part_files(folder: Path) -> int:
    """Delete the part-files Cohort Desk leaves while writing in ``folder``."""
    try:
        found = list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    return sum(_remove(path) for path in found)


def _remove(path: Path) -> int:
    # Only ever a part-file's name, whatever a ledger entry says.
    if not is_part_file(path):
        return 0
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


def _remove_sides(path: Path) -> int:
    """A part-file that was a SQLite database (a restore's staging copy, every person's
    details in it) may have left its journal beside it."""
    if not is_part_file(path):
        return 0
    removed = 0
    for side in SQLITE_SIDES:
        try:
            path.with_name(path.name + side).unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _stopped(entry: dict[str, object]) -> bool:
    try:
        pid = int(entry.get("pid", 0))  # type: ignore[call-overload]
        started = float(entry.get("started", 0))  # type: ignore[arg-type]
    except (TypeError, ValueError):  # not an entry we wrote: nobody is running it
        return True
    return not _alive(pid) or time.time() - started >= GIVE_UP_AFTER_S


def _entries() -> list[tuple[Path, dict[str, object]]]:
    found: list[tuple[Path, dict[str, object]]] = []
    for record in _ledger().glob("*.json"):
        try:
            entry = json.loads(record.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue  # its write ended as we looked
        except (OSError, ValueError):
            entry = None
        if isinstance(entry, dict):
            found.append((record, entry))
        else:  # cut off as it was noted, before its part-file was made: nothing to remove
            try:
                if time.time() - record.stat().st_mtime >= GIVE_UP_AFTER_S:
                    record.unlink()
            except OSError:
                pass
    return found


def _legacy_entries() -> dict[str, dict[str, object]]:
    try:
        data = json.loads((paths.config_dir() / LEGACY_LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {token: entry for token, entry in data.items() if isinstance(entry, dict)}


def sweep() -> int:
    """At start and before each run: remove the part-files of writes that stopped without
    finishing. Never raises; returns how many files went."""
    try:
        legacy = _legacy_entries()
        judged: list[tuple[Path | None, dict[str, object], bool]]
        judged = [(record, entry, _stopped(entry)) for record, entry in _entries()]
        judged += [(None, entry, _stopped(entry)) for entry in legacy.values()]
        files: list[Path] = []
        folders: set[str] = set()
        busy: set[str] = set()
        for _, entry, stopped in judged:
            place = str(entry.get("folder") or Path(str(entry.get("file", ""))).parent)
            if not stopped:
                busy.add(place)
            elif entry.get("file"):
                files.append(Path(str(entry["file"])))
            elif entry.get("folder"):
                folders.add(place)
        # A folder another live run is writing in keeps its part-files until that run ends;
        # a single recorded file is its own and goes whatever else is under way beside it.
        removed = sum(_remove(path) + _remove_sides(path) for path in files)
        removed += sum(remove_part_files(Path(f)) for f in folders - busy)
        for record, _, stopped in judged:
            if record is not None and stopped:
                record.unlink(missing_ok=True)
        if legacy and all(stopped for record, _, stopped in judged if record is None):
            (paths.config_dir() / LEGACY_LEDGER).unlink(missing_ok=True)
        if removed:
            log.info("removed %d part-files left by writes that were stopped", removed)
        return removed
    except Exception:  # noqa: BLE001 -- tidying must never stop the app starting
        log.warning("could not tidy unfinished writes", exc_info=True)
        return 0
