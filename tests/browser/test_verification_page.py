"""The published verification page in a real browser: every answer a person can get, from
the page opened straight from disk (file://) and from a plain static web server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cohort_desk.db.opening import open_database
from cohort_desk.errors import ValidationError
from cohort_desk.rules.certificate_codes import code_status, normalise_code
from cohort_desk.rules.verification_links import code_from
from cohort_desk.services.certificates.publishing import publish_verification
from tests.code_cases import CODE_CASES
from tests.verification_scenario import Published, build_published_scenario


@pytest.fixture
def site(db: Any, tmp_path: Path) -> tuple[Path, Published]:
    scenario = build_published_scenario(db, tmp_path)
    publish_verification(db, tmp_path / "site")
    return tmp_path / "site", scenario


def _answer(browser: Any, url: str) -> tuple[str, str]:
    """Open the page at ``url`` (a code in its fragment) and wait for its answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get("about:blank")
    browser.get(url)
    result = (
        WebDriverWait(browser, 20)
        .until(lambda d: d.find_element(By.ID, "result").get_attribute("data-answer") and d)
        .find_element(By.ID, "result")
    )
    return result.get_attribute("data-answer"), result.text


def _type_and_check(browser: Any, text: str) -> tuple[str, str]:
    """A person typing the code and pressing Enter, as on a phone's keyboard."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("document.getElementById('result').removeAttribute('data-answer')")
    field = browser.find_element(By.ID, "code")
    field.clear()
    field.send_keys(text, Keys.ENTER)
    result = (
        WebDriverWait(browser, 20)
        .until(lambda d: d.find_element(By.ID, "result").get_attribute("data-answer") and d)
        .find_element(By.ID, "result")
    )
    return result.get_attribute("data-answer"), result.text


def _other_database_code(tmp_path: Path) -> str:
    other = open_database(str(tmp_path / "other.db"))
    other.actor = "tester"
    try:
        return build_published_scenario(other, tmp_path / "other").genuine
    finally:
        other.dispose()


def _check_every_answer(browser: Any, page: str, scenario: Published, foreign: str) -> None:
    kind, text = _answer(browser, f"{page}#{scenario.genuine}")
    assert kind == "genuine"
    assert "Zuzanna Kowalczyk-Ogunleye" in text and scenario.genuine_number in text
    assert "Cohort Hand 2026" in text and "Systems Leadership Academy" in text
    assert "28/11/2026" in text and "CPD hours\n12" in text

    kind, text = _answer(browser, f"{page}#{scenario.revoked.lower().replace('-', ' ')}")
    assert kind == "revoked"
    assert "was revoked on" in text and "Siobhán Ní Bhriain" in text
    assert f"replaced by certificate {scenario.replacement}" in text
    assert "wrong cohort" not in text  # the reason stays with the academy

    kind, text = _answer(browser, f"{page}#{scenario.revoked_alone}")
    assert kind == "revoked" and "replaced by" not in text

    mistyped = scenario.genuine[:-1] + ("0" if scenario.genuine[-1] != "0" else "1")
    kind, text = _answer(browser, f"{page}#{mistyped}")
    assert (kind, text.splitlines()[0]) == ("typo", "Check the code")

    kind, text = _answer(browser, f"{page}#{foreign}")
    assert kind == "not-found" and "Not found" in text and normalise_code(foreign) in text

    kind, text = _answer(browser, f"{page}#SLA-2026-0001")
    assert kind == "problem" and "12 letters and digits" in text

    # Typed by hand into the field: any case, spaces, O for 0 and I for 1.
    sloppy = scenario.genuine.lower().replace("-", " ").replace("0", "o").replace("1", "i")
    assert _type_and_check(browser, sloppy)[0] == "genuine"
    link = f"https://academy.example.nhs.uk/verify/#{scenario.revoked}"
    assert _type_and_check(browser, link)[0] == "revoked"
    assert _type_and_check(browser, mistyped)[0] == "typo"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_each_answer_from_the_page_opened_from_disk(
    browser: Any, site: tuple[Path, Published], tmp_path: Path
) -> None:
    folder, scenario = site
    _check_every_answer(
        browser, (folder / "index.html").as_uri(), scenario, _other_database_code(tmp_path)
    )


def test_each_answer_from_a_static_web_server(
    browser: Any, site: tuple[Path, Published], tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    folder, scenario = site
    _check_every_answer(browser, serve(folder), scenario, _other_database_code(tmp_path))


def test_the_page_says_when_the_list_was_published(
    browser: Any, site: tuple[Path, Published]
) -> None:
    from selenium.webdriver.common.by import By

    folder, _scenario = site
    browser.get((folder / "index.html").as_uri())
    text = browser.find_element(By.ID, "published").text
    assert text.startswith("This list was published on ") and " at " in text


def test_the_page_reads_codes_exactly_as_the_python_rules_do(
    browser: Any, site: tuple[Path, Published]
) -> None:
    folder, _scenario = site
    browser.get((folder / "index.html").as_uri())
    got = browser.execute_script(
        "return arguments[0].map(t => {"
        "  const code = CohortDeskCodes.codeFrom(t);"
        "  return [CohortDeskCodes.codeStatus(code), CohortDeskCodes.normalise(code)];"
        "});",
        [typed for typed, _status, _printed in CODE_CASES],
    )
    expected = [[status, printed] for _typed, status, printed in CODE_CASES]
    assert got == expected
    # and the table agrees with the Python rules themselves
    for typed, status, printed in CODE_CASES:
        code = code_from(typed)
        try:
            python_printed: str | None = normalise_code(code)
        except ValidationError:
            python_printed = None
        assert (code_status(code), python_printed) == (status, printed), typed
