"""Certificate numbers ("SLA-2026-0042") and verification codes ("7KQM-2XPA-9HD4") that a
person can read off paper, type back in, and have checked without a database of codes."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import date
from typing import Literal

from cohort_desk.errors import ValidationError

#: Crockford's base 32: digits and capitals without I, L, O (read as 1, 1, 0) and U. Keeping
#: 0 and 1 and *mapping* the look-alikes onto them means a person who types O for 0 or l for 1
#: is simply right, rather than told off; 32 symbols also give exactly 5 bits each.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
#: Look-alikes a person may type for a character that is in the alphabet. U is not in the
#: alphabet, so a typed U can only be a misread V; if it was not, the check character says so.
_LOOK_ALIKES = {"O": "0", "I": "1", "L": "1", "U": "V"}
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.·]+")

CODE_LENGTH = 12  # 11 characters from the HMAC (55 bits) + 1 check character
GROUP = 4
_DATA_LENGTH = CODE_LENGTH - 1
MIN_SECRET_BYTES = 16

_DASH = r"\s*[-\u2010-\u2015/ ]\s*"
_NUMBER = re.compile(rf"\s*([A-Za-z][A-Za-z0-9]{{0,9}}){_DASH}([0-9]{{4}}){_DASH}([0-9]{{1,9}})\s*")
_PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,9}")

CodeStatus = Literal["ok", "typo", "malformed"]
Verdict = Literal["valid", "wrong", "typo", "malformed"]


def certificate_number(prefix: str, year: int, sequence: int) -> str:
    """The certificate number "PREFIX-YEAR-SEQUENCE", e.g. ("SLA", 2026, 42) -> "SLA-2026-0042".

    The sequence has at least four digits and grows past 9999 rather than wrapping. The prefix
    is 1-10 letters and digits starting with a letter, upper-cased.
    """
    prefix = prefix.strip().upper()
    if not _PREFIX.fullmatch(prefix):
        raise ValidationError(
            "A certificate prefix is 1 to 10 letters and digits, starting with a letter.",
            field="prefix",
        )
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits, not {year}")
    if sequence < 1:
        raise ValueError(f"sequence starts at 1, not {sequence}")
    return f"{prefix}-{year}-{sequence:04d}"


def parse_certificate_number(text: str) -> tuple[str, int, int] | None:
    """(prefix, year, sequence) from a number as a person might type it, or None.

    Accepts lower case, spaces, slashes or dashes of any kind between the parts, and a
    sequence without leading zeros ("sla 2026 42"); ``certificate_number`` gives it back
    in its canonical form.
    """
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    prefix, year, sequence = match.group(1).upper(), int(match.group(2)), int(match.group(3))
    if sequence < 1 or year < 1000:
        return None
    return prefix, year, sequence


# GF(32) arithmetic for the check character. With a field, weights that are distinct and
# non-zero make the weighted sum change under *any* single-character change and under any
# swap of two different characters, which a plain sum modulo 32 cannot promise.
_EXP = [0] * 62
_LOG = [0] * 32
_x = 1
for _i in range(31):
    _EXP[_i] = _EXP[_i + 31] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0b100000:
        _x ^= 0b100101  # x^5 + x^2 + 1, a primitive polynomial: alpha has order 31
del _x, _i


def _mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def _check_value(values: list[int]) -> int:
    # Data character i has weight alpha^(i+1) and the check character weight alpha^0 = 1: the
    # check character is the data's weighted sum (XOR in GF(2^5)), so a valid code sums to zero.
    total = 0
    for i, value in enumerate(values):
        total ^= _mul(_EXP[i + 1], value)
    return total


def _group(chars: str) -> str:
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def verification_code(secret: bytes, number: str, person_key: str, issued_on: date) -> str:
    """The verification code printed on a certificate, e.g. "7KQM-2XPA-9HD4".

    HMAC-SHA256 over (number, person, date) with the academy's secret, so codes cannot be
    forged without the secret and nothing needs storing: a code is checked by recomputing it.
    The first 55 bits give 11 characters; the 12th is a check character, so a mistyped code is
    recognised as a typo rather than reported as fake. 55 bits is far beyond guessing: codes
    are only ever checked one certificate number at a time.

    ``person_key`` must never change once a certificate is issued (use the person's database
    id as text, not their name or e-mail). ``number`` may be in any form
    ``parse_certificate_number`` accepts.
    """
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret must have at least {MIN_SECRET_BYTES} bytes")
    parts = parse_certificate_number(number)
    if parts is None:
        raise ValueError(f"not a certificate number: {number!r}")
    if not person_key.strip():
        raise ValueError("person_key is empty")
    # JSON keeps the fields apart unambiguously ("A-1" + "2" never equals "A-12" + "").
    message = json.dumps(
        [
            "cohort-desk certificate v1",
            certificate_number(*parts),
            person_key.strip(),
            issued_on.isoformat(),
        ]
    ).encode("utf-8")
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    bits = int.from_bytes(digest[:7], "big") >> 1  # the first 55 bits
    values = [(bits >> (5 * (_DATA_LENGTH - 1 - i))) & 31 for i in range(_DATA_LENGTH)]
    values.append(_check_value(values))
    return _group("".join(ALPHABET[v] for v in values))


def _clean(text: str) -> str:
    chars = _SEPARATORS.sub("", text)
    if not chars.isascii():
        return chars  # never a code; and "ß".upper() would turn one character into "SS"
    chars = chars.upper()
    return "".join(_LOOK_ALIKES.get(ch, ch) for ch in chars)


def code_status(text: str) -> CodeStatus:
    """Whether typed text is a well-formed code: "ok", "typo" (12 good characters whose check
    character disagrees) or "malformed" (wrong length, or characters never used in codes)."""
    chars = _clean(text)
    if len(chars) != CODE_LENGTH or any(ch not in _VALUE for ch in chars):
        return "malformed"
    values = [_VALUE[ch] for ch in chars]
    return "ok" if _check_value(values[:-1]) == values[-1] else "typo"


def normalise_code(text: str) -> str:
    """A typed code in its printed form: "7kqm 2xpa9hd4" -> "7KQM-2XPA-9HD4".

    Ignores case, spaces and dashes; reads O as 0, I and L as 1, U as V. Raises
    ValidationError when it cannot be a code (wrong length or stray characters); it does not
    check the check character, see ``code_status``.
    """
    chars = _clean(text)
    if len(chars) != CODE_LENGTH or any(ch not in _VALUE for ch in chars):
        raise ValidationError(
            "A verification code has 12 letters and digits, like 7KQM-2XPA-9HD4.", field="code"
        )
    return _group(chars)


def codes_match(a: str, b: str) -> bool:
    """Whether two codes are the same once normalised, compared in constant time."""
    try:
        left, right = normalise_code(a), normalise_code(b)
    except ValidationError:
        return False
    return hmac.compare_digest(left.encode("ascii"), right.encode("ascii"))


def verify_code(
    secret: bytes, number: str, person_key: str, issued_on: date, typed: str
) -> Verdict:
    """Check a typed code against a certificate: "valid", "wrong" (a well-formed code that is
    not this certificate's), "typo" (the check character caught a slip) or "malformed"."""
    status = code_status(typed)
    if status != "ok":
        return status
    expected = verification_code(secret, number, person_key, issued_on)
    return "valid" if codes_match(expected, typed) else "wrong"


def signed_statement(
    number: str,
    code: str,
    kind: str,
    holder_name: str,
    course: str,
    issued_on: date,
    revoked_on: date | None,
) -> bytes:
    """What a certificate's Ed25519 signature covers: its number and code, what it says (kind,
    the name as printed, the course, the date) and its state, so changing any of them, or
    un-revoking, breaks the signature. JSON keeps the fields apart unambiguously."""
    state = f"revoked {revoked_on.isoformat()}" if revoked_on is not None else "standing"
    return json.dumps(
        [
            "cohort-desk certificate v2",
            number,
            code,
            kind,
            holder_name,
            course,
            issued_on.isoformat(),
            state,
        ],
        ensure_ascii=False,
    ).encode("utf-8")
