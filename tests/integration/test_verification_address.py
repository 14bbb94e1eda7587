"""The verification address: set like any preference, opened by certificates' QR codes, printed
on the certificate, and accepted back whole by `verify`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cohort_desk.cli import lookup
from cohort_desk.documents import certificates as documents
from cohort_desk.errors import ValidationError
from cohort_desk.services import settings
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.register import verify
from tests.integration.certificate_data import P, build_cohort, pdf_text

ADDRESS = "https://academy.example.nhs.uk/verify/"


def _issue_capturing_qr(
    db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[str]]:
    drawn: list[str] = []
    real = documents.draw_qr
    monkeypatch.setattr(
        documents, "draw_qr", lambda c, payload, *a: (drawn.append(payload), real(c, payload, *a))
    )
    build_cohort(db, [("Ada", "Allen", "ada@example.org", [P, P, P, P])])
    return issue(db, tmp_path / "out", cohort_id=lookup.cohort_id(db, "Cohort Hand 2026")), drawn


def test_with_an_address_the_qr_opens_the_page_and_the_certificate_prints_it(
    db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.save(db, {"verification_address": f"  {ADDRESS} "})
    result, drawn = _issue_capturing_qr(db, tmp_path, monkeypatch)
    (code,) = result.codes
    assert drawn[0] == f"{ADDRESS}#{code}"
    text = " ".join(pdf_text(result.files[0]).split())
    assert f"Check this certificate at {ADDRESS} with code {code}" in text
    assert verify(db, f"{ADDRESS}#{code}").valid
    assert verify(db, f"{ADDRESS}#{code.lower().replace('-', '%20')}").valid


def test_without_an_address_the_qr_keeps_its_text_form(
    db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, drawn = _issue_capturing_qr(db, tmp_path, monkeypatch)
    (number,), (code,) = result.numbers, result.codes
    assert drawn[0] == f"COHORT-DESK-CERT {number} {code}"
    assert "Check this certificate at" not in pdf_text(result.files[0])
    assert verify(db, drawn[0]).valid


def test_a_bad_address_is_refused_by_the_window_and_the_command_line_alike(
    db: Any, cli: Any
) -> None:
    with pytest.raises(ValidationError, match="must start with https://") as error:
        settings.save(db, {"verification_address": "http://academy.example.nhs.uk/verify/"})
    refused = cli("preferences", "set", "verification_address", "http://academy.example.nhs.uk/")
    assert refused.code == 2 and refused.err.strip() == f"Error: {error.value.message}"
    assert settings.get(db, "verification_address") == ""


def test_every_shared_preference_is_listed_and_set_from_the_command_line(
    db: Any, cli: Any, tmp_path: Path
) -> None:
    listed = cli("preferences", "list", "--json")
    assert listed.code == 0
    names = [row["name"] for row in listed.json()]
    assert names == [*settings.OPTIONS, *settings.BLOB_OPTIONS]
    done = cli("preferences", "set", "verification_address", ADDRESS)
    assert done.code == 0 and ADDRESS in done.out
    assert cli("preferences", "set", "default_min_attendance", "80").code == 0
    assert cli("preferences", "set", "equality_monitoring", "yes").code == 0
    assert cli("preferences", "set", "certificate_prefix", "nhs1").code == 0
    assert cli("preferences", "set", "backup_folder", str(tmp_path)).code == 0
    values = settings.get_all(db)
    assert values["verification_address"] == ADDRESS
    assert (values["default_min_attendance"], values["equality_monitoring"]) == ("80.0", "1")
    assert values["certificate_prefix"] == "NHS1"
    assert values["backup_folder"] == str(tmp_path.resolve())

    for name, value, says in [
        ("equality_monitoring", "maybe", "on or off"),
        ("retention_years", "0", "between 1 and 100"),
        ("retention_years", "six", "whole number"),
        ("certificate_colour", "blue", "six hex digits"),
        ("certificate_prefix", "2026", "starting with a letter"),
        ("academy_name", "  ", "cannot be empty"),
        ("backup_folder", str(tmp_path / "missing"), "does not exist"),
        ("colour", "#000000", "not a preference"),
        ("logo", str(tmp_path / "missing.png"), "There is no file"),
    ]:
        refused = cli("preferences", "set", name, value)
        assert refused.code == 2 and says in refused.err and refused.out == "", (name, value)
    assert settings.get_all(db) == values  # nothing changed by any refusal
    (tmp_path / "fake.png").write_text("not a picture")
    refused = cli("preferences", "set", "logo", str(tmp_path / "fake.png"))
    assert refused.code == 2 and "not a PNG or JPEG" in refused.err


def test_the_organisations_backup_folder_is_shown_and_cannot_be_set_from_the_command_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = tmp_path / "org.ini"
    ini.write_text(f"[cohort-desk]\nbackup_folder = {tmp_path}\n", encoding="utf-8")
    monkeypatch.setenv("COHORT_DESK_ORG_SETTINGS", str(ini))
    listed = {row["name"]: row for row in cli("preferences", "list", "--json").json()}
    assert listed["backup_folder"]["value"] == str(tmp_path)
    assert "set by your organisation" in listed["backup_folder"]["label"]
    refused = cli("preferences", "set", "backup_folder", str(tmp_path))
    assert refused.code == 2 and "ask your IT team" in refused.err
