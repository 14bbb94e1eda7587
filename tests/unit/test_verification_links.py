"""The verification address, the QR text and reading a code out of what was typed."""

from __future__ import annotations

import pytest

from cohort_desk.errors import ValidationError
from cohort_desk.rules.certificate_codes import code_status, normalise_code
from cohort_desk.rules.verification_links import (
    check_verification_address,
    code_from,
    qr_payload,
)
from tests.code_cases import CODE_CASES


def _normalised(text: str) -> str | None:
    try:
        return normalise_code(text)
    except ValidationError:
        return None


@pytest.mark.parametrize(("typed", "status", "printed"), CODE_CASES)
def test_each_typed_code_gives_its_status_and_printed_form(
    typed: str, status: str, printed: str | None
) -> None:
    code = code_from(typed)
    assert (code_status(code), _normalised(code)) == (status, printed)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("", ""),
        ("   ", ""),
        ("https://academy.example.nhs.uk/verify/", "https://academy.example.nhs.uk/verify/"),
        (" https://x.org/v/index.html ", "https://x.org/v/index.html"),
        ("HTTPS://Academy.Example.org/verify", "HTTPS://Academy.Example.org/verify"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),
        ("http://localhost/verify/", "http://localhost/verify/"),
    ],
)
def test_a_usable_address_is_kept_as_typed(typed: str, kept: str) -> None:
    assert check_verification_address(typed) == kept


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("http://academy.example.nhs.uk/verify/", "https://"),
        ("academy.example.nhs.uk/verify/", "https://"),
        ("ftp://academy.example.nhs.uk/", "https://"),
        ("https:///verify/", "website's name"),
        ("https://intranet/verify/", "website's name"),
        ("https://academy.example.nhs.uk/verify/#top", "# part"),
        ("https://academy.example.nhs.uk/my verify/", "without spaces"),
        ("https://a.org/" + "x" * 100, "keep it under 100"),
    ],
)
def test_an_address_a_browser_could_not_use_is_refused_in_one_sentence(
    typed: str, says: str
) -> None:
    with pytest.raises(ValidationError) as error:
        check_verification_address(typed)
    assert says in error.value.message and error.value.message.count(". ") <= 1


def test_the_qr_opens_the_page_with_the_code_in_the_fragment_when_there_is_an_address() -> None:
    address = "https://academy.example.nhs.uk/verify/"
    assert qr_payload("SLA-2026-0001", "Q921-059R-9Y6F", address) == (
        "https://academy.example.nhs.uk/verify/#Q921-059R-9Y6F"
    )
    assert qr_payload("sla-2026-0001", "Q921-059R-9Y6F") == (
        "COHORT-DESK-CERT SLA-2026-0001 Q921-059R-9Y6F"
    )
    assert code_from(qr_payload("SLA-2026-0001", "Q921-059R-9Y6F", address)) == "Q921-059R-9Y6F"
