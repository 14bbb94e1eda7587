"""The demo's feedback: there, the same for the same seed and day, counted by the evaluation
summaries and the impact pack as independent queries count it, and never showing a name in
a comment whose writer did not agree to be quoted."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from sqlalchemy import text

from cohort_desk.rules.dates import local_to_utc
from cohort_desk.services.evaluation.summary import cohort_evaluation, session_evaluation
from cohort_desk.services.reports.pack import build_pack

ATTENDED = "('present', 'late', 'left_early')"  # every demo cohort counts late and left early


def _sql(db, query: str, **params: object) -> list[tuple]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(text(query), params)]


def test_the_demo_holds_feedback_for_a_few_sessions_and_one_whole_cohort(demo_db):
    rows = _sql(
        demo_db,
        "SELECT session_id, count(*) FROM feedback_responses GROUP BY session_id",
    )
    per_session = {sid: n for sid, n in rows if sid is not None}
    assert 3 <= len(per_session) <= 8
    assert any(sid is None for sid, _n in rows)  # the first cohort's programme evaluation
    for session_id, responses in per_session.items():
        summary = session_evaluation(demo_db, session_id)
        [(attendees,)] = _sql(
            demo_db,
            f"SELECT count(*) FROM attendance WHERE session_id = :s AND status IN {ATTENDED}",
            s=session_id,
        )
        assert (summary.responses, summary.attendees) == (responses, attendees)
        assert summary.response_rate == round(responses / attendees, 4)
        assert 0.4 < summary.response_rate < 0.9
        overall = next(q for q in summary.questions if q.question.startswith("Overall"))
        [(mean,)] = _sql(
            demo_db,
            "SELECT avg(a.value) FROM feedback_answers a JOIN feedback_responses r "
            "ON r.id = a.response_id WHERE r.session_id = :s AND a.scale = '1-5' "
            "AND a.question LIKE 'Overall%'",
            s=session_id,
        )
        assert overall.mean == round(mean, 2)
        assert summary.nps is not None and -100 <= summary.nps <= 100


def test_the_packs_evaluation_counts_the_demos_feedback_as_sql_does(demo_db):
    start, end = date.today() - timedelta(days=150), date.today()
    pack = build_pack(demo_db, start, end)
    section = next(s for s in pack.sections if s.title == "Evaluation")
    responses = next(r for r in section.rows if r[0] == "Responses")
    b, e = local_to_utc(start, time(0)), local_to_utc(end + timedelta(days=1), time(0))
    [(expected,)] = _sql(
        demo_db,
        "SELECT count(*) FROM feedback_responses r LEFT JOIN sessions s ON s.id = r.session_id "
        "WHERE (s.starts_at >= :b AND s.starts_at < :e AND s.cancelled_at IS NULL) "
        "OR (r.session_id IS NULL AND r.submitted_at >= :b AND r.submitted_at < :e)",
        b=b, e=e,
    )  # fmt: skip
    assert responses[1] == expected > 0
    assert isinstance(responses[2], int)  # the previous period has feedback too


def test_no_comment_shows_a_name_unless_its_writer_agreed(demo_db):
    names = {
        word
        for given, family in _sql(demo_db, "SELECT given_name, family_name FROM people")
        for word in (given, family)
    }
    quoted_seen = withheld_seen = False
    for (cohort_id,) in _sql(demo_db, "SELECT id FROM cohorts"):
        for comment in cohort_evaluation(demo_db, cohort_id).comments:
            if comment.quoted:
                quoted_seen = True
                continue
            words = set(re.findall(r"[A-Z][\w'-]+", comment.text))
            assert not words & names, comment.text
            withheld_seen = withheld_seen or "[name]" in comment.text
    assert quoted_seen and withheld_seen


def test_the_demos_feedback_is_the_same_for_the_same_seed_and_day(tmp_path):
    from cohort_desk.db.opening import open_database
    from cohort_desk.services.demo.data import load_demo

    found = []
    for name in ("a.db", "b.db"):
        database = open_database(str(tmp_path / name))
        load_demo(database, people=60, seed=3, today=date(2026, 12, 6))
        found.append(
            _sql(
                database,
                "SELECT r.dedupe_key, r.person_id, r.consent_to_quote, a.question, a.value, "
                "a.text FROM feedback_responses r JOIN feedback_answers a "
                "ON a.response_id = r.id ORDER BY r.dedupe_key, a.position",
            )
        )
        database.dispose()
    assert found[0] and found[0] == found[1]


def test_the_pack_prints_no_comment_at_all(demo_db, tmp_path):
    """The pack holds figures only: no comment, so no name from one, in the PDF or workbook."""
    from io import BytesIO

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from cohort_desk.services.reports.pack import write_pack

    comments = {t for (t,) in _sql(demo_db, "SELECT text FROM feedback_answers "
                                   "WHERE scale = 'text' AND text != ''")}  # fmt: skip
    assert comments
    start, end = date.today() - timedelta(days=365), date.today()
    pack = build_pack(demo_db, start, end)
    pdf = write_pack(pack, tmp_path / "pack.pdf", overwrite=False).read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    book = load_workbook(write_pack(pack, tmp_path / "pack.xlsx", overwrite=False))
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    for comment in comments:
        assert comment[:30] not in text and comment not in cells, comment
