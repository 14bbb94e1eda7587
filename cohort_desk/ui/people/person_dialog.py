"""Add or edit a person, checking the e-mail and looking for duplicates as you type."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from cohort_desk.db.engine import Database
from cohort_desk.documents.fonts import describe_missing, missing_characters
from cohort_desk.errors import UserError
from cohort_desk.rules.known_names import Match, Unmatched
from cohort_desk.rules.names import check_email, printed_name
from cohort_desk.services.people.known_names import Kind, match_typed
from cohort_desk.services.people.lookup import SAME_EMAIL, FilterChoices, similar_people
from cohort_desk.services.people.records import PersonInput, PersonRow, create_person, update_person
from cohort_desk.ui.kit.form import FormDialog

TITLES = ("", "Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof")
CHECK_DELAY_MS = 300  # look for duplicates once typing pauses, not on every key
LINE_FIELDS = (
    ("given_name", "&Given name *"),
    ("family_name", "&Family name"),  # blank for someone with a single name
    ("preferred_name", "&Known as"),
    ("name_as_printed", "Name as &printed"),
    ("email", "&E-mail *"),
    ("phone", "&Phone"),
)


def _combo(items: list[str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(items)
    combo.setCurrentIndex(-1)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setAccessibleName(name)
    return combo


class PersonDialog(FormDialog):
    """``saved`` holds the row after a successful save; ``before`` the values it replaced."""

    open_existing = Signal(int)  # the user followed the link to a person already there

    def __init__(
        self,
        db: Database,
        person: PersonRow | None = None,
        choices: FilterChoices | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Edit {person.full_name}" if person else "New person", parent)
        self.db = db
        self.person = person
        self.saved: PersonRow | None = None
        self.before: PersonInput | None = input_from_row(person) if person else None
        self.set_minimum_width(520)
        choices = choices or FilterChoices([], [], [], [])

        self.edits: dict[str, QLineEdit] = {}
        form = self.form
        self.title_box = _combo(list(TITLES), "Title")
        form.addRow("&Title", self.title_box)
        for name, label in LINE_FIELDS:
            self.edits[name] = self._line(form, name, label)
            if name == "name_as_printed":
                self.edits[name].setPlaceholderText("e.g. NGUYỄN Thị Minh Khai, or Dr Ama Mensah")
                self.edits[name].setToolTip(
                    "How the name goes on certificates and registers: family name first, a "
                    "title, a preferred form. Leave empty to print the given and family names."
                )
                self.certificate_line = QLabel()
                self.certificate_line.setObjectName("certificateLine")
                self.certificate_line.setWordWrap(True)
                self.certificate_line.setTextFormat(Qt.TextFormat.RichText)
                self.certificate_line.setAccessibleName("Certificate line preview")
                form.addRow("", self.certificate_line)
            if name == "email":
                self.email_error = QLabel()
                self.email_error.setObjectName("fieldError")
                self.email_error.setWordWrap(True)
                self.email_error.hide()
                form.addRow("", self.email_error)
        self.organisation = _combo(choices.organisations, "Organisation")
        form.addRow("&Organisation", self.organisation)
        self.organisation_note = self._known_name_note(form, self.organisation, "organisation")
        self.edits["job_title"] = self._line(form, "job_title", "&Job title")
        self.profession = _combo(choices.professions, "Profession")
        form.addRow("P&rofession", self.profession)
        self.profession_note = self._known_name_note(form, self.profession, "profession")
        self.borough = _combo(choices.boroughs, "Borough")
        form.addRow("&Borough", self.borough)
        self.edits["interests"] = self._line(form, "interests", "&Interests")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.notes.setAccessibleName("Notes")
        form.addRow("&Notes", self.notes)

        self.duplicate_warning = QLabel()
        self.duplicate_warning.setObjectName("fieldWarning")
        self.duplicate_warning.setWordWrap(True)
        self.duplicate_warning.setTextFormat(Qt.TextFormat.RichText)
        self.duplicate_warning.linkActivated.connect(self._open_existing)
        self.duplicate_warning.hide()

        self.add_below(self.duplicate_warning)
        hint = QLabel("* required")
        hint.setObjectName("subheading")
        self.add_below(hint)
        self.fields = {
            **self.edits,
            "title": self.title_box,
            "organisation": self.organisation,
            "profession": self.profession,
            "borough": self.borough,
            "notes": self.notes,
        }

        self._ready = False
        self._email_taken = False
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_duplicates)
        for name in ("given_name", "family_name", "email"):
            self.edits[name].textChanged.connect(self._typed)
        for name in ("given_name", "family_name", "name_as_printed"):
            self.edits[name].textChanged.connect(self._preview)
        self.title_box.currentTextChanged.connect(self._preview)
        if person is not None:
            self._fill(person)
        self._typed()
        self._preview()
        self.edits["given_name"].setFocus()

    def _line(self, form: QFormLayout, name: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(label.replace("&", "").rstrip(" *"))
        form.addRow(label, edit)
        return edit

    def _fill(self, person: PersonRow) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(person, name))
        self.title_box.setCurrentText(person.title)
        self.organisation.setCurrentText(person.organisation)
        self.profession.setCurrentText(person.profession)
        self.borough.setCurrentText(person.borough)
        self.notes.setPlainText(person.notes)

    def _preview(self) -> None:
        """The certificate's line as it will print, and a warning when it cannot."""
        name = printed_name(
            self.title_box.currentText(),
            self.edits["given_name"].text(),
            self.edits["family_name"].text(),
            self.edits["name_as_printed"].text(),
        )
        missing = missing_characters(name)
        if not name:
            self.certificate_line.setText("")
        elif missing:
            problem = escape(describe_missing(missing))
            self.certificate_line.setText(
                f"<span style='color:#AA1E14'>Cannot be printed: {problem}.</span>"
            )
        else:
            self.certificate_line.setText(
                f"On certificates: <i>This is to certify that</i> <b>{escape(name)}</b>"
            )

    # Checking as you type -----------------------------------------------------------------
    def _typed(self) -> None:
        email = self.edits["email"].text().strip()
        problem = ""
        if email:
            try:
                check_email(email)
            except UserError as exc:
                problem = exc.message
        self.email_error.setText(problem)
        self.email_error.setVisible(bool(problem))
        self._ready = bool(self.edits["given_name"].text().strip() and email and not problem)
        self._update_save()
        self._check_timer.start()

    def _update_save(self) -> None:
        # Someone else already has this address: saving would only be refused.
        self.save_button.setEnabled(self._ready and not self._email_taken)

    def check_duplicates(self) -> None:
        found = similar_people(
            self.db,
            email=self.edits["email"].text(),
            given_name=self.edits["given_name"].text(),
            family_name=self.edits["family_name"].text(),
            exclude_id=self.person.id if self.person else None,
        )
        self._email_taken = any(other.reason == SAME_EMAIL for other in found)
        self._update_save()
        if not found:
            self.duplicate_warning.hide()
            return
        lines = []
        for other in found:
            archived = " (archived)" if other.archived else ""
            lines.append(
                f"{escape(other.name)} ({other.ref}){archived} {escape(other.reason)}: "
                f"<a href='person:{other.id}'>open their record</a>"
            )
        self.duplicate_warning.setText("Already here?<br>" + "<br>".join(lines))
        self.duplicate_warning.show()

    def _open_existing(self, link: str) -> None:
        self.open_existing.emit(int(link.removeprefix("person:")))
        self.close_without_asking()

    def _known_name_note(self, form: QFormLayout, combo: QComboBox, kind: Kind) -> QLabel:
        """Under an organisation or profession: what it will be saved as when it is a known
        one written another way ("Lewisham & Greenwich..."), or that it is new."""
        note = QLabel()
        note.setWordWrap(True)
        note.setAccessibleName(f"How the {kind} will be saved")
        note.hide()
        form.addRow("", note)

        def explain(text: str) -> None:
            result = match_typed(self.db, kind, text) if text.strip() else None
            if isinstance(result, Match):
                note.setText(f"Saved as {result.known.name}: {result.why}.")
            elif isinstance(result, Unmatched) and result.candidates:
                names = " or ".join(k.name for k in result.candidates)
                note.setText(f"A new {kind}; it could be {names}: choose one of those if so.")
            elif isinstance(result, Unmatched):
                note.setText(f"A new {kind}: check the spelling, or choose a known one.")
            note.setVisible(result is not None)

        combo.currentTextChanged.connect(explain)
        return note

    # Saving -------------------------------------------------------------------------------
    def person_input(self) -> PersonInput:
        text = {name: edit.text() for name, edit in self.edits.items()}
        return PersonInput(
            title=self.title_box.currentText(),
            organisation=self.organisation.currentText(),
            profession=self.profession.currentText(),
            borough=self.borough.currentText(),
            notes=self.notes.toPlainText(),
            **text,
        )

    def save(self) -> None:
        data = self.person_input()
        if self.person is None:
            self.saved = create_person(self.db, data)
        else:
            self.saved = update_person(self.db, self.person.id, data, self.person.version)


def input_from_row(row: PersonRow) -> PersonInput:
    return PersonInput(
        given_name=row.given_name,
        family_name=row.family_name,
        email=row.email,
        title=row.title,
        preferred_name=row.preferred_name,
        name_as_printed=row.name_as_printed,
        phone=row.phone,
        organisation=row.organisation,
        job_title=row.job_title,
        profession=row.profession,
        borough=row.borough,
        interests=row.interests,
        notes=row.notes,
    )
