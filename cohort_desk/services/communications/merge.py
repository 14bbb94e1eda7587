"""Mail merge: one e-mail draft per recipient, planned in full before anything is written.

``plan_mail`` fills the template for every recipient and makes every attachment; any problem
(an unknown placeholder, a missing certificate, an address Outlook cannot use) is one sentence
before a file exists. ``write_mail`` then writes all the .eml files into a folder and records,
per person, what was written, in one go: all of them or none.

Other features call this with their own template and exactly the people concerned
(``MailRequest.person_ids``) and extra placeholders per person (``MailRequest.extra``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from cohort_desk.db.engine import Database
from cohort_desk.db.models import Cohort, CohortSession, Person
from cohort_desk.db.types import utcnow
from cohort_desk.errors import NotFoundError, RefusedError, ValidationError
from cohort_desk.rules.dates import format_date
from cohort_desk.rules.names import spoken_name
from cohort_desk.rules.wording import plural
from cohort_desk.services.common import session_in
from cohort_desk.services.communications import context as C
from cohort_desk.services.communications import recipients as R
from cohort_desk.services.communications.attachments import AttachmentMaker
from cohort_desk.services.communications.built_ins import CALENDAR, built_in
from cohort_desk.services.communications.eml import (
    Attachment,
    Mailbox,
    build_draft,
    draft_file_names,
)
from cohort_desk.services.communications.history import last_written
from cohort_desk.services.communications.rendering import placeholders_used, render
from cohort_desk.services.communications.templates import TemplateRow, template_in


@dataclass(frozen=True)
class MailRequest:
    """What to write: a template, for a cohort or a session, to a group or to named people."""

    template: str
    cohort_id: int | None = None
    session_id: int | None = None
    to: str | None = None  # one of recipients.AUDIENCES; None: participants
    person_ids: Sequence[int] | None = None  # exactly these people, instead of ``to``
    extra: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)  # per person
    shared: Mapping[str, Any] = field(default_factory=dict)  # for every recipient


@dataclass(frozen=True)
class Draft:
    person_ids: tuple[int, ...]
    display_names: tuple[str, ...]
    addresses: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...]
    file_name: str
    data: bytes
    written_before: datetime | None  # this template, for this cohort or session, to them

    @property
    def names(self) -> str:
        return " and ".join(self.display_names)


@dataclass(frozen=True)
class MailPlan:
    template: TemplateRow
    cohort_id: int | None
    session_id: int | None
    about: str  # "SLA Cohort 7", or "Action learning set 1 on 03/03/2026"
    audience: str | None
    drafts: list[Draft]

    @property
    def repeats(self) -> list[Draft]:
        return [d for d in self.drafts if d.written_before is not None]

    def repeat_warning(self) -> str | None:
        """One sentence when some of these people already had this e-mail written."""
        again = self.repeats
        if not again:
            return None
        last = max(d.written_before for d in again if d.written_before is not None)
        who = again[0].names + (f" and {plural(len(again) - 1, 'other')}" if len(again) > 1 else "")
        return (
            f"{who} already had the '{self.template.name}' e-mail for {self.about} written "
            f"(last on {format_date(last)}), so writing it again may send it twice."
        )


def _run(session: Session, request: MailRequest) -> tuple[Cohort, CohortSession | None]:
    meeting = None
    if request.session_id is not None:
        meeting = session_in(session, request.session_id)
        return meeting.cohort, meeting
    if request.cohort_id is not None:
        found = session.get(Cohort, request.cohort_id)
        if found is None:
            raise NotFoundError("That cohort is no longer in the database; refresh (F5).")
        return found, None
    raise ValidationError("Say which cohort or session the e-mails are about.", "cohort")


def _audience(template: TemplateRow, request: MailRequest) -> str:
    if request.to is None and template.audience != R.PARTICIPANTS:
        raise ValidationError(
            f"The '{template.name}' template is written for {R.AUDIENCES[template.audience]}; "
            f"choose them with --to {template.audience} (or --to participants to write to "
            "every participant).",
            field="to",
        )
    return R.check_audience(request.to or R.PARTICIPANTS, request.session_id)


def _people(session: Session, groups: list[R.Group], named: bool) -> dict[int, Person]:
    ids = {pid for group in groups for pid in group}
    people = {p.id: p for p in session.query(Person).filter(Person.id.in_(ids))}
    for pid in ids:
        person = people.get(pid)
        if person is None or person.erased_at is not None:
            if named:
                raise NotFoundError(f"Person {pid} is no longer in the database; refresh (F5).")
            people.pop(pid, None)
    return people


def _needs(template: TemplateRow) -> set[str]:
    return placeholders_used(template.subject) | placeholders_used(template.body)


def _check_run(template: TemplateRow, audience: str | None, values: dict[str, Any]) -> None:
    needs = _needs(template)
    if "session" in needs and "session" not in values:
        raise ValidationError(
            f"The '{template.name}' template speaks of one session, and "
            f"{values['cohort']['name']} has none to come; choose one (--session ID).",
            field="session",
        )
    if needs & {"mentor", "mentee"} and audience != "pairs":
        raise ValidationError(
            f"The '{template.name}' template introduces a mentee and their mentor; "
            "write it to mentoring pairs (--to pairs).",
            field="to",
        )


def _check_feature(template: TemplateRow, request: MailRequest) -> None:
    """A feature's template (an offer letter) needs the placeholders only that feature fills
    in; asked for anywhere else, it is refused in one sentence saying where to write it."""
    own = _needs(template) & set(template.sample)
    given = set(request.shared)
    if request.person_ids:
        given |= set.intersection(*(set(request.extra.get(p, {})) for p in request.person_ids))
    missing = sorted(own - given)
    if not missing:
        return
    where = template.written_from or "the part of Cohort Desk that added it"
    raise ValidationError(
        f"The '{template.name}' template is written from {where}, which fills in "
        f"{{{{ {missing[0]} }}}} for each person; write it from there.",
        field="template",
    )


@dataclass(frozen=True)
class Wording:
    """A template's text as being edited, not yet saved: previews use it instead."""

    subject: str
    body: str
    attachments: tuple[str, ...]


def plan_mail(
    db: Database,
    request: MailRequest,
    now: datetime | None = None,
    wording: Wording | None = None,
) -> MailPlan:
    """Every draft, filled in and checked, with nothing written yet."""
    now = now or utcnow()
    with db.read() as session:
        template = template_in(session, request.template)
        if wording is not None:
            template = replace(
                template,
                subject=wording.subject,
                body=wording.body,
                attachments=wording.attachments,
            )
        _check_feature(template, request)
        cohort, meeting = _run(session, request)
        named = request.person_ids is not None
        audience = None if named else _audience(template, request)
        groups = (
            R.named_groups(request.person_ids or ())
            if named
            else R.audience_groups(session, audience or R.PARTICIPANTS, cohort, meeting)
        )
        people = _people(session, groups, named)
        groups = [g for g in groups if all(pid in people for pid in g)]
        about = cohort.name
        shared: dict[str, Any] = {
            "academy": C.academy_values(session),
            "cohort": C.cohort_values(session, cohort, now),
        }
        run_session = meeting
        if meeting is not None:
            about = f"{meeting.title} on {format_date(meeting.starts_at)}"
        else:
            next_id = C.next_session(session, cohort.id, now)
            run_session = session.get(CohortSession, next_id) if next_id else None
        if run_session is not None:
            shared["session"] = C.session_values(session, run_session)
        _check_run(template, audience, shared)
        if not groups:
            whom = R.AUDIENCES.get(audience or "", "of the people chosen").split(" (")[0]
            raise RefusedError(f"{about} has no {whom}; nothing was written.")
        # A template about one session (a reminder) asked for by cohort is about the next
        # session: it attaches that session's calendar and is recorded against it, so next
        # month's reminder for the next session is not taken for this one written again.
        about_session = meeting
        if meeting is None and run_session is not None and "session" in _needs(template):
            about_session = run_session
            about = f"{run_session.title} on {format_date(run_session.starts_at)}"
        about_id = about_session.id if about_session is not None else None
        maker = AttachmentMaker(session, cohort, meeting, calendar_of=about_session)
        values = C.people_values(session, set(people))
        earlier = last_written(session, template.name, set(people), cohort.id, about_id)
        needs = _needs(template)
        drafts = [
            _draft(template, needs, group, values, people, shared, request, maker, earlier)
            for group in groups
        ]
        names = draft_file_names([(d.names, template.name) for d in drafts])
        drafts = [_with_file_name(d, name, now) for d, name in zip(drafts, names, strict=True)]
        return MailPlan(template, cohort.id, about_id, about, audience, drafts)


def _draft(
    template: TemplateRow,
    needs: set[str],
    group: R.Group,
    values: dict[int, dict[str, Any]],
    people: dict[int, Person],
    shared: dict[str, Any],
    request: MailRequest,
    maker: AttachmentMaker,
    earlier: dict[int, datetime],
) -> Draft:
    first = values[group[0]]
    context: dict[str, Any] = {**shared, **first, "person": first}
    if len(group) == 2:  # a mentee and their mentor
        context["mentee"], context["mentor"] = values[group[0]], values[group[1]]
    display = tuple(spoken_name(values[p]["given_name"], values[p]["family_name"]) for p in group)
    names = " and ".join(display)
    certificate = maker.certificate_of(group[0])
    if certificate is not None:
        context["certificate"] = C.certificate_values(certificate)
    elif "certificate" in needs:
        maker.certificate_pdf(group[0], names)  # says why there is none: not issued, revoked
    context.update(plain(request.shared))
    context.update(plain(request.extra.get(group[0], {})))
    rendered = render(template.subject, template.body, context, who=names)
    attachments: list[Attachment] = []
    for kind in template.attachments:
        if kind == CALENDAR:
            attachments.append(maker.calendar())
        else:
            attachments.append(maker.certificate_pdf(group[0], names))
    seen = [earlier[p] for p in group if p in earlier]
    return Draft(
        person_ids=group,
        display_names=display,
        addresses=tuple(people[p].email for p in group),
        subject=rendered.subject,
        body=rendered.body,
        attachments=tuple(attachments),
        file_name="",
        data=b"",
        written_before=max(seen) if seen else None,
    )


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """A caller's extra placeholders as plain text, numbers, lists and dicts only, so the
    sandbox's promise (nothing to reach into) holds for them too."""

    def clean(value: Any) -> Any:
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, Mapping):
            return {str(k): clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return str(value)

    return {str(k): clean(v) for k, v in values.items()}


def _with_file_name(draft: Draft, file_name: str, now: datetime) -> Draft:
    to = [Mailbox(n, a) for n, a in zip(draft.display_names, draft.addresses, strict=True)]
    data = build_draft(to, draft.subject, draft.body, draft.attachments, written_at=now)
    return replace(draft, file_name=file_name, data=data)


def preview_draft(
    db: Database,
    template: str,
    wording: Wording,
    person_id: int,
    cohort_id: int,
    session_id: int | None = None,
    now: datetime | None = None,
) -> Draft:
    """One person's e-mail from wording being edited, for the editor's live preview; an
    introduction is shown for the pair the person is in, and a feature's own placeholders
    (an offer's reply-by date) show their sample values."""
    shipped = built_in(template.strip().lower())
    sample = dict(shipped.sample) if shipped else {}
    uses = placeholders_used(wording.subject) | placeholders_used(wording.body)
    if uses & {"mentor", "mentee"}:
        request = MailRequest(
            template, cohort_id=cohort_id, session_id=session_id, to="pairs", shared=sample
        )
        for draft in plan_mail(db, request, now, wording).drafts:
            if person_id in draft.person_ids:
                return draft
        raise ValidationError(
            "This template introduces a mentee and their mentor: choose someone in a "
            "mentoring pair of this cohort to see it.",
            field="person",
        )
    request = MailRequest(
        template, cohort_id=cohort_id, session_id=session_id, person_ids=[person_id],
        shared=sample,
    )  # fmt: skip
    return plan_mail(db, request, now, wording).drafts[0]
