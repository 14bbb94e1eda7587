"""The decision letters' wording: an offer, a place on the waiting list, and a regret. They are
built-in templates of the mail merge (listed, edited and reset like its own), written by
``letters.py`` for exactly the people whose status changed since their last letter.

Besides the mail merge's placeholders each letter has ``application``: ``ref`` (A0042),
``applied_on`` (4 January 2027), ``status`` and ``waiting_position`` (a number, or empty).
This module imports nothing: the mail merge's built_ins.py makes these into its templates
(adding its sign-off) as it loads, so they are listed whatever was imported first.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cohort_desk.vocabulary import ApplicationStatus


class Letter(NamedTuple):
    name: str
    description: str
    subject: str
    body: str  # the mail merge adds its sign-off
    sample: dict[str, Any]


SAMPLE: dict[str, Any] = {
    "application": {
        "ref": "A0042",
        "applied_on": "4 January 2027",
        "status": ApplicationStatus.OFFERED,
        "waiting_position": 2,
    }
}

OFFER = Letter(
    "offer-letter",
    "Decision letter: the offer of a place",
    "Your application to {{ cohort.programme }}: an offer of a place",
    """Dear {{ preferred_name }},

Thank you for applying to {{ cohort.programme }} ({{ cohort.name }}). I am delighted to tell \
you that the selection panel would like to offer you a place{% if cohort.dates %}, \
{{ cohort.dates }}{% endif %}.

Please reply to this e-mail to accept or decline the place. If you accept, we will send your \
joining instructions with the dates of every session.

Your application reference is {{ application.ref }}.
""",
    SAMPLE,
)

WAITING = Letter(
    "waiting-list-letter",
    "Decision letter: a place on the waiting list",
    "Your application to {{ cohort.programme }}: the waiting list",
    """Dear {{ preferred_name }},

Thank you for applying to {{ cohort.programme }} ({{ cohort.name }}). The selection panel was \
impressed by your application, but all the places have been offered for now. We would like to \
keep you on the waiting list{% if application.waiting_position %}, where you are number \
{{ application.waiting_position }}{% endif %}.

If a place becomes free before the programme starts, we will offer it to the people on the \
waiting list in turn and write to you straight away. If you would rather not stay on the list, \
please reply to let us know.

Your application reference is {{ application.ref }}.
""",
    SAMPLE,
)

REGRET = Letter(
    "regret-letter",
    "Decision letter: not selected this time",
    "Your application to {{ cohort.programme }}",
    """Dear {{ preferred_name }},

Thank you for applying to {{ cohort.programme }} ({{ cohort.name }}) and for the time you gave \
to your application. We received many more strong applications than there are places, and I am \
sorry to tell you that the panel has not been able to offer you a place this time.

We hope that you will apply again for a future cohort. If you would like feedback on your \
application, please reply to this e-mail.

Your application reference is {{ application.ref }}.
""",
    SAMPLE,
)

# The status a letter tells, and its template's name; the statuses with no letter have none.
LETTER_FOR_STATUS = {
    ApplicationStatus.OFFERED: OFFER.name,
    ApplicationStatus.WAITING: WAITING.name,
    ApplicationStatus.NOT_SELECTED: REGRET.name,
}
DECISION_LETTERS = (OFFER, WAITING, REGRET)
