"""Certificates are drawn with no lock held: another administrator's save does not wait for a
run's PDFs, a run whose plan another run made stale is drawn again with fresh numbers, and the
last resort (drawing under the lock, as every run once did) still issues."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from cohort_desk.db.models import Certificate, Person
from cohort_desk.db.opening import open_database
from cohort_desk.errors import RefusedError
from cohort_desk.services.certificates import drawing
from cohort_desk.services.certificates.issuing import issue, reissue_certificates
from cohort_desk.services.certificates.register import revoke
from cohort_desk.services.progress import Progress
from tests.integration.certificate_data import HAND_CASES, TODAY, build_cohort, cohort_id


def test_another_save_does_not_wait_while_the_pdfs_are_drawn(db, db_url, tmp_path):
    build_cohort(db, HAND_CASES)
    other = open_database(db_url)
    waits: list[float] = []

    def save_elsewhere(done: int, total: int, text: str) -> None:
        if done == 1:  # mid-way through drawing the single files
            started = time.monotonic()
            with other.write() as session:
                person = session.scalars(select(Person).order_by(Person.id)).first()
                assert person is not None
                person.preferred_name = "Sam"
            waits.append(time.monotonic() - started)

    try:
        result = issue(
            db,
            tmp_path / "out",
            cohort_id=cohort_id(db),
            progress=Progress(save_elsewhere),
            today=TODAY,
        )
    finally:
        other.dispose()
    assert result.issued == 3
    assert len(waits) == 1 and waits[0] < 1.0
    with db.read() as session:
        saved = session.scalars(select(Certificate)).all()
    assert [c.sequence for c in saved] == [1, 2, 3]
    assert all(len(c.file_sha256) == 64 and c.signature for c in saved)


def test_a_run_made_stale_while_drawing_is_drawn_again(db, db_url, tmp_path):
    build_cohort(db, HAND_CASES)
    build_cohort(
        db,
        [(f"P{i}", "Second", f"p{i}@example.org", ["present"] * 4) for i in range(2)],
        name="Second",
    )
    drawn: list[str] = []

    def other_run_first(done: int, total: int, text: str) -> None:
        drawn.append(text)
        if len(drawn) == 1:  # another administrator issues the second cohort meanwhile
            issue(db, tmp_path / "second", cohort_id=cohort_id(db, "Second"), today=TODAY)

    result = issue(
        db,
        tmp_path / "out",
        cohort_id=cohort_id(db),
        progress=Progress(other_run_first),
        today=TODAY,
    )
    assert result.issued == 3
    assert result.numbers == [f"SLA-2026-{n:04d}" for n in (3, 4, 5)]
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == 4 and not [n for n in files if n.startswith(".")]
    with db.read() as session:
        assert session.scalars(select(Certificate.sequence)).all() == [1, 2, 3, 4, 5]


def test_a_reprint_whose_certificate_was_revoked_meanwhile_is_refused(db, tmp_path):
    build_cohort(db, HAND_CASES)
    first = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    with db.read() as session:
        target = session.scalars(select(Certificate).order_by(Certificate.id)).first()
        assert target is not None

    def revoke_meanwhile(done: int, total: int, text: str) -> None:
        if done == 0:
            revoke(db, target.number, "Issued in error")

    with pytest.raises(RefusedError, match="revoked"):
        reissue_certificates(
            db, [target.id], tmp_path / "again", progress=Progress(revoke_meanwhile)
        )
    assert first.issued == 3
    assert not [p for p in (tmp_path / "again").iterdir()]


def test_the_last_resort_draws_under_the_lock(db, tmp_path, monkeypatch):
    build_cohort(db, HAND_CASES)
    monkeypatch.setattr(drawing, "OPTIMISTIC_TRIES", 0)
    result = issue(db, tmp_path / "out", cohort_id=cohort_id(db), today=TODAY)
    assert result.issued == 3
    with db.read() as session:
        assert session.scalars(select(Certificate.sequence)).all() == [1, 2, 3]
