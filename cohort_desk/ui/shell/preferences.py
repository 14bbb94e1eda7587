"""Preferences shared by everyone using the database: academy name, logo, signatory, minimum."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cohort_desk import organisation
from cohort_desk.db.engine import Database
from cohort_desk.errors import UserError, ValidationError
from cohort_desk.services import settings
from cohort_desk.ui.shell.errors import show_error
from cohort_desk.ui.shell.organisation_panel import OrganisationPanel

PREVIEW_HEIGHT = 64


class ImagePicker(QWidget):
    """A preview of a stored image with Choose… and Remove; remembers what the user picked."""

    def __init__(self, label: str, data: bytes | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.data = data
        self.changed = False
        self.preview = QLabel()
        self.preview.setMinimumSize(180, PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.preview.setAccessibleName(f"{label} preview")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAccessibleName(f"Choose the {label.lower()}")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove the {label.lower()}")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(lambda: self.set_data(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        layout.addStretch(1)
        self._show()

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, f"Choose the {self.label.lower()}", "", "Images (*.png *.jpg *.jpeg)"
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            show_error(self, ValidationError(f"Cohort Desk cannot read {path.name}."))
            return
        self.set_data(data)

    def set_data(self, data: bytes | None) -> None:
        self.data = data
        self.changed = True
        self._show()

    def _show(self) -> None:
        pixmap = QPixmap()
        if self.data and pixmap.loadFromData(self.data):
            self.preview.setPixmap(
                pixmap.scaledToHeight(PREVIEW_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("(none)" if not self.data else "(not an image)")
        self.remove_button.setEnabled(bool(self.data))


class PreferencesDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(560)
        values = settings.get_all(db)
        self.academy = QLineEdit(values["academy_name"])
        self.signatory_name = QLineEdit(values["signatory_name"])
        self.signatory_title = QLineEdit(values["signatory_title"])
        self.signatory_name.setPlaceholderText("e.g. Dr Amara Mensah")
        self.signatory_title.setPlaceholderText("e.g. Director, Systems Leadership Academy")
        self.min_attendance = QDoubleSpinBox()
        self.min_attendance.setRange(0, 100)
        self.min_attendance.setDecimals(0)
        self.min_attendance.setSuffix(" %")
        self.min_attendance.setValue(float(values["default_min_attendance"]))
        self.equality = QCheckBox("Record equality monitoring answers")
        self.equality.setChecked(values["equality_monitoring"] == "1")
        self.equality.setToolTip(
            "Optional answers (age band, sex, ethnicity…) kept apart from each person and "
            "only ever reported in aggregate, with counts under 5 shown as <5."
        )
        # Printed on certificates (where to check them) and on subject-access responses.
        self.academy_contact = QLineEdit(values["academy_contact"])
        self.academy_contact.setPlaceholderText("e.g. leadership.academy@example.nhs.uk")
        self.controller = QLineEdit(values["controller_contact"])
        self.controller.setPlaceholderText("e.g. South East London ICB, 160 Tooley Street, SE1 2TZ")
        self.dpo = QLineEdit(values["dpo_contact"])
        self.dpo.setPlaceholderText("e.g. Data Protection Officer, dpo@example.nhs.uk")
        self.logo = ImagePicker("Logo", settings.get_blob(db, "logo"))
        self.signature = ImagePicker("Signature", settings.get_blob(db, "signature"))
        for widget, name in (
            (self.academy, "Academy name"),
            (self.signatory_name, "Signatory name"),
            (self.signatory_title, "Signatory title"),
            (self.min_attendance, "Default minimum attendance"),
            (self.academy_contact, "Academy contact"),
            (self.controller, "Data controller"),
            (self.dpo, "Data protection officer"),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.addRow("&Academy name", self.academy)
        form.addRow("Logo", self.logo)
        form.addRow("Signatory &name", self.signatory_name)
        form.addRow("Signatory &title", self.signatory_title)
        form.addRow("Signature", self.signature)
        form.addRow("Default &minimum attendance", self.min_attendance)
        form.addRow("Equality monitoring", self.equality)
        form.addRow("Academy &contact", self.academy_contact)
        form.addRow("Data &controller", self.controller)
        form.addRow("Data &protection officer", self.dpo)
        note = QLabel(
            "These are stored in the database, so everyone who uses it sees the same. "
            "New cohorts start with the default minimum attendance."
        )
        note.setObjectName("subheading")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        org = organisation.load()
        self.organisation: OrganisationPanel | None = None
        if org.any or org.problem:
            self.organisation = OrganisationPanel(org)
            layout.addWidget(self.organisation)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = {
            "academy_name": self.academy.text(),
            "signatory_name": self.signatory_name.text(),
            "signatory_title": self.signatory_title.text(),
            "default_min_attendance": f"{self.min_attendance.value():g}",
            "equality_monitoring": "1" if self.equality.isChecked() else "0",
            "academy_contact": self.academy_contact.text(),
            "controller_contact": self.controller.text(),
            "dpo_contact": self.dpo.text(),
        }
        try:
            if not values["academy_name"].strip():
                raise ValidationError("The academy's name cannot be empty.", "academy_name")
            images = {
                key: picker.data
                for key, picker in (("logo", self.logo), ("signature", self.signature))
                if picker.changed
            }
            settings.save_preferences(self.db, values, images)
        except UserError as exc:
            show_error(self, exc)
            return
        super().accept()
