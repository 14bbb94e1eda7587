"""Keep exported text from running as a spreadsheet formula (OWASP CSV injection), reversibly."""

from __future__ import annotations

import re

# Excel, LibreOffice and Google Sheets start a formula (or DDE call) with any of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that already starts with quotes before a formula character is quoted once more, so
# restore_neutralised(neutralise_formula(text)) == text for every text.
_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with a single quote.

    Only for CSV: in xlsx the cell is typed as text instead, so nothing is added.
    """
    return "'" + text if _GUARDED.match(text) else text


def restore_neutralised(text: str) -> str:
    """Undo neutralise_formula, so that exporting to CSV and importing again changes nothing.

    One leading quote is removed only when a formula character follows the quotes; other text
    that starts with a quote ("'Tis") is left alone.
    """
    return text[1:] if _QUOTED.match(text) else text
