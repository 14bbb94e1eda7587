"""The demo's finished cohorts, completed as issuing certificates would complete them.

Issuing itself is not called: it makes this computer's signing key and a random certificate
secret, and writes a PDF for each person, none of which a demo should leave behind or could repeat
for the same seed. The eligibility is the real one (the cohort's completion rule over its
attendance), so the participants marked completed are exactly those issuing would mark."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Cohort, Enrolment
from cohort_desk.services.certificates.eligibility import cohort_candidates
from cohort_desk.vocabulary import EnrolmentStatus


def complete_finished(session: Session, cohort: Cohort) -> int:
    """Mark completed, on the cohort's end date, each enrolled participant the completion rule
    makes eligible; the number marked."""
    eligible = {row.enrolment_id for row in cohort_candidates(session, cohort) if row.eligible}
    if not eligible:
        return 0
    marked = 0
    for enrolment in session.scalars(
        select(Enrolment).where(
            Enrolment.id.in_(eligible), Enrolment.status == EnrolmentStatus.ENROLLED
        )
    ):
        enrolment.status, enrolment.status_on = EnrolmentStatus.COMPLETED, cohort.ends_on
        marked += 1
    session.flush()
    return marked
