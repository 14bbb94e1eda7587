"""Names out of comments: the writer's own in any case, known people's when written as names."""

from __future__ import annotations

import pytest

from cohort_desk.rules.redaction import known_names, remove_names

KNOWN = known_names(
    [
        ("Grace", "O'Brien", ""),
        ("Will", "Smith", ""),
        ("Amara", "Mensah", "Ama"),
        ("María", "de la Cruz", ""),
        ("محمد", "علي", ""),
    ]
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Grace O'Brien was great.", "[name] was great."),
        ("Thanks to Dr Mensah and Ama!", "Thanks to Dr [name] and [name]!"),
        ("grace under pressure", "grace under pressure"),  # not written as a name
        ("Will use this again.", "Will use this again."),  # an everyday word opening a sentence
        ("I spoke with Will about it", "I spoke with [name] about it"),
        ("Amara's session", "[name]'s session"),
        ("Thanks Maria de la Cruz", "Thanks [name]"),
        ("Thanks María De La Cruz", "Thanks [name]"),
        ("شكرا محمد", "شكرا [name]"),
        ("Mail me at jo.bloggs@nhs.net", "Mail me at [e-mail]"),
        ("Ring 020 7123 4567 please", "Ring [phone] please"),
        ("No names here.", "No names here."),
    ],
)
def test_known_names_are_taken_out(text, shown):
    assert remove_names(text, KNOWN) == shown


def test_the_writers_own_name_goes_in_any_case():
    assert remove_names("sam here. Sam Taylor again", KNOWN, ["Sam Taylor"]) == (
        "[name] here. [name] again"
    )
