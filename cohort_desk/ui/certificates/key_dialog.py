"""The certificate signing key in the window: which key signs, whether this computer holds it,
and the two ways it travels to a second administrator (export and import with a passphrase),
as `cohort-desk certificate key export/import` do on the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk.db.engine import Database
from cohort_desk.errors import ValidationError
from cohort_desk.services.certificates import signing
from cohort_desk.ui.kit import ask, dialogs, files
from cohort_desk.ui.kit.form import FormDialog

KEY_FILES = {"Cohort Desk key file (*.pem)": ".pem"}


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def key_status(db: Database) -> str:
    found = signing.describe_key(db)
    if found["fingerprint"] is None:
        return "No certificate has been signed yet; the key is made with the first one."
    if found["here"]:
        where = (
            f"Certificates are signed with key {found['fingerprint']}. This computer holds it, "
            "in a file only your account can read."
        )
    else:
        where = (
            f"Certificates are signed with key {found['fingerprint']}, which this computer does "
            "not hold: import the key file another administrator exported to issue or revoke here."
        )
    backed_up = found["backed_up"]
    if isinstance(backed_up, date):
        return (
            f"{where} Its backup: exported on {backed_up:%d/%m/%Y}, encrypted with a passphrase; "
            "a copy is kept in the backup folder's keys folder."
        )
    return f"{where} It has no backup yet: export it now."


HOW_IT_IS_BACKED_UP = (
    "Certificates are signed with a private key kept outside the database, so nobody who can "
    "only edit the database can alter or invent one; for the same reason the key is not in the "
    "database's backups. Its backup is the export: a file encrypted with a passphrase of your "
    "choosing. Each export is also copied into the backup folder's keys folder with every "
    "daily backup. Keep the passphrase apart from the file (a password manager or a sealed "
    "envelope). A second administrator imports the same file to issue or revoke on their "
    "computer; on a new computer, restore the database from its backup and import the key."
)


class ExportKeyDialog(FormDialog):
    """A passphrase, typed twice, to encrypt the key written to ``target``."""

    def __init__(self, db: Database, target: Path, parent: QWidget | None = None) -> None:
        super().__init__("Export the signing key", parent, save_text="&Export")
        self.db, self.target = db, target
        self.fingerprint = ""
        self.passphrase = _secret_field("Passphrase")
        self.again = _secret_field("The same passphrase again")
        self.form.addRow("Key file:", QLabel(str(target)))
        self.form.addRow("&Passphrase:", self.passphrase)
        self.form.addRow("&Again:", self.again)
        self.fields = {"passphrase": self.passphrase, "again": self.again}
        note = QLabel(
            f"At least {signing.MIN_PASSPHRASE} characters. Give the passphrase to the other "
            "administrator separately from the file, and keep the file apart from the "
            "database's backups: it is the key's own backup."
        )
        note.setWordWrap(True)
        self.add_below(note)

    def save(self) -> None:
        if self.passphrase.text() != self.again.text():
            raise ValidationError("The two passphrases differ; type the same twice.", field="again")
        self.fingerprint = signing.export_key(
            self.db,
            self.target,
            self.passphrase.text(),
            overwrite=True,  # the save dialog asked
        )


class ImportKeyDialog(FormDialog):
    """The passphrase of a key file another administrator exported."""

    def __init__(self, db: Database, source: Path, parent: QWidget | None = None) -> None:
        super().__init__("Import the signing key", parent, save_text="&Import")
        self.db, self.source = db, source
        self.fingerprint = ""
        self.passphrase = _secret_field("Passphrase")
        self.form.addRow("Key file:", QLabel(str(source)))
        self.form.addRow("&Passphrase:", self.passphrase)
        self.fields = {"passphrase": self.passphrase}

    def save(self) -> None:
        self.fingerprint = signing.import_key(self.db, self.source, self.passphrase.text())


class SigningKeyDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Certificate signing key")
        self.setMinimumWidth(480)
        self.status = QLabel()
        self.status.setWordWrap(True)
        about = QLabel(HOW_IT_IS_BACKED_UP)
        about.setWordWrap(True)
        self.export_button = QPushButton("&Export the key…")
        self.export_button.clicked.connect(self.export_key)
        self.import_button = QPushButton("&Import a key…")
        self.import_button.clicked.connect(self.import_key)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(about)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.status.setText(key_status(self.db))

    def export_key(self) -> None:
        target = files.ask_save_path(
            self, "keys", "Export the signing key to", "academy-key.pem", KEY_FILES
        )
        if target is None:
            return
        with dialogs.opened(ExportKeyDialog(self.db, target, self)) as (dialog, result):
            if result == QDialog.DialogCode.Accepted:
                self.refresh()
                ask.inform(
                    self,
                    "Key exported",
                    f"Wrote the signing key {dialog.fingerprint} to {target.name}, encrypted with "
                    "your passphrase.",
                )

    def import_key(self) -> None:
        source = files.ask_open_path(
            self, "keys", "Import the signing key from", "Cohort Desk key file (*.pem)"
        )
        if source is None:
            return
        with dialogs.opened(ImportKeyDialog(self.db, source, self)) as (dialog, result):
            if result == QDialog.DialogCode.Accepted:
                self.refresh()
                ask.inform(
                    self,
                    "Key imported",
                    f"This computer now holds the signing key {dialog.fingerprint} and can issue "
                    "certificates.",
                )
