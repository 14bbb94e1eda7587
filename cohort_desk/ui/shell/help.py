"""Help > Keyboard shortcuts (made from the window's own actions, so it is never out of date)
and Help > Getting started (the first day's tasks, with the demo data)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout, QWidget

from cohort_desk import APP_NAME
from cohort_desk.ui.kit.fit import resize_to_fit

# Keys that belong to a kind of widget rather than to a menu: written once, here.
KEYS_IN_PLACES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Attendance register and cohort grid",
        (
            ("P", "present"),
            ("L", "late"),
            ("E", "left early"),
            ("A", "absent"),
            ("X", "apologies"),
            ("Backspace", "clear the mark"),
            ("Shift+Up / Shift+Down", "choose several people, then a key marks them all"),
            ("F2", "edit the note"),
        ),
    ),
    (
        "Lists",
        (
            ("Enter or double-click", "open the row"),
            ("Right-click a heading", "choose the columns shown"),
        ),
    ),
    (
        "Dialogs and the import wizard",
        (
            ("Enter", "Save, Next or Apply: the button shown in bold"),
            ("Ctrl+S", "save"),
            ("Esc", "close; asks first when something was typed"),
            ("Alt + underlined letter", "go to that field or button"),
        ),
    ),
    (
        "Date fields",
        (
            ("11/01/2027, 11/1/27, 11 Jan 2027", "a date"),
            ("today, tomorrow, +7", "a date from today"),
            ("09:30, 9.30, 9:30am, 2pm", "a time"),
            ("Up / Down", "a day later or earlier"),
        ),
    ),
)


def _key(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    return " or ".join(k for k in keys if k)


def menu_shortcuts(menus: Iterable[QMenu]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every menu item with a shortcut, menu by menu, as (menu, [(keys, what it does)])."""
    found = []
    for menu in menus:
        rows = []
        for action in menu.actions():
            key = _key(action)
            if key and not action.isSeparator():
                words = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                rows.append((key, words.rstrip("…")))
        if rows:
            found.append((menu.title().replace("&", ""), rows))
    return found


def shortcuts_html(menus: Iterable[QMenu]) -> str:
    sections = [*menu_shortcuts(menus), *((t, list(r)) for t, r in KEYS_IN_PLACES)]
    parts = []
    for title, rows in sections:
        cells = "".join(
            f"<tr><td width='45%'><b>{escape(key)}</b></td><td>{escape(what)}</td></tr>"
            for key, what in rows
        )
        parts.append(f"<h3>{escape(title)}</h3><table cellpadding='3' width='100%'>{cells}</table>")
    return "".join(parts)


GETTING_STARTED = f"""
<h2>Getting started with {APP_NAME}</h2>
<p>The demo data is fictional: try anything. The side bar on the left holds the screens;
Ctrl+1 to Ctrl+9 go straight to them, and Ctrl+F searches the list in front of you.</p>
<h3>1. Find someone</h3>
<p>Open <b>People</b> (Ctrl+2) and type part of a name, an e-mail or an organisation in the
search field: accents and apostrophes do not matter. The pane on the right shows the
person's cohorts, attendance, mentoring and certificates. Enter or F2 edits them.</p>
<h3>2. Bring in a list of people</h3>
<p><b>File &gt; Import…</b> (Ctrl+I) takes an Excel, LibreOffice or CSV list. It guesses the
columns, shows a preview of who will be added or updated, and changes nothing until you
press Import. Every import can be undone exactly, on the Imports and history screen or with
Ctrl+Z there.</p>
<h3>3. Plan a session</h3>
<p>On <b>Sessions</b>, New session (Ctrl+N) asks for the cohort, a title and the start: type it
as you would write it, such as <i>11/01/2027 09:30</i> or <i>tomorrow 2pm</i>; the day understood
shows beside the field before you save. Repeat every few weeks to make a series at once.</p>
<h3>4. Take the register</h3>
<p>On <b>Attendance</b>, choose the cohort and session, then key each person in with one letter:
P present, L late, E left early, A absent, X apologies. Mark all present does the rest. A Teams
attendance report can be imported instead. Print the sign-in sheet with Ctrl+P.</p>
<h3>5. Undo a slip</h3>
<p>Ctrl+Z undoes the last change made on the screen in front of you, and the Undo button says
which. <b>Edit &gt; Undo history</b> lists the recent changes of every screen.</p>
<h3>6. Certificates and mentoring</h3>
<p><b>Certificates</b> shows who is eligible in each cohort and issues their certificates as
PDFs; each carries a code anyone can verify. <b>Mentoring</b> suggests mentors for a whole
cohort, with reasons.</p>
<p>Help &gt; Keyboard shortcuts lists every key.</p>
"""


class HelpDialog(QDialog):
    """A page of help in a window of its own, sized for a small laptop screen."""

    def __init__(self, title: str, html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        resize_to_fit(self, 620, 560)
        self.page = QTextBrowser()
        self.page.setOpenExternalLinks(False)
        self.page.setHtml(html)
        self.page.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
