"""Preferences shared by everyone using the database: academy name, logo, signatory, minimum."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QLineEdit, QWidget

from cohort_desk import organisation
from cohort_desk.db.engine import Database
from cohort_desk.rules import impact
from cohort_desk.services import settings
from cohort_desk.ui.kit.form import FormDialog
from cohort_desk.ui.kit.image_picker import ImagePicker
from cohort_desk.ui.shell.organisation_panel import OrganisationPanel
from cohort_desk.ui.shell.workforce_shares import WorkforceSharesTable


class PreferencesDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("Preferences", parent)
        self.db = db
        self.set_minimum_width(560)
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
        self.verification_address = QLineEdit(values["verification_address"])
        self.verification_address.setPlaceholderText("e.g. https://academy.example.nhs.uk/verify/")
        self.verification_address.setToolTip(
            "Where the published verification page lives (Certificates, Publish). Certificates' "
            "QR codes then open it with their code; leave blank to print the code as text."
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
        self.shares = WorkforceSharesTable(impact.parse_shares(values["workforce_shares"]))
        self._shares_at_start = self.shares.rows()
        for widget, name in (
            (self.academy, "Academy name"),
            (self.signatory_name, "Signatory name"),
            (self.signatory_title, "Signatory title"),
            (self.min_attendance, "Default minimum attendance"),
            (self.verification_address, "Verification address"),
            (self.academy_contact, "Academy contact"),
            (self.controller, "Data controller"),
            (self.dpo, "Data protection officer"),
        ):
            widget.setAccessibleName(name)

        form = self.form
        form.addRow("&Academy name", self.academy)
        form.addRow("Logo", self.logo)
        form.addRow("Signatory &name", self.signatory_name)
        form.addRow("Signatory &title", self.signatory_title)
        form.addRow("Signature", self.signature)
        form.addRow("Default &minimum attendance", self.min_attendance)
        form.addRow("Equality monitoring", self.equality)
        form.addRow("&Verification address", self.verification_address)
        form.addRow("Academy &contact", self.academy_contact)
        form.addRow("Data &controller", self.controller)
        form.addRow("Data &protection officer", self.dpo)
        form.addRow("&Workforce shares", self.shares)
        note = QLabel(
            "These are stored in the database, so everyone who uses it sees the same. "
            "New cohorts start with the default minimum attendance. The impact pack sets "
            "its equality reach beside the workforce shares."
        )
        note.setObjectName("subheading")
        note.setWordWrap(True)
        self.add_below(note)
        org = organisation.load()
        self.organisation: OrganisationPanel | None = None
        if org.any or org.problem:
            self.organisation = OrganisationPanel(org)
            self.add_below(self.organisation)
        self.fields = {
            "academy_name": self.academy,
            "signatory_name": self.signatory_name,
            "signatory_title": self.signatory_title,
            "default_min_attendance": self.min_attendance,
            "verification_address": self.verification_address,
            "academy_contact": self.academy_contact,
            "controller_contact": self.controller,
            "dpo_contact": self.dpo,
            "workforce_shares": self.shares,
        }

    def has_changes(self) -> bool:
        return super().has_changes() or self.shares.rows() != self._shares_at_start

    def save(self) -> None:
        values = {
            "academy_name": self.academy.text(),
            "signatory_name": self.signatory_name.text(),
            "signatory_title": self.signatory_title.text(),
            "default_min_attendance": f"{self.min_attendance.value():g}",
            "equality_monitoring": "1" if self.equality.isChecked() else "0",
            "verification_address": self.verification_address.text(),
            "academy_contact": self.academy_contact.text(),
            "controller_contact": self.controller.text(),
            "dpo_contact": self.dpo.text(),
            "workforce_shares": impact.shares_text(impact.shares_from_rows(self.shares.rows())),
        }
        images = {
            key: picker.data
            for key, picker in (("logo", self.logo), ("signature", self.signature))
            if picker.changed
        }
        settings.save_preferences(self.db, values, images)
