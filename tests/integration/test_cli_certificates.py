"""The certificate commands, as scripts and acceptance checks drive them."""

from __future__ import annotations

from pathlib import Path

from cohort_desk.services.certificates.issuing import uk_today
from cohort_desk.services.certificates.register import list_certificates
from tests.integration.certificate_data import COHORT, HAND_CASES, build_cohort, pdf_text

FINISHED = "SLA Cohort 1 (2025-26)"  # the demo's finished cohort


def test_issue_prints_exactly_the_contracted_json(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    out = tmp_path / "certs"
    result = cli("certificates", "--cohort", COHORT, "-o", str(out), "--json")
    assert result.code == 0, result.err
    doc = result.json()
    assert set(doc) == {"issued", "already_issued", "not_eligible", "files", "codes"}
    assert (doc["issued"], doc["already_issued"], doc["not_eligible"]) == (3, 0, 3)
    assert len(doc["files"]) == 4 and len(doc["codes"]) == 3
    assert all(Path(f).is_file() and Path(f).parent == out.resolve() for f in doc["files"])
    assert Path(doc["files"][0]).name == f"Allen Ada - {COHORT}.pdf"
    assert "Ada Allen" in pdf_text(doc["files"][0])

    again = cli("certificates", "--cohort", COHORT, "-o", str(out), "--json")
    assert again.code == 0
    assert again.json() == {
        "issued": 0,
        "already_issued": 3,
        "not_eligible": 3,
        "files": [],
        "codes": [],
    }


def test_issue_in_words_and_saying_nothing_new_on_a_rerun(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    first = cli("certificates", "--cohort", COHORT.upper(), "-o", str(tmp_path / "o"))
    assert first.code == 0
    year = uk_today().year
    assert f"Issued 3 certificates (SLA-{year}-0001 to SLA-{year}-0003)" in first.out
    again = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "o"))
    assert again.code == 0 and "Nothing new to issue" in again.out and "--reissue" in again.out


def test_nothing_eligible_exits_1_with_json_and_a_sentence(cli, db, tmp_path):
    build_cohort(db, [("Fay", "Fox", "fay@example.org", [None] * 4)])
    result = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "o"), "--json")
    assert result.code == 1
    assert result.json() == {
        "issued": 0,
        "already_issued": 0,
        "not_eligible": 1,
        "files": [],
        "codes": [],
    }
    assert "No one is eligible" in result.err and "Traceback" not in result.err


def test_reissue_reprints_with_the_same_numbers(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    first = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "a"), "--json").json()
    again = cli(
        "certificates", "--cohort", COHORT, "-o", str(tmp_path / "b"), "--reissue", "--json"
    )
    assert again.code == 0
    doc = again.json()
    assert doc["issued"] == 0 and doc["already_issued"] == 3 and doc["codes"] == first["codes"]
    assert [Path(f).name for f in doc["files"][:3]] == [Path(f).name for f in first["files"][:3]]
    assert all(r.reissues == 1 for r in list_certificates(db))


def test_session_certificates_from_the_command_line(cli, db, tmp_path):
    built = build_cohort(db, HAND_CASES)
    result = cli(
        "certificates", "--session", str(built.session_ids[0]), "-o", str(tmp_path), "--json"
    )
    assert result.code == 0
    assert result.json()["issued"] == 5
    assert "Certificate of Attendance" in pdf_text(result.json()["files"][0])


def test_bad_input_is_one_sentence_exit_2_and_changes_nothing(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    cases = [
        ("certificates", "--cohort", "No Such Cohort", "-o", str(tmp_path)),
        ("certificates", "--session", "9999", "-o", str(tmp_path)),
        ("certificates", "-o", str(tmp_path)),
        ("certificates", "--cohort", COHORT),
        ("certificates", "--cohort", COHORT, "--session", "1", "-o", str(tmp_path)),
        ("certificate", "award", "--cohort", COHORT, "fay@example.org", "--reason", " "),
        ("certificate", "revoke", "SLA-2026-0001", "--reason", "x", "--yes"),
    ]
    for args in cases:
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1, result.err
        assert "Traceback" not in result.err
    assert list_certificates(db) == []


def test_verify_genuine_altered_and_revoked(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    doc = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path), "--json").json()
    code = doc["codes"][0]

    good = cli("verify", code, "--json")
    assert good.code == 0
    assert good.json() == {
        "valid": True,
        "name": "Ada Allen",
        "course": COHORT,
        "issued": uk_today().isoformat(),
    }
    words = cli("verify", code.lower().replace("-", " "))
    assert words.code == 0 and "Genuine" in words.out and "Ada Allen" in words.out

    altered = code[:5] + ("Z" if code[5] != "Z" else "Y") + code[6:]
    typo = cli("verify", altered, "--json")
    assert typo.code == 1
    assert set(typo.json()) == {"valid", "reason"} and typo.json()["valid"] is False
    assert "typo" in typo.json()["reason"]

    number = f"SLA-{uk_today().year}-0001"
    refused = cli("certificate", "revoke", number, "--reason", "Issued in error")
    assert refused.code == 2 and "--yes" in refused.err
    assert cli("verify", code, "--json").code == 0  # nothing changed without --yes
    revoked = cli("certificate", "revoke", number, "--reason", "Issued in error", "--yes")
    assert revoked.code == 0 and f"Revoked certificate {number}" in revoked.out
    after = cli("verify", code, "--json")
    assert after.code == 1 and after.json()["valid"] is False
    assert "revoked" in after.json()["reason"] and "Issued in error" in after.json()["reason"]
    assert cli("verify", "not-a-code", "--json").code == 1


def test_award_withhold_clear_and_eligibility_listing(cli, db, tmp_path):
    build_cohort(db, HAND_CASES)
    award = cli("certificate", "award", "--cohort", COHORT, "FAY@example.org", "--reason", "Ill")
    assert award.code == 0 and "Fay Fox is now eligible: Awarded by hand: Ill" in award.out
    withhold = cli(
        "certificate", "withhold", "--cohort", COHORT, "ada@example.org", "--reason", "Plagiarism"
    )
    assert withhold.code == 0 and "not eligible" in withhold.out
    listing = cli("certificate", "eligibility", "--cohort", COHORT, "--json").json()
    eligible = {r["email"]: r["eligible"] for r in listing}
    assert eligible["fay@example.org"] and not eligible["ada@example.org"]
    cli("certificate", "clear", "--cohort", COHORT, "ada@example.org")
    doc = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path), "--json").json()
    assert doc["issued"] == 4
    rows = cli("certificate", "list", "--json").json()
    year = uk_today().year
    assert [r["number"] for r in rows] == [f"SLA-{year}-000{i}" for i in (4, 3, 2, 1)]
    found = cli("certificate", "list", "--search", "fox", "--json").json()
    assert [r["name"] for r in found] == ["Fay Fox"]


def test_demo_data_issue_and_verify_end_to_end(cli, demo_db, tmp_path):
    doc = cli("certificates", "--cohort", FINISHED, "-o", str(tmp_path), "--json").json()
    assert doc["issued"] > 10 and doc["issued"] + doc["not_eligible"] == 33
    for code in doc["codes"][:3]:
        assert cli("verify", code, "--json").json()["course"] == FINISHED
    ongoing = cli("certificates", "--cohort", "CCPL Winter 2026-27", "-o", str(tmp_path))
    assert ongoing.code == 1 and "No one is eligible" in ongoing.err


def test_a_name_that_cannot_be_printed_is_not_issued_and_says_who_and_why(cli, db, tmp_path):
    build_cohort(
        db,
        [
            ("Ada", "Allen", "ada@example.org", ["present"] * 4),
            ("ᏣᎳᎩ", "ᎦᏬᏂᎯᏍᏗ", "cherokee@example.org", ["present"] * 4),
            ("محمد", "الهاشمي", "arabic@example.org", ["present"] * 4),
        ],
    )
    result = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "o"), "--json")
    assert result.code == 1
    doc = result.json()
    assert doc["issued"] == 2 and len(doc["codes"]) == 2
    (sentence,) = doc["not_printable"]
    assert sentence.startswith("Not issued to cherokee@example.org:") and "Cherokee" in sentence
    assert sentence in result.err and "Traceback" not in result.err
    listed = list_certificates(db)
    assert len(listed) == 2  # no number was used up for the certificate that was not issued
    words = cli("certificates", "--cohort", COHORT, "-o", str(tmp_path / "o"))
    assert words.code == 1 and "Not issued to cherokee@example.org" in words.err
