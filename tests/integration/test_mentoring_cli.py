"""The mentoring commands as the command line promises them: mentors, match, and helpers."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def demo(cli):
    assert cli("demo", "--seed", "7").code == 0
    return cli


def test_mentors_json_has_the_promised_fields(demo):
    result = demo("mentors", "--json")
    assert result.code == 0 and result.err == ""
    mentors = result.json()
    assert len(mentors) == 15
    for m in mentors:
        assert {"email", "capacity", "active", "mentees"} <= set(m)
        assert isinstance(m["capacity"], int) and isinstance(m["mentees"], int)
        assert isinstance(m["active"], bool)
    assert sum(m["mentees"] for m in mentors) == 12  # the demo's active pairs
    assert any(m["over_capacity"] for m in mentors)


def test_mentors_text_flags_over_capacity(demo):
    result = demo("mentors")
    assert result.code == 0 and "OVER CAPACITY" in result.out and "15 mentors" in result.out


def test_match_json_has_exactly_the_promised_shape(demo):
    result = demo("match", "--cohort", "sla cohort 1 (2025-26)", "--json")
    assert result.code == 0, result.err
    document = result.json()
    assert set(document) == {"suggestions", "unmatched"}
    assert document["suggestions"]
    for s in document["suggestions"]:
        assert set(s) == {"participant", "mentor", "score", "reasons", "alternatives"}
        assert "@" in s["participant"] and "@" in s["mentor"]
        assert isinstance(s["score"], int | float) and s["reasons"]
        assert all("@" in a for a in s["alternatives"]) and s["mentor"] not in s["alternatives"]
    for u in document["unmatched"]:
        assert set(u) == {"participant", "reason"} and u["reason"]
    # A report changes nothing.
    assert demo("pairs", "--status", "active", "--json").json().__len__() == 12


def test_match_apply_accepts_every_suggestion_as_an_active_pair(demo):
    cohort = "CCPL Winter 2026-27"
    suggested = demo("match", "--cohort", cohort, "--apply", "--json").json()["suggestions"]
    assert suggested
    pairs = demo("pairs", "--cohort", cohort, "--status", "active", "--json").json()
    assert {(p["mentee"], p["mentor"]) for p in pairs} == {
        (s["participant"], s["mentor"]) for s in suggested
    }
    assert all(p["reasons"] and p["score"] is not None for p in pairs)
    mentors = demo("mentors", "--json").json()
    assert sum(m["mentees"] for m in mentors) == 12 + len(suggested)
    again = demo("match", "--cohort", cohort, "--json").json()
    assert again["suggestions"] == []


def test_match_text_explains_each_suggestion(demo):
    result = demo("match", "--cohort", "SLA Cohort 2 (2026-27)")
    assert result.code == 0
    assert "because: different organisation" in result.out
    assert "use --apply to accept all" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ("match", "--cohort", "Nope"),
        ("match", "--cohort", "Nope", "--json"),
        ("match",),
        ("assign", "--mentor", "nobody@nhs.net", "--mentee", "x@nhs.net"),
        ("meeting", "999", "--on", "01/11/2026"),
        ("meeting", "1", "--on", "31/31/2026"),
        ("mentor", "pause", "nobody@nhs.net", "--until", "01/01/2027"),
    ],
)
def test_bad_input_is_one_sentence_with_exit_2(demo, args):
    result = demo(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("Error: ") and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_mentor_add_assign_meeting_and_end_by_command(demo):
    people = demo("people", "--cohort", "CCPL Winter 2026-27", "--json").json()
    mentee = people[0]
    outsider = next(
        p
        for p in demo("people", "--json").json()
        if p["organisation"] != mentee["organisation"]
        and p["email"] not in {m["email"] for m in demo("mentors", "--json").json()}
    )
    added = demo(
        "mentor", "add", outsider["email"], "--capacity", "1", "--expertise", "coaching, QI"
    )
    assert added.code == 0, added.err
    assigned = demo("assign", "--mentor", outsider["email"], "--mentee", mentee["email"])
    assert assigned.code == 0, assigned.err
    pair_id = assigned.out.split()[1].rstrip(":")
    today = date.today().strftime("%d/%m/%Y")
    assert demo("meeting", pair_id, "--on", today, "--minutes", "45").code == 0
    full = demo("assign", "--mentor", outsider["email"], "--mentee", people[1]["email"])
    assert full.code == 1 and "capacity of 1" in full.err
    ended = demo("pair", "end", pair_id, "--reason", "Moved away")
    assert ended.code == 0
    pair = next(p for p in demo("pairs", "--json").json() if p["id"] == int(pair_id))
    assert (pair["status"], pair["end_reason"], pair["meetings"]) == ("ended", "Moved away", 1)


def test_mentoring_report_json(demo):
    report = demo("mentoring-report", "--weeks", "4", "--json").json()
    assert report["over_capacity"] and report["hours_per_cohort"]
    assert all(q["days"] > 28 for q in report["quiet_pairs"])
