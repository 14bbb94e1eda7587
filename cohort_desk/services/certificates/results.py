"""What one issue or re-print run did, and the sentence that tells the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cohort_desk.rules.wording import plural


@dataclass
class IssueResult:
    """What one issue run did. ``files`` are the single certificates in the order of
    ``numbers`` and ``codes``, then the combined file for printing."""

    course: str
    issued: int = 0
    already_issued: int = 0
    not_eligible: int = 0
    reissued: int = 0
    numbers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    # One sentence for each eligible person whose certificate was not issued because their
    # name cannot be drawn with the bundled fonts.
    not_printable: list[str] = field(default_factory=list)

    @property
    def nothing_eligible(self) -> bool:
        return (
            self.issued == 0
            and self.already_issued == 0
            and self.reissued == 0
            and not self.not_printable
        )

    @property
    def message(self) -> str:
        """The summary, then a sentence for each certificate not issued."""
        return " ".join([self.summary, *self.not_printable])

    @property
    def summary(self) -> str:
        if self.nothing_eligible:
            return (
                f"No one is eligible for a certificate for {self.course} yet "
                f"({plural(self.not_eligible, 'person')} not eligible); "
                "nothing was issued."
            )
        parts: list[str] = []
        new = self.numbers[len(self.numbers) - self.issued :] if self.issued else []
        if new:
            span = new[0] if len(new) == 1 else f"{new[0]} to {new[-1]}"
            parts.append(f"Issued {plural(self.issued, 'certificate')} ({span})")
        if self.reissued:
            parts.append(f"re-printed {plural(self.reissued, 'certificate')} with their numbers")
        if not parts and self.not_printable:
            parts.append("Nothing was issued")
        elif not parts:
            parts.append(
                "Nothing new to issue: the one eligible person already has a certificate"
                if self.already_issued == 1
                else f"Nothing new to issue: all {self.already_issued:,} eligible people "
                "already have certificates"
            )
        elif self.already_issued and not self.reissued:
            parts.append(f"{self.already_issued:,} already had one")
        if self.not_eligible:
            parts.append(f"{self.not_eligible:,} not eligible")
        if self.not_printable:
            parts.append(
                f"{plural(len(self.not_printable), 'certificate')} not issued because the name "
                "cannot be printed"
            )
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."
