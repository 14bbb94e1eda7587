"""Publishing the verification page: what the data file reveals (nothing without a code),
what each code opens, and how the window knows the published list is behind."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from cohort_desk.cli import lookup
from cohort_desk.db.models import Certificate
from cohort_desk.db.opening import open_database
from cohort_desk.documents.verification_data import DATA_FILE, open_entry, parse_data_script
from cohort_desk.errors import RefusedError, ValidationError
from cohort_desk.services.certificates.issuing import issue, reissue_certificates
from cohort_desk.services.certificates.publishing import (
    publication_status,
    publish_again,
    publish_verification,
)
from cohort_desk.services.certificates.register import revoke
from tests.integration.certificate_data import P, build_cohort
from tests.verification_scenario import PEOPLE, TODAY, build_published_scenario


def _data(folder: Path) -> dict[str, Any]:
    return parse_data_script((folder / DATA_FILE).read_text(encoding="utf-8"))


def _searchable_forms(secret: str) -> set[str]:
    """Every form in which a search of the file could find ``secret``."""
    forms = {secret, secret.lower(), secret.upper(), secret.replace("-", "")}
    forms |= {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    for text in list(forms):
        raw = text.encode("utf-8")
        forms.add(raw.hex())
        # base64 of the text wherever it starts within a 3-byte group
        for pad in range(3):
            encoded = base64.b64encode(b"\0" * pad + raw).decode("ascii")
            middle = encoded[4 if pad else 0 : -4]
            if len(middle) >= 8:
                forms.add(middle)
                forms.add(middle.replace("+", "-").replace("/", "_"))
    return {f for f in forms if len(f) >= 4}


def test_the_data_file_holds_no_name_email_or_code_in_any_searchable_form(
    db: Any, tmp_path: Path
) -> None:
    scenario = build_published_scenario(db, tmp_path)
    publish_verification(db, tmp_path / "site")
    text = "".join(
        (tmp_path / "site" / name).read_text(encoding="utf-8") for name in ("index.html", DATA_FILE)
    )
    secrets = [f"{g} {f}" for g, f, _e in PEOPLE]
    secrets += [part for g, f, e in PEOPLE for part in (g, f, e, e.split("@")[0])]
    secrets += scenario.codes
    for secret in secrets:
        for form in _searchable_forms(secret):
            assert form not in text, f"{secret!r} is findable as {form!r}"
            assert form.lower() not in text.lower(), f"{secret!r} is findable as {form!r}"


def test_each_code_opens_its_own_entry_and_a_code_from_another_database_opens_none(
    db: Any, tmp_path: Path
) -> None:
    scenario = build_published_scenario(db, tmp_path)
    publish_verification(db, tmp_path / "site")
    data = _data(tmp_path / "site")
    assert len(data["entries"]) == 4 and data["kdf"]["iterations"] >= 10_000
    genuine = open_entry(scenario.genuine, data)
    assert genuine is not None
    assert genuine["name"] == "Zuzanna Kowalczyk-Ogunleye" and genuine["status"] == "valid"
    assert genuine["issued"] == TODAY.isoformat() and genuine["cpd_hours"] == 12.0
    assert "email" not in genuine and "reason" not in json.dumps(genuine)
    revoked = open_entry(scenario.revoked, data)
    assert revoked is not None and revoked["status"] == "revoked"
    assert revoked["replaced_by"] == scenario.replacement and revoked["revoked"]

    other = open_database(str(tmp_path / "other.db"))
    other.actor = "tester"
    try:
        foreign = build_published_scenario(other, tmp_path / "other")
    finally:
        other.dispose()
    assert open_entry(foreign.genuine, data) is None
    assert open_entry(foreign.revoked, data) is None


def test_the_window_counts_changes_since_publishing_and_publishing_again_catches_up(
    db: Any, tmp_path: Path
) -> None:
    assert publication_status(db).sentence == ("The verification page has not been published yet.")
    built = build_cohort(db, [(g, f, e, [P, P, P, P]) for g, f, e in PEOPLE[:2]])
    first = issue(
        db, tmp_path / "pdfs", cohort_id=lookup.cohort_id(db, "Cohort Hand 2026"), today=TODAY
    )
    published = publish_verification(db, tmp_path / "site")
    assert (published.certificates, published.derived) == (2, 2)
    status = publication_status(db)
    assert status.behind == 0 and status.sentence.startswith("The published list is up to date")

    revoke(db, first.numbers[0], "Issued in error")
    with db.read() as s:
        cert_id = s.query(Certificate.id).filter_by(number=first.numbers[1]).scalar()
    reissue_certificates(db, [cert_id], tmp_path / "again", today=TODAY)
    build_cohort(db, [("Ola", "Nowak", "ola@example.org", [P, P, P, P])], name="Second")
    issue(db, tmp_path / "pdfs2", cohort_id=lookup.cohort_id(db, "Second"), today=TODAY)
    status = publication_status(db)
    assert status.behind == 3
    assert status.sentence.startswith("The published list is 3 changes behind (published ")

    again = publish_again(db)
    assert again.folder == (tmp_path / "site").resolve()
    assert (again.certificates, again.revoked, again.derived) == (3, 1, 1)  # only the new code
    assert publication_status(db).behind == 0
    data = _data(tmp_path / "site")
    entry = open_entry(first.codes[0], data)
    assert entry is not None and entry["status"] == "revoked"
    assert built.cohort_id


def test_publishing_again_needs_a_first_publication_and_its_folder(db: Any, tmp_path: Path) -> None:
    with pytest.raises(RefusedError, match="not been published yet"):
        publish_again(db)
    publish_verification(db, tmp_path / "site")
    for name in ("index.html", "verify.js", "style.css", DATA_FILE):
        (tmp_path / "site" / name).unlink()
    (tmp_path / "site").rmdir()
    with pytest.raises(RefusedError, match="not on this computer"):
        publish_again(db)


def test_a_record_altered_behind_cohort_desks_back_is_left_out(db: Any, tmp_path: Path) -> None:
    build_cohort(db, [(g, f, e, [P, P, P, P]) for g, f, e in PEOPLE[:2]])
    first = issue(
        db, tmp_path / "pdfs", cohort_id=lookup.cohort_id(db, "Cohort Hand 2026"), today=TODAY
    )
    with db.write() as s:
        s.execute(
            update(Certificate)
            .where(Certificate.number == first.numbers[0])
            .values(issued_on=TODAY.replace(year=2020))
        )
    result = publish_verification(db, tmp_path / "site")
    assert result.certificates == 1 and result.left_out == [first.numbers[0]]
    assert "no longer checks out" in result.message
    assert open_entry(first.codes[0], _data(tmp_path / "site")) is None


def test_an_existing_page_is_replaced_only_when_asked(db: Any, tmp_path: Path) -> None:
    publish_verification(db, tmp_path / "site")
    with pytest.raises(ValidationError, match="already holds index.html; add --overwrite"):
        publish_verification(db, tmp_path / "site")
    (tmp_path / "site" / "photo.jpg").write_bytes(b"x")
    publish_verification(db, tmp_path / "site", overwrite=True)
    assert (tmp_path / "site" / "photo.jpg").exists()  # only the page's own files are touched
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ValidationError, match="is a file"):
        publish_verification(db, tmp_path / "a-file")


def test_the_command_publishes_and_refuses_in_one_sentence(cli: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = cli("publish-verification", "-o", str(site), "--json")
    assert done.code == 0, done.err
    shape = done.json()
    assert shape["certificates"] == 0 and shape["folder"] == str(site.resolve())
    assert sorted(Path(f).name for f in shape["files"]) == [
        DATA_FILE,
        "index.html",
        "style.css",
        "verify.js",
    ]
    refused = cli("publish-verification", "-o", str(site))
    assert refused.code == 2 and refused.out == ""
    assert refused.err.count("\n") == 1 and "--overwrite" in refused.err
    again = cli("publish-verification", "-o", str(site), "--overwrite")
    assert again.code == 0 and again.out.startswith("Published 0 certificates to ")
