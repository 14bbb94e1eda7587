"""Who has a database file open, so "someone else is using it" can name the program and account
instead of leaving a person to guess. Linux reads /proc; elsewhere we can only say that another
program has it open."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def holders(path: Path) -> list[str]:
    """Other processes with ``path`` (or its -wal/-shm) open, as "program (process N, account
    A)"; empty when none is found or the system does not say."""
    if not sys.platform.startswith("linux"):
        return []
    try:
        wanted = {str(path.resolve()), f"{path.resolve()}-wal", f"{path.resolve()}-shm"}
    except OSError:
        return []
    found: list[str] = []
    me = os.getpid()
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return []
    for pid in pids:
        if pid == me:
            continue
        fd_dir = f"/proc/{pid}/fd"
        try:
            links = {os.readlink(f"{fd_dir}/{fd}") for fd in os.listdir(fd_dir)}
        except OSError:  # gone, or another account's process we may not look into
            continue
        if links & wanted:
            found.append(_describe(pid))
    return found


def _describe(pid: int) -> str:
    try:
        program = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        program = "a program"
    try:
        import pwd

        account = pwd.getpwuid(os.stat(f"/proc/{pid}").st_uid).pw_name
    except (OSError, KeyError, ImportError):
        account = "another account"
    return f"{program} (process {pid}, account {account})"


def held_by_sentence(path: Path) -> str:
    """The end of a sentence saying who has the database open."""
    found = holders(path)
    if not found:
        return "another program has it open"
    if len(found) == 1:
        return f"{found[0]} has it open"
    return f"{', '.join(found[:3])} have it open"
