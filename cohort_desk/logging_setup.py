"""Logging to a rotating file in the user's log folder, so a crash report can be found later."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from cohort_desk import paths


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created readable by this account only (0600)."""

    def _open(self):  # type: ignore[no-untyped-def]
        paths.create_private_file(Path(self.baseFilename))
        return super()._open()


class NoPersonalData(logging.Filter):
    """The log is for whoever supports Cohort Desk: e-mail addresses and quoted values (which
    is how databases echo what they were given) are taken out of every message."""

    def filter(self, record: logging.LogRecord) -> bool:
        from cohort_desk.db.scrubbing import scrub  # without SQLAlchemy: see there

        try:
            record.msg, record.args = scrub(record.getMessage()), ()
        except Exception:  # noqa: BLE001 -- a badly formed message must still be logged
            pass
        return True


def setup_logging(verbose: bool = False) -> Path | None:
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return None
    try:
        log_file = paths.log_dir() / "cohort_desk.log"
        handler = PrivateRotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only profile must not stop the app from starting
    handler.addFilter(NoPersonalData())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return log_file
