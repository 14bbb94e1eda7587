"""Reading a feedback form's export: which columns are the form's own, which are questions, and
each question's kind and scale, from its heading and its answers.

Microsoft Forms puts ID, Start time, Completion time, Email and Name (and sometimes Last
modified time) before one column per question; Google Forms puts Timestamp, an optional
Email address, then the questions. A rating question is kept with its scale ("1-5", "0-10"),
read from the heading ("(0-10)", "on a scale of 1 to 5", "How likely … recommend") or else
from the answers; Forms writes a rating as "4", a Likert question as its words ("Agree"),
and both are read as numbers on a 1-5 scale. Everything here is pure: no database, no Qt.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cohort_desk.rules.headers import heading_words

# The form's own columns, by their heading words (rules.headers.heading_words).
FORM_COLUMNS: dict[str, str] = {
    "id": "id",
    "response id": "id",
    "start time": "started",
    "completion time": "completed",
    "timestamp": "completed",
    "submitted": "completed",
    "submitted at": "completed",
    "last modified time": "ignore",
    "email": "email",
    "email address": "email",
    "respondent email": "email",
    "name": "name",
    "respondent": "name",
    "your name": "name",
    "full name": "name",
    "name optional": "name",
    "your name optional": "name",
    "total points": "ignore",
    "quiz feedback": "ignore",
    "score": "ignore",
}
# Quiz exports add "Points - question" and "Feedback - question" beside each question.
_QUIZ_COLUMN = re.compile(r"^(points|feedback) ")

RATING = "rating"
CHOICE = "choice"
TEXT = "text"
CONSENT = "consent"

_SCALE_IN_HEADING = re.compile(r"(?<![\d.])([01])\s*(?:-|–|—|to)\s*(5|7|10)(?![\d.])")
_RECOMMEND = re.compile(r"\brecommend")
_CONSENT = re.compile(
    r"\bquot(e|ed|ing)\b|\bpermission to (use|share)\b|\buse your (comments|words|feedback)\b"
    r"|\bshare your (comments|words)\b"
)
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:$|[-–—:.)(/]|\s)")
_NOT_ANSWERED = frozenset(
    "n a|na|not applicable|don t know|dont know|do not know|prefer not to say|none|".split("|")
)

# Five-point scales people write as words, lowest first; a column's words must all come from
# one of them ("Excellent" tells the Poor-to-Excellent scale from the Very poor one).
LIKERT_SCALES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (
        ("strongly disagree",),
        ("disagree",),
        ("neither agree nor disagree", "neither agree or disagree", "neutral", "neither"),
        ("agree",),
        ("strongly agree",),
    ),
    (("very poor",), ("poor",), ("fair", "average", "ok", "okay"), ("good",), ("very good",)),
    (("poor",), ("fair",), ("good",), ("very good",), ("excellent",)),
    (
        ("very dissatisfied",),
        ("dissatisfied",),
        ("neither satisfied nor dissatisfied", "neither satisfied or dissatisfied", "neutral"),
        ("satisfied",),
        ("very satisfied",),
    ),
    (
        ("not at all useful", "not useful"),
        ("slightly useful",),
        ("moderately useful", "somewhat useful"),
        ("very useful",),
        ("extremely useful",),
    ),
    (
        ("very unlikely",),
        ("unlikely",),
        ("neither likely nor unlikely", "unsure", "not sure"),
        ("likely",),
        ("very likely",),
    ),
)


@dataclass(frozen=True)
class Question:
    """One question column: its heading as written, its kind, and for a rating its scale."""

    heading: str
    kind: str  # RATING, CHOICE, TEXT or CONSENT
    low: int = 0
    high: int = 0
    likert: int | None = None  # index into LIKERT_SCALES when answered in words

    @property
    def scale(self) -> str:
        """What is stored beside each answer: "1-5", "0-10", "choice", "text" or "consent"."""
        return f"{self.low}-{self.high}" if self.kind == RATING else self.kind

    @property
    def is_recommend(self) -> bool:
        """A 0-10 "would you recommend" question: the one a net promoter score comes from."""
        return (
            self.kind == RATING
            and (self.low, self.high) == (0, 10)
            and bool(_RECOMMEND.search(heading_words(self.heading)))
        )


def form_column(heading: str) -> str | None:
    """What a form's own column holds ("id", "started", "completed", "email", "name",
    "ignore"), or None for a question."""
    words = heading_words(heading)
    if not words:
        return "ignore"
    if words in FORM_COLUMNS:
        return FORM_COLUMNS[words]
    if _QUIZ_COLUMN.match(words):
        return "ignore"
    return None


def is_consent_question(heading: str) -> bool:
    """ "May we quote you?", "Are you happy for us to quote your comments?" and the like."""
    return bool(_CONSENT.search(heading_words(heading)))


def gives_consent(answer: str) -> bool:
    """Whether an answer to the consent question says yes ("Yes", "Yes, anonymously",
    "I agree", "Happy to be quoted"); anything else, a blank included, is no."""
    words = heading_words(answer)
    return bool(re.match(r"(yes|y|i agree|agree|happy|ok|okay|of course|sure)\b", words))


def scale_in_heading(heading: str) -> tuple[int, int] | None:
    """The scale a heading states: "(0-10)", "1 to 5", "0–10"; None when it names none."""
    found = _SCALE_IN_HEADING.search(heading)
    if found:
        return int(found.group(1)), int(found.group(2))
    if _RECOMMEND.search(heading_words(heading)) and "likely" in heading_words(heading):
        return 0, 10  # "How likely are you to recommend…": the net promoter question
    return None


def is_unanswered(answer: str) -> bool:
    """Blank, "N/A", "Don't know": no rating given."""
    return heading_words(answer) in _NOT_ANSWERED


def _number(answer: str) -> float | None:
    found = _LEADING_NUMBER.match(answer)
    return float(found.group(1)) if found else None


def _likert_point(words: str, scale: int) -> int | None:
    for point, names in enumerate(LIKERT_SCALES[scale], start=1):
        if words in names:
            return point
    return None


def _likert_scale(word_answers: set[str]) -> int | None:
    for index in range(len(LIKERT_SCALES)):
        if all(_likert_point(words, index) is not None for words in word_answers):
            return index
    return None


def recognise(heading: str, answers: Sequence[str]) -> Question:
    """The kind and scale of a question, from its heading and every answer given to it."""
    if is_consent_question(heading):
        return Question(heading, CONSENT)
    given = [a.strip() for a in answers if not is_unanswered(a)]
    stated = scale_in_heading(heading)
    numbers = [_number(a) for a in given]
    words = {heading_words(a) for a, n in zip(given, numbers, strict=True) if n is None}
    if given and not words and all(n is not None and n == int(n) for n in numbers):
        values = [int(n) for n in numbers if n is not None]
        if stated and stated[0] <= min(values):
            return Question(heading, RATING, *stated)
        if max(values) <= 10 and min(values) >= 0:
            # Forms offers 0-10 (the recommend question) and 1-5 (ratings, stars); a 1-10
            # scale is rare, so answers above 5 are read as 0-10.
            if max(values) > 5:
                return Question(heading, RATING, 0, 10)
            return Question(heading, RATING, 0 if min(values) == 0 else 1, 5)
    if given and words:
        scale = _likert_scale(words)
        numbers_fit = all(n is None or n in (1, 2, 3, 4, 5) for n in numbers)
        if scale is not None and numbers_fit:
            return Question(heading, RATING, 1, 5, likert=scale)
    if not given and stated:
        return Question(heading, RATING, *stated)
    return Question(heading, CHOICE if _looks_like_choice(given) else TEXT)


def _looks_like_choice(answers: Sequence[str]) -> bool:
    """Multiple choice: a handful of short answers, each chosen more than once, or Forms'
    "A;B;" form of a multiple-answer question."""
    if not answers:
        return False
    if all(a.endswith(";") for a in answers):
        return True
    distinct = {a.casefold() for a in answers}
    short = max(len(a) for a in answers) <= 60
    return short and len(distinct) <= 10 and len(answers) >= 2 * len(distinct)


def choices_of(answer: str) -> list[str]:
    """The options ticked in one answer: Forms writes several as "A;B;" (a lone answer may
    still end with ";")."""
    if ";" in answer:
        return [part.strip() for part in answer.split(";") if part.strip()]
    return [answer.strip()] if answer.strip() else []


def rating_value(question: Question, answer: str) -> float | None:
    """The number an answer gives on the question's scale; None when unanswered.
    ValueError (one sentence) for a number outside the scale or words it cannot read."""
    if is_unanswered(answer):
        return None
    number = _number(answer)
    if number is None and question.likert is not None:
        point = _likert_point(heading_words(answer), question.likert)
        number = float(point) if point is not None else None
    if number is None:
        raise ValueError(
            f"'{answer.strip()}' is not a rating on the {question.scale} scale of "
            f"'{question.heading}'"
        )
    if not question.low <= number <= question.high:
        raise ValueError(
            f"{number:g} is outside the {question.scale} scale of '{question.heading}'"
        )
    return number


def response_key(target: str, response_id: str, cells: Sequence[object]) -> str:
    """What tells one submitted response from another, for "imported already": the target
    (a session or a cohort) and the form's response ID, or a hash of the whole row when
    the export has no ID column (Google Forms)."""
    if response_id.strip():
        return f"{target}:id:{response_id.strip()}"
    text = "\x1f".join(" ".join(str(cell).split()) for cell in cells)
    return f"{target}:row:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:40]}"


ANONYMOUS_WORDS = frozenset({"anonymous", "anon", "anonymous user", "not given", ""})


def is_anonymous(value: str) -> bool:
    """Forms writes "anonymous" (or nothing) for the e-mail and name of an anonymous form."""
    return heading_words(value) in ANONYMOUS_WORDS
