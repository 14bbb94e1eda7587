"""Writing a planned mail merge into a folder: every .eml file and every record of what was
written, together or not at all; an existing draft is never replaced unless asked."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.db.types import utcnow
from cohort_desk.errors import RefusedError, UserError
from cohort_desk.rules.wording import plural
from cohort_desk.services.communications.history import record_written

if TYPE_CHECKING:
    from cohort_desk.services.communications.merge import MailPlan


@dataclass(frozen=True)
class MailResult:
    folder: Path
    files: list[Path]
    people: int

    @property
    def summary(self) -> str:
        drafts = len(self.files)
        return (
            f"Wrote {plural(drafts, 'e-mail draft')} "
            f"(for {self.people} {'person' if self.people == 1 else 'people'}) in {self.folder}; "
            "open each in Outlook to check and send it."
        )


def drafts_folder(path: str | os.PathLike[str], what: str = "the e-mail drafts") -> Path:
    """The folder to write drafts in, made if need be; ``what`` names them in refusals."""
    if str(path).strip() == "":
        raise UserError(f"Give the folder to write {what} in.")
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file; give a folder for {what}.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(outputs.describe_os_error(exc, folder)) from None
    return folder.resolve()


def refuse_existing(files: Iterable[Path], target: Path, overwrite: bool) -> None:
    """Drafts are never written over silently: refused, naming the first, unless ``overwrite``."""
    existing = [path for path in files if path.exists()]
    if existing and not overwrite:
        more = f" and {len(existing) - 1} more drafts" if len(existing) > 1 else ""
        raise UserError(
            f"{existing[0].name}{more} {'exist' if more else 'exists'} in {target} already; "
            "choose an empty folder, or add --overwrite to replace them."
        )


def write_mail(
    db: Database,
    plan: MailPlan,
    folder: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    again: bool = False,
) -> MailResult:
    """Write the plan's drafts and record them. Refused, with nothing written, when some of
    these people already had this e-mail (unless ``again``) or when a draft of the same name
    is already in the folder (unless ``overwrite``)."""
    warning = plan.repeat_warning()
    if warning and not again:
        raise RefusedError(f"{warning} Nothing was written.")
    target = drafts_folder(folder)
    files = {target / d.file_name: d.data for d in plan.drafts}
    refuse_existing(files, target, overwrite)
    when = utcnow()
    written: list[Path] = []
    try:
        with db.write() as session:
            for draft in plan.drafts:
                record_written(
                    session,
                    draft.person_ids,
                    plan.template.name,
                    draft.subject,
                    plan.cohort_id,
                    plan.session_id,
                    [a.file_name for a in draft.attachments],
                    draft.file_name,
                    db.actor,
                    when,
                )
            session.flush()
            # The files go in while the records are not yet committed: a file that cannot be
            # written rolls the records back, so the history never claims a draft not made.
            written = outputs.write_files(files, overwrite=overwrite)
    except BaseException:
        for path in written:  # the commit itself failed after the files went in
            path.unlink(missing_ok=True)
        raise
    people = len({pid for d in plan.drafts for pid in d.person_ids})
    return MailResult(target, written, people)


#: Drafts opened straight in the mail program are kept this long, then removed: they hold
#: people's details and have served their purpose once Outlook has them.
KEEP_OPENED_DRAFTS_S = 7 * 24 * 3600


def opened_drafts_folder() -> Path:
    """A private folder (only this account can read it) for single drafts opened straight in
    the mail program; drafts left there from last week are removed."""
    import time

    from cohort_desk import paths

    folder = paths.private_folder(paths.data_dir() / "drafts")
    limit = time.time() - KEEP_OPENED_DRAFTS_S
    for old in folder.glob("*.eml"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass
    return folder
