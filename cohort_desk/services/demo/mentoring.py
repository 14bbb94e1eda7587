"""Demo mentoring and leadership beyond the basics: ended and proposed pairs, a mentor over
capacity, meetings with notes, and enough system roles for the leadership report to look real.

Kept apart from demo.py, with its own random stream, so the rest of the demo data stays
exactly as it was for a given seed.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cohort_desk.db.models import (
    Cohort,
    CommunityMembership,
    Enrolment,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
    Organisation,
    Person,
)
from cohort_desk.rules.matching import Weights, score
from cohort_desk.services.mentoring.profiles import mentee_value, mentor_value
from cohort_desk.vocabulary import EnrolmentStatus, MeetingMode, MentoringPairStatus, Role

NOTES = (
    "Talked through the first 90 days in the new role and who to meet across the borough.",
    "Worked on a stakeholder map for the frailty pathway; agreed to shadow a place board.",
    "Reflected on a difficult conversation with a GP federation; practised reframing.",
    "Reviewed progress on the quality improvement project and its measures.",
    "Discussed applying for the clinical lead post; mentor to share her own application.",
)
Orgs = dict[int, int | None]  # person id -> organisation id

END_REASONS = ("Programme finished", "Goals met", "Mentee changed role")
EXTRA_ROLES = (
    ("Clinical lead, frailty", "Lewisham Local Care Partnership", 1.0),
    ("Mental health lead, Lambeth place", "Lambeth Together", 1.0),
    ("Primary care lead, Greenwich", "Healthier Greenwich Partnership", 2.0),
    ("Chair, SEL workforce steering group", "NHS South East London ICB", 0.5),
    ("Health inequalities champion", "Partnership Southwark", 0.5),
    ("Member, SEL clinical senate", "NHS South East London ICB", 0.5),
    ("Neighbourhood team lead", "One Bromley", 1.5),
    ("Digital clinical safety officer", "NHS South East London ICB", 1.0),
    ("Carers lead, Bexley place", "Bexley Wellbeing Partnership", 1.0),
    ("Community pharmacy clinical lead", "NHS South East London ICB", 2.0),
)


def enrich_demo(session: Session, today: date, mentors: list[int], ids: list[int]) -> None:
    rng = random.Random(f"cohort-desk-demo-{len(ids)}-{today.isoformat()}")
    orgs = dict(session.execute(select(Person.id, Person.organisation_id)).all())
    _no_pair_within_an_organisation(session, mentors, orgs)
    # A meetings log records what happened: nothing dated after today.
    session.execute(delete(MentoringMeeting).where(MentoringMeeting.held_on > today))
    cohorts = list(session.scalars(select(Cohort).order_by(Cohort.id)))
    if len(cohorts) >= 2:
        _ended_pairs(session, rng, cohorts[0], mentors, orgs, today)
        _proposed_pairs(session, cohorts[1], mentors, orgs, today)
    _one_mentor_over_capacity(session)
    _reasons_for_every_pair(session)
    _more_roles(session, rng, ids, today)
    _more_members(session, rng, ids[-21:], today)


def _other_organisation(mentors: list[int], start: int, mentee: int, orgs: Orgs) -> int:
    for step in range(len(mentors)):
        mentor = mentors[(start + step) % len(mentors)]
        if orgs.get(mentor) != orgs.get(mentee):
            return mentor
    return mentors[start % len(mentors)]


def _no_pair_within_an_organisation(session: Session, mentors: list[int], orgs: Orgs) -> None:
    # The hard rule holds for the demo's own pairs too: an administrator would never make one.
    for index, pair in enumerate(session.scalars(select(MentoringPair).order_by(MentoringPair.id))):
        if orgs.get(pair.mentor_id) == orgs.get(pair.mentee_id):
            pair.mentor_id = _other_organisation(mentors[:10], index + 1, pair.mentee_id, orgs)


def _participants(session: Session, cohort: Cohort) -> list[int]:
    return list(
        session.scalars(
            select(Enrolment.person_id)
            .where(
                Enrolment.cohort_id == cohort.id,
                Enrolment.role == Role.PARTICIPANT,
                Enrolment.status == EnrolmentStatus.ENROLLED,
            )
            .order_by(Enrolment.person_id)
        )
    )


def _ended_pairs(
    session: Session,
    rng: random.Random,
    cohort: Cohort,
    mentors: list[int],
    orgs: Orgs,
    today: date,
) -> None:
    """Last year's cohort had mentors too: those pairs ended when the programme did."""
    start = (cohort.starts_on or today) + timedelta(days=14)
    end = min(cohort.ends_on or today, today)
    for index, mentee in enumerate(_participants(session, cohort)[:8]):
        pair = MentoringPair(
            mentor_id=_other_organisation(mentors, index + 3, mentee, orgs),
            mentee_id=mentee,
            cohort_id=cohort.id,
            status=MentoringPairStatus.ENDED,
            proposed_on=start - timedelta(days=7),
            started_on=start,
            ended_on=end,
            end_reason=END_REASONS[index % len(END_REASONS)],
        )
        session.add(pair)
        session.flush()
        for number in range(rng.randint(3, 6)):
            session.add(
                MentoringMeeting(
                    pair_id=pair.id,
                    held_on=start + timedelta(days=7 + 30 * number),
                    minutes=rng.choice((45, 60, 60, 90)),
                    mode=rng.choice(list(MeetingMode)),
                    notes=rng.choice(NOTES) if rng.random() < 0.7 else "",
                )
            )


def _proposed_pairs(
    session: Session, cohort: Cohort, mentors: list[int], orgs: Orgs, today: date
) -> None:
    paired = set(session.scalars(select(MentoringPair.mentee_id)))
    waiting = [p for p in _participants(session, cohort) if p not in paired][:2]
    for index, mentee in enumerate(waiting):
        session.add(
            MentoringPair(
                mentor_id=_other_organisation(mentors[10:13], index, mentee, orgs),
                mentee_id=mentee,
                cohort_id=cohort.id,
                status=MentoringPairStatus.PROPOSED,
                proposed_on=today - timedelta(days=5),
            )
        )
    session.flush()


def _one_mentor_over_capacity(session: Session) -> None:
    """It happens: a mentor takes on a new job and lowers their capacity below their load."""
    active = Counter(
        session.scalars(
            select(MentoringPair.mentor_id).where(
                MentoringPair.status == MentoringPairStatus.ACTIVE
            )
        )
    )
    if not active:
        return
    busiest, count = max(sorted(active.items()), key=lambda item: item[1])
    profile = session.scalar(select(MentorProfile).where(MentorProfile.person_id == busiest))
    if profile is not None and count >= 2:
        profile.capacity = count - 1
        profile.notes = "Lowered capacity after starting a new director post; no new mentees."


def _reasons_for_every_pair(session: Session) -> None:
    """Pairs show why they were made, as pairs made in the window or by `match` do."""
    orgs = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    profiles = {p.person_id: p for p in session.scalars(select(MentorProfile))}
    for pair in session.scalars(select(MentoringPair)):
        profile = profiles.get(pair.mentor_id)
        if pair.reasons or profile is None:
            continue
        mentor, mentee = session.get(Person, pair.mentor_id), session.get(Person, pair.mentee_id)
        assert mentor is not None and mentee is not None
        pair.score, pair.reasons = score(
            mentee_value(mentee, orgs.get(mentee.organisation_id or 0, "")),
            mentor_value(profile, mentor, orgs.get(mentor.organisation_id or 0, ""), (0, 0)),
            Weights(),
        )


def _more_roles(session: Session, rng: random.Random, ids: list[int], today: date) -> None:
    orgs = {name: oid for oid, name in session.execute(select(Organisation.id, Organisation.name))}
    for role in session.scalars(select(LeadershipRole)):
        role.organisation_id = orgs.get(role.body)
    holders = rng.sample(ids, min(50, len(ids)))
    for index, person_id in enumerate(holders):
        title, body, days = EXTRA_ROLES[index % len(EXTRA_ROLES)]
        started = today - timedelta(days=rng.randint(20, 1000))
        ended = started + timedelta(days=rng.randint(120, 500)) if index % 6 == 5 else None
        session.add(
            LeadershipRole(
                person_id=person_id,
                title=title,
                body=body,
                organisation_id=orgs.get(body),
                days_per_week=days,
                starts_on=started,
                ends_on=ended if ended is None or ended < today else None,
            )
        )


def _more_members(session: Session, rng: random.Random, people: list[int], today: date) -> None:
    """Facilitators and mentors join the community too, added by hand; one has left."""
    members = set(session.scalars(select(CommunityMembership.person_id)))
    for index, person_id in enumerate(p for p in people[:6] if p not in members):
        joined = today - timedelta(days=rng.randint(100, 600))
        consent = index % 3 != 2
        session.add(
            CommunityMembership(
                person_id=person_id,
                joined_on=joined,
                consent_to_contact=consent and index != 0,
                consent_on=joined + timedelta(days=3) if consent and index != 0 else None,
                source="added",
                interests="system leadership, coaching",
                left_on=today - timedelta(days=40) if index == 0 else None,
            )
        )
