"""A file held open by another program (Excel locks its workbooks on Windows) gets one sentence
saying to close it there and try again, never a traceback, and the old file stays whole.

On Windows the tests hold the file open for real; elsewhere the replace or read is made to fail
with the PermissionError Windows raises.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cohort_desk.errors import file_in_use, is_file_in_use
from cohort_desk.outputs import TEMP_PREFIX

CLOSE_IT = "close it in Excel (or the program that has it open) and try again"


@contextmanager
def open_elsewhere(path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As Excel holds a workbook: no one else may replace, delete or (here) read it."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateFileW.restype = wintypes.HANDLE
        kernel32.CreateFileW.argtypes = (
            wintypes.LPCWSTR,
            wintypes.DWORD,
            wintypes.DWORD,
            wintypes.LPVOID,
            wintypes.DWORD,
            wintypes.DWORD,
            wintypes.HANDLE,
        )
        generic_read, share_none, open_existing = 0x80000000, 0, 3
        handle = kernel32.CreateFileW(
            str(path), generic_read, share_none, None, open_existing, 0, None
        )
        assert handle != wintypes.HANDLE(-1).value, ctypes.get_last_error()
        try:
            yield
        finally:
            kernel32.CloseHandle(handle)
        return
    real_replace, real_open = os.replace, open

    def locked_replace(src: object, dst: object) -> None:
        if Path(str(dst)) == path:
            raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    def locked_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, str | os.PathLike) and Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", locked_replace)
        patch.setattr("builtins.open", locked_open)
        yield


def test_the_sentence_and_the_errors_it_covers() -> None:
    assert CLOSE_IT in file_in_use("people.xlsx").message
    assert is_file_in_use(PermissionError(13, "Permission denied"))
    sharing_violation = OSError(13, "in use")
    sharing_violation.winerror = 32  # type: ignore[attr-defined]
    assert is_file_in_use(sharing_violation)
    assert not is_file_in_use(FileNotFoundError(2, "gone"))


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", "people", "-o"), "people.xlsx"),
        (("export", "people", "-o"), "people.csv"),
        (("register", "1", "-o"), "register.pdf"),
    ],
)
def test_an_output_open_in_excel_is_refused_and_kept_whole(
    cli,
    demo_db,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    name: str,
) -> None:
    target = tmp_path / name
    target.write_bytes(b"the copy open in Excel")
    with open_elsewhere(target, monkeypatch):
        result = cli(*args, str(target), "--overwrite")
    assert result.code == 2, result.err
    assert CLOSE_IT in result.err and name in result.err
    assert "Traceback" not in result.err
    assert target.read_bytes() == b"the copy open in Excel"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_an_import_file_open_elsewhere_is_refused_and_nothing_changes(
    cli, demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes(b"First name,Surname,Email\nAda,Lovelace,ada@nhs.net\n")
    with open_elsewhere(people, monkeypatch):
        result = cli("import", str(people))
    assert result.code == 2, result.err
    assert CLOSE_IT in result.err and "people.csv" in result.err
    assert "ada@nhs.net" not in cli("people").out


def test_certificates_whose_file_is_open_elsewhere_say_the_issue_stands(
    cli, demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace
    held = []

    def replace(src: object, dst: object) -> None:
        if str(dst).endswith(".pdf") and not held:
            held.append(dst)
            raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        result = cli("certificates", "--session", "1", "-o", str(tmp_path / "certs"))
    assert result.code == 2, result.err
    assert "were issued and recorded" in result.err and "--reissue" in result.err
    assert CLOSE_IT.split(" and try")[0] in result.err
    assert "Traceback" not in result.err
    listed = cli("certificate", "list", "--json").json()
    assert listed, "the issue was recorded"
