"""The verification page as a folder of plain files that any static web host serves, and that
works opened straight from disk: index.html, its script and style beside it, and the data."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cohort_desk.documents.verification_data import DATA_FILE, data_script
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.outputs import write_files
from cohort_desk.paths import resource

PAGE_FILES = ("index.html", "verify.js", "style.css")
SITE_FILES = (*PAGE_FILES, DATA_FILE)


def page_html(academy: str, published_text: str) -> str:
    """index.html with the academy's name and the publication date written in, so the page
    says whose list it is even before its script runs."""
    template = resource("verification", "index.html").read_text(encoding="utf-8")
    published = (
        f"This list was published on {published_text}. Certificates issued after that are "
        "not in it yet."
    )
    return template.replace("{{ACADEMY}}", html.escape(academy)).replace(
        "{{PUBLISHED}}", html.escape(published)
    )


def existing_site_files(folder: Path) -> list[str]:
    return [name for name in SITE_FILES if (folder / name).exists()]


def check_folder(folder: Path, overwrite: bool) -> Path:
    """The folder to publish into, made if need be; refuses a file, an unwritable place, or
    (without ``overwrite``) a folder already holding a page, in one sentence."""
    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            f"{folder} is a file; give a folder for the verification page.", field="output"
        )
    if not overwrite and folder.is_dir():
        found = existing_site_files(folder)
        if found:
            raise ValidationError(
                f"The folder {folder} already holds {found[0]}; add --overwrite to replace "
                "the verification page there, or give an empty folder.",
                field="output",
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise UserError(
            f"Cohort Desk cannot make the folder {folder}; choose another folder."
        ) from None
    return folder.resolve()


def write_site(folder: Path, document: Mapping[str, Any]) -> list[Path]:
    """Write the four files through the one output writer: all appear, whole, or none do."""
    contents = {
        "index.html": page_html(str(document["academy"]), str(document["published_text"])),
        "verify.js": resource("verification", "verify.js").read_text(encoding="utf-8"),
        "style.css": resource("verification", "style.css").read_text(encoding="utf-8"),
        DATA_FILE: data_script(document),
    }
    written = write_files(
        {folder / name: contents[name].encode("utf-8") for name in SITE_FILES}, overwrite=True
    )
    for path in written:
        # Outputs are private (0600) because most hold names; this page is for the public,
        # sealed already, and a web server running as another user must be able to read it.
        with contextlib.suppress(OSError):
            path.chmod(0o644)
    return written
