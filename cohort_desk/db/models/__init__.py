"""Every table, importable from one place: ``from cohort_desk.db.models import Person``."""

from cohort_desk.db.models.base import Base
from cohort_desk.db.models.community import (
    CommunityMembership,
    LeadershipRole,
    MentoringMeeting,
    MentoringPair,
    MentorProfile,
)
from cohort_desk.db.models.feedback import FeedbackAnswer, FeedbackResponse
from cohort_desk.db.models.known_names import OrganisationAlias, Profession, ProfessionAlias
from cohort_desk.db.models.messages import MessageSent, MessageTemplate
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
    VerificationEntry,
)
from cohort_desk.db.models.selection import (
    APPLICATION_SOURCES,
    APPLICATION_STATUSES,
    Application,
    Score,
    SelectionCriterion,
)

__all__ = [
    "APPLICATION_SOURCES",
    "APPLICATION_STATUSES",
    "Application",
    "Attendance",
    "AuditEntry",
    "Base",
    "Certificate",
    "Cohort",
    "CohortSession",
    "CommunityMembership",
    "Enrolment",
    "EqualityRecord",
    "FeedbackAnswer",
    "FeedbackResponse",
    "ImportBatch",
    "ImportChange",
    "LeadershipRole",
    "MessageSent",
    "MessageTemplate",
    "MentorProfile",
    "MentoringMeeting",
    "MentoringPair",
    "Organisation",
    "OrganisationAlias",
    "Person",
    "Profession",
    "ProfessionAlias",
    "Programme",
    "Score",
    "SelectionCriterion",
    "Setting",
    "VerificationEntry",
    "person_ref",
]
