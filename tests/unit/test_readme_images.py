"""Every picture the README shows is in the repository: the screenshots are numbered in
side-bar order, so a new screen renumbers them and a stale reference would show nothing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_image_the_readme_shows_exists() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures
    assert [p for p in pictures if not (ROOT / p).is_file()] == []
