"""Remembering where outputs are being written, so the hidden part-files of a run that was killed
(certificates with people's names on them, say) are removed on the next start or run."""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import time
from pathlib import Path

from cohort_desk import paths
from cohort_desk.outputs import TEMP_PREFIX, TEMP_SUFFIX

log = logging.getLogger(__name__)

LEDGER = "unfinished-writes.json"
#: A run still listed after this long has certainly stopped, whatever its process id says.
GIVE_UP_AFTER_S = 6 * 3600


def _ledger() -> Path:
    return paths.config_dir() / LEDGER


def _read() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_ledger().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write(entries: dict[str, dict[str, object]]) -> None:
    target = _ledger()
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        paths.create_private_file(temp)
        temp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        log.warning("could not update %s", target, exc_info=True)
        temp.unlink(missing_ok=True)


def begin(folder: Path) -> str:
    """Note that this process is about to leave part-files in ``folder``; returns a token."""
    token = secrets.token_hex(8)
    entries = _read()
    entries[token] = {"folder": str(folder), "pid": os.getpid(), "started": time.time()}
    _write(entries)
    return token


def end(token: str) -> None:
    entries = _read()
    if entries.pop(token, None) is not None:
        _write(entries)


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


def remove_part_files(folder: Path) -> int:
    """Delete the part-files Cohort Desk leaves while writing in ``folder``."""
    removed = 0
    try:
        found = list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for path in found:
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def sweep() -> int:
    """At start and before each run: clear the folders of runs that stopped without
    finishing. Never raises; returns how many files went."""
    try:
        entries = _read()
        kept, stopped = {}, []
        for token, entry in entries.items():
            pid = int(entry.get("pid", 0))  # type: ignore[call-overload]
            started = float(entry.get("started", 0))  # type: ignore[arg-type]
            if _alive(pid) and time.time() - started < GIVE_UP_AFTER_S:
                kept[token] = entry
            else:
                stopped.append(str(entry.get("folder", "")))
        busy = {str(entry.get("folder", "")) for entry in kept.values()}
        # A folder another live run is writing in keeps its part-files until that run ends.
        removed = sum(remove_part_files(Path(f)) for f in set(stopped) - busy if f)
        if kept != entries:
            _write(kept)
        if removed:
            log.info("removed %d part-files left by runs that were stopped", removed)
        return removed
    except Exception:  # noqa: BLE001 -- tidying must never stop the app starting
        log.warning("could not tidy unfinished writes", exc_info=True)
        return 0
