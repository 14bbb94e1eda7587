"""Filling a template's placeholders, sandboxed: a template can read only the plain values it
is given (strings, numbers, lists and dicts), never call into Python, include files or reach
attributes, and an unknown placeholder is an error, never a blank in someone's e-mail.

Jinja2's SandboxedEnvironment with StrictUndefined does the filling; on top of it, attribute
access is narrowed to the keys of the dicts we pass in, the operators that could build a huge
string are checked, and {% include %}, {% import %} and {% extends %} are refused before a
template is ever run (they would read files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from cohort_desk.errors import ValidationError

MAX_TEMPLATE = 20_000  # characters in a subject or body as typed
MAX_OUTPUT = 100_000  # characters one rendered body may reach
MAX_SUBJECT = 250  # characters of a rendered subject line (Outlook shows about 250)
_LOOP_ATTRIBUTES = frozenset(
    "index index0 revindex revindex0 first last length previtem nextitem depth depth0".split()
)
_FILE_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
# Characters that would break a header or disguise text: CR, LF and the other controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _Sandbox(SandboxedEnvironment):
    """Dict keys and list items only: no attribute of any Python object is reachable, so
    ``{{ ''.__class__ }}`` or ``{{ name.format(...) }}`` fail before they print anything."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, LoopContext) and attr in _LOOP_ATTRIBUTES

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            return obj  # {{ sesion.start }}: the error names "sesion", the real mistake
        if isinstance(obj, Mapping):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        if isinstance(obj, LoopContext) and attribute in _LOOP_ATTRIBUTES:
            return getattr(obj, attribute)
        return self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Undefined):
            return obj
        if isinstance(obj, Mapping) and isinstance(argument, str):
            return self.getattr(obj, argument)
        if isinstance(obj, list | tuple | str) and isinstance(argument, int | slice):
            try:
                return obj[argument]
            except IndexError:
                return self.undefined(obj=obj, name=str(argument))
        return self.unsafe_undefined(obj, str(argument))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (abs(_number(right)) > 64 or abs(_number(left)) > 10**6):
            raise SecurityError("a power too large for a template")
        if operator == "*" and (_size(left) * _number(right) > MAX_OUTPUT
                                or _size(right) * _number(left) > MAX_OUTPUT):  # fmt: skip
            raise SecurityError("text repeated too often for a template")
        if operator == "+" and _size(left) + _size(right) > MAX_OUTPUT:
            raise SecurityError("text too long for a template")
        return super().call_binop(context, operator, left, right)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 1


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 1


def _environment() -> _Sandbox:
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,  # plain text e-mails: "O'Brien & Co" stays as typed
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.clear()  # no range(), lipsum(), namespace(): only the values we pass in
    return env


_ENV = _environment()


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def _where(part: str, line: int | None) -> str:
    return f"the {part}" + (f" (line {line})" if line and part == "body" else "")


def check_syntax(text: str, part: str) -> Any:
    """The compiled template, or a ValidationError naming the first problem in plain words."""
    if len(text) > MAX_TEMPLATE:
        raise ValidationError(
            f"The {part} is too long ({len(text):,} characters); keep it under {MAX_TEMPLATE:,}.",
            field=part,
        )
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            f"{_where(part, exc.lineno).capitalize()} has a mistake in its placeholders: "
            f"{(exc.message or '').rstrip('.')}; "
            "placeholders are written like {{ given_name }}.",
            field=part,
        ) from None
    for node in tree.find_all(_FILE_NODES):
        tag = type(node).__name__.lower().replace("fromimport", "from … import")
        raise ValidationError(
            f"{_where(part, node.lineno).capitalize()} uses {{% {tag} %}}, which would read "
            "another file; templates may only use the placeholders listed, so write the text "
            "into this template instead.",
            field=part,
        )
    return _ENV.from_string(text)


def _explain(exc: Exception, part: str, who: str) -> ValidationError:
    for_whom = f" for {who}" if who else ""
    if isinstance(exc, SecurityError):
        reached = re.search(r"attribute '([^']+)'", str(exc))
        if reached is None:  # one of the size limits in _Sandbox.call_binop
            return ValidationError(
                f"{_where(part, None).capitalize()} asks for {exc}; shorten it.", field=part
            )
        return ValidationError(
            f"{_where(part, None).capitalize()} uses “.{reached.group(1)}”, which reaches "
            "inside the program; templates may only use the placeholders listed.",
            field=part,
        )
    if isinstance(exc, UndefinedError):
        name = _undefined_name(str(exc))
        return ValidationError(
            f"{_where(part, None).capitalize()} uses {{{{ {name} }}}}, which Cohort Desk "
            f"does not know{for_whom}; correct it, or choose from the placeholders listed.",
            field=part,
        )
    return ValidationError(
        f"{_where(part, None).capitalize()} could not be filled in{for_whom} ({exc}); "
        "correct the placeholders and try again.",
        field=part,
    )


def _undefined_name(message: str) -> str:
    """ "'sesion' is undefined" -> sesion; "'dict object' has no attribute 'stat'" -> stat."""
    found = re.findall(r"'([^']+)'", message)
    return found[-1] if found else message


def render_text(text: str, context: Mapping[str, Any], part: str = "body", who: str = "") -> str:
    template = check_syntax(text, part)
    try:
        out: str = template.render(dict(context))
    except (TemplateError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        raise _explain(exc, part, who) from None
    if len(out) > MAX_OUTPUT:
        raise ValidationError(
            f"The {part} comes to more than {MAX_OUTPUT:,} characters; shorten it.", field=part
        )
    return out


def render(subject: str, body: str, context: Mapping[str, Any], who: str = "") -> Rendered:
    """Subject and body filled in for one person. The subject must come out as one line:
    a line break there would let text become e-mail headers (Bcc: ...), so it is refused."""
    line = render_text(subject, context, "subject", who)
    line = line.strip()
    if _CONTROL.search(line):
        raise ValidationError(
            f"The subject{f' for {who}' if who else ''} would contain a line break or other "
            "control character, which an e-mail subject cannot hold; keep it to one line.",
            field="subject",
        )
    if not line:
        raise ValidationError(
            f"The subject{f' for {who}' if who else ''} comes out empty; give it some words.",
            field="subject",
        )
    if len(line) > MAX_SUBJECT:
        raise ValidationError(
            f"The subject comes to {len(line)} characters; keep it under {MAX_SUBJECT}.",
            field="subject",
        )
    text = render_text(body, context, "body", who)
    return Rendered(line, text.replace("\r\n", "\n").replace("\r", "\n"))


def placeholders_used(text: str) -> set[str]:
    """The top-level names a template reads ({{ cohort.name }} -> cohort), for help texts."""
    from jinja2 import meta

    try:
        return set(meta.find_undeclared_variables(_ENV.parse(text)))
    except TemplateSyntaxError:
        return set()
