"""The shipped fonts and icons are found the same way in every kind of install."""

from __future__ import annotations

import importlib.resources
import sys
import tomllib
from pathlib import Path

from cohort_desk import paths

REPOSITORY = Path(__file__).resolve().parents[2]


def test_a_source_checkout_uses_the_top_level_folder() -> None:
    assert paths.resources_dir() == REPOSITORY / "resources"
    assert paths.resource("fonts", "DejaVuSans.ttf").is_file()
    assert paths.resource("icons", "cohort-desk.png").is_file()


def test_an_installed_package_uses_its_own_copy(tmp_path, monkeypatch) -> None:
    # What a wheel holds: cohort_desk/resources beside the modules (setup.py maps it there).
    (tmp_path / "cohort_desk" / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path / package)
    assert paths.resources_dir() == tmp_path / "cohort_desk" / "resources"


def test_the_pyinstaller_folder_uses_the_same_place(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "cohort_desk" / "resources"


def test_the_build_files_agree_on_that_place() -> None:
    setup = (REPOSITORY / "setup.py").read_text()
    spec = (REPOSITORY / "build.spec").read_text()
    assert 'package_dir={"cohort_desk.resources": "resources"}' in setup
    assert '(str(ROOT / "resources"), "cohort_desk/resources")' in spec


def test_the_wheel_carries_every_resources_folder() -> None:
    # A folder missing from package-data is missing from a pip install only (the checkout and
    # the PyInstaller folder take all of resources/): publish-verification failed there.
    pyproject = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["package-data"]["cohort_desk.resources"])
    folders = {f"{p.name}/*" for p in (REPOSITORY / "resources").iterdir() if p.is_dir()}
    assert folders <= listed, sorted(folders - listed)
