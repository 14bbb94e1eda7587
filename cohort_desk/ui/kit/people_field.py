"""A field for one person: type part of a name or e-mail and pick from the suggestions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from cohort_desk.rules.names import email_key
from cohort_desk.rules.search import matches, search_text, search_words

_EMAIL_IN_ANGLES = re.compile(r"<([^<>]+@[^<>]+)>\s*$")


class PersonField(QLineEdit):
    """Type part of a name or e-mail and pick "Name <email>" from the suggestions.

    ``people`` are (name, e-mail, id), so a dialog gets the id of whoever was picked without
    looking the address up again. Suggestions follow the People screen's search rule
    (rules/search.py): "sofia kow" offers Sofía Kowalski, "obrien" offers O'Brien."""

    SUGGESTIONS = 12

    def __init__(
        self, people: Sequence[tuple[str, str, int]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Start typing a name or e-mail")
        self._entries: list[tuple[str, str]] = []
        self._ids: dict[str, int] = {}  # e-mail key -> person id
        self._suggested = QStringListModel(self)
        completer = QCompleter(self._suggested, self)
        # Qt's own filtering knows neither accents nor word order: we filter, it only shows.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(self.SUGGESTIONS)
        self.setCompleter(completer)
        self.set_people(people)
        self.textEdited.connect(self._suggest)

    def set_people(self, people: Sequence[tuple[str, str, int]]) -> None:
        self._entries = [
            (f"{name} <{email}>", search_text((name, email))) for name, email, _id in people
        ]
        self._ids = {email_key(email): person_id for _name, email, person_id in people}

    def suggestions(self, text: str) -> list[str]:
        words = search_words(text)
        if not words:
            return []
        return [shown for shown, haystack in self._entries if matches(words, haystack)]

    def _suggest(self, text: str) -> None:
        self._suggested.setStringList(self.suggestions(text)[:200])
        if self._suggested.rowCount():
            self.completer().complete()

    def email(self) -> str:
        text = self.text().strip()
        match = _EMAIL_IN_ANGLES.search(text)
        if match:
            return match[1].strip()
        if "@" not in text:  # a name typed in full and not picked: the one person it finds
            found = self.suggestions(text)
            if len(found) == 1:
                only = _EMAIL_IN_ANGLES.search(found[0])
                return only[1].strip() if only else text
        return text

    def person_id(self) -> int | None:
        """The id of the person picked, or typed in full (an e-mail in any case, or a name
        only one of them has); None when the text names no one this field offers."""
        email = self.email()
        return self._ids.get(email_key(email)) if email else None
