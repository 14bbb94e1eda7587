"""The part of Preferences that the organisation's IT sets: shown, never editable here."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from cohort_desk.organisation import OrganisationSettings


def shown_database(text: str) -> str:
    """A database address as safe to show: never a password."""
    try:
        return make_url(text).render_as_string(hide_password=True) if "://" in text else text
    except ArgumentError:
        return text


class OrganisationPanel(QGroupBox):
    """Read-only fields for what %ProgramData%\\Cohort Desk\\cohort-desk.ini (or the
    computer's equivalent) sets, with where the file is and who to ask."""

    def __init__(self, org: OrganisationSettings, parent: QWidget | None = None) -> None:
        super().__init__("Set by your organisation", parent)
        self.setObjectName("organisation")
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for key, label, value in (
            ("database", "Shared database", shown_database(org.database or "")),
            ("backup_folder", "Backup folder", org.backup_folder or ""),
        ):
            if not value:
                continue
            field = QLineEdit(value)
            field.setReadOnly(True)
            field.setAccessibleName(f"{label}, set by your organisation")
            field.setToolTip("Set by your organisation; ask your IT team to change it.")
            self.fields[key] = field
            form.addRow(f"{label}:", field)
        note = QLabel(
            org.problem
            or f"Read from {org.file}. Your IT team changes these there; --db and "
            "COHORT_DESK_DB still choose another database for one run."
        )
        note.setObjectName("subheading")
        note.setWordWrap(True)
        form.addRow(note)
