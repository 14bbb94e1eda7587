"""One vocabulary (issue 14): each status word is defined once, in cohort_desk/vocabulary.py,
and the code that decides by it names the member instead of spelling the string again, so a
renamed or added status cannot be missed in one place."""

from __future__ import annotations

import io
import tokenize
from enum import StrEnum
from pathlib import Path

import pytest

from cohort_desk import vocabulary
from cohort_desk.db.models import APPLICATION_STATUSES
from cohort_desk.vocabulary import (
    ApplicationStatus,
    CertificateState,
    EnrolmentStatus,
    MentoringPairStatus,
    Role,
    values,
)

PACKAGE = Path(__file__).resolve().parents[2] / "cohort_desk"
# The rooms where application statuses are decided on; every comparison there names a member.
APPLICATION_ROOMS = [
    *sorted((PACKAGE / "services" / "applications").glob("*.py")),
    *sorted((PACKAGE / "ui" / "applications").glob("*.py")),
    PACKAGE / "rules" / "selection.py",
    PACKAGE / "cli" / "applications.py",
    PACKAGE / "services" / "demo" / "selection.py",
]


def string_literals(path: Path) -> set[str]:
    """The plain one-line string literals of a module (not comments, not docstring prose)."""
    found: set[str] = set()
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        text = token.string
        if token.type == tokenize.STRING and text[:1] in "\"'" and "\n" not in text:
            found.add(text[1:-1])
    return found


def test_application_statuses_come_from_the_vocabulary() -> None:
    assert APPLICATION_STATUSES == values(ApplicationStatus)
    assert ApplicationStatus.NOT_SELECTED == "not-selected"  # the word stored since 0008


@pytest.mark.parametrize("path", APPLICATION_ROOMS, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_application_status_is_spelled_out_where_it_is_decided(path: Path) -> None:
    # Words a person reads ("offered a place") are fine; the bare stored word is not.
    spelled = string_literals(path) & set(values(ApplicationStatus))
    assert not spelled, f"use ApplicationStatus members instead of {sorted(spelled)}"


PAIRS = set(values(MentoringPairStatus))
# Modules that decide by a mentoring pair's status or a certificate's state, and the stored
# words none of them may spell out. The verification page's details also have a "revoked" key
# (the day it was revoked), so there only "valid" is looked for.
DECIDERS = {
    "rules/impact.py": PAIRS,
    "services/communications/recipients.py": PAIRS,
    "services/certificates/publishing.py": {CertificateState.VALID.value},
}


@pytest.mark.parametrize("name", sorted(DECIDERS))
def test_pair_statuses_and_certificate_states_name_the_vocabulary(name: str) -> None:
    spelled = string_literals(PACKAGE / name) & DECIDERS[name]
    assert not spelled, f"use the vocabulary's members instead of {sorted(spelled)}"


def test_certificate_states_are_the_words_the_verification_page_reads() -> None:
    assert values(CertificateState) == ("valid", "revoked")


def test_each_word_is_defined_once_across_the_vocabularies() -> None:
    # "withdrawn" is both an enrolment and an application status, on purpose: they are
    # different records, as is "other" for a session and an organisation. No other word may be
    # claimed by two vocabularies.
    seen: dict[str, str] = {}
    shared = set()
    for name in dir(vocabulary):
        kind = getattr(vocabulary, name)
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum:
            for word in values(kind):
                if word in seen and seen[word] != name:
                    shared.add(word)
                seen[word] = name
    assert shared == {"withdrawn", "other"}, shared
    assert EnrolmentStatus.WITHDRAWN == ApplicationStatus.WITHDRAWN
    assert Role.PARTICIPANT == "participant"
