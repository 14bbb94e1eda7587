"""Importing people from the spreadsheets people really send: each shape ends up in the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_desk.errors import Cancelled, ConflictError
from cohort_desk.services import imports
from cohort_desk.services.people.records import PersonInput, create_person
from cohort_desk.services.progress import Progress
from tests.integration.import_files import (
    ms_forms_export,
    people_by_email,
    plain_workbook,
    snapshot,
    text_file,
    titled_workbook,
)
from tests.unit.test_reading import biff8_workbook, compound_file, ods_row, opendocument_sheet

HEADER = ["First name", "Surname", "E-mail", "Organisation", "Job title"]
GSTT = "Guy's and St Thomas' NHS Foundation Trust"


def import_file(db, path: Path, **options):  # type: ignore[no-untyped-def]
    plan = imports.plan(db, path, **options)
    return plan, imports.apply(db, plan)


def test_titled_workbook_with_merged_title_blank_rows_and_a_footer(db, tmp_path: Path) -> None:
    path = titled_workbook(
        tmp_path / "sign-ups.xlsx",
        HEADER,
        [
            ["Jane", "Smith", "jane.smith@nhs.net", GSTT, "Ward manager"],
            ["Amir", "Khan", "amir.khan@nhs.net", "Lewisham Council", "Commissioner"],
            [],
            ["Zoë", "O'Neill", "zoe.oneill@nhs.net", GSTT, "Matron"],
        ],
        footer="Total: 3 participants",
    )
    plan, batch = import_file(db, path)
    assert (plan.sheet, plan.header_row) == ("Sign-ups", 4)
    assert plan.summary(batch) | {"batch": None} == {
        "file": "sign-ups.xlsx",
        "sheet": "Sign-ups",
        "header_row": 4,
        "rows": 6,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "merged": 0,
        "skipped": 3,
        "errors": [],
        "batch": None,
    }
    assert [(n.in_file, n.why) for n in plan.names] == [  # not known yet: shown as new
        (GSTT, "new"),
        ("Lewisham Council", "new"),
    ]
    assert [(r.row, r.outcome) for r in plan.rows] == [
        (5, "new"),
        (6, "new"),
        (7, "skipped"),
        (8, "new"),
        (9, "skipped"),
        (10, "skipped"),
    ]
    assert isinstance(batch, int)
    people = people_by_email(db)
    zoe = people["zoe.oneill@nhs.net"]
    assert (zoe["given_name"], zoe["family_name"], zoe["organisation"], zoe["job_title"]) == (
        "Zoë",
        "O'Neill",
        GSTT,
        "Matron",
    )
    assert people["amir.khan@nhs.net"]["organisation"] == "Lewisham Council"


def test_ms_forms_export_ignores_metadata_and_normalises_answers(db, tmp_path: Path) -> None:
    path = ms_forms_export(
        tmp_path / "Academy sign-up(1-2).xlsx",
        [
            (
                "priya.patel@nhs.net",
                "Priya",
                "Patel",
                "King's College Hospital NHS Foundation Trust",
                "Staff nurse",
                "Royal Borough of Greenwich",
                "Nurse",
            ),
            (
                "tom.brown@lambeth.gov.uk",
                "tom",
                "brown",
                "Lambeth Council",
                "Social worker",
                "London Borough of Lambeth",
                "social worker",
            ),
        ],
    )
    plan, _batch = import_file(db, path)
    assert plan.mapping == {
        "Email": "email",
        "First name": "given_name",
        "Surname": "family_name",
        "Organisation / employer": "organisation",
        "Job title / role": "job_title",
        "Which borough do you work in?": "borough",
        "Profession": "profession",
    }
    people = people_by_email(db)
    priya = people["priya.patel@nhs.net"]
    assert (priya["profession"], priya["borough"]) == ("Nursing", "Greenwich")
    tom = people["tom.brown@lambeth.gov.uk"]
    assert (tom["given_name"], tom["family_name"], tom["profession"], tom["borough"]) == (
        "Tom",
        "Brown",
        "Social work",
        "Lambeth",
    )


def test_anonymous_ms_form_takes_addresses_from_the_question(db, tmp_path: Path) -> None:
    header = [*MS_FORMS_HEADER_SHORT, "Work e-mail address"]
    rows = [[1, "anonymous", "", "Ada", "Lovelace", "ada@nhs.net"]]
    plan, _batch = import_file(db, plain_workbook(tmp_path / "open form.xlsx", header, rows))
    assert plan.mapping["Work e-mail address"] == "email"
    assert "ada@nhs.net" in people_by_email(db)


MS_FORMS_HEADER_SHORT = ["ID", "Email", "Name", "First name", "Surname"]


def test_google_forms_csv_splits_full_names(db, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "Sign-up (Responses) - Form responses 1.csv",
        ["Timestamp", "Email address", "Full name", "Organisation", "Role"],
        [
            ["20/11/2026 09:14:03", "Sam.Okafor@NHS.net", "Dr Sam Okafor", "SEL ICB", "GP lead"],
            ["20/11/2026 10:02:41", "ana@nhs.net", "Ana de la Cruz", "Bromley Council", "Lead"],
        ],
        encoding="utf-8",
    )
    import_file(db, path)
    people = people_by_email(db)
    sam = people["sam.okafor@nhs.net"]
    assert (sam["title"], sam["given_name"], sam["family_name"], sam["email"]) == (
        "Dr",
        "Sam",
        "Okafor",
        "Sam.Okafor@nhs.net",
    )
    assert (people["ana@nhs.net"]["given_name"], people["ana@nhs.net"]["family_name"]) == (
        "Ana",
        "de la Cruz",
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("cp1252", ","), ("utf-8-sig", ",")]
)
def test_csv_saved_by_excel_on_a_uk_pc(db, tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = text_file(
        tmp_path / "list.csv",
        ["Forename", "Surname", "Email Address", "Employer"],
        [
            ["Siân", "O\u2019Brien", "sian.obrien@nhs.net", "Lewisham and Greenwich NHS Trust"],
            ["Renée", "Smith, Jr", "renee@nhs.net", "Bexley Council"],
        ],
        encoding=encoding,
        delimiter=delimiter,
    )
    plan, _batch = import_file(db, path)
    assert plan.created == 2 and not plan.errors
    sian = people_by_email(db)["sian.obrien@nhs.net"]
    assert (sian["given_name"], sian["family_name"]) == ("Siân", "O'Brien")
    assert people_by_email(db)["renee@nhs.net"]["family_name"] == "Smith, Jr"


def test_nhsmail_display_names_give_name_and_organisation(db, tmp_path: Path) -> None:
    # An organisation in NHSmail's capitals is the known one when it is known, and kept as
    # written (never re-cased) when it is new.
    from cohort_desk.services.people.organisations import save_organisation

    save_organisation(db, "King's College Hospital NHS Foundation Trust", "trust")
    path = plain_workbook(
        tmp_path / "outlook.xlsx",
        ["Name", "Email"],
        [
            ["SMITH, John (KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST)", "john.smith8@nhs.net"],
            ["O'NEILL, Mary (SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST)", "m.oneill@nhs.net"],
        ],
    )
    plan, _batch = import_file(db, path)
    assert [(n.in_file, n.stored, n.why) for n in plan.names] == [
        (
            "KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST",
            "King's College Hospital NHS Foundation Trust",
            "the same name in other capitals",
        ),
        (
            "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST",
            "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST",
            "new",
        ),
    ]
    john = people_by_email(db)["john.smith8@nhs.net"]
    assert (john["given_name"], john["family_name"], john["organisation"]) == (
        "John",
        "Smith",
        "King's College Hospital NHS Foundation Trust",
    )
    mary = people_by_email(db)["m.oneill@nhs.net"]
    assert (mary["family_name"], mary["organisation"]) == (
        "O'Neill",
        "SOUTH LONDON AND MAUDSLEY NHS FOUNDATION TRUST",
    )


def test_moodle_user_list_ignores_usernames(db, tmp_path: Path) -> None:
    path = text_file(
        tmp_path / "courseid_12_participants.csv",
        ["username", "firstname", "lastname", "email", "institution", "department"],
        [["jbloggs", "Jo", "Bloggs", "jo.bloggs@nhs.net", "Oxleas NHS Foundation Trust", "OT"]],
        encoding="utf-8",
    )
    plan, _batch = import_file(db, path)
    assert "username" not in plan.mapping and "department" not in plan.mapping
    jo = people_by_email(db)["jo.bloggs@nhs.net"]
    assert (jo["given_name"], jo["organisation"]) == ("Jo", "Oxleas NHS Foundation Trust")


def test_old_xls_and_libreoffice_ods(db, tmp_path: Path) -> None:
    rows: list[list[str | float]] = [
        ["Email", "First name", "Surname"],
        ["xls.person@nhs.net", "Xavier", "Lewis"],
    ]
    xls = tmp_path / "old.xls"
    xls.write_bytes(compound_file({"Workbook": biff8_workbook("People", rows)}))
    ods = opendocument_sheet(
        tmp_path / "calc.ods",
        ods_row("Email", "First name", "Surname") + ods_row("ods.person@nhs.net", "Olu", "Dada"),
    )
    import_file(db, xls)
    import_file(db, ods)
    assert {"xls.person@nhs.net", "ods.person@nhs.net"} <= set(people_by_email(db))


def test_matching_ignores_case_and_spaces_and_blank_cells_never_wipe(db, tmp_path: Path) -> None:
    create_person(
        db,
        PersonInput(
            "Jane",
            "Smith",
            "jane.smith@nhs.net",
            phone="020 7188 7188",
            job_title="Ward manager",
            organisation=GSTT,
        ),
    )
    path = plain_workbook(
        tmp_path / "update.xlsx",
        ["E-mail", "First name", "Surname", "Phone", "Job title", "Organisation"],
        [
            [
                "  JANE.SMITH@NHS.NET ",
                "Jane",
                "Smith",
                "",
                "Matron",
                "guy's and st thomas' nhs foundation trust",
            ]
        ],
    )
    plan, batch = import_file(db, path)
    assert (plan.created, plan.updated) == (0, 1)
    [row] = plan.rows
    assert row.outcome == "update"
    assert [(c.field, c.before, c.after) for c in row.changes] == [
        ("job_title", "Ward manager", "Matron")
    ]
    jane = people_by_email(db)["jane.smith@nhs.net"]
    assert (jane["phone"], jane["job_title"], jane["organisation"]) == (
        "020 7188 7188",
        "Matron",
        GSTT,
    )
    assert batch is not None


def test_a_person_twice_in_one_file_is_one_person_and_the_later_row_wins(db, tmp_path) -> None:
    path = plain_workbook(
        tmp_path / "dupes.xlsx",
        ["Email", "First name", "Surname", "Job title", "Phone"],
        [
            ["kim@nhs.net", "Kim", "Lee", "Nurse", "0207"],
            ["other@nhs.net", "Oli", "Other", "", ""],
            ["KIM@nhs.net ", "Kim", "Lee", "Senior nurse", ""],
        ],
    )
    plan, _batch = import_file(db, path)
    assert (plan.created, plan.merged_rows, len(plan.rows)) == (2, 1, 3)
    assert [r.outcome for r in plan.rows] == ["merged", "new", "new"]
    assert "Merged into row 4" in plan.rows[0].message
    assert plan.rows[2].message == "Row 2 merged into this one (the same e-mail address)."
    kim = people_by_email(db)["kim@nhs.net"]
    assert (kim["job_title"], kim["phone"]) == ("Senior nurse", "0207")


def test_rows_without_a_valid_address_or_name_are_errors_with_their_row(db, tmp_path) -> None:
    path = titled_workbook(
        tmp_path / "errors.xlsx",
        HEADER,
        [
            ["Good", "Person", "good@nhs.net", "", ""],
            ["No", "Address", "", "", ""],
            ["Bad", "Address", "bad.address@", "", ""],
            ["", "", "noname@nhs.net", "", ""],
        ],
    )
    plan, _batch = import_file(db, path)
    assert [(e["row"], e["field"]) for e in plan.summary(None)["errors"]] == [
        (6, "email"),
        (7, "email"),
        (8, "given_name"),
    ]
    assert all(e.message.endswith(".") for e in plan.errors)
    assert set(people_by_email(db)) == {"good@nhs.net"}


def test_mapping_override_names_a_column_the_guess_missed(db, tmp_path: Path) -> None:
    path = plain_workbook(
        tmp_path / "odd.xlsx",
        ["Delegate", "Contact", "Notes"],
        [["Jo Bloggs", "jo@nhs.net", "veg"]],
    )
    plan, _batch = import_file(
        db, path, mapping_overrides={"contact": "email", "Delegate": "full_name"}
    )
    assert plan.mapping == {"Delegate": "full_name", "Contact": "email"}
    assert people_by_email(db)["jo@nhs.net"]["family_name"] == "Bloggs"


def test_cancelling_rolls_everything_back(db, tmp_path: Path) -> None:
    rows = [[f"p{i}@nhs.net", f"Given{i}", f"Family{i}", f"Org {i % 3}"] for i in range(2500)]
    path = plain_workbook(tmp_path / "big.xlsx", ["Email", "First name", "Surname", "Trust"], rows)
    plan = imports.plan(db, path)
    before = snapshot(db)
    steps: list[int] = []
    progress = Progress(lambda done, total, text: steps.append(done))
    original = progress.step

    def cancel_midway(done: int, total: int, text: str = "") -> None:
        if done >= 2000:
            progress.cancel()
        original(done, total, text)

    progress.step = cancel_midway  # type: ignore[method-assign]
    with pytest.raises(Cancelled):
        imports.apply(db, plan, progress)
    assert steps and snapshot(db) == before


def test_apply_refuses_a_preview_the_database_has_moved_on_from(db, tmp_path: Path) -> None:
    path = plain_workbook(
        tmp_path / "a.xlsx", ["Email", "First name", "Surname"], [["late@nhs.net", "Late", "Comer"]]
    )
    plan = imports.plan(db, path)
    create_person(db, PersonInput("Late", "Comer", "late@nhs.net", job_title="Added meanwhile"))
    before = snapshot(db)
    with pytest.raises(ConflictError, match="preview"):
        imports.apply(db, plan)
    assert snapshot(db) == before


def test_length_limits_become_row_errors_not_database_errors(db, tmp_path: Path) -> None:
    path = plain_workbook(
        tmp_path / "long.xlsx",
        ["Email", "First name", "Surname", "Job title"],
        [["long@nhs.net", "Lo", "Ng", "x" * 201]],
    )
    plan, _batch = import_file(db, path)
    assert [(e.field, e.row) for e in plan.errors] == [("job_title", 2)]
    assert people_by_email(db) == {}


def test_number_cells_and_dates_arrive_as_text(db, tmp_path: Path) -> None:
    path = plain_workbook(
        tmp_path / "n.xlsx",
        ["Email", "First name", "Surname", "Phone"],
        [["num@nhs.net", "Nu", "Mber", 7700900123]],
    )
    import_file(db, path)
    assert people_by_email(db)["num@nhs.net"]["phone"] == "7700900123"
