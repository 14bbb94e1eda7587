"""Which file names Windows keeps for itself, so an output never goes to a device."""

from __future__ import annotations

import re

#: Characters Windows refuses in a file name, and control characters.
UNSAFE_CHARACTERS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')

# Windows opens these as devices whatever their extension ("NUL.xlsx" is the null device, so
# a file saved there is thrown away while the save seems to work).
_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}


def is_windows_device_name(name: str) -> bool:
    """True for "CON", "nul.xlsx", "Com1 .csv": names Windows takes for a device."""
    return name.split(".")[0].rstrip(" ").upper() in _DEVICES
