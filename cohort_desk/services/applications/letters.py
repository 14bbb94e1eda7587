"""Decision letters: an offer, waiting-list or regret e-mail draft for exactly the applicants
whose status changed since their last letter, through the mail merge.

``Application.letter_status`` is the status the last letter told someone. A letter is due when
the application's status has a letter (offered, waiting, not selected) and differs from it.
Writing the letters records them in the mail history and sets ``letter_status`` for all of
them in one transaction, with every .eml file: all of the letters, or none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from cohort_desk import outputs
from cohort_desk.db.engine import Database
from cohort_desk.db.models import Application, Cohort, Person
from cohort_desk.db.types import utcnow
from cohort_desk.documents.text import long_date
from cohort_desk.errors import ConflictError, NotFoundError, RefusedError
from cohort_desk.rules.dates import to_local
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.wording import plural
from cohort_desk.services.applications.letter_templates import LETTER_FOR_STATUS
from cohort_desk.services.applications.records import application_ref
from cohort_desk.services.communications.history import record_written
from cohort_desk.services.communications.merge import MailPlan, MailRequest, plan_mail
from cohort_desk.services.communications.writing import (
    MailResult,
    drafts_folder,
    refuse_existing,
)
from cohort_desk.vocabulary import ApplicationStatus

# The words for each kind of letter in a summary: "2 offer letters".
KIND_WORDS = {
    ApplicationStatus.OFFERED: "offer letter",
    ApplicationStatus.WAITING: "waiting-list letter",
    ApplicationStatus.NOT_SELECTED: "regret letter",
}


@dataclass(frozen=True)
class LetterDue:
    application_id: int
    person_id: int
    name: str
    ref: str
    status: str  # what the letter will tell them
    told: str  # what their last letter told them ("" for none)
    waiting_position: int | None


@dataclass(frozen=True)
class LettersPlan:
    cohort_id: int
    cohort: str
    due: list[LetterDue]
    plans: list[MailPlan]  # one per kind of letter, in LETTER_FOR_STATUS's order

    def summary(self) -> str:
        """ "2 offer letters, 1 waiting-list letter and 4 regret letters"."""
        parts = []
        for status in LETTER_FOR_STATUS:
            count = sum(1 for d in self.due if d.status == status)
            if count:
                parts.append(plural(count, KIND_WORDS[status]))
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def letters_due(db: Database, cohort_id: int) -> list[LetterDue]:
    """The applicants whose status has a letter they have not had, in the order they applied."""
    with db.read() as session:
        if session.get(Cohort, cohort_id) is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        rows = session.execute(
            select(Application, Person)
            .join(Person, Person.id == Application.person_id)
            .where(
                Application.cohort_id == cohort_id,
                Application.status.in_(list(LETTER_FOR_STATUS)),
                Application.status != Application.letter_status,
                Person.erased_at.is_(None),
            )
            .order_by(Application.applied_at, Application.id)
        ).all()
        return [
            LetterDue(
                app.id,
                person.id,
                spoken_name(person.given_name, person.family_name),
                application_ref(app.id),
                app.status,
                app.letter_status,
                app.waiting_position,
            )
            for app, person in rows
        ]


def _extra(due: LetterDue, applied_at: datetime) -> dict[str, object]:
    return {
        "application": {
            "ref": due.ref,
            "applied_on": long_date(to_local(applied_at).date(), weekday=False),
            "status": due.status,
            "waiting_position": due.waiting_position or "",
        }
    }


def plan_letters(db: Database, cohort_id: int, now: datetime | None = None) -> LettersPlan:
    """Every letter due, filled in and checked; nothing written. Refused in one sentence when
    nobody's decision has changed since their last letter."""
    due = letters_due(db, cohort_id)
    with db.read() as session:
        cohort = session.get(Cohort, cohort_id)
        assert cohort is not None  # letters_due looked
        name = cohort.name
        applied = {
            a.id: a.applied_at
            for a in session.scalars(
                select(Application).where(Application.id.in_([d.application_id for d in due]))
            )
        }
    if not due:
        raise RefusedError(
            f"No decision letters are due for {name}: nobody's status has changed to offered, "
            "waiting list or not selected since their last letter, so nothing was written."
        )
    plans = []
    for status, template in LETTER_FOR_STATUS.items():
        mine = [d for d in due if d.status == status]
        if not mine:
            continue
        request = MailRequest(
            template,
            cohort_id=cohort_id,
            person_ids=[d.person_id for d in mine],
            extra={d.person_id: _extra(d, applied[d.application_id]) for d in mine},
        )
        plans.append(plan_mail(db, request, now))
    return LettersPlan(cohort_id, name, due, plans)


def write_letters(
    db: Database, plan: LettersPlan, folder: str | os.PathLike[str], *, overwrite: bool = False
) -> MailResult:
    """Write every planned letter into ``folder``, record them, and note what each person has
    now been told. Refused, with nothing written, when a status changed since the plan or a
    draft of the same name is in the folder (unless ``overwrite``)."""
    target = drafts_folder(folder, "the decision letters")
    files = {target / d.file_name: d.data for p in plan.plans for d in p.drafts}
    refuse_existing(files, target, overwrite)
    when = utcnow()
    written: list[Path] = []
    try:
        with db.write() as session:
            for due in plan.due:
                app = session.get(Application, due.application_id)
                if app is None or app.status != due.status or app.letter_status != due.told:
                    raise ConflictError(
                        f"{due.name}'s application changed after the letters were prepared; "
                        "prepare them again. Nothing was written."
                    )
                app.letter_status = due.status
            for mail in plan.plans:
                for draft in mail.drafts:
                    record_written(
                        session,
                        draft.person_ids,
                        mail.template.name,
                        draft.subject,
                        plan.cohort_id,
                        None,
                        [a.file_name for a in draft.attachments],
                        draft.file_name,
                        db.actor,
                        when,
                    )
            session.flush()
            # Files go in while nothing is committed: a file that cannot be written rolls the
            # records back, so nobody is marked as told by a letter that was never made.
            written = outputs.write_files(files, overwrite=overwrite)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return MailResult(target, written, len(plan.due))
