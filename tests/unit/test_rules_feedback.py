"""Recognising a feedback form's columns and questions, and the evaluation figures, as tables."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cohort_desk.rules import evaluation as E
from cohort_desk.rules import feedback as F


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("ID", "id"),
        ("Start time", "started"),
        ("Completion time", "completed"),
        ("Timestamp", "completed"),
        ("Email", "email"),
        ("Email address", "email"),
        ("Name", "name"),
        ("Last modified time", "ignore"),
        ("Total points", "ignore"),
        ("Points - Rate the session", "ignore"),
        ("Rate the session", None),
        ("Any other comments?", None),
    ],
)
def test_the_forms_own_columns(heading, role):
    assert F.form_column(heading) == role


@pytest.mark.parametrize(
    ("heading", "answers", "kind", "scale"),
    [
        ("Rate the session", ["4", "5", "3"], F.RATING, "1-5"),
        ("Rate the session (0-10)", ["4", "5", "3"], F.RATING, "0-10"),
        ("On a scale of 1 to 5, how useful?", [], F.RATING, "1-5"),
        ("How likely are you to recommend us?", ["8", "9"], F.RATING, "0-10"),
        ("Would you recommend it?", ["6", "10", "9"], F.RATING, "0-10"),
        ("Score", ["0", "3"], F.RATING, "0-5"),
        ("It met its aims", ["Agree", "Strongly agree", "Disagree"], F.RATING, "1-5"),
        ("It met its aims", ["Agree", "4", "N/A"], F.RATING, "1-5"),
        ("The venue", ["Poor", "Excellent", "Very good"], F.RATING, "1-5"),
        ("Which day?", ["Monday", "Monday", "Tuesday", "Tuesday"], F.CHOICE, "choice"),
        ("Which topics?", ["Finance;", "Finance;People;"], F.CHOICE, "choice"),
        ("Any comments?", ["Great day", "Too long"], F.TEXT, "text"),
        ("May we quote you?", ["Yes", "No"], F.CONSENT, "consent"),
        ("Are you happy for us to quote your comments?", ["Yes"], F.CONSENT, "consent"),
        ("Rate it", ["4.5", "3"], F.TEXT, "text"),  # half points are not a Forms scale
    ],
)
def test_a_question_is_recognised_with_its_scale(heading, answers, kind, scale):
    question = F.recognise(heading, answers)
    assert (question.kind, question.scale) == (kind, scale)


@pytest.mark.parametrize(
    ("answer", "value"),
    [("4", 4.0), ("4 - Agree", 4.0), ("Strongly agree", 5.0), ("neither", 3.0), ("N/A", None)],
)
def test_ratings_are_read_as_numbers(answer, value):
    question = F.recognise("It met its aims", ["Agree", "Strongly agree"])
    assert F.rating_value(question, answer) == value


def test_a_rating_outside_its_scale_says_so():
    question = F.recognise("Rate it (1-5)", ["4"])
    with pytest.raises(ValueError, match="outside the 1-5 scale"):
        F.rating_value(question, "6")


@pytest.mark.parametrize(
    ("answer", "agreed"),
    [
        ("Yes", True),
        ("Yes, anonymously", True),
        ("I agree", True),
        ("No", False),
        ("", False),
        ("Prefer not", False),
    ],  # fmt: skip
)
def test_consent_to_quote(answer, agreed):
    assert F.gives_consent(answer) is agreed


def test_response_keys_use_the_forms_id_or_the_whole_row():
    assert F.response_key("s3", "17", ["a"]) == "s3:id:17"
    one = F.response_key("s3", "", ["2026/11/05", "4", "Fine"])
    assert one == F.response_key("s3", "", ["2026/11/05", "4", " Fine "])
    assert one != F.response_key("c3", "", ["2026/11/05", "4", "Fine"])


@pytest.mark.parametrize(
    ("values", "n", "mean", "median"),
    [
        ([5, 4, 4, 3, 5], 5, 4.2, 4.0),
        ([1, 2], 2, 1.5, 1.5),
        ([4, 4, 5], 3, 4.33, 4.0),
        ([], 0, None, None),
    ],
)
def test_rating_summaries(values, n, mean, median):
    summary = E.summarise_ratings(values, "1-5")
    assert (summary.n, summary.mean, summary.median) == (n, mean, median)
    assert list(summary.distribution) == [1, 2, 3, 4, 5]
    assert sum(summary.distribution.values()) == n


@pytest.mark.parametrize(
    ("values", "nps"),
    [
        ([10, 9, 7, 6, 10], 40),
        ([0, 1, 2], -100),
        ([9, 10], 100),
        ([7, 8], 0),
        ([9, 6, 7], 0),
        ([9, 9, 6, 7, 7, 7, 7, 7], 13),  # 12.5 rounds half up
        ([], None),
    ],
)
def test_net_promoter_score(values, nps):
    assert E.net_promoter_score(values) == nps


def test_response_rate_and_rounding():
    assert E.response_rate(5, 7) == 0.7143
    assert E.response_rate(3, 0) is None
    assert E.round_half_up(Fraction(-25, 2)) == -13
    assert E.round_half_up(Fraction(4125, 1000), 2) == 4.13


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("How likely are you to recommend this session to a colleague?", "recommend this session"),
        ("How likely are you to recommend the Academy to a colleague? (0-10)",
         "recommend the Academy"),
        ("Would you recommend this programme to others", "recommend this programme"),
        ("How likely are you to recommend us to a friend or colleague?", "recommend us"),
        # Nothing said beyond "recommend": the heading itself.
        ("Would you recommend?", "Would you recommend?"),
    ],
)  # fmt: skip
def test_a_net_promoter_score_is_labelled_by_what_it_recommends(heading, label):
    assert E.recommend_label(heading) == label
