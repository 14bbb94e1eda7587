"""Pictures of the printed documents for the README: a register page and a certificate from
the demo data, a register with a name in every script the fonts cover, and the first two
pages of the demo's impact pack for the last quarter.

    python3 scripts/document_images.py            # writes docs/documents/*.png

Needs pdftoppm (Debian's poppler-utils).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "documents"


def _png(pdf: Path, name: str, dpi: int = 80, page: int = 1) -> None:
    """One page of the PDF (the first unless told) as docs/documents/NAME.png."""
    stem = OUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         pdf, stem],
        check=True,
    )  # fmt: skip
    print(f"wrote {stem.with_suffix('.png').relative_to(ROOT)}")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["COHORT_DESK_HOME"] = str(work / "home")
        (work / "home").mkdir()
        from cohort_desk.cli import lookup
        from cohort_desk.db.opening import open_database
        from cohort_desk.documents.registers import RegisterData, RegisterPerson, render_register
        from cohort_desk.services.attendance.marking import register_data
        from cohort_desk.services.certificates.issuing import issue
        from cohort_desk.services.demo.data import load_demo
        from cohort_desk.services.sessions.records import list_sessions

        db = open_database(f"sqlite:///{work / 'demo.db'}")
        load_demo(db, people=120, seed=7)
        cohort = "SLA Cohort 1 (2025-26)"
        first = list_sessions(db, cohort_id=lookup.cohort_id(db, cohort))[1]
        register = work / "register.pdf"
        register.write_bytes(render_register(register_data(db, first.id)))
        _png(register, "register")
        result = issue(db, work / "certificates", cohort_id=lookup.cohort_id(db, cohort))
        _png(result.files[0], "certificate")

        sys.path.insert(0, str(ROOT / "tests"))
        from pdf_checks import EVERY_SCRIPT

        people = [
            RegisterPerson(f"P{i:04d}", given, family, organisation)
            for i, ((family, given), organisation) in enumerate(
                zip(EVERY_SCRIPT.values(), _organisations(), strict=False), start=1
            )
        ]
        data = register_data(db, first.id)
        every = RegisterData(**{**data.__dict__, "people": people, "printed_at": datetime.now()})
        scripts = work / "every-script.pdf"
        scripts.write_bytes(render_register(every))
        _png(scripts, "register-every-script")
        impact_pack_pages(db, work)
    return 0


def impact_pack_pages(db: object, work: Path) -> None:
    """The demo's impact pack for the last whole quarter: its first two pages."""
    from datetime import date

    from cohort_desk.rules.impact import last_quarter
    from cohort_desk.services.reports.pack import build_pack, write_pack

    pack = build_pack(db, *last_quarter(date.today()))  # type: ignore[arg-type]
    path = write_pack(pack, work / "impact-pack.pdf", overwrite=True)
    for page in (1, 2):
        _png(path, f"impact-pack-{page}", page=page)


def _organisations() -> list[str]:
    names = [
        "Lewisham and Greenwich NHS Trust",
        "Guy's and St Thomas' NHS Foundation Trust",
        "King's College Hospital NHS Foundation Trust",
        "Oxleas NHS Foundation Trust",
        "South London and Maudsley NHS Foundation Trust",
        "Bromley Healthcare",
        "London Borough of Southwark",
        "Royal Borough of Greenwich",
        "NHS South East London ICB",
    ]
    return (names * 3)[:20]


if __name__ == "__main__":
    sys.exit(main())
