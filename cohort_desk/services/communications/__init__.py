"""E-mails and calendar entries for Outlook: templates people edit, drafts written one per
person (.eml, opened by Outlook ready to send), and sessions as iCalendar files.

The public API, for the window, the command line and other features (intake's decision
letters use the same merge with their own templates and exactly the people concerned):

- ``register_built_in(BuiltIn(...))``: a feature's own template, listed and edited like ours;
- ``plan_mail(db, MailRequest(template, cohort_id=..., person_ids=[...], extra={id: {...}}))``:
  every draft filled in and checked, nothing written; ``plan.repeat_warning()``;
- ``write_mail(db, plan, folder, overwrite=..., again=...)``: the .eml files and the record
  of what was written to whom, all or nothing;
- ``calendar_file(db, session_id=... | cohort_id=... | person_id=...)`` and ``write_calendar``.
"""

from cohort_desk.services.communications.built_ins import BuiltIn, register_built_in
from cohort_desk.services.communications.calendar import calendar_file, write_calendar
from cohort_desk.services.communications.merge import Draft, MailPlan, MailRequest, plan_mail
from cohort_desk.services.communications.writing import MailResult, write_mail

__all__ = [
    "BuiltIn",
    "Draft",
    "MailPlan",
    "MailRequest",
    "MailResult",
    "calendar_file",
    "plan_mail",
    "register_built_in",
    "write_calendar",
    "write_mail",
]
