"""Framed panels for the start page: a headline figure, or a titled list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class Card(QFrame):
    """A titled panel holding one widget, with an optional line of explanation beneath."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.note = QLabel()
        self.note.setObjectName("subheading")
        self.note.setWordWrap(True)
        self.note.hide()
        self.body = body
        self.empty = QLabel()
        self.empty.setObjectName("subheading")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(body, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.note)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def set_empty(self, text: str) -> None:
        """With text: a calm sentence in place of an empty list; with "": the list again."""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))
        self.body.setVisible(not text)


class FigureCard(QFrame):
    """One number an administrator looks at each morning, with what it counts."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.figure = QLabel("–")
        self.figure.setObjectName("figure")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(0)
        layout.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set_value(self, value: int) -> None:
        self.figure.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value:,} {self.caption.text()}")
