"""What a draft may carry: only documents Cohort Desk makes itself, for that person or for the
cohort or session the e-mail is about. Nothing here takes a file path, so no template, name
or caller can attach a file from the disk.

- the calendar file of the session (or of the cohort's whole programme);
- the person's own certificate for this cohort (completion) or session (attendance), drawn
  again from its record by the same code that issues and re-prints certificates, with the
  name, number and code it was issued with (so its signature still holds).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import Certificate, Cohort, CohortSession, Person
from cohort_desk.documents.certificates import certificate_file_name, render_certificate
from cohort_desk.errors import RefusedError
from cohort_desk.services.certificates.design import design_in
from cohort_desk.services.certificates.files import page_for
from cohort_desk.services.communications.calendar import (
    CalendarFile,
    cohort_calendar_in,
    session_calendar_in,
)
from cohort_desk.services.communications.eml import Attachment

PDF = "application/pdf"


class AttachmentMaker:
    """Makes each attachment once per merge (the calendar is the same for everyone)."""

    def __init__(self, session: Session, cohort: Cohort, meeting: CohortSession | None) -> None:
        self.session = session
        self.cohort = cohort
        self.meeting = meeting
        self._calendar: CalendarFile | None = None
        self._certificates: dict[int, Certificate] | None = None
        self._cache: dict[tuple[str, int | None], tuple[str, str, str]] = {}

    def calendar(self) -> Attachment:
        if self._calendar is None:
            self._calendar = (
                session_calendar_in(self.session, self.meeting.id)
                if self.meeting is not None
                else cohort_calendar_in(self.session, self.cohort)
            )
        found = self._calendar
        return Attachment(found.file_name, found.data, found.content_type)

    def _issued(self) -> dict[int, Certificate]:
        if self._certificates is None:
            if self.meeting is not None:
                where = (Certificate.session_id == self.meeting.id,
                         Certificate.kind == "attendance")  # fmt: skip
            else:
                where = (Certificate.cohort_id == self.cohort.id,
                         Certificate.kind == "completion")  # fmt: skip
            query = select(Certificate).where(*where).order_by(Certificate.id)
            self._certificates = {c.person_id: c for c in self.session.scalars(query)}
        return self._certificates

    def certificate_of(self, person_id: int) -> Certificate | None:
        """The person's certificate for this cohort or session, unless it was revoked."""
        cert = self._issued().get(person_id)
        return None if cert is None or cert.revoked_at is not None else cert

    def certificate_pdf(self, person_id: int, name: str) -> Attachment:
        cert = self._issued().get(person_id)
        what = self.meeting.title if self.meeting is not None else self.cohort.name
        if cert is None:
            raise RefusedError(
                f"{name} has no certificate for {what} yet, so there is none to attach; "
                "issue the certificates first, or leave them out of this e-mail."
            )
        if cert.revoked_at is not None:
            raise RefusedError(
                f"{name}'s certificate {cert.number} was revoked, so it cannot be sent; "
                "leave them out of this e-mail."
            )
        page = page_for(self.session, cert, cert.holder_name, cert.cpd_hours, self._cache)
        data = render_certificate(page, design_in(self.session))
        person = self.session.get(Person, person_id)
        assert person is not None
        file_name = certificate_file_name(person.family_name, person.given_name, page.course)
        return Attachment(file_name, data, PDF)
