"""Integrity checks: SQLite's own checks, or sanity queries on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from cohort_desk.db.engine import Database
from cohort_desk.db.migrations import current_revision, head_revision
from cohort_desk.paths import readable_by_others
from cohort_desk.rules.wording import agree, plural

# Orphans that foreign keys should make impossible; checked where the database cannot.
ORPHAN_QUERIES = {
    "attendance without a session": "SELECT count(*) FROM attendance a "
    "LEFT JOIN sessions s ON s.id = a.session_id WHERE s.id IS NULL",
    "attendance without a person": "SELECT count(*) FROM attendance a "
    "LEFT JOIN people p ON p.id = a.person_id WHERE p.id IS NULL",
    "enrolments without a cohort": "SELECT count(*) FROM enrolments e "
    "LEFT JOIN cohorts c ON c.id = e.cohort_id WHERE c.id IS NULL",
    "sessions without a cohort": "SELECT count(*) FROM sessions s "
    "LEFT JOIN cohorts c ON c.id = s.cohort_id WHERE c.id IS NULL",
    "people sharing an e-mail": "SELECT count(*) FROM (SELECT email_key FROM people "
    "GROUP BY email_key HAVING count(*) > 1) d",
}


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # worth fixing, but the data is sound

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, quick: bool = False) -> CheckReport:
    report = CheckReport()
    with db.engine.connect() as connection:
        if db.is_sqlite:
            pragma = "quick_check" if quick else "integrity_check"
            result = [row[0] for row in connection.exec_driver_sql(f"PRAGMA {pragma}")]
            report.checked.append(f"SQLite {pragma.replace('_', ' ')}")
            if result != ["ok"]:
                report.problems.extend(f"SQLite reports: {line}" for line in result[:20])
            if not quick:
                bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                report.checked.append("foreign keys")
                if bad:
                    tables = sorted({row[0] for row in bad})
                    report.problems.append(
                        f"{plural(len(bad), 'row')} {agree(len(bad), 'points', 'point')} "
                        "at records that no longer exist "
                        f"(in {', '.join(tables)})."
                    )
        elif not quick:
            from cohort_desk.services.safety.server_checks import postgres_checks

            checked, problems = postgres_checks(connection)
            report.checked.extend(checked)
            report.problems.extend(problems)
        if not quick:
            for label, query in ORPHAN_QUERIES.items():
                count = connection.execute(text(query)).scalar_one()
                report.checked.append(label)
                if count:
                    report.problems.append(f"{count} {label}.")
    if not quick:
        report.checked.append("certificate signatures")
        report.problems.extend(certificate_problems(db))
        report.checked.append("the signing key's backup")
        if warning := signing_key_warning(db):
            report.warnings.append(warning)
    if db.file is not None and not quick:
        report.checked.append("who can read the file")
        if readable_by_others(db.file):
            report.warnings.append(
                f"Other accounts on this computer can read {db.file.name}; make it private "
                f'with: chmod 600 "{db.file}"'
            )
    current = current_revision(db)
    report.checked.append("schema version")
    if current != head_revision():
        report.problems.append(f"The schema is at version {current}, not {head_revision()}.")
    return report


def certificate_problems(db: Database, limit: int = 20) -> list[str]:
    """Certificates whose record no longer matches its signature (or code): changed,
    un-revoked or invented outside Cohort Desk."""
    from sqlalchemy import select

    from cohort_desk.db.models import Certificate
    from cohort_desk.services.certificates.signing import certificate_problem

    problems: list[str] = []
    with db.read() as session:
        for cert in session.scalars(select(Certificate).order_by(Certificate.id)):
            problem = certificate_problem(db, session, cert)
            if problem and problem not in problems:
                problems.append(problem)
            if len(problems) >= limit:
                break
    return problems


def signing_key_warning(db: Database) -> str | None:
    """Said by `check` and `backup` until the certificate signing key has been exported."""
    from cohort_desk.services.certificates.key_backup import missing_backup
    from cohort_desk.services.certificates.signing import describe_key

    fingerprint = describe_key(db)["fingerprint"]
    return missing_backup(db, str(fingerprint) if fingerprint else None)
