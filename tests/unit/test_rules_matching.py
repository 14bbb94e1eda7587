"""Tables, brute-force comparisons and properties for cohort_desk.rules.matching."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohort_desk.rules.matching import (
    Mentee,
    Mentor,
    Weights,
    hard_rule_violation,
    normalise,
    score,
    suggest,
)

TODAY = date(2026, 3, 1)
W = Weights()


def mentor(
    key: str = "m1",
    organisation: str = "Barts Health",
    professions: set[str] | None = None,
    boroughs: set[str] | None = None,
    expertise: set[str] | None = None,
    capacity: int = 2,
    current: int = 0,
    active: bool = True,
    paused_until: date | None = None,
) -> Mentor:
    return Mentor(
        key,
        organisation,
        frozenset(professions or set()),
        frozenset(boroughs or set()),
        frozenset(expertise or set()),
        capacity,
        current,
        active,
        paused_until,
    )


def mentee(
    key: str = "e1",
    organisation: str = "Homerton Healthcare",
    profession: str = "Nursing",
    borough: str = "Hackney",
    interests: set[str] | None = None,
) -> Mentee:
    return Mentee(key, organisation, profession, borough, frozenset(interests or set()))


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("St. Mary's  NHS Trust", "st marys nhs trust"),
        ("Barts & The London", "barts and the london"),
        ("  HACKNEY ", "hackney"),
        ("Tower-Hamlets", "tower hamlets"),
        ("", ""),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert normalise(text) == normal


@pytest.mark.parametrize(
    ("the_mentee", "the_mentor", "violation"),
    [
        (mentee(), mentor(), None),
        (mentee(organisation="barts  health."), mentor(), "mentor works in the same organisation"),
        (mentee(organisation=""), mentor(), None),
        (mentee(), mentor(organisation=""), None),
        (mentee(), mentor(active=False), "mentor is not active"),
        (mentee(), mentor(paused_until=date(2026, 3, 2)), "mentor is paused until 02/03/2026"),
        (mentee(), mentor(paused_until=TODAY), None),  # back from today
        (mentee(), mentor(paused_until=date(2026, 2, 1)), None),
        (mentee(), mentor(capacity=2, current=2), "mentor has no free places"),
        (mentee(), mentor(capacity=2, current=3), "mentor has no free places"),
        (mentee(), mentor(capacity=0), "mentor has no free places"),
        (mentee(key="p7"), mentor(key="p7", organisation="Elsewhere"), "cannot mentor themselves"),
    ],
)
def test_hard_rule_violation(the_mentee: Mentee, the_mentor: Mentor, violation: str | None) -> None:
    assert hard_rule_violation(the_mentee, the_mentor, TODAY) == violation


@pytest.mark.parametrize(
    ("the_mentor", "weights", "expected"),
    [
        (mentor(), W, (0.0, ["different organisation"])),
        (
            mentor(professions={"nursing", "Midwifery"}, boroughs={"Hackney"}),
            W,
            (3.0, ["different organisation", "same profession", "same borough"]),
        ),
        (
            mentor(expertise={"Population Health", "Finance", "Quality improvement"}),
            W,
            (
                4.5,
                [
                    "different organisation",
                    "expertise: Finance",
                    "expertise: Population Health",
                    "expertise: Quality improvement",
                ],
            ),
        ),
        # shared interests past max_expertise are listed but do not score
        (
            mentor(expertise={"population health", "finance", "quality improvement", "digital"}),
            Weights(max_expertise=2),
            (
                3.0,
                [
                    "different organisation",
                    "expertise: digital",
                    "expertise: finance",
                    "expertise: population health",
                    "expertise: quality improvement",
                ],
            ),
        ),
        (
            mentor(organisation="", professions={"Nursing"}),
            Weights(profession=5.0),
            (5.0, ["organisation not recorded", "same profession"]),
        ),
    ],
)
def test_score(the_mentor: Mentor, weights: Weights, expected: tuple[float, list[str]]) -> None:
    the_mentee = mentee(
        interests={"Population health", "quality  improvement", "finance", "digital"}
    )
    assert score(the_mentee, the_mentor, weights) == expected


def test_blank_fields_never_match() -> None:
    blank = mentee(profession="", borough="")
    assert score(blank, mentor(professions={""}, boroughs={""}), W) == (
        0.0,
        ["different organisation"],
    )


def test_weights_reject_negative() -> None:
    with pytest.raises(ValueError):
        Weights(borough=-1.0)


def test_suggest_prefers_the_whole_over_greedy() -> None:
    # Greedy would take the best single pair, Ann with the nurse (3), leaving Bob 0 with
    # "other": 3 in all. Ann with "other" (2.5) and Bob with the nurse (2) is 4.5.
    ann = mentee("ann", profession="Nursing", borough="Hackney", interests={"Digital"})
    bob = mentee("bob", profession="Nursing", borough="Camden")
    nurse = mentor("nurse", professions={"Nursing"}, boroughs={"Hackney"}, capacity=1)
    local = mentor("local", organisation="Homerton Healthcare", boroughs={"Hackney"})
    other = mentor(
        "other", organisation="UCLH", boroughs={"Hackney"}, expertise={"digital"}, capacity=1
    )
    result = suggest([bob, ann], [local, other, nurse], W, TODAY)
    pairs = {s.mentee: s.mentor for s in result.suggestions}
    assert pairs == {"ann": "other", "bob": "nurse"}
    assert result.total_score == 4.5
    assert result.unmatched == []
    ann_suggestion = result.suggestions[0]
    assert ann_suggestion.reasons == [
        "different organisation",
        "same borough",
        "expertise: digital",
    ]
    assert ann_suggestion.alternatives == ["nurse"]  # "local" breaks a hard rule


def test_suggest_maximises_count_before_score() -> None:
    # One perfect pair would leave the other mentee out; two weaker pairs win.
    a = mentee("a", profession="Nursing")
    b = mentee("b", profession="Finance")
    star = mentor("star", professions={"Nursing", "Finance"}, capacity=1)
    plain = mentor("plain", organisation="UCLH", capacity=1)
    result = suggest([a, b], [star, plain], W, TODAY)
    assert len(result.suggestions) == 2
    assert result.total_score == 2.0


@pytest.mark.parametrize(
    ("mentors", "reason"),
    [
        ([], "there are no mentors"),
        ([mentor(active=False)], "no active mentor has a free place"),
        (
            [mentor(organisation="Homerton Healthcare"), mentor("m2", current=2)],
            "no active mentor outside their organisation has a free place",
        ),
        ([mentor(capacity=1)], "every suitable mentor's free places went to other mentees"),
    ],
)
def test_unmatched_reasons(mentors: list[Mentor], reason: str) -> None:
    first = mentee("a", profession="Nursing")
    second = mentee("b", profession="Nursing")
    result = suggest([first, second], mentors, Weights(profession=0.0), TODAY)
    assert result.unmatched[-1].reason == reason


def test_unmatched_lists_full_mentors_as_alternatives() -> None:
    result = suggest([mentee("a"), mentee("b")], [mentor(capacity=1)], W, TODAY)
    assert [u.mentee for u in result.unmatched] == ["b"]
    assert result.unmatched[0].alternatives == ["m1"]


def test_suggest_rejects_duplicate_keys() -> None:
    with pytest.raises(ValueError):
        suggest([mentee("a"), mentee("a")], [mentor()], W, TODAY)
    with pytest.raises(ValueError):
        suggest([mentee("a")], [mentor(), mentor()], W, TODAY)


# -- properties -----------------------------------------------------------------------------

ORGS = ["Barts Health", "barts health.", "UCLH", "Homerton", ""]
WORDS = ["nursing", "finance", "hackney", "camden", "digital"]
words = st.frozensets(st.sampled_from(WORDS), max_size=3)
mentees_st = st.builds(
    Mentee,
    key=st.just(""),
    organisation=st.sampled_from(ORGS),
    profession=st.sampled_from(WORDS),
    borough=st.sampled_from(WORDS),
    interests=words,
)
mentors_st = st.builds(
    Mentor,
    key=st.just(""),
    organisation=st.sampled_from(ORGS),
    professions=words,
    boroughs=words,
    expertise=words,
    capacity=st.integers(0, 3),
    current_mentees=st.integers(0, 2),
    active=st.booleans(),
    paused_until=st.sampled_from([None, date(2026, 2, 1), TODAY, date(2026, 4, 1)]),
)
weights_st = st.builds(
    Weights,
    profession=st.sampled_from([0.0, 1.0, 2.0, 2.5]),
    borough=st.sampled_from([0.0, 1.0, 0.3]),
    expertise=st.sampled_from([0.0, 1.5, 0.7]),
    max_expertise=st.integers(0, 3),
)


def keyed(people: list[Mentee], prefix: str) -> list[Mentee]:
    return [
        Mentee(f"{prefix}{i}", p.organisation, p.profession, p.borough, p.interests)
        for i, p in enumerate(people)
    ]


def keyed_mentors(people: list[Mentor]) -> list[Mentor]:
    return [
        Mentor(
            f"m{i}",
            p.organisation,
            p.professions,
            p.boroughs,
            p.expertise,
            p.capacity,
            p.current_mentees,
            p.active,
            p.paused_until,
        )
        for i, p in enumerate(people)
    ]


def units(points: float) -> int:
    return round(points * 1_000_000)


def check_invariants(mentees: list[Mentee], mentors: list[Mentor], weights: Weights) -> None:
    result = suggest(mentees, mentors, weights, TODAY)
    by_key = {m.key: m for m in mentors}
    people = {m.key: m for m in mentees}
    seen = [s.mentee for s in result.suggestions] + [u.mentee for u in result.unmatched]
    assert sorted(seen) == sorted(people)  # everyone exactly once
    load = Counter(s.mentor for s in result.suggestions)
    for key, count in load.items():
        assert count <= by_key[key].free_places
    for s in result.suggestions:
        assert hard_rule_violation(people[s.mentee], by_key[s.mentor], TODAY) is None
        assert (s.score, s.reasons) == score(people[s.mentee], by_key[s.mentor], weights)
        assert s.mentor not in s.alternatives
        for alt in s.alternatives:
            assert hard_rule_violation(people[s.mentee], by_key[alt], TODAY) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(mentees_st, min_size=0, max_size=5),
    st.lists(mentors_st, min_size=0, max_size=3),
    weights_st,
)
def test_suggest_is_optimal_on_tiny_instances(
    raw_mentees: list[Mentee], raw_mentors: list[Mentor], weights: Weights
) -> None:
    mentees, mentors = keyed(raw_mentees, "e"), keyed_mentors(raw_mentors)
    check_invariants(mentees, mentors, weights)
    options = [
        [None, *(m for m in mentors if hard_rule_violation(e, m, TODAY) is None)] for e in mentees
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        load = Counter(m.key for m in choice if m is not None)
        if any(load[m.key] > m.free_places for m in mentors):
            continue
        total = sum(
            units(score(e, m, weights)[0])
            for e, m in zip(mentees, choice, strict=True)
            if m is not None
        )
        best = max(best, (len(load and list(load.elements())), total))
    result = suggest(mentees, mentors, weights, TODAY)
    got = (len(result.suggestions), sum(units(s.score) for s in result.suggestions))
    assert got == best


@settings(max_examples=40, deadline=None)
@given(
    st.lists(mentees_st, min_size=5, max_size=40),
    st.lists(mentors_st, min_size=1, max_size=12),
    weights_st,
    st.randoms(use_true_random=False),
)
def test_suggest_invariants_and_order_independence(
    raw_mentees: list[Mentee], raw_mentors: list[Mentor], weights: Weights, rnd: random.Random
) -> None:
    mentees, mentors = keyed(raw_mentees, "e"), keyed_mentors(raw_mentors)
    check_invariants(mentees, mentors, weights)
    first = suggest(mentees, mentors, weights, TODAY)
    rnd.shuffle(mentees)
    rnd.shuffle(mentors)
    assert suggest(mentees, mentors, weights, TODAY) == first


def test_300_mentees_50_mentors_is_fast() -> None:
    rng = random.Random(2026)
    orgs = [f"Trust {i}" for i in range(12)]
    professions = ["Nursing", "Medicine", "Social work", "Finance", "HR", "Pharmacy"]
    boroughs = [f"Borough {i}" for i in range(8)]
    topics = [f"topic {i}" for i in range(15)]
    mentees = [
        Mentee(
            f"e{i:03d}",
            rng.choice(orgs),
            rng.choice(professions),
            rng.choice(boroughs),
            frozenset(rng.sample(topics, 3)),
        )
        for i in range(300)
    ]
    mentors = [
        Mentor(
            f"m{i:02d}",
            rng.choice(orgs),
            frozenset(rng.sample(professions, 2)),
            frozenset(rng.sample(boroughs, 2)),
            frozenset(rng.sample(topics, 4)),
            3,
        )
        for i in range(50)
    ]
    result = suggest(mentees, mentors, W, TODAY)
    assert len(result.suggestions) == 150 and len(result.unmatched) == 150
