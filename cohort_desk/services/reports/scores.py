"""The impact pack's evaluation: the responses and each net promoter score, then the
questions' means in one section per rating scale, so a chart never sets a mean out of 5
against one out of 10 on the same axis."""

from __future__ import annotations

from cohort_desk.rules import evaluation as E
from cohort_desk.services.evaluation.summary import QuestionFigures
from cohort_desk.services.reports.figures import PeriodFigures
from cohort_desk.services.reports.sections import EVALUATION, Cell, Section, compared

HEADERS = ["Figure", "This period", "Previous period", "Change"]


def evaluation_sections(now: PeriodFigures, then: PeriodFigures) -> list[Section]:
    a, b = now.evaluation, then.evaluation
    assert a is not None and b is not None
    current = {(q.question, q.scale): q for q in a.questions}
    previous = {(q.question, q.scale): q for q in b.questions}
    rows = [
        compared("Responses", a.responses, b.responses),
        compared("Response rate %", _pct(a.response_rate), _pct(b.response_rate), points=True),
    ]
    # One score per "would you recommend" question: the session's and the Academy's ask
    # about different things, and pooling them would answer neither.
    for question in _union(a.promoter_scores, b.promoter_scores):
        mine = current.get((question.question, question.scale))
        old = previous.get((question.question, question.scale))
        rows.append(
            compared(
                f"Net promoter score ({question.nps_label})",
                mine.nps if mine else None,
                old.nps if old else None,
            )
        )
    sections = [
        Section(EVALUATION, HEADERS, rows, "Evaluation",
                note="Comments are not printed in the pack. A net promoter score is worked "
                "out for each 0-10 \u201cwould you recommend\u201d question on its own.")
    ]  # fmt: skip
    by_scale: dict[str, list[list[Cell]]] = {}
    for q in a.questions:
        old = previous.get((q.question, q.scale))
        by_scale.setdefault(q.scale, []).append(
            compared(q.question, q.mean, old.mean if old else None)
        )
    for scale in sorted(by_scale, key=_scale_order):
        sections.append(_scale_section(scale, by_scale[scale]))
    return sections


def _scale_section(scale: str, rows: list[list[Cell]]) -> Section:
    low, high = E.parse_scale(scale)
    words = f"{low:g} to {high:g}"
    return Section(
        f"Evaluation: questions scored {words}",
        ["Question", "This period", "Previous period", "Change"],
        rows,
        f"Evaluation scored {scale}"[:31],
        chart="bar",
        chart_above=True,
        chart_scale=(0, int(high)),
        axis_label=f"Mean answer, on the question's scale of {words}",
        note=f"The mean of the answers to each question asked on a scale of {words}.",
    )


def _scale_order(scale: str) -> tuple[float, float]:
    low, high = E.parse_scale(scale)
    return (high - low, low)


def _union(first: list[QuestionFigures], second: list[QuestionFigures]) -> list[QuestionFigures]:
    seen = {(q.question, q.scale) for q in first}
    return first + [q for q in second if (q.question, q.scale) not in seen]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
