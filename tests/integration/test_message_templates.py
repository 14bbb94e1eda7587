"""Templates kept in the database: edited, shared, reset to the built-in wording, refused
when a placeholder is wrong, and never overwritten by someone else's older copy."""

from __future__ import annotations

import pytest

from cohort_desk.errors import ConflictError, RefusedError, UserError, ValidationError
from cohort_desk.services.communications.built_ins import REMINDER
from cohort_desk.services.communications.templates import (
    add_template,
    delete_template,
    get_template,
    list_templates,
    reset_template,
    save_template,
)

BUILT_IN_NAMES = [
    "joining-instructions",
    "reminder",
    "certificate",
    "missed-you",
    "mentor-introduction",
]


def test_the_built_ins_are_listed_as_shipped(db):
    rows = list_templates(db)
    assert [r.name for r in rows] == BUILT_IN_NAMES
    assert all(r.built_in and not r.edited and r.version is None for r in rows)
    assert get_template(db, "reminder").attachments == ("calendar",)
    assert get_template(db, "certificate").attachments == ("certificate",)


def test_editing_is_stored_shared_and_can_be_reset(db, db_url):
    from cohort_desk.db.opening import open_database

    subject = "Don't forget: {{ session.title }}"
    saved = save_template(db, "reminder", subject, "Hi {{ given_name }}", ["calendar"], None)
    assert saved.edited and saved.version == 1
    other = open_database(db_url)  # a colleague on the same database
    try:
        assert get_template(other, "REMINDER").subject == "Don't forget: {{ session.title }}"
    finally:
        other.dispose()
    with pytest.raises(ConflictError, match="Someone else changed"):
        save_template(db, "reminder", "Old copy", "x", [], None)
    back = reset_template(db, "reminder")
    assert (back.subject, back.body, back.edited) == (REMINDER.subject, REMINDER.body, False)
    assert back.version is None


def test_a_wrong_placeholder_or_a_forbidden_tag_is_refused_when_saving(db):
    with pytest.raises(ValidationError, match=r"\{\{ sesion \}\}"):
        save_template(db, "reminder", "{{ sesion.title }}", "x", [], None)
    with pytest.raises(ValidationError, match="include"):
        save_template(db, "reminder", "Hi", "{% include 'C:/Windows/win.ini' %}", [], None)
    with pytest.raises(ValidationError, match="reaches inside the program"):
        save_template(db, "reminder", "Hi", "{{ ''.__class__.__mro__ }}", [], None)
    with pytest.raises(ValidationError, match="not something Cohort Desk attaches"):
        save_template(db, "reminder", "Hi", "x", ["C:/secrets.txt"], None)
    assert not get_template(db, "reminder").edited


def test_added_templates_can_be_deleted_built_ins_only_reset(db):
    row = add_template(db, "welcome-back", "Welcome back, {{ given_name }}", "Hello\n")
    assert not row.built_in and [r.name for r in list_templates(db)][-1] == "welcome-back"
    with pytest.raises(ValidationError, match="already"):
        add_template(db, "reminder", "x", "y")
    with pytest.raises(ValidationError, match="lower-case"):
        add_template(db, "Welcome Back!", "x", "y")
    with pytest.raises(RefusedError, match="no built-in wording"):
        reset_template(db, "welcome-back")
    with pytest.raises(RefusedError, match="cannot be deleted"):
        delete_template(db, "reminder")
    delete_template(db, "welcome-back")
    with pytest.raises(UserError, match="no e-mail template called"):
        get_template(db, "welcome-back")
