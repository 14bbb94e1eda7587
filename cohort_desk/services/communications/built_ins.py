"""The templates Cohort Desk ships with; other features register their own here (intake's
offer and waiting-list letters), so every template is listed, edited and reset the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CALENDAR = "calendar"
CERTIFICATE = "certificate"
ATTACHMENT_KINDS = (CALENDAR, CERTIFICATE)


@dataclass(frozen=True)
class BuiltIn:
    name: str
    description: str
    subject: str
    body: str
    attachments: tuple[str, ...] = ()
    # Whom it is written for when no one says (the --to values of `cohort-desk mail`).
    audience: str = "participants"
    # Placeholders of the registering feature's own, with sample values for checking edits.
    sample: dict[str, Any] = field(default_factory=dict)


SIGN_OFF = """
With best wishes,
{{ academy.name }}
{% if academy.contact %}{{ academy.contact }}
{% endif %}"""

JOINING = BuiltIn(
    "joining-instructions",
    "Welcome and the dates of every session, with the calendar file",
    "Welcome to {{ cohort.programme }}: joining instructions",
    """Dear {{ preferred_name }},

Welcome to {{ cohort.programme }} ({{ cohort.name }}){% if cohort.dates %}, \
{{ cohort.dates }}{% endif %}. We are delighted that you are joining us.

Your sessions:
{% for s in cohort.sessions %}
- {{ s.date }}, {{ s.time }}: {{ s.title }}, {{ s.where }}\
{% if s.cancelled %} (cancelled){% endif %}

{% endfor %}

The attached calendar file puts the dates in your calendar: open it and choose Save & Close \
(in Outlook) or Add. To complete the programme you need to attend at least \
{{ cohort.min_attendance }}% of the sessions; if you cannot come to one, please tell us \
beforehand so that we can record your apologies.
"""
    + SIGN_OFF,
    (CALENDAR,),
)

REMINDER = BuiltIn(
    "reminder",
    "A reminder of one session (or a note that it is cancelled), with the calendar file",
    "{% if session.cancelled %}Cancelled{% else %}Reminder{% endif %}: {{ session.title }}, "
    "{{ session.start }}",
    """Dear {{ preferred_name }},

{% if session.cancelled %}
Please note that {{ session.title }} on {{ session.start }} has been cancelled\
{% if session.cancel_reason %} ({{ session.cancel_reason }}){% endif %}. \
Opening the attached calendar file marks it as cancelled in your calendar.
{% else %}
This is a reminder that {{ session.title }} takes place on {{ session.start }}\
{% if session.end %} until {{ session.end }}{% endif %}.

Where: {{ session.where }}
{% if session.online_link and session.venue %}Online: {{ session.online_link }}
{% endif %}
{% if session.facilitator %}Facilitator: {{ session.facilitator }}
{% endif %}
{% if session.what_to_bring %}Please bring: {{ session.what_to_bring }}
{% endif %}

If you can no longer come, please reply to let us know so that we can record your apologies.
{% endif %}
"""
    + SIGN_OFF,
    (CALENDAR,),
)

CERTIFICATE_MAIL = BuiltIn(
    "certificate",
    "The person's certificate, attached as a PDF",
    "Your certificate: {{ certificate.course }}",
    """Dear {{ preferred_name }},

{% if certificate.kind == "completion" %}Congratulations on completing \
{{ certificate.course }}.{% else %}Thank you for attending {{ certificate.course }}.{% endif %} \
Your certificate is attached{% if certificate.cpd_hours %}, recording \
{{ certificate.cpd_hours }} CPD hours{% endif %}.

Certificate number: {{ certificate.number }}
Verification code: {{ certificate.code }}

Anyone you show it to can check that it is genuine with the verification code\
{% if academy.contact %} by contacting {{ academy.contact }}{% endif %}.
"""
    + SIGN_OFF,
    (CERTIFICATE,),
    audience="eligible",
)

MISSED_YOU = BuiltIn(
    "missed-you",
    "After an absence: we missed you, and what comes next",
    "We missed you at {{ session.title }}",
    """Dear {{ preferred_name }},

We missed you at {{ session.title }} on {{ session.date }} and hope all is well.

{% if cohort.next_session %}
The next session is {{ cohort.next_session.title }} on {{ cohort.next_session.start }}, \
{{ cohort.next_session.where }}. \
{% endif %}
To complete {{ cohort.programme }} you need to attend at least {{ cohort.min_attendance }}% \
of the sessions. If something is making it hard to attend, please reply and tell us: we would \
like to help.
"""
    + SIGN_OFF,
    audience="absent",
)

MENTOR_INTRODUCTION = BuiltIn(
    "mentor-introduction",
    "Introduces a mentee and their mentor to each other (one e-mail to both)",
    "Introducing {{ mentee.full_name }} and {{ mentor.full_name }}",
    """Dear {{ mentee.preferred_name }} and {{ mentor.preferred_name }},

I am pleased to introduce you to each other as mentee and mentor for {{ cohort.programme }}.

{{ mentee.full_name }}{% if mentee.job_title %}, {{ mentee.job_title }}{% endif %}\
{% if mentee.organisation %}, {{ mentee.organisation }}{% endif %}
{{ mentor.full_name }}{% if mentor.job_title %}, {{ mentor.job_title }}{% endif %}\
{% if mentor.organisation %}, {{ mentor.organisation }}{% endif %}


{{ mentee.preferred_name }}, please contact {{ mentor.preferred_name }} \
({{ mentor.email }}) to arrange your first meeting in the next few weeks. We suggest meeting \
for an hour about once a month.
"""
    + SIGN_OFF,
    audience="pairs",
)

_BUILT_INS: dict[str, BuiltIn] = {
    t.name: t for t in (JOINING, REMINDER, CERTIFICATE_MAIL, MISSED_YOU, MENTOR_INTRODUCTION)
}


def register_built_in(template: BuiltIn) -> None:
    """Add a feature's own template (offer letters...). Registering the same one twice is
    harmless; a different template under a taken name is a programming error."""
    found = _BUILT_INS.get(template.name)
    if found is not None and found != template:
        raise ValueError(f"a different built-in template is already named {template.name!r}")
    for kind in template.attachments:
        if kind not in ATTACHMENT_KINDS:
            raise ValueError(f"unknown attachment kind {kind!r}")
    _BUILT_INS[template.name] = template


def built_in(name: str) -> BuiltIn | None:
    return _BUILT_INS.get(name)


def built_ins() -> list[BuiltIn]:
    return list(_BUILT_INS.values())
