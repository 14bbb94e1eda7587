"""The figures of an evaluation: a rating's distribution, mean and median, the net promoter
score and the response rate, each computed one way for the window, the command line and the
impact pack."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

PROMOTER_FROM = 9  # 9 and 10 promote
DETRACTOR_UP_TO = 6  # 0 to 6 detract; 7 and 8 are passive


@dataclass(frozen=True)
class RatingSummary:
    """One rating question's answers: how many, the mean and median, and the count at every
    point of the scale (zeros included, so a chart shows the whole scale)."""

    n: int
    mean: float | None
    median: float | None
    distribution: dict[int, int]


def parse_scale(scale: str) -> tuple[int, int]:
    """ "1-5" -> (1, 5)."""
    low, _, high = scale.partition("-")
    return int(low), int(high)


def summarise_ratings(values: Sequence[float], scale: str) -> RatingSummary:
    """Mean rounded to two decimals; the median of an even count is the middle pair's mean."""
    low, high = parse_scale(scale)
    distribution = {point: 0 for point in range(low, high + 1)}
    for value in values:
        point = int(value)
        if point in distribution:
            distribution[point] += 1
    if not values:
        return RatingSummary(0, None, None, distribution)
    mean = round_half_up(Fraction(sum(Fraction(str(v)) for v in values), len(values)), 2)
    return RatingSummary(len(values), mean, float(statistics.median(values)), distribution)


def round_half_up(value: Fraction, places: int = 0) -> float:
    """Rounded as a person does (4.125 -> 4.13, -12.5 -> -13), not as binary floats do."""
    scale = 10**places
    scaled = value * scale
    rounded = floor(abs(scaled) + Fraction(1, 2))
    return float((rounded if scaled >= 0 else -rounded) / scale)


def net_promoter_score(values: Sequence[float]) -> int | None:
    """Promoters (9-10) less detractors (0-6), as a whole percentage of everyone who answered
    the 0-10 "would you recommend" question; None when no one did."""
    if not values:
        return None
    promoters = sum(1 for v in values if v >= PROMOTER_FROM)
    detractors = sum(1 for v in values if v <= DETRACTOR_UP_TO)
    return int(round_half_up(Fraction((promoters - detractors) * 100, len(values))))


def response_rate(responses: int, attendees: int) -> float | None:
    """Responses as a share of attendees (0.75 for 75%), to four places; None when no one
    attended, since a rate of nothing means nothing."""
    if attendees <= 0:
        return None
    return round_half_up(Fraction(responses, attendees), 4)


_SCALE_TAIL = re.compile(r"\s*\(\s*\d+\s*(?:-|to)\s*\d+\s*\)\s*$")
_WHOM_TAIL = re.compile(
    r"\s+to (?:a |an |your )?(?:colleague|friend|peer|other|someone|anyone)s?\b.*$", re.I
)


def recommend_label(heading: str) -> str:
    """A "would you recommend" question named by what it asks about, to label its net
    promoter score: "How likely are you to recommend this session to a colleague? (0-10)" is
    "recommend this session". The heading itself when it says no more than "recommend"."""
    found = re.search(r"\brecommend\b.*", heading, re.I)
    if not found:
        return heading
    label = _WHOM_TAIL.sub("", _SCALE_TAIL.sub("", found.group(0))).rstrip(" ?.!")
    return label if len(label.split()) > 1 else heading
