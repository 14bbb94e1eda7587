"""Editing the e-mail templates: subject, body and attachments, with the placeholders listed
and a live preview for a chosen person. Saving and resetting to the built-in wording go on the
screen's undo stack (Ctrl+Z), and are stored in the database, so a shared database shares them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_day
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.communications.built_ins import CALENDAR, CERTIFICATE
from cohort_desk.services.communications.context import PLACEHOLDERS
from cohort_desk.services.communications.merge import Wording, preview_draft
from cohort_desk.services.communications.recipients import preview_people
from cohort_desk.services.communications.templates import (
    TemplateRow,
    add_template,
    list_templates,
    reset_template,
    save_template,
)
from cohort_desk.services.sessions.records import list_sessions
from cohort_desk.ui.kit import ask
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import error_label, never_default
from cohort_desk.ui.kit.undo import attempt, push_done

PREVIEW_DELAY_MS = 300  # typing pauses this long before the preview is drawn again
NEW_BODY = "Dear {{ preferred_name }},\n\n\nWith best wishes,\n{{ academy.name }}\n"


class TemplateEditor(QDialog):
    def __init__(
        self,
        db: Database,
        *,
        template: str = "",
        cohort_id: int | None = None,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.row: TemplateRow | None = None
        self.setWindowTitle("E-mail templates")
        resize_to_fit(self, 1180, 660)  # inside 1366 x 768

        self.names = QListWidget()
        self.names.setAccessibleName("Templates")
        self.names.setMaximumWidth(230)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Body")
        self.body.setTabChangesFocus(True)
        self.calendar = QCheckBox("Attach the calendar file of the session or cohort")
        self.certificate = QCheckBox("Attach the person's certificate (PDF)")
        self.placeholders = QListWidget()
        self.placeholders.setAccessibleName("Placeholders: double-click to insert")
        self.placeholders.setToolTip("Double-click to put the placeholder where the cursor is")
        self.placeholders.itemActivated.connect(self._insert_placeholder)

        self.cohort = QComboBox()
        self.session = QComboBox()
        self.person = QComboBox()
        self.person.setMinimumContentsLength(22)
        self.preview_subject = QLabel()
        self.preview_subject.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview_error = error_label()
        self.error = error_label()
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.update_preview)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.reset_button = self.buttons.addButton(
            "&Reset to built-in", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.new_button = self.buttons.addButton("&New…", QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        never_default(close, self.reset_button, self.new_button)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.new_button.clicked.connect(self.add)
        close.clicked.connect(self.reject)
        self._lay_out()

        for cohort in list_cohorts(db):
            self.cohort.addItem(cohort.name, cohort.id)
        self.cohort.setCurrentIndex(max(self.cohort.findData(cohort_id), 0))
        self._load_cohort()
        self.cohort.currentIndexChanged.connect(self._load_cohort)
        for combo in (self.session, self.person):
            combo.currentIndexChanged.connect(self.timer.start)
        for signal in (self.subject.textChanged, self.body.textChanged):
            signal.connect(self.timer.start)
        for box in (self.calendar, self.certificate):
            box.toggled.connect(self.timer.start)
        self._load_names(template)
        self.names.currentRowChanged.connect(self._template_chosen)
        self._template_chosen()

    def _lay_out(self) -> None:
        edit = QWidget()
        form = QFormLayout(edit)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.about)
        subject_label = QLabel("&Subject")
        subject_label.setBuddy(self.subject)
        form.addRow(subject_label, self.subject)
        body_label = QLabel("&Body")
        body_label.setBuddy(self.body)
        form.addRow(body_label, self.body)
        form.addRow("", self.calendar)
        form.addRow("", self.certificate)
        places = QLabel("&Placeholders (double-click to insert)")
        places.setBuddy(self.placeholders)
        form.addRow(places)
        form.addRow(self.placeholders)
        self.placeholders.setMaximumHeight(150)
        look = QWidget()
        right = QFormLayout(look)
        right.setContentsMargins(0, 0, 0, 0)
        right.addRow(_label("Preview &for", self.person), self.person)
        right.addRow(_label("C&ohort", self.cohort), self.cohort)
        right.addRow(_label("Sess&ion", self.session), self.session)
        right.addRow(self.preview_subject)
        right.addRow(self.preview)
        right.addRow(self.preview_error)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for part in (self.names, edit, look):
            splitter.addWidget(part)
        splitter.setSizes([200, 520, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.buttons)
        layout.addLayout(buttons)

    # Loading ------------------------------------------------------------------------------
    def _load_names(self, wanted: str) -> None:
        self.rows = {row.name: row for row in list_templates(self.db)}
        self.names.blockSignals(True)
        self.names.clear()
        for row in self.rows.values():
            state = " (edited)" if row.edited else "" if row.built_in else " (added)"
            item = QListWidgetItem(row.name + state)
            item.setData(Qt.ItemDataRole.UserRole, row.name)
            self.names.addItem(item)
        names = list(self.rows)
        self.names.setCurrentRow(names.index(wanted) if wanted in names else 0)
        self.names.blockSignals(False)

    def _template_chosen(self, *_args: object) -> None:
        if self.row is not None and self.has_changes():
            if not ask.ask_discard(self, f"Leave '{self.row.name}' without saving your changes?"):
                self.names.blockSignals(True)
                self.names.setCurrentRow(list(self.rows).index(self.row.name))
                self.names.blockSignals(False)
                return
        item = self.names.currentItem()
        self.show_template(self.rows[item.data(Qt.ItemDataRole.UserRole)] if item else None)

    def show_template(self, row: TemplateRow | None) -> None:
        self.row = row
        self.error.setVisible(False)
        if row is None:
            return
        kind = "built in" + (", edited" if row.edited else "") if row.built_in else "added"
        self.about.setText(f"<b>{row.name}</b> ({kind}): {row.description}")
        self.subject.setText(row.subject)
        self.body.setPlainText(row.body)
        self.calendar.setChecked(CALENDAR in row.attachments)
        self.certificate.setChecked(CERTIFICATE in row.attachments)
        self.reset_button.setEnabled(row.built_in and row.version is not None)
        self._list_placeholders(row)
        self.update_preview()

    def _list_placeholders(self, row: TemplateRow) -> None:
        """Everyone's placeholders, then a feature template's own (an offer's reply-by date),
        which that feature fills in and the preview shows with sample values."""
        self.placeholders.clear()
        where = row.written_from or "the feature that added it"
        own = [(name, f"filled in by {where}; a sample in the preview")
               for name in _names(row.sample)]  # fmt: skip
        for name, meaning in own + PLACEHOLDERS:
            item = QListWidgetItem(f"{{{{ {name} }}}}  {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, f"{{{{ {name} }}}}")
            self.placeholders.addItem(item)

    def _load_cohort(self) -> None:
        cohort_id = self.cohort.currentData()
        for combo in (self.session, self.person):
            combo.blockSignals(True)
            combo.clear()
        self.session.addItem("(the next session)", None)
        if cohort_id is not None:
            for s in list_sessions(self.db, cohort_id=cohort_id):
                self.session.addItem(f"{format_day(s.starts_at)} {s.title}", s.id)
            for person_id, label in preview_people(self.db, cohort_id):
                self.person.addItem(label, person_id)
        for combo in (self.session, self.person):
            combo.blockSignals(False)
        self.timer.start()

    # Editing ------------------------------------------------------------------------------
    def wording(self) -> Wording:
        kinds = [k for k, box in ((CALENDAR, self.calendar), (CERTIFICATE, self.certificate))
                 if box.isChecked()]  # fmt: skip
        return Wording(self.subject.text(), self.body.toPlainText(), tuple(kinds))

    def has_changes(self) -> bool:
        if self.row is None:
            return False
        now = self.wording()
        return (now.subject, now.body, now.attachments) != (
            self.row.subject, self.row.body, self.row.attachments,
        )  # fmt: skip

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        self.body.insertPlainText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.body.setFocus()

    def update_preview(self) -> None:
        row, person, cohort = self.row, self.person.currentData(), self.cohort.currentData()
        self.preview_error.setVisible(False)
        if row is None or person is None or cohort is None:
            self.preview_subject.setText("Choose a cohort with people in it to see a preview.")
            self.preview.setPlainText("")
            return
        try:
            draft = preview_draft(
                self.db, row.name, self.wording(), person, cohort, self.session.currentData()
            )
        except UserError as exc:
            self.preview_error.setText(exc.message)
            self.preview_error.setVisible(True)
            return
        attached = ", ".join(a.file_name for a in draft.attachments) or "nothing"
        self.preview_subject.setText(
            f"<b>To:</b> {_esc(draft.names)}<br><b>Subject:</b> {_esc(draft.subject)}"
            f"<br><b>Attached:</b> {_esc(attached)}"
        )
        self.preview.setPlainText(draft.body)

    # Saving -------------------------------------------------------------------------------
    def _run(self, work: Callable[[], TemplateRow]) -> TemplateRow | None:
        try:
            return work()
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return None

    def save(self) -> None:
        row = self.row
        if row is None:
            return
        text = self.wording()
        before = (row.subject, row.body, row.attachments)
        after = (text.subject, text.body, text.attachments)
        saved = self._run(lambda: save_template(self.db, row.name, *after, row.version))
        if saved is None:
            return
        state = {"version": saved.version}

        def put(wording: tuple[str, str, tuple[str, ...]]) -> None:
            state["version"] = save_template(self.db, row.name, *wording, state["version"]).version

        self._push(f"Edit the {row.name} template", lambda: put(before), lambda: put(after))
        self._reload(row.name)

    def reset(self) -> None:
        row = self.row
        if row is None or not ask.confirm(
            self,
            "Reset template",
            f"Put '{row.name}' back as Cohort Desk ships it? Your wording is kept in Undo.",
            "Reset",
        ):
            return
        before = (row.subject, row.body, row.attachments)
        if self._run(lambda: reset_template(self.db, row.name)) is None:
            return

        def undo() -> None:
            save_template(self.db, row.name, *before, None)

        self._push(
            f"Reset the {row.name} template", undo, lambda: reset_template(self.db, row.name)
        )
        self._reload(row.name)

    def add(self) -> None:
        name = ask.ask_text(
            self, "New template", "Name (lower case and hyphens, like welcome-back):"
        )
        if name is None:
            return
        made = attempt(
            self, lambda: add_template(self.db, name, "{{ cohort.programme }}", NEW_BODY)
        )
        if made is not None:
            self._reload(made.name)

    def _push(self, text: str, undo: Callable[[], object], redo: Callable[[], object]) -> None:
        if self.undo_stack is not None:
            push_done(self.undo_stack, text, undo, redo)

    def _reload(self, name: str) -> None:
        self.row = None
        self._load_names(name)
        self._template_chosen()

    def reject(self) -> None:
        if self.has_changes() and not ask.ask_discard(
            self, "Close without saving? Your changes to this template will be lost."
        ):
            return
        super().reject()


def _names(sample: Mapping[str, Any], prefix: str = "") -> list[str]:
    """{"offer": {"reply_by": ...}} -> ["offer.reply_by"]: the placeholders a sample fills."""
    names: list[str] = []
    for key, value in sample.items():
        if isinstance(value, Mapping):
            names += _names(value, f"{prefix}{key}.")
        else:
            names.append(f"{prefix}{key}")
    return names


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _esc(text: str) -> str:
    import html

    return html.escape(text)
