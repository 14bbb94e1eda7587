"""Sign-in registers and the cohort summary: read back the PDF text and check what a facilitator
relies on (every name, sorted, numbered pages, the session on each page)."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, datetime

import pypdf
import pytest
from reportlab.lib.units import mm

from cohort_desk.documents import layout
from cohort_desk.documents.registers import (
    COLUMNS,
    HEADER_BAND,
    HEADER_ROW_HEIGHT,
    ROW_HEIGHT,
    RegisterData,
    RegisterPerson,
    SummaryData,
    SummaryRow,
    SummarySession,
    person_sort_key,
    render_cohort_summary,
    render_register,
    time_range,
)

PRINTED = datetime(2026, 11, 28, 14, 5)
TITLE = "Systems thinking in practice"


def pages_text(pdf: bytes) -> list[str]:
    return [
        unicodedata.normalize("NFC", p.extract_text())
        for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]


def flat(text: str) -> str:
    """Text with the line breaks that wrapping put inside cells taken out."""
    return re.sub(r"\s+", "", text)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def register(people: list[RegisterPerson], **changes: object) -> RegisterData:
    data = RegisterData(
        academy_name="South East London Systems Leadership Academy",
        logo=None,
        programme="Systems Leadership Programme",
        cohort="Cohort 7",
        session_title=TITLE,
        session_kind="Workshop",
        starts_at=datetime(2026, 2, 2, 9, 30),
        ends_at=datetime(2026, 2, 2, 12, 30),
        venue="Room 3.14, Guy's Campus",
        online_link="",
        facilitator="Dr Amara Okafor",
        people=people,
        printed_at=PRINTED,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def numbered(n: int) -> list[RegisterPerson]:
    # Short single-line names and organisations, so every row is exactly ROW_HEIGHT tall.
    return [
        RegisterPerson(f"P{i:04d}", f"Given{i}", f"Family{i:04d}", "Bexley Council")
        for i in range(n)
    ]


# The arithmetic behind the page counts: the frame is 243 mm tall (A4 less the 24 mm band with
# the session's title, date, time and venue, and the footer); every page repeats a 7 mm heading
# row; rows are 12 mm. Page 1 also carries about 11 mm of cohort, facilitator and instructions,
# so it holds 18 people and later pages hold 19. The walk-in block (its heading, heading row and
# five rows, about 76 mm) is kept together.
FIRST_PAGE_ROWS, NEXT_PAGE_ROWS = 18, 19


def test_layout_constants_give_19_rows_on_later_pages() -> None:
    assert layout.frame_height(header_height=HEADER_BAND) == pytest.approx(243 * mm)
    usable = layout.frame_height(header_height=HEADER_BAND) - HEADER_ROW_HEIGHT
    assert int(usable // ROW_HEIGHT) == NEXT_PAGE_ROWS
    assert ROW_HEIGHT == pytest.approx(12 * mm)
    assert COLUMNS[-1] >= 55 * mm  # the signature box
    assert sum(COLUMNS) == pytest.approx(180 * mm)


@pytest.mark.parametrize(
    ("people", "pages"),
    [
        (5, 1),  # 5 rows + walk-ins fit on page 1
        (30, 2),  # the yardstick: 30 people on two pages, walk-in rows included
        (300, 17),
    ],
)
def test_page_count_numbering_and_session_on_every_page(people: int, pages: int) -> None:
    texts = pages_text(render_register(register(numbered(people))))
    assert len(texts) == pages
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert TITLE in text
        assert "Monday 2 February 2026" in text and "09:30–12:30" in text
        assert "Room 3.14, Guy's Campus" in text
        assert "Printed 28/11/2026 14:05" in text


def test_a_long_title_never_pushes_the_date_out() -> None:
    title = "Systems thinking in practice: " + "leading across boundaries " * 12
    texts = pages_text(render_register(register(numbered(40), session_title=title)))
    for text in texts:
        assert "Monday 2 February 2026" in text and "09:30–12:30" in text
        assert ", 02/02/2026" in text  # the footer keeps its date whole


def test_rows_per_page_follow_the_layout() -> None:
    texts = pages_text(render_register(register(numbered(60))))
    last_row = [max(int(x) for x in lines(t) if x.isdigit()) for t in texts]
    assert last_row[:2] == [FIRST_PAGE_ROWS, FIRST_PAGE_ROWS + NEXT_PAGE_ROWS]


def test_every_enrolled_name_appears_once_in_family_name_order() -> None:
    people = numbered(40)[::-1]  # given out of order: the register sorts them
    text = "\n".join(pages_text(render_register(register(people))))
    positions = [text.index(f"Family{i:04d}, Given{i}") for i in range(40)]
    assert positions == sorted(positions)
    assert all(text.count(f"Family{i:04d}, Given{i}") == 1 for i in range(40))


def test_the_name_as_printed_replaces_family_comma_given() -> None:
    person = RegisterPerson(
        "P1", "Minh Khai", "Nguyễn", "Trust", printed_name="NGUYỄN Thị Minh Khai"
    )
    text = pages_text(render_register(register([person])))[0]
    assert "NGUYỄN Thị Minh Khai" in text and "Nguyễn, Minh Khai" not in text


def test_accented_greek_cyrillic_and_vietnamese_names_print() -> None:
    names = [
        ("Šimková", "Jana"),
        ("Ó Dónaill", "Siobhán"),
        ("Nguyễn", "Thị Minh Khai"),
        ("Brown", "Zoë"),
        ("Nowak", "Łukasz"),
        ("Παπαδοπούλου", "Ελένη"),
        ("Иванов", "Дмитрий"),
    ]
    people = [
        RegisterPerson(f"P{i}", g, f, "King's College Hospital") for i, (f, g) in enumerate(names)
    ]
    text = pages_text(render_register(register(people)))[0]
    for family, given in names:
        assert f"{family}, {given}" in text


def test_decomposed_accents_are_printed_as_single_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Šimková")
    person = RegisterPerson("P1", "Jana", decomposed, "Trust")
    assert "Šimková, Jana" in pages_text(render_register(register([person])))[0]


def test_sort_ignores_case_accents_and_punctuation() -> None:
    families = ["smith", "Šimková", "O'Brien", "Ó Dónaill", "Okafor", "Łukasiewicz", "Ng", "Shah"]
    people = [RegisterPerson(str(i), "A", f, "") for i, f in enumerate(families)]
    ordered = [p.family_name for p in sorted(people, key=person_sort_key)]
    assert ordered == [
        "Łukasiewicz",
        "Ng",
        "O'Brien",
        "Ó Dónaill",
        "Okafor",
        "Shah",
        "Šimková",
        "smith",
    ]


def test_ampersand_and_angle_brackets_print_literally() -> None:
    people = [RegisterPerson("P1", "Jo <b>", "Smith & Sons", "Smith & Sons <Trust>")]
    text = pages_text(render_register(register(people)))[0]
    assert "Smith & Sons, Jo <b>" in text
    assert "Smith & Sons <Trust>" in text


def test_long_names_shrink_and_wrap_but_rows_stay_the_same_height() -> None:
    family = "Featherstonehaugh-Cholmondeley-Montgomery-Smythe"
    given = "Maximiliana Alexandra-Wilhelmina Theodora"
    organisation = (
        "South London and Maudsley NHS Foundation Trust (Community Services, Children and "
        "Young People's Directorate)"
    )
    people = [
        RegisterPerson(f"P{i}", given, f"{family}{i}", organisation, "Lead") for i in range(30)
    ]
    texts = pages_text(render_register(register(people)))
    joined = flat("".join(texts))
    for i in range(30):
        assert flat(f"{family}{i}, {given}") in joined
    # The organisation is shortened to two lines rather than growing the row.
    assert flat("South London and Maudsley NHS Foundation Trust") in joined
    assert len(texts) == 2


def test_walk_in_rows_continue_the_numbering() -> None:
    text = pages_text(render_register(register(numbered(3)), blank_rows=4))[0]
    assert "Not on the list?" in text
    assert {str(n) for n in range(1, 8)} <= set(lines(text))
    assert (
        "Not on the list?"
        not in pages_text(render_register(register(numbered(3)), blank_rows=0))[0]
    )


def test_date_time_venue_and_link() -> None:
    data = register(numbered(2), online_link="https://teams.example/meet/123")
    text = pages_text(render_register(data))[0]
    for expected in (
        "Monday 2 February 2026",
        "09:30–12:30",
        "Room 3.14",
        "teams.example",
        "Dr Amara Okafor",
    ):
        assert expected in text


def test_times_are_shown_in_uk_time() -> None:
    # 08:30 UTC in June is 09:30 British Summer Time.
    starts = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    assert time_range(starts, datetime(2026, 6, 1, 11, 30, tzinfo=UTC)) == "09:30–12:30"
    assert time_range(starts, None) == "09:30"


def test_an_unreadable_logo_is_ignored() -> None:
    assert pages_text(render_register(register(numbered(2), logo=b"not a picture")))


def summary(sessions: int) -> SummaryData:
    rows = [
        SummaryRow(
            "Zoë Brown",
            "Bexley Council",
            ["P", "L", "E", "A", "X", ""][:sessions],
            3,
            4,
            75.0,
            9,
            "",
        ),
        SummaryRow(
            "Jo Li & Co <Ltd>", "Guy's", ["A"] * sessions, 0, sessions, 0.0, 0, "Cannot reach 75%"
        ),
        SummaryRow("Ng", "", [""] * sessions, 0, 0, None, 0, ""),
    ]
    return SummaryData(
        academy_name="Academy",
        cohort="Cohort 7",
        programme="Systems Leadership Programme",
        sessions=[
            SummarySession(f"Session {i + 1}", datetime(2026, 2, 2 + i, 9, 30), 3)
            for i in range(sessions)
        ],
        rows=rows,
        min_attendance_pct=75,
        printed_at=PRINTED,
    )


def test_summary_shows_marks_percentages_and_flags() -> None:
    texts = pages_text(render_cohort_summary(summary(6)))
    text = "\n".join(texts)
    for expected in (
        "Zoë Brown",
        "Jo Li & Co <Ltd>",
        "75%",
        "0%",
        "3/4",
        "Cannot reach 75%",
        "02/02",
        "07/02",
    ):
        assert expected in text
    assert {"P", "L", "E", "A", "X", "3/4", "0/6", "–"} <= set(text.split())
    assert "Apologies" in text and "Left early" in text  # the legend
    assert f"Page 1 of {len(texts)}" in texts[0]


def test_summary_percentages_are_not_rounded_up_to_the_threshold() -> None:
    data = summary(2)
    data.rows[0].percentage = 74.96
    text = pages_text(render_cohort_summary(data))[0]
    assert re.search(r"3/4\s+74\.9%", text)
    assert not re.search(r"3/4\s+75%", text)


@pytest.mark.parametrize(("sessions", "landscape"), [(8, False), (9, True), (20, True)])
def test_summary_turns_landscape_beyond_eight_sessions(sessions: int, landscape: bool) -> None:
    page = pypdf.PdfReader(io.BytesIO(render_cohort_summary(summary(sessions)))).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width > height) is landscape
