"""Selection rules, as plain functions: the order places are offered in, the four-fifths rule of
thumb for adverse impact, and small-count suppression that a reader cannot undo from totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from cohort_desk.rules.privacy import suppress_small
from cohort_desk.rules.wording import agree, plural
from cohort_desk.vocabulary import ApplicationStatus

SMALL = 5  # counts under this are never printed
PRIMARY = f"<{SMALL}"  # a count under 5
SECONDARY = f"{SMALL}+"  # a count of 5 or more hidden so a "<5" cell cannot be worked out
WITHHELD = "[c]"  # a whole column withheld: the rare case where even the above would tell


# Status changes ---------------------------------------------------------------------------

_WORDS: dict[str, str] = {
    ApplicationStatus.NOT_SELECTED: "not selected",
    ApplicationStatus.WAITING: "on the waiting list",
}


def transition_refusal(who: str, current: str, new: str) -> str | None:
    """Why an application cannot go from ``current`` to ``new`` by hand, in one sentence
    naming ``who``; None when it can. Accepting and declining answer an offer; an accepted
    place is given up by withdrawing, which also takes them out of the cohort."""
    now = _WORDS.get(current, current)
    if new == current:
        return f"{who}'s application is already {now}; nothing was changed."
    if (
        new in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED)
        and current != ApplicationStatus.OFFERED
    ):
        return (
            f"Only an offer can be {new}, and {who}'s application is {now}; offer them a "
            "place first."
        )
    if current == ApplicationStatus.ACCEPTED and new != ApplicationStatus.WITHDRAWN:
        return (
            f"{who} has accepted and is enrolled in the cohort; to give up the place, set "
            "the status to withdrawn."
        )
    if current == ApplicationStatus.WITHDRAWN and new not in (
        ApplicationStatus.APPLIED,
        ApplicationStatus.SHORTLISTED,
    ):
        return (
            f"{who} withdrew their application; set it back to applied or shortlisted first "
            "if they have asked to be considered again."
        )
    return None


# Offer order ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Someone who could be offered a place: on the waiting list, or shortlisted and scored."""

    key: int
    label: str  # how reasons name them: their name, or a reference under blind review
    status: str  # "waiting" or "shortlisted"
    applied_at: datetime
    waiting_position: int | None = None
    total: Fraction | None = None  # the sum over criteria of the panel's mean scores


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    reason: str


@dataclass(frozen=True)
class OfferOrder:
    picks: list[Pick]  # everyone who could be offered a place, first first
    ties: list[str]  # one sentence per tie that decided who comes first


def score_text(total: Fraction | None) -> str:
    """A total as people read it: 14, 13.5, 12.67."""
    if total is None:
        return "not scored"
    value = round(float(total), 2)
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def _when(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y at %H:%M")


def offer_order(candidates: Sequence[Candidate], offering: int | None = None) -> OfferOrder:
    """The waiting list in its order first, then the shortlisted by total score, highest first.

    Equal totals are kept in the order the applications arrived (earlier first, then the lower
    reference), so the order never depends on how the database happened to return rows; each
    tie that matters is explained. With ``offering`` (the number of places about to be
    offered), ties wholly outside the offers are not mentioned.
    """
    waiting = sorted(
        (c for c in candidates if c.status == ApplicationStatus.WAITING),
        key=lambda c: (c.waiting_position or 0, c.applied_at, c.key),
    )
    shortlisted = sorted(
        (c for c in candidates if c.status == ApplicationStatus.SHORTLISTED),
        key=lambda c: (-(c.total or Fraction(0)), c.applied_at, c.key),
    )
    picks = [Pick(c, f"number {c.waiting_position} on the waiting list") for c in waiting]
    picks += [Pick(c, f"shortlisted, total score {score_text(c.total)}") for c in shortlisted]
    cut = len(picks) if offering is None else offering
    ties: list[str] = []
    start = len(waiting)
    index = start
    while index < len(picks):
        total = picks[index].candidate.total
        end = index
        while end + 1 < len(picks) and picks[end + 1].candidate.total == total:
            end += 1
        if end > index and index < cut:
            ties.append(_tie_sentence([p.candidate for p in picks[index : end + 1]], cut - index))
        index = end + 1
    return OfferOrder(picks, ties)


def _tie_sentence(group: list[Candidate], places_in_group: int) -> str:
    names = [c.label for c in group]
    both = "both total" if len(group) == 2 else "all total"
    listed = " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + f" and {names[-1]}"
    first = group[0]
    sentence = (
        f"{listed} {both} {score_text(first.total)}, so they are in the order their "
        f"applications arrived: {first.label} applied first, on {_when(first.applied_at)}"
    )
    if 0 < places_in_group < len(group):
        offered = group[:places_in_group]
        sentence += (
            f"; only {places_in_group} of them can be offered a place now, so "
            f"{' and '.join(c.label for c in offered)} {'is' if len(offered) == 1 else 'are'} "
            "offered first"
        )
    return sentence + "."


def places_refusal(requested: int, free: int, places: int, cohort: str) -> str | None:
    """The one sentence refusing to offer more places than are free, or None when it fits."""
    if requested <= free:
        return None
    taken = places - free
    if free == 0:
        every = "The only place" if places == 1 else f"All {plural(places, 'place')}"
        return (
            f"{every} in {cohort} {agree(places, 'is')} taken ({taken} offered or enrolled), "
            "so no offer was made; a place frees when an offer is declined or someone withdraws."
        )
    return (
        f"{cohort} has only {free} free {agree(free, 'place')} ({places} in all, "
        f"{taken} offered or enrolled), so {requested} offers were refused; offer at most {free}."
    )


# The four-fifths rule ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRate:
    group: str
    applied: int
    offered: int
    compared: bool  # False: too few applied, or not a group to compare (not given, ...)
    ratio: Fraction | None  # this group's offer rate over the highest group's
    flagged: bool  # under four fifths of the highest rate

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.offered, self.applied) if self.applied else None


FOUR_FIFTHS = Fraction(4, 5)


def four_fifths(
    groups: Sequence[tuple[str, int, int]],
    not_compared: Sequence[str] = (),
    minimum: int = SMALL,
) -> list[GroupRate]:
    """Offer rates compared with the highest: flagged where a group's rate is under four fifths
    of it (the usual adverse-impact rule of thumb).

    ``groups`` are (group, applied, offered). Groups with fewer than ``minimum`` applications
    are not compared (their rate says little and could identify people), nor are the groups
    in ``not_compared`` ("Not given", "Prefer not to say"). Exact fractions, so a rate of
    exactly four fifths is not flagged.
    """
    for group, applied, offered in groups:
        if applied < 0 or offered < 0 or offered > applied:
            raise ValueError(f"impossible counts for {group}: {offered} offered of {applied}")
    compared = {g for g, applied, _ in groups if applied >= minimum and g not in not_compared}
    rates = [Fraction(o, a) for g, a, o in groups if g in compared]
    highest = max(rates, default=Fraction(0))
    result = []
    for group, applied, offered in groups:
        if group not in compared or highest == 0:
            result.append(GroupRate(group, applied, offered, group in compared, None, False))
            continue
        ratio = Fraction(offered, applied) / highest
        result.append(GroupRate(group, applied, offered, True, ratio, ratio < FOUR_FIFTHS))
    return result


# Small-count suppression ------------------------------------------------------------------


def _determined(
    counts: Sequence[int], primary: set[int], secondary: set[int], min_hidden: int = 1
) -> bool:
    """Whether a reader who knows the column's total could work out a "<5" cell exactly.

    Hidden cells show only a range: "<5" is ``min_hidden`` to 4, "5+" is 5 or more. A table
    lists only the groups somebody is in, so a reader may take every "<5" to be at least 1:
    "Not given 60" of 63 beside three "<5" makes each exactly 1. With the sum S of the hidden
    cells known, a "<5" is pinned when the values the others allow leave it one value (or
    none, which tells the reader a cell broke the assumed range). The check with a lower bound
    of 1 also catches every cell that a bound of 0 pins, so it is safe where zeros are listed.
    """
    if not primary:
        return False
    hidden = sum(counts[i] for i in primary | secondary)
    others = len(primary) - 1
    # The other "<5" cells take min_hidden..4 each; every "5+" at least 5 and at most the rest.
    most = min(SMALL - 1, hidden - min_hidden * others - SMALL * len(secondary))
    least = max(min_hidden, hidden - (SMALL - 1) * others) if not secondary else min_hidden
    return most <= least


def suppress_column(counts: Sequence[int], min_hidden: int = 1) -> list[str]:
    """A column of counts that adds up to a total the reader also sees, as printed: each count
    under 5 as "<5", and as few others as "5+" as it takes (smallest first) that no "<5" can be
    worked back from the total, taking each "<5" to be at least ``min_hidden``. If even hiding
    every cell would not do, the column is withheld as "[c]" throughout. When the total itself
    is under 5 it is printed "<5", so nothing can be subtracted from it and the "<5" cells need
    no company."""
    shown = [suppress_small(c, SMALL) for c in counts]
    if sum(counts) < SMALL:
        return shown
    primary = {i for i, c in enumerate(counts) if c < SMALL}
    secondary: set[int] = set()
    while _determined(counts, primary, secondary, min_hidden):
        others = [i for i in range(len(counts)) if i not in primary | secondary]
        if not others:
            return [WITHHELD] * len(counts)
        secondary.add(min(others, key=lambda i: (counts[i], i)))
    for index in secondary:
        shown[index] = SECONDARY
    return shown


def suppress_table(columns: Sequence[Sequence[int]]) -> list[list[str]]:
    """Each column (a stage: applied, shortlisted, ...) suppressed on its own; every column must
    cover everyone (a "Not given" row included), so it adds up to the stage's printed total."""
    return [suppress_column(column) for column in columns]


def is_hidden(text: str) -> bool:
    return text in (PRIMARY, SECONDARY, WITHHELD)


def percent(value: Fraction | None) -> str:
    return "" if value is None else f"{round(float(value) * 100)}%"
