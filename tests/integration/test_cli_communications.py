"""`calendar`, `templates` and `mail` as scripts and acceptance checks run them: the contract's
options, exit codes and JSON, UTF-8 when Windows redirects output in cp1252."""

from __future__ import annotations

import icalendar

from cohort_desk.db.opening import open_database
from tests.integration.mail_data import COHORT, build, read_eml
from tests.integration.test_cli_output import cli_in_cp1252


def test_calendar_for_a_cohort_a_session_and_a_person(cli, db, tmp_path):
    built = build(db)
    result = cli("calendar", "--cohort", COHORT, "-o", str(tmp_path / "c.ics"))
    assert result.code == 0, result.err
    assert "Wrote 4 sessions" in result.out
    calendar = icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 4
    again = cli("calendar", "--cohort", COHORT, "-o", str(tmp_path / "c.ics"))
    assert again.code == 2 and "--overwrite" in again.err
    replaced = cli("calendar", "--cohort", COHORT, "-o", str(tmp_path / "c.ics"), "--overwrite")
    assert replaced.code == 0
    one = cli("calendar", "--session", str(built.session_ids[0]), "-o", str(tmp_path / "s.ics"))
    assert one.code == 0 and "Wrote 1 session " in one.out
    person = cli("calendar", "--person", "AMA.MENSAH@nhs.net", "-o", str(tmp_path / "p.ics"))
    assert person.code == 0, person.err
    assert cli("calendar", "--cohort", COHORT, "-o", str(tmp_path / "c.txt")).code == 2
    both = cli("calendar", "--cohort", COHORT, "--session", "1", "-o", str(tmp_path / "x.ics"))
    assert both.code == 2 and "Traceback" not in both.err


def test_templates_listed_in_json(cli):
    result = cli("templates", "--json")
    assert result.code == 0
    doc = result.json()
    assert [t["name"] for t in doc] == [
        "joining-instructions",
        "reminder",
        "certificate",
        "missed-you",
        "mentor-introduction",
    ]
    assert {"name", "subject", "body", "attachments", "to", "built_in", "edited"} <= set(doc[0])
    assert "{{ preferred_name }}" in doc[0]["body"]
    text = cli("templates")
    assert text.code == 0 and "mentor-introduction" in text.out


def test_mail_writes_drafts_and_asks_for_again_before_repeating(cli, db, tmp_path):
    built = build(db)
    session = str(built.session_ids[1])
    out = tmp_path / "drafts"
    first = cli("mail", "reminder", "--session", session, "-o", str(out), "--json")
    assert first.code == 0, first.err
    doc = first.json()
    assert (doc["drafts"], doc["people"], doc["to"]) == (4, 4, "participants")
    message = read_eml(out / "Ama Mensah - reminder.eml")
    assert message["X-Unsent"] == "1" and message["To"].addresses[0].addr_spec == (
        "ama.mensah@nhs.net"
    )
    repeat = cli("mail", "reminder", "--session", session, "-o", str(tmp_path / "two"))
    assert repeat.code == 1
    assert "already had the 'reminder' e-mail" in repeat.err and "--again" in repeat.err
    assert not (tmp_path / "two").exists() or not list((tmp_path / "two").iterdir())
    clash = cli("mail", "reminder", "--session", session, "-o", str(out), "--again")
    assert clash.code == 2 and "--overwrite" in clash.err
    done = cli("mail", "reminder", "--session", session, "-o", str(tmp_path / "two"), "--again")
    assert done.code == 0 and "Wrote 4 e-mail drafts" in done.out
    facilitators = cli("mail", "reminder", "--cohort", COHORT, "--to", "facilitators",
                       "-o", str(tmp_path / "f"))  # fmt: skip
    assert facilitators.code == 0 and (tmp_path / "f" / "Grace Okafor - reminder.eml").exists()


def test_mail_refusals_are_one_sentence(cli, db, tmp_path):
    build(db)
    unknown = cli("mail", "welcome", "--cohort", COHORT, "-o", str(tmp_path))
    assert unknown.code == 2 and "no e-mail template called 'welcome'" in unknown.err
    absent = cli("mail", "missed-you", "--cohort", COHORT, "-o", str(tmp_path))
    assert absent.code == 2 and "--to absent" in absent.err
    bad_to = cli("mail", "reminder", "--cohort", COHORT, "--to", "everyone", "-o", str(tmp_path))
    assert bad_to.code == 2 and "Traceback" not in bad_to.err
    assert not list(tmp_path.glob("*.eml"))


def test_the_commands_in_cp1252_with_output_redirected(tmp_path):
    database = open_database(str(tmp_path / "x.db"))
    try:
        built = build(database)
    finally:
        database.dispose()
    listed = cli_in_cp1252(tmp_path, "templates")
    assert listed.returncode == 0, listed.stderr.decode("utf-8")
    mail = cli_in_cp1252(
        tmp_path, "mail", "joining-instructions", "--cohort", COHORT, "-o", str(tmp_path / "m")
    )
    assert mail.returncode == 0, mail.stderr.decode("utf-8")
    assert (tmp_path / "m" / "秀英 王 - joining-instructions.eml").exists()
    again = cli_in_cp1252(
        tmp_path, "mail", "joining-instructions", "--cohort", COHORT, "-o", str(tmp_path / "n")
    )
    assert again.returncode == 1 and "Siobhán" in again.stderr.decode("utf-8")
    calendar = cli_in_cp1252(
        tmp_path, "calendar", "--person", "khai.nguyen@nhs.net", "-o", str(tmp_path / "k.ics")
    )
    assert calendar.returncode == 0, calendar.stderr.decode("utf-8")
    assert built.session_ids
