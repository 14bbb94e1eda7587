"""Every dialog and every screen's tables, on a real 1366 x 768 screen and a 1920 x 1080 one at
150% (issue 15 item 5 and its "Done when"): each runs in a pytest of its own whose offscreen
screen is that size, because Qt sizes new windows from the screen it read at start (see
tests/ui/laptop.py)."""

from __future__ import annotations

import pytest

from tests.ui.laptop import run_on_a_laptop
from tests.wine_gaps import wine_gap


@wine_gap(
    "Wine has no Segoe UI; with its substitute fonts the mail merge and equality dialogs need "
    "1470 px and some table headings are cut (to be checked on real Windows at 1366x768)"
)
@pytest.mark.parametrize("screen", ["1366x768", "1920x1080@150"])
@pytest.mark.parametrize("module", ["laptop_dialogs.py", "laptop_tables.py"])
def test_on_a_small_screen(module: str, screen: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_on_a_laptop(module, tmp_path, screen)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout, result.stdout[-2000:]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Mon 04/01/2027", True),  # the Sessions list's date, once cut to "Mon 04/01/2..."
        ("04/01/2027 09:30", True),  # the import "When" column
        ("09:30–12:30", True),
        ("4 Jan 2027", True),
        ("SLA-2026-0042", True),  # a certificate code
        ("7KQM-2XPA-9HD4", True),
        ("P00012", True),
        ("66.7%", True),
        ("Sofía Kowalski", False),  # names and titles give way
        ("Woolwich Centre, Room 3", False),
        ("emeka.vanderberg108@nhs.net", False),  # an address is elided, whole in the tooltip
        ("https://teams.microsoft.com/l/meetup-join/19", False),
    ],
)
def test_what_counts_as_text_never_cut(text: str, whole: bool) -> None:
    from cohort_desk.ui.kit.column_fit import whole_text

    assert whole_text(text) is whole


def test_free_text_gives_way_and_whole_columns_never_do() -> None:
    from cohort_desk.ui.kit.column_fit import Measured, widths

    date, name, notes = Measured(60, 110, True), Measured(50, 140, False), Measured(50, 400, False)
    assert widths([date, name, notes], 1000, 320) == [110, 140, 400]  # room: whole
    squeezed = widths([date, name, notes], 400, 320)
    assert squeezed[0] == 110 and sum(squeezed) <= 400
    assert squeezed[1] >= 80 and squeezed[2] >= 80  # free text narrowed, not to nothing
    assert widths([date, name, notes], 100, 320)[0] == 110  # then the table scrolls
