"""One table of typed codes and what they must give, run through Python's rules
(tests/unit/test_verification_links.py) and through the page's JavaScript in a real browser
(tests/browser/test_verification_page.py), so the two can never drift apart."""

from __future__ import annotations

# (what a person typed or a scanner read, code status, the code in its printed form or None)
CODE_CASES: list[tuple[str, str, str | None]] = [
    ("DPRR-YPRJ-TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("dprryprjtqq0", "ok", "DPRR-YPRJ-TQQ0"),
    ("  dprr yprj  tqq0 ", "ok", "DPRR-YPRJ-TQQ0"),
    ("DPRR\u2013YPRJ\u2014TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("DPRR_YPRJ.TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("DPRR\tYPRJ\u00a0TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("DPRR\u00b7YPRJ\u3000TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("DPRR\x1cYPRJ\x85TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("dprr-yprj-tqqo", "ok", "DPRR-YPRJ-TQQ0"),  # O read as 0
    ("7GIY-56ER-9H7G", "ok", "7G1Y-56ER-9H7G"),  # I read as 1
    ("7gly-56er-9h7g", "ok", "7G1Y-56ER-9H7G"),  # l read as 1
    ("1CBA-O6SD-W68N", "ok", "1CBA-06SD-W68N"),
    ("MW2M-7C2U-NPBV", "ok", "MW2M-7C2V-NPBV"),  # U read as V
    ("DPRR-YPRJ-TQQ1", "typo", "DPRR-YPRJ-TQQ1"),
    ("DPRR-YPRJ-TQ0Q", "typo", "DPRR-YPRJ-TQ0Q"),  # two neighbours swapped
    ("DPRY-RPRJ-TQQ0", "typo", "DPRY-RPRJ-TQQ0"),
    ("XPRR-YPRJ-TQQ0", "typo", "XPRR-YPRJ-TQQ0"),
    ("7KQM-2XPA-9HD4", "typo", "7KQM-2XPA-9HD4"),  # the example printed in hints
    ("DPRR-YPRJ-TQQ", "malformed", None),
    ("DPRR-YPRJ-TQQ0X", "malformed", None),
    ("", "malformed", None),
    ("   ", "malformed", None),
    ("DPRR-YPRJ-TQQ!", "malformed", None),
    ("DPRR-YPRJ-TQQ\u00d6", "malformed", None),
    ("\ufeffDPRR-YPRJ-TQQ0", "malformed", None),
    ("SLA-2026-0010", "malformed", None),
    ("https://academy.example.nhs.uk/verify/#DPRR-YPRJ-TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("https://academy.example.nhs.uk/verify/index.html#dprr%20yprj%20tqq0", "ok", "DPRR-YPRJ-TQQ0"),
    ("https://academy.example.nhs.uk/verify/#DPRR-YPRJ-TQQ1", "typo", "DPRR-YPRJ-TQQ1"),
    ("https://academy.example.nhs.uk/verify/#", "malformed", None),
    ("#DPRR-YPRJ-TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("COHORT-DESK-CERT SLA-2026-0010 DPRR-YPRJ-TQQ0", "ok", "DPRR-YPRJ-TQQ0"),
    ("cohort-desk-cert sla-2026-0010 dprr-yprj-tqq0", "ok", "DPRR-YPRJ-TQQ0"),
    ("COHORT-DESK-CERT SLA-2026-0010", "malformed", None),
]
