"""Is it fair? A cohort's applications, shortlisted, offered and accepted by profession,
organisation type, borough and each equality monitoring question, small counts suppressed,
with offer rates compared by the four-fifths rule of thumb.

Equality answers are read as they are for the equality report: joined to the applications in
one query that returns answers and stage flags with no names or ids, and counted at once.
Nothing here keeps a count under 5 in what it hands on: the report holds only printed text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import (
    Application,
    Cohort,
    EqualityRecord,
    Organisation,
    Person,
    Programme,
)
from cohort_desk.errors import NotFoundError
from cohort_desk.rules.privacy import EQUALITY_ANSWERS, PREFER_NOT_TO_SAY, ethnic_group
from cohort_desk.rules.selection import (
    four_fifths,
    is_hidden,
    percent,
    suppress_column,
    suppress_table,
)
from cohort_desk.services.privacy.equality import QUESTIONS, monitoring_enabled

STAGES = ("Applied", "Shortlisted", "Offered", "Accepted")
NOT_RECORDED = "Not recorded"
NOT_GIVEN = "Not given"
NOT_COMPARED = (NOT_RECORDED, NOT_GIVEN, PREFER_NOT_TO_SAY)
ORGANISATION_KINDS = {
    "trust": "NHS trust",
    "council": "Council",
    "primary care": "Primary care",
    "ICB": "Integrated care board",
    "voluntary": "Voluntary sector",
    "other": "Other",
}
Stages = tuple[bool, bool, bool, bool]


@dataclass(frozen=True)
class GroupLine:
    group: str
    shown: list[str]  # one per stage: a count, "<5", "5+" or "[c]"
    rate: str  # the offer rate, or "" where it would let a hidden count be worked out
    ratio: str  # the rate over the highest group's, likewise
    flagged: bool  # under four fifths of the highest rate
    compared: bool  # False: fewer than 5 applied, or not a group (not given...)


@dataclass(frozen=True)
class ReportTable:
    characteristic: str
    lines: list[GroupLine]
    equality: bool = False

    @property
    def flagged(self) -> list[str]:
        return [line.group for line in self.lines if line.flagged]


@dataclass(frozen=True)
class SelectionReport:
    cohort: str
    programme: str
    places: int | None
    totals: list[str]  # per stage, suppressed
    tables: list[ReportTable]
    equality_note: str
    printed_at: datetime = field(default_factory=datetime.now)

    @property
    def flags(self) -> list[tuple[str, str]]:
        return [(t.characteristic, g) for t in self.tables for g in t.flagged]


def _stages(app: Application) -> Stages:
    return (
        True,
        app.shortlisted_at is not None,
        app.offered_at is not None,
        app.accepted_at is not None,
    )


def build_table(
    characteristic: str,
    people: Iterable[tuple[str, Stages]],
    groups: list[str] | None = None,
    equality: bool = False,
) -> ReportTable:
    """One characteristic's table from (group, stages reached) per applicant: the counts are
    suppressed column by column, and the rates and ratios printed only where every count
    they are made of is printed too, so no hidden count can be worked back from them."""
    counts: dict[str, list[int]] = {}
    for group, reached in people:
        row = counts.setdefault(group, [0, 0, 0, 0])
        for stage, yes in enumerate(reached):
            row[stage] += int(yes)
    # Equality tables list every answer, so a missing line never says "nobody"; the others
    # list the groups that applied, in the given order where there is one.
    order = [g for g in groups or [] if equality or g in counts]
    order += sorted(g for g in counts if g not in order and g not in NOT_COMPARED)
    order += [g for g in NOT_COMPARED if g in counts and g not in order]
    matrix = [counts.get(g, [0, 0, 0, 0]) for g in order]
    columns = suppress_table([[row[s] for row in matrix] for s in range(len(STAGES))])
    shown = [[columns[s][i] for s in range(len(STAGES))] for i in range(len(order))]
    rates = four_fifths(
        [(g, row[0], row[2]) for g, row in zip(order, matrix, strict=True)], NOT_COMPARED
    )
    exact = [not is_hidden(s[0]) and not is_hidden(s[2]) for s in shown]
    highest = [i for i, r in enumerate(rates) if r.ratio == 1]
    ratios_safe = bool(highest) and all(exact[i] for i in highest)
    lines = []
    for i, (group, rate) in enumerate(zip(order, rates, strict=True)):
        show_rate = exact[i] and rate.compared
        lines.append(
            GroupLine(
                group,
                shown[i],
                percent(rate.rate) if show_rate else "",
                f"{float(rate.ratio):.2f}"
                if show_rate and ratios_safe and rate.ratio is not None
                else "",
                rate.flagged,
                rate.compared,
            )
        )
    return ReportTable(characteristic, lines, equality)


def _cohort(session: Session, cohort_id: int) -> tuple[Cohort, str]:
    found = session.execute(
        select(Cohort, Programme.name)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(Cohort.id == cohort_id)
    ).first()
    if found is None:
        raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
    return found[0], found[1]


def selection_report(db: Database, cohort_id: int) -> SelectionReport:
    equality_on = monitoring_enabled(db)
    with db.read() as session:
        cohort, programme = _cohort(session, cohort_id)
        details = session.execute(
            select(Application, Person.profession, Person.borough, Organisation.kind)
            .join(Person, Person.id == Application.person_id)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Application.cohort_id == cohort_id)
        ).all()
        applicants = [
            (_stages(app), profession, borough, kind) for app, profession, borough, kind in details
        ]
        equality = _equality_answers(session, cohort_id) if equality_on else []
        name, places = cohort.name, cohort.places
    totals = [sum(1 for a in applicants if a[0][s]) for s in range(len(STAGES))]

    def table(
        title: str, value: Callable[[tuple[Any, ...]], str], groups: list[str] | None = None
    ) -> ReportTable:
        return build_table(title, ((value(a) or NOT_RECORDED, a[0]) for a in applicants), groups)

    tables = [
        table("Profession", lambda a: a[1]),
        table(
            "Organisation type",
            lambda a: ORGANISATION_KINDS.get(a[3], a[3] or ""),
            list(ORGANISATION_KINDS.values()),
        ),
        table("Borough", lambda a: a[2]),
    ]
    note = ""
    if equality_on:
        tables += _equality_tables(equality)
        note = (
            "Equality monitoring counts only those who gave an answer; everyone else is under "
            f"'{NOT_GIVEN}'."
        )
    else:
        note = "Equality monitoring is switched off, so this report has no equality tables."
    return SelectionReport(
        name, programme, places, [suppress_column([t])[0] for t in totals], tables, note
    )


def _equality_answers(session: Session, cohort_id: int) -> list[tuple[Stages, dict[str, str]]]:
    """Each applicant's stages and answers, with nothing that says who they are; those with no
    record, or who objected to monitoring, with no answers."""
    query = (
        select(
            Application.shortlisted_at.is_not(None),
            Application.offered_at.is_not(None),
            Application.accepted_at.is_not(None),
            *(getattr(EqualityRecord, q) for q in QUESTIONS),
        )
        .outerjoin(
            EqualityRecord,
            and_(
                EqualityRecord.person_id == Application.person_id,
                EqualityRecord.objected.is_(False),
            ),
        )
        .where(Application.cohort_id == cohort_id)
    )
    found = []
    for shortlisted, offered, accepted, *answers in session.execute(query):
        found.append(
            (
                (True, bool(shortlisted), bool(offered), bool(accepted)),
                dict(zip(QUESTIONS, answers, strict=True)),
            )
        )
    return found


def _bucket(question: str, answer: str) -> str:
    if not answer:
        return NOT_GIVEN
    if question == "ethnicity":
        try:
            return ethnic_group(answer)
        except ValueError:
            return NOT_GIVEN
    return answer


def _categories(question: str) -> list[str]:
    if question == "ethnicity":
        values = [ethnic_group(e) for e in EQUALITY_ANSWERS["ethnicity"]]
    else:
        values = list(EQUALITY_ANSWERS[question])
    return [v for v in dict.fromkeys(values) if v != PREFER_NOT_TO_SAY] + [PREFER_NOT_TO_SAY]


def _equality_tables(answers: list[tuple[Stages, dict[str, str]]]) -> list[ReportTable]:
    return [
        build_table(
            label,
            ((_bucket(question, given[question] or ""), stages) for stages, given in answers),
            _categories(question),
            equality=True,
        )
        for question, label in QUESTIONS.items()
    ]
