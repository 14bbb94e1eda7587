"""Certificates through the services: who is eligible, issuing, re-runs, reissue, revoking."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from cohort_desk.db.models import AuditEntry, Certificate, Enrolment, Person
from cohort_desk.errors import Cancelled, NotFoundError, RefusedError, ValidationError
from cohort_desk.services.certificates.eligibility import (
    cohort_eligibility,
    session_eligibility,
    set_override,
)
from cohort_desk.services.certificates.issuing import issue, reissue_certificates
from cohort_desk.services.certificates.register import list_certificates, revoke, verify
from cohort_desk.services.progress import Progress
from tests.integration.certificate_data import (
    COHORT,
    HAND_CASES,
    TODAY,
    build_cohort,
    cohort_id,
    pdf_text,
    person_id,
)


def _by_email(rows):  # type: ignore[no-untyped-def]
    return {r.email: r for r in rows}


def test_eligibility_matches_the_hand_worked_cases(db):
    build_cohort(db, HAND_CASES)
    rows = _by_email(cohort_eligibility(db, cohort_id(db)))
    assert {e: r.eligible for e, r in rows.items()} == {
        "ada@example.org": True,
        "ben@example.org": True,
        "cara@example.org": False,
        "dev@example.org": True,
        "eve@example.org": False,
        "fay@example.org": False,
    }
    assert rows["ben@example.org"].reason == (
        "Attended 3 of 4 sessions (75%), meets the 75% minimum"
    )
    assert rows["cara@example.org"].reason == "Missed a required session: Launch"
    assert rows["eve@example.org"].reason == "Withdrawn from the cohort"
    assert rows["fay@example.org"].reason == (
        "Attended 2 of 4 sessions (50%), below the 75% minimum"
    )
    # CPD hours count only sessions attended: Dev's apologies session earns none.
    assert rows["dev@example.org"].cpd_hours == 9.0
    assert rows["ada@example.org"].cpd_hours == 12.0


def test_late_and_left_early_follow_the_cohorts_rule(db):
    build_cohort(db, HAND_CASES, late_counts=False)
    dev = _by_email(cohort_eligibility(db, cohort_id(db)))["dev@example.org"]
    assert not dev.eligible
    assert dev.reason == "Attended 2 of 4 sessions (50%), below the 75% minimum"


def test_award_and_withhold_by_hand_need_a_reason_and_win(db, tmp_path):
    build_cohort(db, HAND_CASES)
    with pytest.raises(ValidationError, match="reason"):
        set_override(db, cohort_id(db), person_id(db, "fay@example.org"), "award", "  ")
    fay = set_override(
        db,
        cohort_id(db),
        person_id(db, "FAY@example.org"),
        "award",
        "Long-term sick; agreed catch-up",
    )
    assert fay.eligible and fay.reason == "Awarded by hand: Long-term sick; agreed catch-up"
    ada = set_override(
        db, cohort_id(db), person_id(db, "ada@example.org"), "withhold", "Plagiarised the project"
    )
    assert not ada.eligible and ada.reason.startswith("Withheld by hand")

    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    holders = {r.email for r in cohort_eligibility(db, cohort_id(db)) if r.certificate}
    assert holders == {"ben@example.org", "dev@example.org", "fay@example.org"}
    assert (result.issued, result.already_issued, result.not_eligible) == (3, 0, 3)
    fay = _by_email(cohort_eligibility(db, cohort_id(db)))["fay@example.org"]

    by_id = set_override(db, cohort_id(db), fay.person_id, "withhold", "Changed our minds")
    assert not by_id.eligible and by_id.reason == "Withheld by hand: Changed our minds"
    cleared = set_override(db, cohort_id(db), person_id(db, "ada@example.org"), None)
    assert cleared.eligible and cleared.override is None and cleared.override_reason == ""
    build_cohort(db, [("Gil", "Gray", "gil@example.org", [])], name="Other")
    with pytest.raises(NotFoundError, match="not a participant of Cohort Hand 2026"):
        set_override(db, cohort_id(db), person_id(db, "gil@example.org"), "award", "x")
    with db.read() as s:
        reasons = [
            e.changes
            for e in s.scalars(select(AuditEntry).where(AuditEntry.record_type == "Enrolment"))
            if e.changes and "override_reason" in e.changes
        ]
    assert any("Plagiarised the project" in str(c) for c in reasons)


def test_issue_writes_one_pdf_each_and_one_to_print_and_records_them(db, tmp_path):
    build_cohort(db, HAND_CASES)
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    assert (result.issued, result.already_issued, result.not_eligible) == (3, 0, 3)
    assert result.numbers == ["SLA-2026-0001", "SLA-2026-0002", "SLA-2026-0003"]
    names = [p.name for p in result.files]
    assert names == [
        "Allen Ada - Cohort Hand 2026.pdf",
        "Baker Ben - Cohort Hand 2026.pdf",
        "Dutt Dev - Cohort Hand 2026.pdf",
        "Cohort Hand 2026 - all certificates 2026-11-28.pdf",
    ]
    # Nothing else is left in the folder: no temporary files.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    combined = pdf_text(result.combined)
    assert all(n in combined for n in result.numbers)
    with db.read() as s:
        certs = s.scalars(select(Certificate).order_by(Certificate.sequence)).all()
        completed = s.scalars(
            select(Person.email).join(Enrolment).where(Enrolment.status == "completed")
        ).all()
    for cert, path in zip(certs, result.files, strict=False):
        assert cert.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert cert.issued_on == TODAY and cert.issued_by == "tester"
        assert cert.kind == "completion" and cert.course == COHORT
        assert cert.code in result.codes
    assert sorted(completed) == ["ada@example.org", "ben@example.org", "dev@example.org"]
    assert "Ada Allen" in pdf_text(result.files[0])


def test_running_again_issues_nothing_new_and_says_so(db, tmp_path):
    build_cohort(db, HAND_CASES)
    first = issue(db, tmp_path / "a", cohort_id=cohort_id(db), today=TODAY)
    again = issue(db, tmp_path / "b", cohort_id=cohort_id(db), today=TODAY)
    assert (again.issued, again.already_issued, again.not_eligible) == (0, 3, 3)
    assert again.files == [] and again.codes == [] and not again.nothing_eligible
    assert again.message.startswith("Nothing new to issue")
    assert list((tmp_path / "b").iterdir()) == []
    assert len(list_certificates(db)) == first.issued == 3


def test_someone_who_becomes_eligible_later_gets_the_next_number(db, tmp_path):
    build_cohort(db, HAND_CASES)
    issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    set_override(
        db, cohort_id(db), person_id(db, "fay@example.org"), "award", "Completed catch-up work"
    )
    later = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    assert later.issued == 1 and later.numbers == ["SLA-2026-0004"]
    assert later.files[0].name == "Fox Fay - Cohort Hand 2026.pdf"


def test_nothing_eligible_is_reported(db, tmp_path):
    build_cohort(db, [("Fay", "Fox", "fay@example.org", [None] * 4)])
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    assert result.nothing_eligible and result.not_eligible == 1
    assert "No one is eligible" in result.message


def test_reissue_keeps_number_and_code_prints_the_corrected_name_and_is_recorded(db, tmp_path):
    built = build_cohort(db, HAND_CASES)
    first = issue(db, tmp_path / "first", cohort_id=cohort_id(db), today=TODAY)
    with db.write() as s:
        s.get(Person, built.people["ada@example.org"]).family_name = "Allen-Okoro"
    later = TODAY.replace(day=30)
    again = issue(db, tmp_path / "again", cohort_id=cohort_id(db), reissue=True, today=later)
    assert (again.issued, again.reissued, again.already_issued) == (0, 3, 3)
    assert again.numbers == first.numbers and again.codes == first.codes
    text = pdf_text(again.files[0])
    assert "Ada Allen-Okoro" in text and "SLA-2026-0001" in text and "28 November 2026" in text
    rows = {r.number: r for r in list_certificates(db)}
    ada = rows["SLA-2026-0001"]
    assert ada.reissues == 1 and ada.last_reissued_on == later and ada.issued_on == TODAY
    assert ada.holder_name == "Ada Allen-Okoro"
    assert verify(db, first.codes[0]).name == "Ada Allen-Okoro"
    with db.read() as s:
        sha = s.scalar(select(Certificate.file_sha256).where(Certificate.number == ada.number))
    assert sha == hashlib.sha256(again.files[0].read_bytes()).hexdigest()
    # Re-printing one from the register is a reissue too.
    one = reissue_certificates(db, [ada.id], tmp_path / "one", today=later)
    assert one.numbers == ["SLA-2026-0001"] and len(one.files) == 2
    assert {r.number: r for r in list_certificates(db)}["SLA-2026-0001"].reissues == 2


def test_revoked_certificates_fail_verification_and_are_not_reprinted(db, tmp_path):
    build_cohort(db, HAND_CASES)
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    with pytest.raises(ValidationError, match="reason"):
        revoke(db, "SLA-2026-0002", " ")
    row = revoke(db, "sla 2026 2", "Issued to the wrong person")
    assert row.number == "SLA-2026-0002" and row.revoked_at is not None
    answer = verify(db, result.codes[1])
    assert not answer.valid
    assert "revoked" in answer.reason and "Issued to the wrong person" in answer.reason
    with pytest.raises(RefusedError, match="already revoked"):
        revoke(db, result.codes[1], "again")
    with pytest.raises(RefusedError, match="revoked"):
        reissue_certificates(db, [row.id], tmp_path / "x")
    again = issue(db, tmp_path / "r", cohort_id=cohort_id(db), reissue=True, today=TODAY)
    assert "SLA-2026-0002" not in again.numbers and again.reissued == 2
    # A revoked certificate still counts as issued: revoking is never undone by a re-run.
    assert issue(db, tmp_path / "s", cohort_id=cohort_id(db), today=TODAY).issued == 0
    assert [r.number for r in list_certificates(db, revoked=True)] == ["SLA-2026-0002"]


def test_verify_accepts_the_printed_code_in_any_case_and_spacing(db, tmp_path):
    build_cohort(db, HAND_CASES)
    code = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY).codes[0]
    for typed in (code, code.lower(), code.replace("-", " "), f"COHORT-DESK-CERT X {code}"):
        answer = verify(db, typed)
        assert answer.valid, typed
        assert answer.as_json() == {
            "valid": True,
            "name": "Ada Allen",
            "course": COHORT,
            "issued": "2026-11-28",
        }


def test_a_code_altered_by_one_character_fails(db, tmp_path):
    build_cohort(db, HAND_CASES)
    code = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY).codes[0]
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    positions = [i for i, ch in enumerate(code) if ch != "-"]
    for i in positions:
        for replacement in alphabet:
            if replacement == code[i]:
                continue
            altered = code[:i] + replacement + code[i + 1 :]
            answer = verify(db, altered)
            assert not answer.valid, altered
            assert "typo" in answer.reason
    assert "not a verification code" in verify(db, code[:-1]).reason
    assert "not a verification code" in verify(db, code[:-1] + "!").reason


def test_a_well_formed_code_that_is_not_ours_is_unknown(db, tmp_path):
    from cohort_desk.rules.certificate_codes import verification_code

    build_cohort(db, HAND_CASES)
    issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    forged = verification_code(b"x" * 32, "SLA-2026-0001", "1", TODAY)
    answer = verify(db, forged)
    assert not answer.valid and "No certificate has the code" in answer.reason


def test_session_certificates_go_to_those_marked_as_attending(db, tmp_path):
    built = build_cohort(db, HAND_CASES, late_counts=False)
    launch = built.session_ids[0]
    rows = _by_email(session_eligibility(db, launch))
    cara = rows["cara@example.org"]
    assert cara.reason == "Marked absent" and not cara.eligible
    assert rows["eve@example.org"].eligible  # withdrawn later, but was there that day
    second = _by_email(session_eligibility(db, built.session_ids[1]))["dev@example.org"]
    assert not second.eligible and "does not count" in second.reason
    result = issue(db, tmp_path / "out", session_id=launch, today=TODAY)
    assert (result.issued, result.not_eligible) == (5, 1)
    assert result.files[0].name == "Allen Ada - Launch.pdf"
    text = pdf_text(result.files[0])
    assert "Certificate of Attendance" in text and "Launch" in text and "3 CPD hours" in text
    with db.read() as s:
        kinds = set(s.scalars(select(Certificate.kind)))
    assert kinds == {"attendance"}
    assert issue(db, tmp_path / "out", session_id=launch, today=TODAY).issued == 0


def test_cancel_leaves_no_record_and_no_file(db, tmp_path):
    build_cohort(db, HAND_CASES)
    progress = Progress()
    seen: list[int] = []

    def cancel_midway(done: int, total: int, text: str) -> None:
        seen.append(done)
        if done == 2:
            progress.cancel()

    progress._callback = cancel_midway  # the window's Cancel button does the same
    with pytest.raises(Cancelled):
        issue(db, tmp_path / "out", cohort_id=cohort_id(db), progress=progress, today=TODAY)
    assert list_certificates(db) == [] and list((tmp_path / "out").iterdir()) == []
    assert (
        issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY).numbers[0]
        == "SLA-2026-0001"
    )


def test_people_with_the_same_name_get_files_that_do_not_overwrite(db, tmp_path):
    twins = [
        ("Sam", "Lee", "sam.lee@example.org", ["present"] * 4),
        ("Sam", "Lee", "sam.lee2@example.org", ["present"] * 4),
    ]
    build_cohort(db, twins)
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    assert [p.name for p in result.files[:2]] == [
        "Lee Sam - Cohort Hand 2026 (SLA-2026-0001).pdf",
        "Lee Sam - Cohort Hand 2026 (SLA-2026-0002).pdf",
    ]


def test_an_unwritable_folder_is_refused_with_a_sentence(db, tmp_path):
    build_cohort(db, HAND_CASES)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ValidationError, match="is a file"):
        issue(db, blocker, cohort_id=cohort_id(db), today=TODAY)
    assert list_certificates(db) == []


def test_numbers_continue_across_cohorts_and_restart_each_year(db, tmp_path):
    build_cohort(db, HAND_CASES)
    build_cohort(db, HAND_CASES[:2], name="Second")
    issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    second = issue(
        db,
        tmp_path / "out",
        cohort_id=cohort_id(db, "Second"),
        today=TODAY.replace(year=2027, month=1),
    )
    assert second.numbers == ["SLA-2027-0001", "SLA-2027-0002"]
    assert isinstance(Path(second.files[0]), Path)


def test_a_holder_erased_later_is_not_reprinted_but_still_verifies(db, tmp_path):
    from cohort_desk.db.types import utcnow

    built = build_cohort(db, HAND_CASES)
    first = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    with db.write() as s:
        s.get(Person, built.people["ada@example.org"]).erased_at = utcnow()
    again = issue(db, tmp_path / "again", cohort_id=cohort_id(db), reissue=True, today=TODAY)
    assert again.reissued == 2 and first.numbers[0] not in again.numbers
    ada = next(r for r in list_certificates(db) if r.number == first.numbers[0])
    with pytest.raises(RefusedError, match="erased"):
        reissue_certificates(db, [ada.id], tmp_path / "x", today=TODAY)
    assert verify(db, first.codes[0]).valid  # what was printed still checks out
