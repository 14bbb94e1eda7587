"""The Certificates screen: the register of everything issued, issuing for a cohort or a
session, verifying a code, revoking, re-printing, and who is eligible in each cohort."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.services.certificates.issuing import IssueResult, issue, reissue_certificates
from cohort_desk.services.certificates.register import CertificateRow, verify
from cohort_desk.services.progress import Progress
from cohort_desk.ui.certificates.eligibility_tab import EligibilityPanel
from cohort_desk.ui.certificates.issue_dialog import (
    IssueCertificatesDialog,
    IssueRequest,
    remember_folder,
    remembered_folder,
)
from cohort_desk.ui.certificates.publish_bar import PublishBar
from cohort_desk.ui.certificates.register_tab import RegisterPanel
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit.theme import warning_colour
from cohort_desk.ui.kit.workers import BackgroundJob, run_in_background
from cohort_desk.ui.shell.screen import Screen


class CertificatesScreen(Screen):
    title = "Certificates"
    order = 60
    can_new = True  # Ctrl+N issues certificates
    can_print = True  # Ctrl+P re-prints the selected certificates
    can_export = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.job: BackgroundJob | None = None
        self.last_result: IssueResult | None = None
        self._search = ""
        self.issue_button = QPushButton("&Issue certificates…")
        self.issue_button.setToolTip(
            "Issue to everyone eligible in a cohort or at a session (Ctrl+N)"
        )
        self.issue_button.clicked.connect(self.issue_certificates)
        self.design_button = QPushButton("Certificate &design…")
        self.design_button.clicked.connect(self.open_design)
        self.key_button = QPushButton("Signing &key…")
        self.key_button.setToolTip("Which key signs certificates; export or import it")
        self.key_button.clicked.connect(self.open_signing_key)
        self.code = QLineEdit()
        self.code.setPlaceholderText("Verification code, e.g. 7KQM-2XPA-9HD4")
        self.code.setAccessibleName("Verification code to check")
        self.code.setClearButtonEnabled(True)
        self.code.setMinimumWidth(260)
        self.code.returnPressed.connect(self.check_code)
        check = QPushButton("&Check")
        check.clicked.connect(self.check_code)
        top = QHBoxLayout()
        top.addWidget(self.issue_button)
        top.addWidget(self.design_button)
        top.addWidget(self.key_button)
        top.addStretch(1)
        top.addWidget(QLabel("Verify:"))
        top.addWidget(self.code)
        top.addWidget(check)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setOpenExternalLinks(False)
        self.outcome.linkActivated.connect(lambda _link: self.open_folder())
        self.outcome.hide()

        self.publishing = PublishBar(db, self)
        self.register = RegisterPanel(db, self)
        self.register.changed.connect(self.data_changed.emit)
        self.register.changed.connect(self.publishing.refresh)  # a revocation puts it behind
        self.register.reprint_button.clicked.connect(self.print_current)
        self.register.table.selectionModel().selectionChanged.connect(
            lambda *_: self.status_changed.emit()
        )
        self.model, self.table = self.register.model, self.register.table

        self.eligibility = EligibilityPanel(db, self)
        self.eligibility.changed.connect(self.data_changed.emit)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, "Register")
        self.tabs.addTab(self.eligibility, "Eligibility")
        self.tabs.currentChanged.connect(lambda _i: self.status_changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.outcome)
        layout.addWidget(self.publishing)
        layout.addWidget(self.tabs, 1)
        self.setProperty("stale", True)  # loaded when first shown

    # Loading and filtering ----------------------------------------------------------------
    def refresh(self) -> None:
        self.setProperty("stale", False)
        self.register.refresh()
        self.eligibility.refresh()
        self.publishing.refresh()
        self.eligibility.set_search(self._search)
        self.table.restore_state()
        self.status_changed.emit()

    def set_search(self, text: str) -> None:
        self._search = text
        self.register.set_search(text)
        self.eligibility.set_search(text)
        self.status_changed.emit()

    def status_text(self) -> str:
        if self.tabs.currentIndex() == 1:
            return self.eligibility.summary.text()
        return self.register.status_text()

    # Issuing ------------------------------------------------------------------------------
    def new_record(self) -> None:
        self.issue_certificates()

    def issue_certificates(self) -> None:
        dialog = IssueCertificatesDialog(self.db, self, self.eligibility.cohort_id())
        with dialogs.opened(dialog) as (_, result):
            if result != QDialog.DialogCode.Accepted:
                return
            request = dialog.request()
        self.start_issue(request)

    def start_issue(self, request: IssueRequest) -> BackgroundJob:
        """Issue off the UI thread with a progress bar and Cancel; the outcome is shown above
        the register, with a link to the folder."""

        def work(progress: Progress) -> IssueResult:
            if request.session_id is None:
                return issue(
                    self.db,
                    request.folder,
                    cohort_id=request.cohort_id,
                    progress=progress,
                    reissue=request.reissue,
                )
            return issue(
                self.db,
                request.folder,
                session_id=request.session_id,
                progress=progress,
                reissue=request.reissue,
            )

        self.job = run_in_background(
            self, f"Issuing certificates: {request.what}", work, self._issued
        )
        return self.job

    def _issued(self, result: IssueResult) -> None:
        self.last_result = result
        folder = result.combined.parent if result.combined else None
        link = ' <a href="open">Open the folder</a>' if folder else ""
        self.outcome.setText(f"{result.message}{link}")
        self.outcome.show()
        ask.tell(self, result.message)
        if result.files:
            self.refresh()
            self.data_changed.emit()

    def open_folder(self) -> None:
        if self.last_result is not None and self.last_result.combined is not None:
            files.show_in_folder(self.last_result.combined)

    # Re-printing, revoking, verifying -----------------------------------------------------
    def ask_folder(self) -> Path | None:
        return files.ask_folder(
            self, "certificates", "Save the re-printed certificates in", remembered_folder()
        )

    def print_current(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            ask.tell(self, "Select the certificates to re-print first.")
            return
        folder = self.ask_folder()
        if folder is not None:
            remember_folder(folder)
            self.reprint(rows, folder)

    def reprint(self, rows: list[CertificateRow], folder: Path) -> BackgroundJob:
        ids = [r.id for r in rows]

        def work(progress: Progress) -> IssueResult:
            return reissue_certificates(self.db, ids, folder, progress)

        self.job = run_in_background(self, "Re-printing certificates", work, self._reprinted)
        return self.job

    def _reprinted(self, result: IssueResult) -> None:
        self._issued(result)
        if result.combined is not None and self.isVisible():
            try:
                from cohort_desk.ui.kit import printing
            except ImportError:  # printing arrived separately; the saved files still stand
                return
            printing.print_pdf(self, result.combined.read_bytes(), "Certificates")

    def check_code(self) -> None:
        text = self.code.text().strip()
        if not text:
            self.verdict.hide()
            return
        answer = verify(self.db, text)
        colour = "#007F3B" if answer.valid else warning_colour().name()
        mark = "✔" if answer.valid else "✘"
        self.verdict.setText(f'<span style="color:{colour}">{mark}</span> {answer.sentence}')
        self.verdict.setToolTip(answer.reason)
        self.verdict.show()
        if answer.number:
            self.tabs.setCurrentIndex(0)
            self.register.select_number(answer.number)

    # Design and export --------------------------------------------------------------------
    def open_design(self) -> None:
        from cohort_desk.ui.certificates.design_dialog import CertificateDesignDialog

        dialogs.run(CertificateDesignDialog(self.db, self))

    def open_signing_key(self) -> None:
        from cohort_desk.ui.certificates.key_dialog import SigningKeyDialog

        dialogs.run(SigningKeyDialog(self.db, self))

    def export_current(self) -> None:
        path = files.ask_save_path(
            self,
            "export",
            "Export the register of certificates",
            "Certificates register.xlsx",
            files.SPREADSHEETS,
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        self.register.export_to(path)


SCREEN = CertificatesScreen
