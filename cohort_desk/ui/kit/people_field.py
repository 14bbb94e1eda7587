"""A field for one person: type part of a name or e-mail and pick from the suggestions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

_EMAIL_IN_ANGLES = re.compile(r"<([^<>]+@[^<>]+)>\s*$")


class PersonField(QLineEdit):
    """Type part of a name or e-mail and pick "Name <email>" from the suggestions."""

    def __init__(self, people: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Start typing a name or e-mail")
        entries = [f"{name} <{email}>" for name, email in people]
        completer = QCompleter(QStringListModel(entries, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def email(self) -> str:
        text = self.text().strip()
        match = _EMAIL_IN_ANGLES.search(text)
        return match[1].strip() if match else text
