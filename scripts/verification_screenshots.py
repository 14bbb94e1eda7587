"""Screenshots of the published verification page for the README (docs/screenshots/): a
genuine certificate on a desktop and a revoked one at a phone's 390 px, from demo data.

    python3 scripts/verification_screenshots.py   (needs chromium, chromium-driver, selenium)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from cohort_desk.cli import lookup
from cohort_desk.db.opening import open_database
from cohort_desk.services.certificates.issuing import issue
from cohort_desk.services.certificates.publishing import publish_verification
from cohort_desk.services.certificates.register import revoke
from cohort_desk.services.demo.data import load_demo

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cohort-desk-shots-"))
    db = open_database(str(work / "demo.db"))
    load_demo(db, people=120, seed=7)
    issued = issue(db, work / "pdfs", cohort_id=lookup.cohort_id(db, "SLA Cohort 1 (2025-26)"))
    revoke(db, issued.numbers[1], "Issued in error")
    publish_verification(db, work / "site")
    db.dispose()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={work / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        page = (work / "site" / "index.html").as_uri()
        for name, code, width, height in (
            ("verification-page.png", issued.codes[0], 900, 1000),
            ("verification-page-phone.png", issued.codes[1], 390, 980),
        ):
            driver.set_window_size(width, height)
            driver.get("about:blank")
            driver.get(f"{page}#{code}")
            time.sleep(1)
            driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
            driver.save_screenshot(str(OUT / name))
            print(OUT / name)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
