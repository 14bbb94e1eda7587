"""Telling a network share from a local disk, where SQLite's locking (and WAL) can be trusted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cohort_desk.db.location import NETWORK_FILESYSTEMS, is_network_path, mount_type

MOUNTS = "\n".join(
    [
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "//files/team /mnt/Team\\040Share cifs rw,vers=3.0 0 0",
        "server:/export /mnt/nfs nfs4 rw 0 0",
        "/dev/sdb1 /mnt/nfs-local ext4 rw 0 0",
        "tmpfs /mnt/Team\\040Share/cache tmpfs rw 0 0",
    ]
)


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/jo/cohort_desk.db", "ext4"),
        # The kernel escapes the space as \040: the share was missed before.
        ("/mnt/Team Share/cohort_desk.db", "cifs"),
        ("/mnt/Team Share", "cifs"),
        ("/mnt/nfs/cohort.db", "nfs4"),
        # A folder whose name merely starts like a mount point is not inside it.
        ("/mnt/nfs-local/cohort.db", "ext4"),
        # The deepest mount point wins.
        ("/mnt/Team Share/cache/x.db", "tmpfs"),
    ],
)
def test_the_mount_holding_a_path(path: str, fstype: str) -> None:
    assert mount_type(path, MOUNTS) == fstype


def test_cifs_and_nfs_count_as_network() -> None:
    assert {"cifs", "nfs4", "smb3"} <= NETWORK_FILESYSTEMS
    assert "ext4" not in NETWORK_FILESYSTEMS


def test_a_local_temporary_folder_is_not_a_share(tmp_path: Path) -> None:
    assert is_network_path(tmp_path / "with space" / "x.db") is False


windows_only = pytest.mark.skipif(sys.platform != "win32", reason="GetDriveTypeW is Windows's")


@windows_only
@pytest.mark.parametrize(
    "path",
    [
        r"\\files\Team Share\cohort_desk.db",
        r"\\?\UNC\files\Team Share\cohort_desk.db",
        "//files/team/cohort_desk.db",
    ],
)
def test_unc_paths_are_network_paths_on_windows(path: str) -> None:
    assert is_network_path(Path(path)) is True


@windows_only
def test_local_paths_with_spaces_and_long_prefixes_are_local_on_windows(tmp_path: Path) -> None:
    local = tmp_path / "Cohort Desk data" / "cohort_desk.db"
    assert is_network_path(local) is False
    assert is_network_path(Path("\\\\?\\" + str(local))) is False
