"""A demo cohort in selection: applications with answers, the panel's criteria and scores, a
waiting list, offers made, accepted and declined, and the place a decline freed, proposed.

Kept apart from data.py, with its own random stream, so the rest of the demo data stays
exactly as it was for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    Application,
    Cohort,
    Enrolment,
    EqualityRecord,
    Programme,
    Score,
    SelectionCriterion,
)
from cohort_desk.rules.dates import local_to_utc
from cohort_desk.rules.privacy import AGE_BANDS, ETHNICITIES, SEXES
from cohort_desk.vocabulary import ApplicationStatus, EnrolmentStatus, Role

COHORT = "SLA Cohort 3 (2027-28)"
PLACES = 12
CRITERIA = (
    ("Commitment to system working", "Works beyond their own organisation's walls"),
    ("Impact on patients and communities", "Can say who benefits, and how they will know"),
    ("Readiness to lead across organisations", "Has started; needs the programme to go further"),
)
PANEL = ("panel.chair", "panel.member")
WHY = (
    "I lead a frailty service that depends on three organisations working as one, and I want "
    "to learn how to make that partnership last beyond the people in it now.",
    "Our neighbourhood team is new. I want the skills to bring GPs, social care and the "
    "voluntary sector round one table and keep them there.",
    "I have seen how discharge delays are made between organisations, not inside them; the "
    "Academy would help me lead the fix across the borough.",
    "I am moving from a clinical role into a system one and want a network of peers who are "
    "doing the same.",
    "Health inequalities in my borough will not close through one service; I want to lead "
    "work that joins the council's and the NHS's efforts up.",
)
CHANGE = (
    "I set up a joint clinic with the council's housing team for people with COPD living in "
    "damp homes; admissions fell by a third in a year.",
    "I chaired the working group that merged two community nursing rotas across the borough "
    "boundary.",
    "I led a pharmacy-led review of care home medicines with three GP practices.",
    "I brought together the hospital and the voluntary sector to run a winter hub.",
)
SUPPORT = ("Yes", "Yes", "Yes, with time released on Thursdays", "Discussed; awaiting sign-off")
# The stages of the 36 applications, in the order they arrived.
STAGES: list[ApplicationStatus] = (
    [ApplicationStatus.ACCEPTED] * 3
    + [ApplicationStatus.OFFERED] * 8
    + [ApplicationStatus.DECLINED]
    + [ApplicationStatus.WAITING] * 3
    + [ApplicationStatus.SHORTLISTED] * 9
    + [ApplicationStatus.NOT_SELECTED] * 6
    + [ApplicationStatus.APPLIED] * 6
)


def add_selection(session: Session, today: date, participants: list[int]) -> None:
    """The cohort and its applicants, chosen from ``participants`` (people already known)."""
    rng = random.Random(f"cohort-desk-selection-{today.isoformat()}")
    programme = session.scalar(select(Programme).order_by(Programme.id))
    if programme is None or len(participants) < len(STAGES):
        return
    starts = today + timedelta(days=200)
    cohort = Cohort(
        programme_id=programme.id,
        name=COHORT,
        starts_on=starts,
        ends_on=starts + timedelta(weeks=30),
        places=PLACES,
        applications_open_on=today - timedelta(days=40),
        applications_close_on=today + timedelta(days=5),
    )
    session.add(cohort)
    session.flush()
    criteria = [
        SelectionCriterion(
            cohort_id=cohort.id, name=name, description=words, position=index, scale_max=5
        )
        for index, (name, words) in enumerate(CRITERIA, start=1)
    ]
    session.add_all(criteria)
    session.flush()
    applicants = rng.sample(participants, len(STAGES))
    order = sorted(applicants, key=lambda _p: rng.random())
    stages, merits = _stages_by_merit(rng, order)
    waiting = 0
    for number, person_id in enumerate(order):
        stage = stages[person_id]
        sent = local_to_utc(
            today - timedelta(days=38 - number), time(9 + number % 9, 5 * (number % 12))
        )
        app = _application(rng, cohort.id, person_id, stage, sent, today)
        if stage == ApplicationStatus.WAITING:
            waiting += 1
            app.waiting_position = waiting
        session.add(app)
        session.flush()
        # Everyone past the first sift is scored, but for a few shortlisted still to do.
        still_to_score = stage == ApplicationStatus.SHORTLISTED and number % 4 == 1
        if stage != ApplicationStatus.APPLIED and not still_to_score:
            _score(session, rng, app, criteria, merits[person_id])
        if stage == ApplicationStatus.ACCEPTED:
            session.add(
                Enrolment(
                    person_id=person_id,
                    cohort_id=cohort.id,
                    role=Role.PARTICIPANT,
                    status=EnrolmentStatus.ENROLLED,
                    status_on=today - timedelta(days=3),
                )
            )
    _equality_for(session, rng, applicants)


def _stages_by_merit(
    rng: random.Random, order: list[int]
) -> tuple[dict[int, ApplicationStatus], dict[int, int]]:
    """The better the applicant, the further they got: merit decides the stage, so the panel's
    scores and the outcomes agree as they would in life."""
    ranked = sorted(order, key=lambda _p: rng.random())
    stages = {person_id: STAGES[rank] for rank, person_id in enumerate(ranked)}
    merits = {person_id: max(1, 5 - rank // 8) for rank, person_id in enumerate(ranked)}
    return stages, merits


def _application(
    rng: random.Random, cohort_id: int, person_id: int, stage: str, sent: datetime, today: date
) -> Application:
    moved = local_to_utc(today - timedelta(days=rng.randint(1, 6)), time(11))
    reached_offer = stage in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.OFFERED,
        ApplicationStatus.DECLINED,
    )
    return Application(
        person_id=person_id,
        cohort_id=cohort_id,
        status=stage,
        answers={
            "Why do you want to join the Academy?": rng.choice(WHY),
            "Tell us about a time you led change across organisations.": rng.choice(CHANGE),
            "Does your line manager support your application?": rng.choice(SUPPORT),
        },
        applied_at=sent,
        source="demo",
        status_changed_at=moved if stage != ApplicationStatus.APPLIED else sent,
        shortlisted_at=moved
        if stage not in (ApplicationStatus.APPLIED, ApplicationStatus.NOT_SELECTED)
        else None,
        offered_at=moved if reached_offer else None,
        accepted_at=moved if stage == ApplicationStatus.ACCEPTED else None,
        letter_status=ApplicationStatus.OFFERED if stage == ApplicationStatus.ACCEPTED else "",
    )


def _score(
    session: Session,
    rng: random.Random,
    app: Application,
    criteria: list[SelectionCriterion],
    merit: int,
) -> None:
    for member in PANEL:
        for criterion in criteria:
            value = min(5, max(1, merit + rng.choice((-1, 0, 0, 1))))
            session.add(
                Score(
                    application_id=app.id,
                    criterion_id=criterion.id,
                    person_id=app.person_id,
                    panel_member=member,
                    value=value,
                    note=rng.choice(("", "Clear examples", "Thin on outcomes", "Strong support")),
                )
            )


def _equality_for(session: Session, rng: random.Random, applicants: list[int]) -> None:
    """Monitoring answers for applicants who have none yet (some never give them)."""
    have = set(session.scalars(select(EqualityRecord.person_id)))
    for person_id in applicants:
        if person_id in have or rng.random() < 0.2:
            continue
        session.add(
            EqualityRecord(
                person_id=person_id,
                age_band=rng.choice(AGE_BANDS[1:5]),
                sex=rng.choice(SEXES[:2]),
                ethnicity=rng.choice(ETHNICITIES[:-1]),
                disability=rng.choice(("No", "No", "No", "Yes")),
            )
        )
