"""Templates are filled in a sandbox: plain values only, no code, no files, and an unknown
placeholder or a subject with a line break is refused before any e-mail is written."""

from __future__ import annotations

import pytest

from cohort_desk.errors import ValidationError
from cohort_desk.services.communications.built_ins import built_ins
from cohort_desk.services.communications.context import sample_context
from cohort_desk.services.communications.rendering import render, render_text

CONTEXT = {
    "given_name": "Siobhán",
    "family_name": "O'Brien",
    "session": {"title": "Action learning set 1", "start": "Tuesday 3 March 2026 at 09:30"},
    "sessions": [{"title": "One"}, {"title": "Two"}],
}


def test_placeholders_are_filled_as_plain_text_without_escaping():
    done = render(
        "{{ session.title }}: {{ given_name }}",
        "Dear {{ given_name }} {{ family_name }} & co,\n"
        "{% for s in sessions %}{{ loop.index }}. {{ s.title }}\n{% endfor %}",
        CONTEXT,
    )
    assert done.subject == "Action learning set 1: Siobhán"
    assert done.body == "Dear Siobhán O'Brien & co,\n1. One\n2. Two\n"


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{{ ''.__class__ }}", "__class__"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
        ("{{ given_name.__class__ }}", "__class__"),
        ("{{ given_name.upper() }}", ".upper"),
        ("{{ given_name.format(1) }}", ".format"),
        ("{{ given_name|attr('__class__') }}", "__class__"),
        ("{{ sessions.__len__() }}", "__len__"),
        ("{{ self.__init__ }}", "__init__"),
        ("{{ cycler.__init__.__globals__ }}", "cycler"),
        ("{{ lipsum.__globals__['os'] }}", "lipsum"),
        ("{{ range(10) }}", "range"),
        ("{% include '/etc/passwd' %}", "include"),
        ("{% import 'macros.txt' as m %}", "import"),
        ("{% from 'x' import y %}", "import"),
        ("{% extends 'base.txt' %}", "extends"),
        ("{{ 'x' * 1000000000 }}", "repeated"),
        ("{{ 9 ** 9 ** 9 }}", "power"),
        ("{{ sesion.start }}", "{{ sesion }}"),
        ("{{ session.stat }}", "{{ stat }}"),
        ("{{ given_name", "mistake"),
    ],
)
def test_hostile_or_mistaken_templates_are_refused_in_one_sentence(template, says):
    with pytest.raises(ValidationError) as refused:
        render_text(template, CONTEXT)
    assert says in refused.value.message
    assert "Traceback" not in refused.value.message and "\n" not in refused.value.message


def test_a_subject_that_would_break_into_headers_is_refused():
    for subject in ("Hello {{ given_name }}\nBcc: spy@example.org", "A\r\nB", "{{ bad }}"):
        context = {**CONTEXT, "bad": "x\r\nBcc: spy@example.org"}
        with pytest.raises(ValidationError) as refused:
            render(subject, "body", context, who="Siobhán O'Brien")
        assert refused.value.field == "subject"
        assert "Siobhán O'Brien" in refused.value.message


def test_a_name_holding_a_line_break_cannot_reach_the_subject():
    context = {**CONTEXT, "given_name": "Eve\r\nBcc: spy@example.org"}
    with pytest.raises(ValidationError, match="line break"):
        render("Welcome {{ given_name }}", "Dear {{ given_name }}", context)


def test_every_built_in_fills_in_against_the_sample():
    for template in built_ins():
        done = render(template.subject, template.body, sample_context(template.sample))
        assert done.subject and "{{" not in done.body and "{%" not in done.body
        assert "Ama" in done.body or "Tom" in done.body
