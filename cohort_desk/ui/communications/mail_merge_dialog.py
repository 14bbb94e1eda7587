"""The Mail merge dialog: choose a template, a cohort or session and whom to write to; see each
person's e-mail as it will read; write one draft per person into a folder, or open one person's
straight in the mail program. Nothing is written until Write drafts is pressed, and writing the
same e-mail to the same people again is asked about first."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.documents.calendar import safe_file_name
from cohort_desk.errors import UserError
from cohort_desk.rules.dates import format_date, format_day
from cohort_desk.rules.wording import plural
from cohort_desk.services.cohorts.records import list_cohorts
from cohort_desk.services.communications import Draft, MailPlan, MailRequest, plan_mail
from cohort_desk.services.communications.recipients import AUDIENCES
from cohort_desk.services.communications.templates import list_templates
from cohort_desk.services.communications.writing import opened_drafts_folder, write_mail
from cohort_desk.services.sessions.records import list_sessions
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit.fit import resize_to_fit
from cohort_desk.ui.kit.form import error_label, never_default, warning_style
from cohort_desk.ui.kit.rows import Column, RowTableModel
from cohort_desk.ui.kit.table import list_table
from cohort_desk.ui.kit.undo import attempt

FOLDER_KIND = "mail"
DRAFT_COLUMNS: list[Column[Draft]] = [
    Column("To", lambda d: d.names),
    Column("E-mail", lambda d: ", ".join(d.addresses)),
    Column("Written before", lambda d: format_date(d.written_before) if d.written_before else ""),
]


def _labelled(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class MailMergeDialog(QDialog):
    def __init__(
        self,
        db: Database,
        *,
        cohort_id: int | None = None,
        session_id: int | None = None,
        template: str = "",
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack
        self.plan: MailPlan | None = None
        self.written: list[Path] = []
        self.setWindowTitle("Mail merge")
        resize_to_fit(self, 1060, 640)  # inside 1366 x 768 with the taskbar and title bar

        self.template = QComboBox()
        self.edit_templates = QPushButton("Edit &templates…")
        self.edit_templates.clicked.connect(self._edit_templates)
        self.cohort = QComboBox()
        self.cohort.setMinimumContentsLength(24)
        self.session = QComboBox()
        self.session.setMinimumContentsLength(30)
        self.to = QComboBox()
        for key, words in AUDIENCES.items():
            self.to.addItem(words[:1].upper() + words[1:], key)
        self.folder = files.start_folder(FOLDER_KIND)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.choose_folder = QPushButton("&Folder…")
        self.choose_folder.clicked.connect(self._choose_folder)

        self.model: RowTableModel[Draft] = RowTableModel(DRAFT_COLUMNS, self)
        self.table = list_table(self.model, "Recipients")
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        for column, width in enumerate((140, 170, 100)):
            self.table.setColumnWidth(column, width)
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attached = QLabel()
        self.attached.setWordWrap(True)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setAccessibleName("The e-mail as it will read")
        self.repeat = QLabel()
        self.repeat.setWordWrap(True)
        self.repeat.setStyleSheet(warning_style())
        self.error = error_label()

        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(
            "&Write drafts", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            "&Open in mail program", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setToolTip("Write this person's e-mail only, and open it to send")
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        never_default(close, self.open_button)
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self._write)
        self.open_button.clicked.connect(self._open_one)
        close.clicked.connect(self.reject)

        self._lay_out()
        self._load(cohort_id, session_id, template)
        for combo in (self.template, self.cohort, self.session, self.to):
            combo.currentIndexChanged.connect(self._replan)
        self.template.currentIndexChanged.connect(self._template_chosen)
        self.cohort.currentIndexChanged.connect(self._load_sessions)
        self._replan()

    def _lay_out(self) -> None:
        form = QFormLayout()
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.edit_templates)
        form.addRow(_labelled("T&emplate", self.template), template_row)
        about = QHBoxLayout()
        about.addWidget(self.cohort, 1)
        about.addWidget(_labelled("&Session", self.session))
        about.addWidget(self.session, 1)
        form.addRow(_labelled("&Cohort", self.cohort), about)
        form.addRow(_labelled("&Write to", self.to), self.to)
        preview = QWidget()
        right = QVBoxLayout(preview)
        right.setContentsMargins(0, 0, 0, 0)
        for widget in (self.subject, self.attached):
            right.addWidget(widget)
        right.addWidget(self.body, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(preview)
        splitter.setSizes([430, 610])
        where = QHBoxLayout()
        where.addWidget(self.folder_label, 1)
        where.addWidget(self.choose_folder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.repeat)
        layout.addWidget(self.error)
        layout.addLayout(where)
        layout.addWidget(self.buttons)

    # Choices ------------------------------------------------------------------------------
    def _load(self, cohort_id: int | None, session_id: int | None, template: str) -> None:
        for combo in (self.template, self.cohort):
            combo.blockSignals(True)
        self._load_templates(template)
        for cohort in list_cohorts(self.db):
            self.cohort.addItem(cohort.name, cohort.id)
        if session_id is not None and cohort_id is None:
            found = [s for s in list_sessions(self.db) if s.id == session_id]
            cohort_id = found[0].cohort_id if found else None
        self.cohort.setCurrentIndex(max(self.cohort.findData(cohort_id), 0))
        self._load_sessions(session_id)
        for combo in (self.template, self.cohort):
            combo.blockSignals(False)
        self._template_chosen()

    def _load_templates(self, wanted: str) -> None:
        self.templates = {t.name: t for t in list_templates(self.db)}
        self.template.clear()
        for row in self.templates.values():
            self.template.addItem(f"{row.name} – {row.description}", row.name)
        self.template.setCurrentIndex(max(self.template.findData(wanted), 0))

    def _load_sessions(self, wanted: int | None = None) -> None:
        keep = wanted if isinstance(wanted, int) else self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem("The whole cohort", None)
        cohort_id = self.cohort.currentData()
        if cohort_id is not None:
            for row in list_sessions(self.db, cohort_id=cohort_id):
                gone = " (cancelled)" if row.cancelled else ""
                self.session.addItem(f"{format_day(row.starts_at)} {row.title}{gone}", row.id)
        self.session.setCurrentIndex(max(self.session.findData(keep), 0))
        self.session.blockSignals(False)

    def _template_chosen(self) -> None:
        row = self.templates.get(self.template.currentData())
        if row is not None:
            self.to.blockSignals(True)
            self.to.setCurrentIndex(max(self.to.findData(row.audience), 0))
            self.to.blockSignals(False)
        self._replan()

    # Planning -----------------------------------------------------------------------------
    def request(self) -> MailRequest:
        return MailRequest(
            template=str(self.template.currentData() or ""),
            cohort_id=self.cohort.currentData(),
            session_id=self.session.currentData(),
            to=str(self.to.currentData()),
        )

    def _replan(self, *_args: object) -> None:
        self.plan = None
        self.error.setVisible(False)
        try:
            if self.cohort.currentData() is None:
                raise UserError("Add a cohort first: e-mails are about a cohort or a session.")
            self.plan = plan_mail(self.db, self.request())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
        drafts = self.plan.drafts if self.plan else []
        self.model.set_rows(drafts)
        warning = self.plan.repeat_warning() if self.plan else None
        self.repeat.setText(warning or "")
        self.repeat.setVisible(bool(warning))
        self.write_button.setEnabled(bool(drafts))
        self.write_button.setText(
            f"&Write {plural(len(drafts), 'draft')}" if drafts else "&Write drafts"
        )
        if drafts:
            self.table.selectRow(0)
        self._show_selected()
        self._show_folder()

    def _show_selected(self, *_args: object) -> None:
        draft = self.table.current_row()
        self.open_button.setEnabled(draft is not None)
        if draft is None:
            self.subject.setText("")
            self.attached.setText("")
            self.body.setPlainText("")
            return
        to = "; ".join(f"{n} <{a}>" for n, a in zip(draft.display_names, draft.addresses,
                                                    strict=True))  # fmt: skip
        self.subject.setText(f"<b>To:</b> {_html(to)}<br><b>Subject:</b> {_html(draft.subject)}")
        names = ", ".join(a.file_name for a in draft.attachments) or "nothing"
        self.attached.setText(f"Attached: {names}")
        self.body.setPlainText(draft.body)

    def target_folder(self) -> Path:
        """A folder of its own for each merge, inside the folder chosen."""
        if self.plan is None:
            return self.folder
        about = self.plan.about.replace("/", "-")  # "on 08/02/2027" as a folder name
        return self.folder / safe_file_name(f"{self.plan.template.name} - {about}", "")

    def _show_folder(self) -> None:
        self.folder_label.setText(f"Drafts go to: {self.target_folder()}")

    def _choose_folder(self) -> None:
        chosen = files.ask_folder(self, FOLDER_KIND, "Where to put the e-mail drafts", self.folder)
        if chosen is not None:
            self.folder = chosen
            self._show_folder()

    def _edit_templates(self) -> None:
        from cohort_desk.ui.communications.template_editor import TemplateEditor

        editor = TemplateEditor(
            self.db,
            template=str(self.template.currentData() or ""),
            cohort_id=self.cohort.currentData(),
            undo_stack=self.undo_stack,
            parent=self,
        )
        dialogs.run(editor)
        chosen = self.template.currentData()
        self.template.blockSignals(True)
        self._load_templates(str(chosen or ""))
        self.template.blockSignals(False)
        self._replan()

    # Writing ------------------------------------------------------------------------------
    def _again_allowed(self, plan: MailPlan) -> bool | None:
        """None to stop; otherwise whether writing again was agreed to."""
        warning = plan.repeat_warning()
        if not warning:
            return False
        if ask.confirm(
            self, "Written before", f"{warning} Write it again?", "Write again", safe_default=True
        ):
            return True
        return None

    def _write(self) -> None:
        plan = self.plan
        if plan is None or not plan.drafts:
            return
        again = self._again_allowed(plan)
        if again is None:
            return
        folder = self.target_folder()
        clash = [d.file_name for d in plan.drafts if (folder / d.file_name).exists()]
        if clash and not ask.confirm(
            self,
            "Replace drafts?",
            f"{len(clash)} of these drafts are in {folder} already (e.g. {clash[0]}). "
            "Replace them?",
            "Replace",
            safe_default=True,
        ):
            return
        result = attempt(
            self, lambda: write_mail(self.db, plan, folder, overwrite=bool(clash), again=again)
        )
        if result is None:
            return
        self.written = result.files
        ask.inform(self, "Mail merge", result.summary)
        owner = self.parentWidget()
        if owner is not None and result.files:
            files.saved(owner, result.files[0], f"{len(result.files)} e-mail drafts")
        self.accept()

    def _open_one(self) -> None:
        plan, draft = self.plan, self.table.current_row()
        if plan is None or draft is None:
            return
        single = replace(plan, drafts=[draft])
        if self._again_allowed(single) is None:
            return
        result = attempt(
            self,
            lambda: write_mail(self.db, single, opened_drafts_folder(), overwrite=True, again=True),
        )
        if result is not None:
            files.open_file(self, result.files[0])
            self._replan()


def _html(text: str) -> str:
    import html

    return html.escape(text)
