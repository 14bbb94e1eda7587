"""The selection commands: names and e-mails at the edge, the JSON
shape of `applications --json`, exit codes, and offers refused beyond the places."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.integration.application_files import applicant, forms_export

COHORT = "SLA Cohort 3"


def _setup(cli: Any, tmp_path: Path, count: int = 6, places: int = 2) -> None:
    assert cli("cohort", "add", COHORT, "--places", str(places)).code == 0
    path = forms_export(tmp_path / "forms.xlsx", [applicant(i) for i in range(1, count + 1)])
    result = cli("import", str(path), "--cohort", COHORT, "--applications", "--json")
    assert result.code == 0, result.err
    summary = result.json()
    assert summary["applications"] == count and summary["created"] == count
    assert summary["batch"] == 1 and summary["repeats"] == []


def test_applications_json_shape(cli: Any, tmp_path: Path) -> None:
    _setup(cli, tmp_path)
    assert cli("criterion", "add", "--cohort", COHORT, "Commitment", "--scale", "1-5").code == 0
    assert (
        cli(
            "application",
            "set",
            "APPLICANT1@nhs.net",
            "--cohort",
            COHORT,
            "--status",
            "shortlisted",
        ).code
        == 0
    )
    result = cli(
        "score",
        "applicant1@nhs.net",
        "--cohort",
        COHORT,
        "--criterion",
        "commitment",
        "--score",
        "4",
    )
    assert result.code == 0 and "Scored applicant1@nhs.net 4" in result.out
    listed = cli("applications", "--cohort", COHORT, "--status", "shortlisted", "--json").json()
    assert listed == [
        {
            "email": "applicant1@nhs.net",
            "name": "Applicant1 Tester1",
            "status": "shortlisted",
            "waiting_position": None,
            "scores": {"Commitment": 4},
            "total": 4,
            "answers": {
                "Why do you want to join the Academy?": (
                    "To lead across the system.\nReason number 1."
                ),
                "Does your line manager support your application?": "Yes",
            },
        }
    ]


def test_offers_beyond_the_places_are_refused_and_the_waiting_list_proposed(
    cli: Any, tmp_path: Path
) -> None:
    _setup(cli, tmp_path)
    cli("criterion", "add", "--cohort", COHORT, "Commitment")
    for number, score in ((1, 5), (2, 4), (3, 3)):
        email = f"applicant{number}@nhs.net"
        cli("application", "set", email, "--cohort", COHORT, "--status", "shortlisted")
        cli("score", email, "--cohort", COHORT, "--criterion", "Commitment", "--score", str(score))
    refused = cli("offer", "--cohort", COHORT, "--next", "3", "--yes")
    assert refused.code == 1
    assert refused.err.strip() == (
        f"{COHORT} has only 2 free places (2 in all, 0 offered or enrolled), so 3 offers were "
        "refused; offer at most 2."
    )
    assert cli("offer", "--cohort", COHORT).code == 2  # no terminal and no --yes
    made = cli("offer", "--cohort", COHORT, "--yes", "--json")
    assert made.code == 0
    assert [o["email"] for o in made.json()["offered"]] == [
        "applicant1@nhs.net",
        "applicant2@nhs.net",
    ]
    cli("application", "set", "applicant3@nhs.net", "--cohort", COHORT, "--status", "waiting")
    declined = cli(
        "application", "set", "applicant2@nhs.net", "--cohort", COHORT, "--status", "declined"
    )
    assert declined.code == 0
    assert "the first on the waiting list is Applicant3 Tester3" in declined.out
    assert "Nothing was offered" in declined.out
    accepted = cli(
        "application", "set", "applicant1@nhs.net", "--cohort", COHORT, "--status", "accepted"
    )
    assert "enrolled in" in accepted.out
    people = cli("people", "--cohort", COHORT, "--json").json()
    assert [p["email"] for p in people] == ["applicant1@nhs.net"]


def test_bad_input_is_one_sentence(cli: Any, tmp_path: Path) -> None:
    _setup(cli, tmp_path)
    unknown = cli("applications", "--cohort", "No such cohort")
    assert unknown.code == 2 and "There is no cohort called" in unknown.err
    nobody = cli("score", "nobody@nhs.net", "--cohort", COHORT, "--criterion", "C", "--score", "1")
    assert nobody.code == 2 and "No one with the e-mail address" in nobody.err
    no_criterion = cli(
        "score", "applicant1@nhs.net", "--cohort", COHORT, "--criterion", "C", "--score", "1"
    )
    assert no_criterion.code == 2 and "no criterion called 'C'" in no_criterion.err
    bad_scale = cli("criterion", "add", "--cohort", COHORT, "Impact", "--scale", "5-1")
    assert bad_scale.code == 2
    no_cohort = cli("import", str(tmp_path / "forms.xlsx"), "--applications")
    assert no_cohort.code == 2 and "--cohort" in no_cohort.err
    report = cli("selection-report", "--cohort", COHORT, "-o", str(tmp_path / "r.txt"))
    assert report.code == 2 and ".pdf or .xlsx" in report.err
    assert "Traceback" not in unknown.err + nobody.err + report.err


def test_cohort_places_and_window(cli: Any) -> None:
    assert cli("cohort", "add", COHORT, "--places", "0").code == 2
    added = cli(
        "cohort",
        "add",
        COHORT,
        "--places",
        "20",
        "--applications-open",
        "01/01/2027",
        "--applications-close",
        "31/01/2027",
        "--blind-review",
        "yes",
    )
    assert added.code == 0
    edited = cli("cohort", "edit", COHORT, "--places", "24")
    assert edited.code == 0 and "24 places" in edited.out
    (row,) = cli("cohort", "list", "--json").json()
    assert row["places"] == 24 and row["blind_review"] is True
    assert row["applications_close"] == "2027-01-31"
    assert cli("cohort", "edit", COHORT, "--applications-close", "01/12/2026").code == 2


def test_selection_report_files(cli: Any, tmp_path: Path) -> None:
    _setup(cli, tmp_path)
    target = tmp_path / "selection.pdf"
    assert cli("selection-report", "--cohort", COHORT, "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert cli("selection-report", "--cohort", COHORT, "-o", str(target)).code == 2
    assert cli("selection-report", "--cohort", COHORT, "-o", str(target), "--overwrite").code == 0
    assert cli("selection-report", "--cohort", COHORT, "-o", str(tmp_path / "s.xlsx")).code == 0
