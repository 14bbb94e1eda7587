"""Mentor matching: hard rules, explained scores, and the best set of suggestions as a whole."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Mentee:
    """Someone who wants a mentor. ``key`` identifies them (e.g. the person id as text)."""

    key: str
    organisation: str
    profession: str
    borough: str
    interests: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mentor:
    """A mentor's profile. ``current_mentees`` are pairs already active outside this run."""

    key: str
    organisation: str
    professions: frozenset[str]
    boroughs: frozenset[str]
    expertise: frozenset[str]
    capacity: int
    current_mentees: int = 0
    active: bool = True
    paused_until: date | None = None

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.current_mentees)


@dataclass(frozen=True)
class Weights:
    """Points for each kind of fit. Each shared interest scores ``expertise``, up to
    ``max_expertise`` of them, so one mentor with a long list cannot drown out a good fit on
    profession or place. There is no weight for a different organisation: every suggestion
    has one (a hard rule), so it would add the same to all and change nothing."""

    profession: float = 2.0
    borough: float = 1.0
    expertise: float = 1.5
    max_expertise: int = 3

    def __post_init__(self) -> None:
        if min(self.profession, self.borough, self.expertise, self.max_expertise) < 0:
            raise ValueError("weights cannot be negative")


@dataclass(frozen=True)
class Suggestion:
    """A suggested pair. ``alternatives`` are other mentor keys for this mentee, best first."""

    mentee: str
    mentor: str
    score: float
    reasons: list[str]
    alternatives: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unmatched:
    """A mentee left without a suggestion, why, and any suitable mentors who are full."""

    mentee: str
    reason: str
    alternatives: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MatchResult:
    suggestions: list[Suggestion]
    unmatched: list[Unmatched]

    @property
    def total_score(self) -> float:
        return sum(s.score for s in self.suggestions)


_NON_WORD = re.compile(r"[\W_]+")


# Cached: a run compares the same few organisations and professions thousands of times.
@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Text as compared: case, punctuation, "&"/"and" and spacing ignored
    ("St. Mary's  NHS Trust" == "st marys nhs trust")."""
    text = text.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def hard_rule_violation(mentee: Mentee, mentor: Mentor, today: date) -> str | None:
    """Why this mentor may never be suggested for this mentee, or None if they may.

    Never themselves; never an inactive mentor or one paused until after today (paused until
    today means back today); never one with no free places; never someone from the mentee's
    own organisation. When either organisation is blank we cannot tell, so it is allowed and
    the score's reasons say "organisation not recorded".
    """
    if mentee.key == mentor.key:
        return "cannot mentor themselves"
    if not mentor.active:
        return "mentor is not active"
    if mentor.paused_until is not None and mentor.paused_until > today:
        return f"mentor is paused until {mentor.paused_until:%d/%m/%Y}"
    if mentor.free_places <= 0:
        return "mentor has no free places"
    org = normalise(mentee.organisation)
    if org and org == normalise(mentor.organisation):
        return "mentor works in the same organisation"
    return None


def score(mentee: Mentee, mentor: Mentor, weights: Weights) -> tuple[float, list[str]]:
    """How well a mentor fits a mentee, and the reasons in plain words.

    Does not check the hard rules (see ``hard_rule_violation``). Every shared interest is
    listed as "expertise: <mentor's wording>" even past ``max_expertise``.
    """
    reasons: list[str] = []
    if normalise(mentee.organisation) and normalise(mentor.organisation):
        reasons.append("different organisation")
    else:
        reasons.append("organisation not recorded")
    points = 0.0
    profession = normalise(mentee.profession)
    if profession and profession in {normalise(p) for p in mentor.professions}:
        points += weights.profession
        reasons.append("same profession")
    borough = normalise(mentee.borough)
    if borough and borough in {normalise(b) for b in mentor.boroughs}:
        points += weights.borough
        reasons.append("same borough")
    interests = {normalise(i) for i in mentee.interests} - {""}
    shared = sorted(e for e in mentor.expertise if normalise(e) in interests)
    points += weights.expertise * min(len(shared), weights.max_expertise)
    reasons.extend(f"expertise: {e}" for e in shared)
    return points, reasons


def _units(points: float) -> int:
    # The solver works in whole millionths of a point: exact integer sums keep its shortest
    # paths exact, and no sensible weight is finer than that.
    return round(points * 1_000_000)


def _assign(costs: list[dict[int, int]], places: list[int]) -> list[int | None]:
    """Min-cost maximum assignment of mentees (rows) to mentors with ``places``.

    ``costs[u]`` maps each allowed mentor to the cost of that pair. Successive shortest paths
    on the flow network source -> mentee -> mentor -> sink: each step adds one matched mentee
    along the cheapest path, so the result has the most pairs and, among those, the least
    cost. Paths only alternate mentor -> mentee held there -> other mentor, so Dijkstra runs
    over mentors alone (M nodes, not N + M), with Johnson potentials for negative costs.
    """
    n_mentors = len(places)
    inf = float("inf")
    by_mentor: list[list[tuple[int, int]]] = [[] for _ in range(n_mentors)]  # (cost, mentee)
    for u, row in enumerate(costs):
        for m, c in row.items():
            by_mentor[m].append((c, u))
    for entries in by_mentor:
        entries.sort()
    # Potentials start as the shortest distances from the source while nobody is assigned.
    potential = [entries[0][0] if entries else 0 for entries in by_mentor]
    alive = [m for m in range(n_mentors) if by_mentor[m] and places[m] > 0]
    if not alive:
        return [None] * len(costs)
    # The sink needs a potential too: a mentor -> sink edge costs 0 but not 0 once reduced, so
    # choosing the nearest mentor with a free place by reduced distance alone would be wrong.
    sink_potential = min(potential[m] for m in alive)
    cursor = [0] * n_mentors  # into by_mentor: entries before it belong to assigned mentees
    assigned: list[int | None] = [None] * len(costs)
    holders: list[set[int]] = [set() for _ in range(n_mentors)]
    rows: list[dict[int, tuple[int, int]] | None] = [None] * n_mentors

    def row_of(m1: int) -> dict[int, tuple[int, int]]:
        # Cheapest way on from m1: move one of its mentees x to m2, costing c[x][m2] - c[x][m1].
        cached = rows[m1]
        if cached is None:
            cached = {}
            for x in sorted(holders[m1]):
                here = costs[x][m1]
                for m2, c in costs[x].items():
                    if m2 != m1 and (m2 not in cached or c - here < cached[m2][0]):
                        cached[m2] = (c - here, x)
            rows[m1] = cached
        return cached

    while True:
        dist: dict[int, float] = {}
        pred: dict[int, tuple[int, int]] = {}  # mentor -> (previous mentor or -1, mentee)
        for m in alive:
            entries = by_mentor[m]
            while cursor[m] < len(entries) and assigned[entries[cursor[m]][1]] is not None:
                cursor[m] += 1
            if cursor[m] < len(entries):
                c, u = entries[cursor[m]]
                dist[m] = c - potential[m]
                pred[m] = (-1, u)
        done: set[int] = set()
        sink_d, target = inf, -1
        while True:
            best, best_d = -1, inf
            for m, d in dist.items():
                if m not in done and (d < best_d or (d == best_d and m < best)):
                    best, best_d = m, d
            if best < 0 or best_d >= sink_d:
                break  # nothing left can lead to a cheaper path to the sink
            done.add(best)
            if len(holders[best]) < places[best]:
                to_sink = best_d + potential[best] - sink_potential
                if to_sink < sink_d:
                    sink_d, target = to_sink, best
            for m2, (w, x) in row_of(best).items():
                if m2 in done:
                    continue
                nd = best_d + w + potential[best] - potential[m2]
                if nd < dist.get(m2, inf):
                    dist[m2], pred[m2] = nd, (best, x)
        if target < 0:
            return assigned
        # Early stop: nodes not settled get the sink's distance, which keeps every reduced
        # cost non-negative (they are at least that far).
        for m in alive:
            potential[m] += int(min(dist.get(m, inf), sink_d))
        sink_potential += int(sink_d)
        m = target
        while True:
            previous, x = pred[m]
            if previous >= 0:
                holders[previous].discard(x)
                rows[previous] = None
            holders[m].add(x)
            rows[m] = None
            assigned[x] = m
            if previous < 0:
                break
            m = previous


def suggest(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    weights: Weights,
    today: date,
    alternatives: int = 3,
) -> MatchResult:
    """Suggest a mentor for each mentee, choosing the set as a whole.

    First as many mentees as possible get a mentor, then the total score is as high as it can
    be, within every mentor's free places and never breaking a hard rule. Ties are settled by
    key order, so the same people give the same suggestions whatever order they come in.

    ``alternatives`` other mentors are listed per mentee, best score first (then key): each
    obeys the hard rules and had a free place before this run, but the place may have gone to
    another suggestion here, so picking one can mean moving someone else. Suggestions and
    unmatched mentees come sorted by mentee key.
    """
    if alternatives < 0:
        raise ValueError("alternatives cannot be negative")
    for people in (mentees, mentors):
        keys = [p.key for p in people]
        if len(set(keys)) != len(keys):
            raise ValueError("keys must be unique")
    mentee_list = sorted(mentees, key=lambda p: p.key)
    mentor_list = sorted(mentors, key=lambda p: p.key)

    fits: list[dict[int, tuple[float, list[str]]]] = []
    for mentee in mentee_list:
        fits.append(
            {
                m: score(mentee, mentor, weights)
                for m, mentor in enumerate(mentor_list)
                if hard_rule_violation(mentee, mentor, today) is None
            }
        )
    costs = [{m: -_units(points) for m, (points, _) in fit.items()} for fit in fits]
    chosen = _assign(costs, [mentor.free_places for mentor in mentor_list])

    suggestions: list[Suggestion] = []
    unmatched: list[Unmatched] = []
    for u, mentee in enumerate(mentee_list):
        ranked = sorted(fits[u], key=lambda m: (costs[u][m], mentor_list[m].key))
        others = [mentor_list[m].key for m in ranked if m != chosen[u]][:alternatives]
        m_chosen = chosen[u]
        if m_chosen is not None:
            points, reasons = fits[u][m_chosen]
            suggestions.append(
                Suggestion(mentee.key, mentor_list[m_chosen].key, points, reasons, others)
            )
        else:
            unmatched.append(
                Unmatched(
                    mentee.key, _why_unmatched(mentee, mentor_list, today, bool(ranked)), others
                )
            )
    return MatchResult(suggestions, unmatched)


def _why_unmatched(mentee: Mentee, mentors: list[Mentor], today: date, had_fits: bool) -> str:
    if had_fits:
        return "every suitable mentor's free places went to other mentees"
    if not mentors:
        return "there are no mentors"
    rules = [hard_rule_violation(mentee, mentor, today) for mentor in mentors]
    if "mentor works in the same organisation" in rules:
        return "no active mentor outside their organisation has a free place"
    return "no active mentor has a free place"
