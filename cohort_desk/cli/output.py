"""Standard output and error for commands: UTF-8 everywhere, and a failed print said plainly.

Windows writes redirected output (`> file`, a pipe, a scheduled task) in the ANSI code page,
cp1252, which cannot hold "Łukasz" or "Nguyễn": a command then stopped with a traceback after
its changes were saved. Commands write UTF-8 whatever the console or redirection, as the
JSON contract says, and a print that still fails (a full disk, a closed handle) is reported
in one sentence that says the command's work is done.
"""

from __future__ import annotations

import errno
import io
import sys
from typing import Any, TextIO


class OutputFailed(Exception):
    """Writing to standard output failed after the command may already have saved its work."""

    def __init__(self, reason: OSError) -> None:
        super().__init__(str(reason))
        self.reason = reason


class _ReportingStream:
    """Passes everything to the real stream; turns its OSErrors into OutputFailed.

    BrokenPipeError (the reader went away, as with `| head`) stays itself: that is no failure.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _ClosedStream:
    """Standard output when there is none (`>&-`, a detached task): Python sets sys.stdout to
    None, where print() writes nothing and json.dump stopped with an unexpected failure."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass


def use_utf8(stream: TextIO | None) -> None:
    """Make a standard stream write UTF-8; a character UTF-8 cannot hold (a lone surrogate
    from an undecodable file name) is written as a backslash escape instead of failing."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def start() -> None:
    """Set up the standard streams for one command run; call before anything is printed."""
    use_utf8(sys.stdout)
    use_utf8(sys.stderr)
    if sys.stdout is None:
        sys.stdout = _ReportingStream(_ClosedStream())  # type: ignore[arg-type,assignment]
    elif not isinstance(sys.stdout, _ReportingStream):
        sys.stdout = _ReportingStream(sys.stdout)  # type: ignore[assignment]


def finish() -> None:
    """Flush standard output now, so a failure is reported here and not at interpreter exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def stop() -> None:
    """Put the real standard output back (tests run many commands in one process)."""
    if isinstance(sys.stdout, _ReportingStream):
        inner = sys.stdout._stream
        sys.stdout = None if isinstance(inner, _ClosedStream) else inner  # type: ignore[assignment]
