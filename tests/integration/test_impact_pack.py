"""The impact pack: its figures for the demo data against independent SQL, the previous period
beside it, equality counts under 5 never shown, and the files it writes."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from sqlalchemy import select, text

from cohort_desk.db.models import EqualityRecord
from cohort_desk.rules import impact as I
from cohort_desk.rules.dates import local_to_utc
from cohort_desk.rules.selection import is_hidden
from cohort_desk.services.reports.pack import build_pack, set_workforce_shares

TODAY = date.today()
START, END = TODAY - timedelta(days=150), TODAY
ATTENDED = "('present', 'late', 'left_early')"  # every demo cohort counts late and left early


def _bounds(start: date, end: date) -> dict[str, object]:
    from datetime import time

    return {"b": local_to_utc(start, time(0)), "e": local_to_utc(end + timedelta(days=1), time(0))}


def _sql(db, query: str, **params: object) -> list[tuple]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(text(query), params)]


def _section(pack, title):
    return next(s for s in pack.sections if s.title == title)


def _glance(pack) -> dict[str, tuple]:
    return {row[0]: tuple(row[1:3]) for row in _section(pack, "At a glance").rows}


REACHED = f"""
    SELECT DISTINCT a.person_id FROM attendance a JOIN sessions s ON s.id = a.session_id
    WHERE s.starts_at >= :b AND s.starts_at < :e AND s.cancelled_at IS NULL
      AND a.status IN {ATTENDED}"""


def test_the_packs_figures_agree_with_independent_queries(demo_db):
    pack = build_pack(demo_db, START, END)
    glance = _glance(pack)
    for (start, end), column in (((START, END), 0), (pack.previous, 1)):
        b = _bounds(start, end)
        reached = {r[0] for r in _sql(demo_db, REACHED, **b)}
        before = {
            r[0]
            for r in _sql(
                demo_db,
                "SELECT a.person_id FROM attendance a JOIN sessions s ON s.id = a.session_id "
                f"WHERE s.starts_at < :b AND s.cancelled_at IS NULL AND a.status IN {ATTENDED}",
                b=b["b"],
            )
        }
        assert glance["People reached"][column] == len(reached)
        assert glance["Returning"][column] == len(reached & before)
        assert glance["New"][column] == len(reached - before)
        [(meetings,)] = _sql(
            demo_db, "SELECT count(*) FROM mentoring_meetings WHERE held_on BETWEEN :s AND :t",
            s=start, t=end,
        )  # fmt: skip
        assert glance["Mentoring meetings held"][column] == meetings
        [(members,)] = _sql(
            demo_db,
            "SELECT count(*) FROM community_memberships WHERE joined_on <= :t "
            "AND (left_on IS NULL OR left_on > :t)",
            t=end,
        )
        assert glance["Community of Practice members"][column] == members
        [(certificates,)] = _sql(
            demo_db,
            "SELECT count(*) FROM certificates WHERE issued_on BETWEEN :s AND :t "
            "AND revoked_at IS NULL",
            s=start, t=end,
        )  # fmt: skip
        assert glance["Certificates issued"][column] == certificates
    assert glance["People reached"][0] > 0 and glance["Mentoring meetings held"][0] > 0
    by_borough = {row[0]: row[1] for row in _section(pack, "Reach by borough").rows}
    expected = dict(
        _sql(
            demo_db,
            f"SELECT CASE WHEN p.borough = '' THEN 'Not recorded' ELSE p.borough END, count(*) "
            f"FROM people p WHERE p.id IN ({REACHED}) GROUP BY 1",
            **_bounds(START, END),
        )
    )
    assert {k: v for k, v in by_borough.items() if v} == expected


def test_attendance_per_cohort_is_attended_marks_over_participants_times_sessions(demo_db):
    pack = build_pack(demo_db, START, END)
    rows = _section(pack, "Attendance and completion by cohort").rows
    assert rows
    b = _bounds(START, END)
    for name, participants, held, attendance, *_others in rows:
        [(cohort_id,)] = _sql(demo_db, "SELECT id FROM cohorts WHERE name = :n", n=name)
        [(counted,)] = _sql(
            demo_db,
            "SELECT count(*) FROM enrolments WHERE cohort_id = :c AND role = 'participant' "
            "AND status IN ('enrolled', 'completed')",
            c=cohort_id,
        )
        sessions = """SELECT id FROM sessions WHERE cohort_id = :c AND starts_at >= :b
            AND starts_at < :e AND cancelled_at IS NULL"""
        [(n_held,)] = _sql(demo_db, f"SELECT count(*) FROM ({sessions}) x", c=cohort_id, **b)
        [(marks,)] = _sql(
            demo_db,
            f"SELECT count(*) FROM attendance a JOIN enrolments e ON e.person_id = a.person_id "
            f"AND e.cohort_id = :c AND e.role = 'participant' "
            f"AND e.status IN ('enrolled', 'completed') "
            f"WHERE a.session_id IN ({sessions}) AND a.status IN {ATTENDED}",
            c=cohort_id, **b,
        )  # fmt: skip
        assert (participants, held) == (counted, n_held)
        assert attendance == round(100 * marks / (counted * n_held), 1)


def test_the_finished_demo_cohort_is_completed_by_its_rule(demo_db):
    # Every session of the demo's first cohort is held; the others' are not. Its completion is
    # counted here straight from the marks: the required first session attended and at least
    # 75% of its 6 sessions (so 5), by enrolled participants.
    [(cohort_id, first, ends_on)] = _sql(
        demo_db,
        "SELECT c.id, min(s.starts_at), c.ends_on FROM cohorts c "
        "JOIN sessions s ON s.cohort_id = c.id WHERE c.name = 'SLA Cohort 1 (2025-26)' "
        "GROUP BY c.id",
    )
    done = {
        r[0]
        for r in _sql(
            demo_db,
            f"""SELECT e.person_id FROM enrolments e
            JOIN attendance a ON a.person_id = e.person_id AND a.status IN {ATTENDED}
            JOIN sessions s ON s.id = a.session_id AND s.cohort_id = e.cohort_id
            WHERE e.cohort_id = :c AND e.role = 'participant' AND e.status <> 'withdrawn'
            GROUP BY e.person_id
            HAVING count(*) >= 5 AND sum(CASE WHEN s.required THEN 1 ELSE 0 END) = 1""",
            c=cohort_id,
        )
    }
    completed = _sql(
        demo_db,
        "SELECT person_id FROM enrolments WHERE cohort_id = :c AND status = 'completed'",
        c=cohort_id,
    )
    assert {r[0] for r in completed} == done and len(done) > 20
    [(counted,)] = _sql(
        demo_db,
        "SELECT count(*) FROM enrolments WHERE cohort_id = :c AND role = 'participant' "
        "AND status IN ('enrolled', 'completed')",
        c=cohort_id,
    )
    assert _sql(demo_db, "SELECT count(*) FROM enrolments WHERE status = 'completed' "
                "AND cohort_id <> :c", c=cohort_id) == [(0,)]  # fmt: skip
    # Its sessions begin at 09:30 or 14:00 UK time, on the same day in UTC; the demo marks
    # completion on the cohort's last day, which the pack's period must reach.
    day, end = (date.fromisoformat(str(when)[:10]) for when in (first, ends_on))
    rows = _section(build_pack(demo_db, day, end), "Attendance and completion by cohort").rows
    shown = {row[0]: row[6] for row in rows}
    assert shown["SLA Cohort 1 (2025-26)"] == round(100 * len(done) / counted, 1) > 0


def test_leadership_days_now_and_the_eight_quarters_before(demo_db):
    rows = _section(build_pack(demo_db, START, END), "System leadership days a week").rows
    assert len(rows) == 9
    [(days,)] = _sql(
        demo_db,
        "SELECT coalesce(sum(days_per_week), 0) FROM leadership_roles WHERE "
        "(starts_on IS NULL OR starts_on <= :t) AND (ends_on IS NULL OR ends_on >= :t)",
        t=END,
    )
    assert rows[-1][1] == pytest.approx(days)


def test_no_equality_count_under_5_is_shown_nor_can_be_worked_out(demo_db):
    reached = sorted({r[0] for r in _sql(demo_db, REACHED, **_bounds(START, END))})
    assert len(reached) >= 12
    answers = ["White British"] * 7 + ["Black African"] * 3 + ["Indian"] * 2
    _give_ethnicity(demo_db, reached, answers)
    pack = build_pack(demo_db, START, END)
    equality = [s for s in pack.sections if s.title.startswith("Equality reach")]
    assert equality
    for section in equality:
        for row in section.rows:
            count, share = row[1], row[4]
            assert isinstance(count, int) and count >= 5 or is_hidden(str(count)), row
            if is_hidden(str(count)):
                assert share is None  # a share would give the count away
    ethnicity = {r[0]: r[1] for r in _section(pack, "Equality reach: ethnicity").rows}
    assert ethnicity["White British"] == 7
    assert ethnicity["Black African"] == ethnicity["Indian"] == "<5"


def _give_ethnicity(db, people: list[int], answers: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each person's equality record says the matching answer (a record made if missing)."""
    with db.write() as session:
        for pid, answer in zip(people, answers, strict=False):
            record = session.scalar(select(EqualityRecord).where(EqualityRecord.person_id == pid))
            if record is None:
                record = EqualityRecord(person_id=pid)
                session.add(record)
            record.ethnicity, record.objected = answer, False


def _open_values(shown: list[object], total: int) -> dict[int, set[int]]:
    """What a reader can make of each "<5" cell from the column's total less its printed
    counts: every value it can take, knowing each listed group has at least one person."""
    hidden = [i for i, v in enumerate(shown) if not isinstance(v, int)]
    left = total - sum(v for v in shown if isinstance(v, int))
    ranges = [range(1, 5) if shown[i] == "<5" else range(5, left + 1) for i in hidden]
    seen: dict[int, set[int]] = {i: set() for i in hidden if shown[i] == "<5"}
    for values in product(*ranges):
        if sum(values) == left:
            for i, v in zip(hidden, values, strict=True):
                if i in seen:
                    seen[i].add(v)
    return seen


def test_no_equality_count_under_5_can_be_recovered_from_the_number_reached(demo_db):
    # Three people each in a group of their own and everyone else "Not given": printing the
    # "Not given" count beside the number reached once told a reader each "<5" was exactly 1.
    reached = sorted({r[0] for r in _sql(demo_db, REACHED, **_bounds(START, END))})
    assert len(reached) >= 12
    with demo_db.write() as session:
        for record in session.scalars(select(EqualityRecord)):
            record.ethnicity = record.sex = record.disability = ""
    _give_ethnicity(demo_db, reached, ["Indian", "Irish", "Arab"])
    pack = build_pack(demo_db, START, END)
    total = _glance(pack)["People reached"][0]
    ethnicity = {r[0]: r[1] for r in _section(pack, "Equality reach: ethnicity").rows}
    assert ethnicity["Indian"] == ethnicity["Irish"] == ethnicity["Arab"] == "<5"
    assert ethnicity["Not given"] == "5+"  # hidden too, or the three would be worked out
    previous = _glance(pack)["People reached"][1]
    for section in (s for s in pack.sections if s.title.startswith("Equality reach")):
        for column, reached_then in ((1, total), (2, previous)):
            shown = [row[column] for row in section.rows]
            for values in _open_values(shown, reached_then).values():
                assert len(values) >= 2, (section.title, column, shown, reached_then)


def test_cohorts_and_equality_are_set_beside_the_previous_period(demo_db):
    pack = build_pack(demo_db, START, END)
    before = build_pack(demo_db, *pack.previous)  # the previous period's own pack
    cohorts = _section(pack, "Attendance and completion by cohort")
    assert cohorts.headers[3:] == ["Attendance %", "Previous period", "Change",
                                   "Completion %", "Previous period", "Change"]  # fmt: skip
    then = {row[0]: row for row in _section(before, "Attendance and completion by cohort").rows}
    compared = 0
    for row in cohorts.rows:
        old = then.get(row[0])
        for now, previous, change, column in ((3, 4, 5, 3), (6, 7, 8, 6)):
            assert row[previous] == (old[column] if old else None), row
            if old is None:
                assert row[change].value is None and str(row[change]) == "–"
            else:
                assert row[change].value == pytest.approx(row[now] - row[previous])
                assert str(row[change]).endswith(" points")
        compared += old is not None
    assert compared  # the demo's first cohort held sessions in both periods
    for title in ("Equality reach: ethnicity", "Equality reach: sex"):
        section = _section(pack, title)
        assert section.headers[1:4] == ["This period", "Previous period", "Change"]
        then = {row[0]: row[1] for row in _section(before, title).rows}
        for group, now, previous, change, *_shares in section.rows:
            # Each period is suppressed on its own, so the previous column is the previous
            # pack's (a group only that period had is "<5" or hidden here, never a number).
            if group in then:
                assert previous == then[group] or is_hidden(str(previous))
            both = isinstance(now, int) and isinstance(previous, int)
            assert change.value == (now - previous if both else None), (title, group)


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        (date(2026, 10, 1), date(2026, 12, 31), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 9, 1), date(2026, 11, 30), (date(2026, 6, 1), date(2026, 8, 31))),
        (date(2026, 1, 1), date(2026, 3, 31), (date(2025, 10, 1), date(2025, 12, 31))),
        (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 3, 10), date(2026, 3, 19), (date(2026, 2, 28), date(2026, 3, 9))),
    ],
)
def test_the_previous_period(start, end, previous):
    assert I.previous_period(start, end) == previous


@pytest.mark.parametrize(
    ("now", "before", "percent", "shown"),
    [(12, 9, False, "+3"), (9, 12, False, "-3"), (5, 5, False, "0"), (2.5, 1.0, False, "+1.5"),
     (80.0, 75.5, True, "+4.5 points"), (None, 3, False, "–")],
)  # fmt: skip
def test_the_change_as_printed(now, before, percent, shown):
    assert I.change_text(now, before, percent) == shown


def test_workforce_shares_are_read_or_refused_in_one_sentence():
    assert I.parse_shares("White British=55; Asian = 20%") == {"White British": 55, "Asian": 20}
    with pytest.raises(Exception, match="is not a workforce share"):
        I.parse_shares("White British 55")


def test_report_writes_a_pdf_with_definitions_last_and_an_xlsx_with_real_numbers(
    cli, db_url, tmp_path
):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    assert cli("demo").code == 0
    from cohort_desk.db.opening import open_database

    database = open_database(db_url)
    set_workforce_shares(database, "Female=77; Male=23")
    database.dispose()
    period = ("--from", START.strftime("%d/%m/%Y"), "--to", END.strftime("%d/%m/%Y"))
    pdf, xlsx = tmp_path / "pack.pdf", tmp_path / "pack.xlsx"
    done = cli("report", *period, "-o", str(pdf))
    assert done.code == 0, done.err
    pages = PdfReader(pdf).pages
    assert "Definitions" in pages[-1].extract_text()
    assert "Impact pack" in pages[0].extract_text()
    again = cli("report", *period, "-o", str(pdf))
    assert again.code != 0 and "--overwrite" in again.err
    assert cli("report", *period, "-o", str(pdf), "--overwrite").code == 0
    assert cli("report", *period, "-o", str(xlsx)).code == 0
    book = load_workbook(xlsx)
    assert "At a glance" in book.sheetnames and book.sheetnames[-1] == "Definitions"
    glance = book["At a glance"]
    values = [row for row in glance.iter_rows(values_only=True) if row[0] == "People reached"]
    assert isinstance(values[0][1], int)
    shares = {row[0]: row[5] for row in book["Equality by sex"].iter_rows(values_only=True)}
    assert shares.get("Female") == 77


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--from", "01/12/2026", "--to", "01/11/2026", "-o", "x.pdf"), "ends before it begins"),
        (("--from", "01/11/2026", "--to", "30/11/2026", "-o", "x.docx"), ".pdf or .xlsx"),
        (("--from", "31/02/2026", "--to", "30/11/2026", "-o", "x.pdf"), ""),
    ],
)
def test_report_refuses_in_one_sentence(cli, tmp_path, args, says):
    args = tuple(str(tmp_path / a) if a.startswith("x.") else a for a in args)
    result = cli("report", *args)
    assert result.code != 0
    assert says in result.err and "Traceback" not in result.err
    assert not list(tmp_path.glob("x.*"))


def test_no_column_heading_is_broken_inside_a_word(demo_db):
    """Narrow number columns once printed "Participa" over "nts" (seen on the demo's pack)."""
    from io import BytesIO

    from pypdf import PdfReader

    from cohort_desk.documents.impact_pack import render_impact_pack

    pdf = render_impact_pack(build_pack(demo_db, START, END))
    words = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split()
    for heading in ("Participants", "Attendance", "Completion", "Workforce"):
        assert heading in words, heading
    assert not {"Participa", "Attendan", "Completi", "Workforc"} & set(words)


def test_the_demos_pack_shows_equality_reach_beside_workforce_shares(demo_db):
    """The demo once left most people "Not given", with no shares to compare against, so its
    equality tables were nearly all "<5" and "5+" and showed nothing of what they are for."""
    pack = build_pack(demo_db, START, END)
    reached = _glance(pack)["People reached"][0]
    for title in ("Equality reach: ethnicity", "Equality reach: sex",
                  "Equality reach: disability"):  # fmt: skip
        rows = {row[0]: row for row in _section(pack, title).rows}
        not_given = rows.get("Not given", [None, 0])[1]
        assert not isinstance(not_given, int) or not_given < reached / 4, (title, not_given)
        shown = [row[1] for row in rows.values() if isinstance(row[1], int)]
        assert sum(shown) > reached / 2, title  # most of those reached are in shown counts
        assert any(row[-1] is not None for row in rows.values()), title  # a workforce share
    ethnicity = [row[0] for row in _section(pack, "Equality reach: ethnicity").rows]
    # By the five ONS groups: 19 categories over a few dozen people would be nearly all "<5".
    assert "White" in ethnicity and not any(": " in group for group in ethnicity)
