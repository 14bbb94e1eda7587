"""Every table, importable from one place: ``from cohort_desk.db.models import Person``."""

from cohort_desk.db.models.base import Base
from cohort_desk.db.models.community import (
    CommunityMembership,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
)
from cohort_desk.db.models.people import Organisation, Person, person_ref
from cohort_desk.db.models.programmes import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    Programme,
)
from cohort_desk.db.models.records import (
    AuditEntry,
    Certificate,
    EqualityRecord,
    ImportBatch,
    ImportChange,
    Setting,
)

__all__ = [
    "Attendance",
    "AuditEntry",
    "Base",
    "Certificate",
    "Cohort",
    "CohortSession",
    "CommunityMembership",
    "Enrolment",
    "EqualityRecord",
    "ImportBatch",
    "ImportChange",
    "LeadershipRole",
    "MentorProfile",
    "MentoringMeeting",
    "MentoringPair",
    "Organisation",
    "Person",
    "Programme",
    "Setting",
    "person_ref",
]
