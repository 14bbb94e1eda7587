"""The look of the window: Fusion style, an NHS-blue light palette or a dark one, one stylesheet.

Colours come from the palette wherever possible, so every screen (ours and other engineers')
follows the chosen theme without knowing about it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from cohort_desk.ui.kit.label_fit import LabelFittingStyle
from cohort_desk.ui.kit.settings import THEME

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_WARM_YELLOW = "#FFB81C"
THEMES = ("light", "dark")

_LIGHT = {
    QPalette.ColorRole.Window: "#F0F4F5",
    QPalette.ColorRole.WindowText: "#212B32",
    QPalette.ColorRole.Base: "#FFFFFF",
    QPalette.ColorRole.AlternateBase: "#F4F7F9",
    QPalette.ColorRole.Text: "#212B32",
    QPalette.ColorRole.Button: "#E8EDEE",
    QPalette.ColorRole.ButtonText: "#212B32",
    QPalette.ColorRole.Highlight: NHS_BLUE,
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.ToolTipBase: "#FFFFFF",
    QPalette.ColorRole.ToolTipText: "#212B32",
    QPalette.ColorRole.PlaceholderText: "#5C6F7A",
    QPalette.ColorRole.Link: NHS_BLUE,
    QPalette.ColorRole.Mid: "#AEB7BD",
}
_DARK = {
    QPalette.ColorRole.Window: "#1F2428",
    QPalette.ColorRole.WindowText: "#E8EDEE",
    QPalette.ColorRole.Base: "#15191C",
    QPalette.ColorRole.AlternateBase: "#1C2125",
    QPalette.ColorRole.Text: "#E8EDEE",
    QPalette.ColorRole.Button: "#2C3338",
    QPalette.ColorRole.ButtonText: "#E8EDEE",
    QPalette.ColorRole.Highlight: "#2F7BC6",
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.ToolTipBase: "#2C3338",
    QPalette.ColorRole.ToolTipText: "#E8EDEE",
    QPalette.ColorRole.PlaceholderText: "#98A6AE",
    QPalette.ColorRole.Link: "#7FB8F0",
    QPalette.ColorRole.Mid: "#4A545B",
}

# The side bar keeps the NHS dark blue in both themes: it is the app's one strong colour.
STYLESHEET = f"""
QListWidget#navigation {{
    background: {NHS_DARK_BLUE};
    color: #FFFFFF;
    border: none;
    outline: none;
    padding-top: 8px;
}}
QListWidget#navigation::item {{
    padding: 0 14px;
    border-left: 4px solid transparent;
}}
QListWidget#navigation::item:selected {{
    background: {NHS_BLUE};
    color: #FFFFFF;
    border-left: 4px solid {NHS_WARM_YELLOW};
}}
QListWidget#navigation::item:hover:!selected {{
    background: #0B4A9A;
}}
QLabel#heading {{ padding: 2px 0; }}
QLabel#subheading {{ color: palette(placeholder-text); }}
QLabel#fieldError {{ color: #D5281B; }}
QLabel#fieldWarning {{
    background: rgba(255, 184, 28, 0.18);
    border-left: 4px solid {NHS_WARM_YELLOW};
    padding: 6px 8px;
}}
QFrame#card {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}}
QLabel#cardTitle {{ font-weight: bold; }}
QLabel#figure {{ font-size: 20pt; font-weight: bold; color: palette(link); }}
QTableView {{ gridline-color: palette(mid); }}
QToolBar {{ spacing: 4px; padding: 2px 6px; border: none; }}
"""


def palette_for(theme: str) -> QPalette:
    palette = QPalette()
    colours = _DARK if theme == "dark" else _LIGHT
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#7A868C" if theme == "dark" else "#8A979E")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def chosen_theme() -> str:
    return THEME.get()


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Apply a theme (or the remembered one) to the whole application; returns its name."""
    theme = theme if theme in THEMES else chosen_theme()
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(LabelFittingStyle(fusion))  # the proxy owns Fusion from here
    app.setPalette(palette_for(theme))
    app.setStyleSheet(STYLESHEET)
    return theme


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def muted_colour() -> QColor:
    """Grey text for archived or withdrawn rows, readable in either theme."""
    return QColor("#8A979E") if is_dark() else QColor("#5C6F7A")


def warning_colour() -> QColor:
    return QColor("#F28B82") if is_dark() else QColor("#D5281B")
