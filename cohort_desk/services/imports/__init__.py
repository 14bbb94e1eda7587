"""Importing people from spreadsheets: preview (plan), apply, and undo, in one place.

Decisions a user will notice, kept here so the window and the command line agree:

- People are matched by e-mail address, ignoring case and surrounding spaces. A person on
  several rows of one file is one person; a later row's non-blank cells win.
- Blank cells never wipe what the database holds: an import only adds or changes values.
- Differences only of letter case or spacing, or another spelling of the same profession or
  borough, are not changes. The e-mail address itself is never changed by an import.
- Organisations and professions written another way than a known one (capitals, "&",
  punctuation, NHS FT, a known acronym or alias) are stored as the known one, and the plan
  says so; a new one is shown as new, and can be mapped to a known one before importing.
- Rows without a valid e-mail address, and new people without a first name and surname, are
  errors with their row number; blank rows and notes under the table are skipped.
- Importing a file that would change nothing writes nothing at all, not even a batch, so
  ``apply`` returns None and ``import --json`` prints ``"batch": null``.
- Applying checks every record it touches against the version the preview was made from and
  refuses, naming the person and field, if anything changed since (StalePlanError: preview
  again); cancelling rolls everything back.
- Every field an import sets is in the audit trail, as a hand edit's would be.
- A person on several rows is reported: earlier rows are "merged" into the last, so
  rows = new + updated + unchanged + merged + skipped + errors. Someone with a single name
  is kept with it as given name and no family name.
"""

from __future__ import annotations

from cohort_desk.services.imports.apply import apply
from cohort_desk.services.imports.compare import PersonChange
from cohort_desk.services.imports.freshness import StalePlanError
from cohort_desk.services.imports.known_names import NameInPlan
from cohort_desk.services.imports.plan import OUTCOMES, FieldChange, ImportPlan, RowOutcome, plan
from cohort_desk.services.imports.undo import UndoResult, undo

__all__ = [
    "OUTCOMES",
    "FieldChange",
    "ImportPlan",
    "NameInPlan",
    "PersonChange",
    "RowOutcome",
    "StalePlanError",
    "UndoResult",
    "apply",
    "plan",
    "undo",
]
