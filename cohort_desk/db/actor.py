"""Who is making a change, for the audit trail: the operating system's own record of the
account running Cohort Desk, never an environment variable anyone can set (LOGNAME=dr.who)."""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger(__name__)

UNKNOWN = "unknown"


def os_account() -> str:
    """The signed-in account's name as the system knows it."""
    try:
        if sys.platform == "win32":
            return _windows_account()
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name or f"uid {os.getuid()}"
    except KeyError:  # a container's uid with no passwd entry: the number is still true
        return f"uid {os.getuid()}"
    except Exception:  # no account API at all: say so rather than guess
        log.warning("could not read the account name from the system", exc_info=True)
        return UNKNOWN


def _windows_account() -> str:
    # GetUserNameW reads the name from the process's security token, not from %USERNAME%.
    import ctypes
    from ctypes import wintypes

    size = wintypes.DWORD(257)
    buffer = ctypes.create_unicode_buffer(size.value)
    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
    if not advapi32.GetUserNameW(buffer, ctypes.byref(size)):
        raise OSError(ctypes.get_last_error(), "GetUserNameW failed")  # type: ignore[attr-defined]
    return buffer.value or UNKNOWN


def with_database_role(account: str, role: str | None) -> str:
    """The "who" on a shared server: the computer's account and the database role it used,
    since either alone can be borrowed (two people sharing one role, one person two PCs)."""
    if not role:
        return account
    return f"{account} (role {role})"
