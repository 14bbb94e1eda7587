"""The People screen's detail pane: one person's cohorts, attendance, mentoring, certificates
and recent changes, as a read-only page with links to the people it mentions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from cohort_desk.rules.attendance import percentage_text
from cohort_desk.rules.dates import format_date, format_datetime
from cohort_desk.rules.wording import plural
from cohort_desk.services.people.detail import PersonDetail
from cohort_desk.vocabulary import EnrolmentStatus, MentoringPairStatus, Role

PERSON_LINK = "person:"
STATUS_WORDS = {status: status.capitalize() for status in (*EnrolmentStatus, *MentoringPairStatus)}


def _e(text: object) -> str:
    return escape(str(text))


def _section(title: str, body: str) -> str:
    return f"<h3>{_e(title)}</h3>{body}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{_e(h)}</th>" for h in headers)
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{cells}</table>"


def _none(text: str) -> str:
    return f"<p class='none'>{_e(text)}</p>"


def render_detail(detail: PersonDetail) -> str:
    """The pane's HTML; plain enough for QTextBrowser's HTML subset."""
    person = detail.person
    name = f"{person.title} {person.full_name}".strip()
    facts = [
        person.job_title,
        person.organisation,
        person.profession,
        person.borough,
    ]
    lines = [f"<h2>{_e(name)}</h2>"]
    if person.archived:
        lines.append("<p><b>Archived</b>: hidden from everyday lists; history kept.</p>")
    lines.append(f"<p>{'<br>'.join(_e(f) for f in facts if f) or _e(person.ref)}</p>")
    contact = [f"<a href='mailto:{_e(person.email)}'>{_e(person.email)}</a>"]
    if person.phone:
        contact.append(_e(person.phone))
    contact.append(f"Reference {_e(person.ref)}")
    lines.append(f"<p>{'<br>'.join(contact)}</p>")

    if detail.cohorts:
        rows = []
        for line in detail.cohorts:
            if line.percentage is None:
                rate = "–" if line.role == Role.PARTICIPANT else ""
            else:
                rate = f"{percentage_text(line.percentage)} ({line.attended} of {line.held})"
            status = STATUS_WORDS.get(line.status, line.status)
            if line.status != EnrolmentStatus.ENROLLED and line.status_on:
                status += f" {format_date(line.status_on)}"
            rows.append([_e(line.cohort), _e(line.role.capitalize()), _e(status), _e(rate)])
        body = _table(["Cohort", "Role", "Status", "Attendance"], rows)
    else:
        body = _none("Not enrolled in any cohort.")
    lines.append(_section("Cohorts and attendance", body))

    mentoring = []
    if detail.mentor_capacity is not None:
        current = sum(
            1
            for m in detail.mentoring
            if m.relation == "Mentee" and m.status == MentoringPairStatus.ACTIVE
        )
        mentoring.append(
            f"<p>Mentor: {current} of {plural(detail.mentor_capacity, 'place')} taken.</p>"
        )
    if detail.mentoring:
        rows = [
            [
                _e(m.relation),
                f"<a href='{PERSON_LINK}{m.person_id}'>{_e(m.name)}</a>",
                _e(STATUS_WORDS.get(m.status, m.status)),
                _e(m.cohort),
            ]
            for m in detail.mentoring
        ]
        mentoring.append(_table(["", "Name", "Status", "Cohort"], rows))
    elif detail.mentor_capacity is None:
        mentoring.append(_none("No mentor and no mentees."))
    lines.append(_section("Mentoring", "".join(mentoring)))

    if detail.certificates:
        rows = [
            [
                _e(c.number),
                _e(c.course),
                _e(format_date(c.issued_on)) + (" <b>revoked</b>" if c.revoked else ""),
            ]
            for c in detail.certificates
        ]
        body = _table(["Number", "Course", "Issued"], rows)
    else:
        body = _none("No certificates yet.")
    lines.append(_section("Certificates", body))

    if detail.changes:
        rows = [[_e(format_datetime(c.at)), _e(c.summary), _e(c.who)] for c in detail.changes]
        body = _table(["When", "What", "Who"], rows)
    else:
        body = _none("No changes recorded.")
    lines.append(_section("Recent changes", body))
    return "".join(lines)


class PersonDetailPane(QTextBrowser):
    """Shows one person; clicking a mentor's or mentee's name asks to show them instead."""

    person_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDetail")
        self.setAccessibleName("Details of the selected person")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.document().setDefaultStyleSheet(
            "h2 { margin-bottom: 2px; } h3 { margin-top: 14px; margin-bottom: 4px; }"
            " th { font-weight: bold; } p.none { color: gray; }"
        )
        self.show_nothing()

    def show_nothing(self, text: str = "Choose a person to see their details.") -> None:
        self.setHtml(f"<p class='none'>{_e(text)}</p>")

    def show_detail(self, detail: PersonDetail) -> None:
        self.setHtml(render_detail(detail))

    def _follow(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith(PERSON_LINK):
            self.person_clicked.emit(int(text.removeprefix(PERSON_LINK)))
        elif url.scheme() == "mailto":
            QDesktopServices.openUrl(url)  # the user's own e-mail program
