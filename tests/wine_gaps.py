"""Skipping a test ONLY under Wine, for a gap in Wine that real Windows does not have.

The Windows lane of .ci/run runs the tests under Debian's Wine; each skip names the gap, so it
can be dropped when Wine catches up. Everywhere else (Linux, real Windows) the test runs.
"""

from __future__ import annotations

import sys

import pytest


def under_wine() -> bool:
    """True inside Wine: its ntdll exports wine_get_version, which Windows' never has."""
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")  # type: ignore[attr-defined]


def wine_gap(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(under_wine(), reason=f"Wine gap: {reason}")
