"""Keep exported text from running as a spreadsheet formula (OWASP CSV injection), reversibly."""

from __future__ import annotations

# Excel, LibreOffice and Google Sheets start a formula (or DDE call) with any of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with a single quote.

    Only for CSV: in xlsx the cell is typed as text instead, so nothing is added.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_neutralised(text: str) -> str:
    """Undo neutralise_formula, so that exporting and importing again changes nothing.

    A leading quote is removed only when a formula character follows it; any other text that
    happens to start with a quote ("'Tis") is left alone.
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
