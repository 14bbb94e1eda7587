"""Small helpers every screen uses to build its controls the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def push_button(
    parent: QWidget, text: str, slot: Callable[[], object], tip: str = ""
) -> QPushButton:
    """A button that calls ``slot()`` when clicked (Qt's 'checked' argument is dropped)."""
    button = QPushButton(text, parent)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through the widgets in the order given: the order a person reads them."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def button_row(*items: QWidget, stretch_at: int | None = None) -> QHBoxLayout:
    """Buttons in a row, left-aligned, with the spare space at ``stretch_at`` (or after)."""
    layout = QHBoxLayout()
    for index, widget in enumerate(items):
        if stretch_at == index:
            layout.addStretch(1)
        layout.addWidget(widget)
    if stretch_at is None or stretch_at >= len(items):
        layout.addStretch(1)
    return layout
