"""Known names for organisations and professions (issue 15 item 7): imports and forms match
names written another way to the known one, say so, keep new ones as written; merging two into
one is exact and undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from cohort_desk.db.models import Organisation, OrganisationAlias, Profession
from cohort_desk.errors import ValidationError
from cohort_desk.services import imports
from cohort_desk.services.community.leadership import RoleInput, add_role
from cohort_desk.services.mentoring.profiles import MentorInput, create_mentor
from cohort_desk.services.people.known_names import list_names, merge, undo_merge
from cohort_desk.services.people.organisations import save_organisation
from cohort_desk.services.people.records import PersonInput, create_person, find_person
from tests.integration.import_files import people_by_email, plain_workbook

LGT = "Lewisham and Greenwich NHS Trust"
HEADER = ["First name", "Surname", "E-mail", "Organisation", "Profession"]


def organisations(db) -> list[str]:
    with db.read() as session:
        return sorted(session.scalars(select(Organisation.name)))


@pytest.fixture
def known(db):
    save_organisation(db, LGT, "trust")
    save_organisation(db, "University College London Hospitals NHS Foundation Trust", "trust")
    save_organisation(db, "UCLH Charity", "voluntary")
    return db


def test_an_import_matches_known_names_and_keeps_new_ones_as_written(known, tmp_path: Path):
    path = plain_workbook(
        tmp_path / "list.xlsx",
        HEADER,
        [
            ["Ana", "Silva", "ana@nhs.net", "Lewisham & Greenwich NHS Trust", "Paramedic"],
            ["Ben", "Cole", "ben@nhs.net", "UCLH", "paramedics"],
            ["Cai", "Lin", "cai@nhs.net", "Bexley ICB", "Nurse"],
        ],
    )
    plan = imports.plan(known, path)
    shown = {(n.kind, n.in_file): (n.stored, n.why) for n in plan.names}
    assert shown == {
        ("organisation", "Lewisham & Greenwich NHS Trust"): (
            LGT,
            "the same name with '&' for 'and'",
        ),
        ("organisation", "UCLH"): (
            "University College London Hospitals NHS Foundation Trust",
            "a known short name",
        ),
        ("organisation", "Bexley ICB"): ("Bexley ICB", "new"),
    }  # Paramedic and Nursing are known professions: nothing to say
    imports.apply(known, plan)
    people = people_by_email(known)
    assert people["ana@nhs.net"]["organisation"] == LGT
    assert people["ana@nhs.net"]["profession"] == "Paramedic"
    assert people["ben@nhs.net"]["profession"] == "Paramedic"
    assert organisations(known) == sorted(
        [
            LGT,
            "University College London Hospitals NHS Foundation Trust",
            "UCLH Charity",
            "Bexley ICB",
        ]
    )


def test_a_new_name_can_be_mapped_to_a_known_one_before_importing(known, tmp_path: Path):
    path = plain_workbook(
        tmp_path / "list.xlsx", HEADER, [["Ana", "Silva", "ana@nhs.net", "L&G Trust", ""]]
    )
    first = imports.plan(known, path)
    assert [(n.in_file, n.why) for n in first.names] == [("L&G Trust", "new")]
    plan = imports.plan(known, path, known_names={("organisation", "L&G Trust"): LGT})
    assert [(n.stored, n.why) for n in plan.names] == [(LGT, "chosen by you")]
    imports.apply(known, plan)
    assert people_by_email(known)["ana@nhs.net"]["organisation"] == LGT
    assert "L&G Trust" not in organisations(known)


def test_the_command_line_shows_the_matches_and_takes_a_mapping(cli, known, tmp_path: Path):
    path = plain_workbook(
        tmp_path / "list.xlsx",
        HEADER,
        [
            ["Ana", "Silva", "ana@nhs.net", "LEWISHAM AND GREENWICH NHS TRUST", ""],
            ["Ben", "Cole", "ben@nhs.net", "L&G Trust", ""],
        ],
    )
    shown = cli("import", str(path), "--dry-run")
    assert "the same name in other capitals" in shown.out
    assert 'new (map it with --known "L&G Trust=KNOWN NAME")' in shown.out
    done = cli("import", str(path), "--known", f"L&G Trust={LGT}")
    assert done.code == 0 and "chosen by you" in done.out
    refused = cli("import", str(path), "--known", "L&G Trust=No Such Trust")
    assert refused.code == 2 and "'No Such Trust' is not a known organisation" in refused.err
    assert organisations(known).count(LGT) == 1 and "L&G Trust" not in organisations(known)


def test_a_form_saves_a_known_organisation_written_another_way(known):
    person = create_person(
        known,
        PersonInput(
            "Ana",
            "Silva",
            "ana@nhs.net",
            organisation="lewisham & greenwich nhs trust",
            profession="PARAMEDIC",
        ),
    )
    assert (person.organisation, person.profession) == (LGT, "Paramedic")
    other = create_person(known, PersonInput("Ben", "Cole", "ben@nhs.net", organisation="UCLH"))
    assert other.organisation == "University College London Hospitals NHS Foundation Trust"


def test_merging_organisations_moves_everyone_keeps_an_alias_and_undoes_exactly(known):
    with known.read() as session:
        lgt = session.scalar(select(Organisation.id).where(Organisation.name == LGT))
    duplicate = save_organisation(known, "Lewisham + Greenwich Trust", "trust").id
    ana = create_person(
        known, PersonInput("Ana", "Silva", "ana@nhs.net", organisation="Lewisham + Greenwich Trust")
    )
    add_role(known, ana.id, RoleInput("Chair", 0.5, organisation="Lewisham + Greenwich Trust"))
    before = list_names(known, "organisation")
    done = merge(known, "organisation", duplicate, lgt)
    assert find_person(known, "ana@nhs.net").organisation == LGT
    assert "Lewisham + Greenwich Trust" not in organisations(known)
    row = next(r for r in list_names(known, "organisation") if r.name == LGT)
    assert row.aliases == ("Lewisham + Greenwich Trust",) and row.people == 1
    # The alias makes the next file's use of the old name the known one.
    later = create_person(
        known, PersonInput("Ben", "Cole", "ben@nhs.net", organisation="Lewisham + Greenwich Trust")
    )
    assert later.organisation == LGT
    undo_merge(known, done)
    assert find_person(known, "ana@nhs.net").organisation == "Lewisham + Greenwich Trust"
    assert find_person(known, "ben@nhs.net").organisation == LGT  # not moved by the merge
    after = {r.name: (r.id, r.aliases) for r in list_names(known, "organisation")}
    assert after == {r.name: (r.id, r.aliases) for r in before} | {LGT: (lgt, ())}
    with known.read() as session:
        assert session.scalar(select(func.count()).select_from(OrganisationAlias)) == 0
    merge(known, "organisation", duplicate, lgt)  # redo
    assert find_person(known, "ana@nhs.net").organisation == LGT
    assert ana.id


def test_merging_professions_renames_people_and_mentor_profiles_and_undoes(known):
    create_person(
        known, PersonInput("Ana", "Silva", "ana@nhs.net", profession="Ambulance clinician")
    )
    ben = create_person(known, PersonInput("Ben", "Cole", "ben@nhs.net", profession="Paramedic"))
    create_mentor(known, ben.id, MentorInput(professions="Ambulance clinician, Nursing"))
    rows = {r.name: r for r in list_names(known, "profession")}
    assert rows["Ambulance clinician"].people == 1  # listed once someone has it
    done = merge(known, "profession", rows["Ambulance clinician"].id, rows["Paramedic"].id)
    assert find_person(known, "ana@nhs.net").profession == "Paramedic"
    with known.read() as session:
        assert (
            session.scalar(select(Profession.id).where(Profession.name == "Ambulance clinician"))
            is None
        )
    from cohort_desk.services.mentoring.profiles import list_mentors

    assert list_mentors(known)[0].professions == "Paramedic, Nursing"
    undo_merge(known, done)
    assert find_person(known, "ana@nhs.net").profession == "Ambulance clinician"
    assert find_person(known, "ben@nhs.net").profession == "Paramedic"
    assert list_mentors(known)[0].professions == "Ambulance clinician, Nursing"


def test_an_organisation_cannot_be_merged_into_itself(known):
    with pytest.raises(ValidationError, match="two different"):
        merge(known, "organisation", 1, 1)
