"""Session feedback: Forms and Google Forms exports imported with plan, apply and undo, and the
summaries checked against figures worked out by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cohort_desk.db.models import AuditEntry, FeedbackAnswer, FeedbackResponse, ImportBatch
from cohort_desk.services import imports
from cohort_desk.services.attendance.marking import mark
from cohort_desk.services.evaluation.apply import apply_feedback
from cohort_desk.services.evaluation.plan import find_target, plan_feedback
from cohort_desk.services.evaluation.summary import cohort_evaluation, session_evaluation
from cohort_desk.services.imports.history import list_batches
from tests.integration.attendance_files import make_cohort
from tests.integration.feedback_files import forms_xlsx, google_csv

NAMES = [
    ("Amara", "Mensah"),
    ("Ben", "Clarke"),
    ("Chloé", "Dubois"),
    ("Dev", "Patel"),
    ("Esi", "Owusu"),
    ("Femi", "Adeyemi"),
    ("Grace", "Liu"),
    ("Hamza", "Iqbal"),
]
QUESTIONS = [
    "Overall, how would you rate the session?",
    "The session met its objectives",
    "How likely are you to recommend this session to a colleague?",
    "Which part was most useful?",
    "Any other comments?",
    "May we quote you?",
]
# Five responses: two named (people we know), one from an address we do not know, two anonymous.
RESPONSES = [
    {
        "id": 1,
        "email": "ben.clarke@nhs.net",
        "name": "Ben Clarke",
        "answers": [
            5,
            "Strongly agree",
            10,
            "Morning",
            "Ben here: Amara Mensah was brilliant.",
            "No",
        ],
    },
    {
        "id": 2,
        "email": "chloé.dubois@nhs.net",
        "name": "Chloé Dubois",
        "answers": [4, "Agree", 9, "Morning", "Loved it, thanks Dev Patel!", "Yes"],
    },
    {
        "id": 3,
        "email": "someone@elsewhere.example.org",
        "name": "Sam Taylor",
        "answers": [4, "Agree", 7, "Afternoon", "Sam Taylor says: more breaks please", "No"],
    },
    {"id": 4, "answers": [3, "4", 6, "Morning", "", "No"]},
    {
        "id": 5,
        "answers": [
            5,
            "Neither agree nor disagree",
            10,
            "Afternoon",
            "Great. Grace Liu helped.",
            "",
        ],
    },
]


@pytest.fixture
def setup(db):
    setup = make_cohort(db, NAMES)
    sid = setup.session_ids[0]
    statuses = ["present"] * 6 + ["late", "absent"]  # late counts: 7 attendees
    mark(db, sid, dict(zip(setup.emails, statuses, strict=True)), source="command line")
    return setup


@pytest.fixture
def forms_file(tmp_path):
    return forms_xlsx(tmp_path / "Session feedback(1-5).xlsx", QUESTIONS, RESPONSES)


def _import(db, path, session_id=None, cohort_id=None):
    target = find_target(db, session_id, cohort_id)
    plan = plan_feedback(db, path, target)
    return plan, apply_feedback(db, plan)


def test_a_forms_export_is_read_with_each_question_and_its_scale(db, setup, forms_file):
    target = find_target(db, setup.session_ids[0], None)
    plan = plan_feedback(db, forms_file, target)
    assert [(q.heading, q.scale) for q in plan.questions] == [
        (QUESTIONS[0], "1-5"),
        (QUESTIONS[1], "1-5"),
        (QUESTIONS[2], "0-10"),
        (QUESTIONS[3], "choice"),
        (QUESTIONS[4], "text"),
        (QUESTIONS[5], "consent"),
    ]
    assert plan.questions[2].is_recommend
    assert plan.counts() == {
        "rows": 5,
        "responses": 5,
        "named": 2,
        "anonymous": 3,
        "already_imported": 0,
        "skipped": 0,
        "errors": 0,
    }
    assert "not known to Cohort Desk" in plan.rows[2].respondent
    assert [r.consent for r in plan.rows] == [False, True, False, False, False]


def test_named_responses_link_to_the_person_and_anonymous_to_nobody(db, setup, forms_file):
    _plan, batch = _import(db, forms_file, session_id=setup.session_ids[0])
    with db.read() as session:
        linked = (
            session.execute(select(FeedbackResponse.person_id).order_by(FeedbackResponse.id))
            .scalars()
            .all()
        )
        kind = session.get(ImportBatch, batch).kind
    assert linked == [setup.ids["ben.clarke@nhs.net"], setup.ids["chloé.dubois@nhs.net"],
                      None, None, None]  # fmt: skip
    assert kind == "feedback"


def test_the_writers_own_name_is_not_stored_without_leave_to_quote(db, setup, forms_file):
    _import(db, forms_file, session_id=setup.session_ids[0])
    with db.read() as session:
        texts = session.scalars(
            select(FeedbackAnswer.text).where(FeedbackAnswer.scale == "text")
        ).all()
    assert "[name] here: Amara Mensah was brilliant." in texts  # others' names go when shown
    assert "[name] says: more breaks please" in texts
    assert "Loved it, thanks Dev Patel!" in texts  # agreed to be quoted: as written


def test_the_session_summary_matches_the_figures_worked_by_hand(db, setup, forms_file):
    _import(db, forms_file, session_id=setup.session_ids[0])
    summary = session_evaluation(db, setup.session_ids[0])
    document = summary.as_json()
    assert set(document) == {"responses", "attendees", "response_rate", "nps", "questions"}
    assert document["responses"] == 5
    assert document["attendees"] == 7  # six present and one late; late counts in this cohort
    assert document["response_rate"] == 0.7143  # 5 / 7
    # Recommend: 10, 9, 7, 6, 10: three promoters, one detractor of five -> +40.
    assert document["nps"] == 40
    overall, objectives, recommend = document["questions"]
    assert overall == {
        "question": QUESTIONS[0],
        "scale": "1-5",
        "n": 5,
        "mean": 4.2,  # (5 + 4 + 4 + 3 + 5) / 5
        "median": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 2, "5": 2},
    }
    # Strongly agree 5, Agree 4, Agree 4, "4", Neither 3 -> mean 4.0, median 4.
    assert (objectives["n"], objectives["mean"], objectives["median"]) == (5, 4.0, 4.0)
    assert objectives["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 3, "5": 1}
    assert (recommend["mean"], recommend["median"]) == (8.4, 9.0)
    assert recommend["distribution"]["10"] == 2 and sum(recommend["distribution"].values()) == 5
    assert summary.choices[0].counts == [("Morning", 3), ("Afternoon", 2)]


def test_comments_lose_every_known_name_unless_the_writer_agreed(db, setup, forms_file):
    _import(db, forms_file, session_id=setup.session_ids[0])
    comments = [c.text for c in session_evaluation(db, setup.session_ids[0]).comments]
    assert comments == [
        "[name] here: [name] was brilliant.",
        "Loved it, thanks Dev Patel!",
        "[name] says: more breaks please",
        "Great. [name] helped.",
    ]


def test_importing_the_same_export_again_changes_nothing(db, setup, forms_file):
    _import(db, forms_file, session_id=setup.session_ids[0])
    plan, batch = _import(db, forms_file, session_id=setup.session_ids[0])
    assert batch is None
    assert plan.counts()["already_imported"] == 5 and plan.counts()["responses"] == 0
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(FeedbackResponse)) == 5
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_undo_removes_exactly_the_imported_responses(db, setup, forms_file):
    _plan, batch = _import(db, forms_file, session_id=setup.session_ids[0])
    result = imports.undo(db, batch)
    assert (result.kind, result.responses_removed) == ("feedback", 5)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(FeedbackResponse)) == 0
        assert session.scalar(select(func.count()).select_from(FeedbackAnswer)) == 0
        comments = session.scalars(select(AuditEntry.changes)).all()
    assert not any("brilliant" in str(c) for c in comments)  # the trail never copies a comment
    assert list_batches(db)[0].undone
    # Undone, it can be imported again.
    _plan, again = _import(db, forms_file, session_id=setup.session_ids[0])
    assert again is not None


def test_a_google_forms_csv_without_ids_is_deduplicated_by_its_rows(db, setup, tmp_path):
    questions = ["Rate the venue (1-5)", "What could be better?"]
    responses = [
        {"email": "amara.mensah@nhs.net", "answers": ["5", "Nothing"]},
        {"email": "", "answers": ["3", "The room was cold"]},
        {"email": "", "answers": ["N/A", ""]},
    ]
    path = google_csv(tmp_path / "Feedback (Responses).csv", questions, responses)
    plan, batch = _import(db, path, cohort_id=setup.cohort_id)
    assert batch is not None
    assert [(q.heading, q.scale) for q in plan.questions] == [
        (questions[0], "1-5"),
        (questions[1], "text"),
    ]
    assert [r.outcome for r in plan.rows] == ["new", "new", "skipped"]  # nothing answered
    plan, again = _import(db, path, cohort_id=setup.cohort_id)
    assert again is None and plan.counts()["already_imported"] == 2
    # Feedback about the whole cohort: its attendees are the participants who came at all.
    summary = cohort_evaluation(db, setup.cohort_id)
    assert (summary.responses, summary.attendees) == (2, 7)


def test_a_rating_outside_its_scale_is_an_error_on_its_row(db, setup, tmp_path):
    path = forms_xlsx(
        tmp_path / "f.xlsx",
        ["Rate the session (1-5)"],
        [{"id": 1, "answers": [4]}, {"id": 2, "answers": [7]}],
    )
    plan, batch = _import(db, path, session_id=setup.session_ids[0])
    assert [r.outcome for r in plan.rows] == ["new", "error"]
    assert "outside the 1-5 scale" in plan.rows[1].message
    assert batch is not None


def test_the_target_must_be_one_session_or_one_cohort(db, setup):
    from cohort_desk.errors import NotFoundError, ValidationError

    with pytest.raises(ValidationError, match="not both"):
        find_target(db, setup.session_ids[0], setup.cohort_id)
    with pytest.raises(ValidationError, match="not both"):
        find_target(db, None, None)
    with pytest.raises(NotFoundError):
        find_target(db, 999, None)


def test_erasure_blanks_their_comments_and_takes_their_name_out_of_others(db, setup, forms_file):
    from cohort_desk.services.privacy.rights import erase_person

    _import(db, forms_file, session_id=setup.session_ids[0])
    erase_person(db, setup.ids["chloé.dubois@nhs.net"])  # agreed to be quoted: blanked
    erase_person(db, setup.ids["grace.liu@nhs.net"])  # named in an anonymous comment
    with db.read() as session:
        texts = session.scalars(
            select(FeedbackAnswer.text).where(FeedbackAnswer.scale == "text")
        ).all()
        ratings = session.scalar(select(func.count()).where(FeedbackAnswer.value.is_not(None)))
    assert "Loved it, thanks Dev Patel!" not in texts
    assert "Great. [name] helped." in texts
    assert not any("Grace" in t or "Chloé" in t for t in texts)
    # Three ratings each, and four answers to the consent question: kept as anonymous counts.
    assert ratings == 5 * 3 + 4


def test_a_subject_access_export_lists_the_feedback_they_gave(db, setup, forms_file):
    from cohort_desk.db.models import Person
    from cohort_desk.services.privacy.subject_access import collect

    _import(db, forms_file, session_id=setup.session_ids[0])
    with db.read() as session:
        person = session.get(Person, setup.ids["chloé.dubois@nhs.net"])
        export = collect(session, person)
    feedback = next(s for s in export.sections if s.key == "feedback")
    assert {"question": QUESTIONS[4], "answer": "Loved it, thanks Dev Patel!"}.items() <= next(
        r for r in feedback.rows if r["question"] == QUESTIONS[4]
    ).items()


def test_the_command_line_finds_the_cohort_by_its_name_in_any_case(cli, db, setup, forms_file):
    done = cli("import", str(forms_file), "--feedback", "--cohort", "test COHORT", "--json")
    assert done.code == 0, done.err
    assert done.json()["target"] == "Test Cohort (the whole cohort)"
    shown = cli("evaluation", "--cohort", "TEST cohort", "--json")
    assert shown.code == 0, shown.err
    assert shown.json()["responses"] == len(RESPONSES)
    assert cli("evaluation", "--cohort", "Test Cohort").out.startswith("Feedback on Test Cohort")


def test_the_command_line_refuses_two_targets_before_an_unknown_name(cli, db, setup, forms_file):
    both = cli(
        "import", str(forms_file), "--feedback", "--session", "1", "--cohort", "No Such Cohort"
    )
    assert both.code != 0 and "not both" in both.err
    unknown = cli("evaluation", "--cohort", "No Such Cohort")
    assert unknown.code != 0
    assert (
        "There is no cohort called 'No Such Cohort'. Cohorts include: Test Cohort." in unknown.err
    )


def test_two_recommend_questions_each_have_their_own_score_never_pooled(
    cli, db, setup, forms_file, tmp_path
):
    _import(db, forms_file, session_id=setup.session_ids[0])
    academy = "How likely are you to recommend the Academy to a colleague? (0-10)"
    responses = [{"email": "", "answers": [str(v)]} for v in (10, 3, 8)]
    path = google_csv(tmp_path / "Cohort (Responses).csv", [academy], responses)
    _import(db, path, cohort_id=setup.cohort_id)
    summary = cohort_evaluation(db, setup.cohort_id)
    # The session's: 10, 9, 7, 6, 10 -> +40. The Academy's: 10, 3, 8: one promoter and one
    # detractor of three -> 0. Pooled they made (4 - 2) / 8 = +25, a score of neither.
    scores = {q.nps_label: q.nps for q in summary.promoter_scores}
    assert scores == {"recommend this session": 40, "recommend the Academy": 0}
    assert summary.nps is None  # no one score for the cohort
    assert cli("evaluation", "--cohort", "Test Cohort", "--json").json()["nps"] is None
    out = cli("evaluation", "--cohort", "Test Cohort").out
    assert "Net promoter score (recommend this session): +40" in out
    assert "Net promoter score (recommend the Academy): +0" in out
    # One recommend question: its score is the session's, labelled the same way.
    alone = session_evaluation(db, setup.session_ids[0])
    assert alone.nps == 40 and [q.nps_label for q in alone.promoter_scores] == [
        "recommend this session"
    ]
