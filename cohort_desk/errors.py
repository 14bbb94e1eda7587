"""Errors shown to a person (UserError and kin) as opposed to bugs (everything else)."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the input or the data that a person can fix.

    The message is one plain sentence saying what is wrong and what to do. ``field`` names
    the form field or column at fault, when there is one, so a dialog can highlight it.
    """

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value a person typed or a file supplied is not acceptable."""


class NotFoundError(UserError):
    """A cohort, session, person or other record named by the user does not exist."""


class UnsafeFileError(UserError):
    """A file was refused because reading it could harm the machine (zip bomb, XML entities)."""


class ConflictError(UserError):
    """Someone else changed or is saving the same record; the user should reload and retry."""


class DamagedError(UserError):
    """The database itself is damaged (not merely out of reach, read-only or not ours): the
    only failure for which the newest good backup is offered."""


class RefusedError(UserError):
    """The action was understood but refused for a reason about the data (exit code 1)."""

    exit_code = 1


class Cancelled(UserError):
    """The person pressed Cancel; the work in progress was rolled back."""

    exit_code = 1

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)


# Windows answers a file held open by another program (Excel keeps its workbooks locked) with
# a sharing or lock violation, or with access denied when replacing it; Python raises
# PermissionError for all three (ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION,
# ERROR_LOCK_VIOLATION).
_IN_USE_WINERRORS = {5, 32, 33}


def is_file_in_use(exc: BaseException) -> bool:
    """True for the error a file open in Excel (or any program that locks it) gives."""
    return isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in _IN_USE_WINERRORS


def file_in_use(name: object) -> UserError:
    """The one sentence for a file another program holds: what is wrong and what to do."""
    return UserError(
        f"The file {name} is open in another program, or you are not allowed to change it; "
        "close it in Excel (or the program that has it open) and try again."
    )
