"""Cases where people wait on each other or on the command line: one command's start-up (the
academy's scripts and every test call it many times), and how long a second administrator's
edit waits while 1,000 certificates are being issued."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_data import CERTIFICATE_COHORT, records_db
from harness import Result, Target, Workspace, feature

DEMO_PEOPLE = 120  # `cohort-desk demo`'s own default


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def _cached_env(ws: Workspace) -> dict[str, str]:
    """The workspace's environment with byte-code caches written and read, as an installed copy
    has them: with PYTHONDONTWRITEBYTECODE set (as in some shells and CI images), every call
    compiled Cohort Desk's modules from source again, about 0.5 s to 1 s on this machine that
    the floor, importing already-compiled SQLAlchemy, never paid. The caches go in the
    workspace, not beside the sources."""
    env = ws.env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ws.folder / "pycache")
    return env


def cli_start(ws: Workspace) -> list[Result]:
    """`people --json` on the demo data, beside a bare interpreter importing SQLAlchemy's ORM
    (every command needs that much): the rest is what the command line adds."""
    db = ws.demo_db(DEMO_PEOPLE)
    command = [sys.executable, "-m", "cohort_desk", "--db", str(db), "people", "--json"]
    floor = [sys.executable, "-c", "import sqlalchemy.orm"]
    env = _cached_env(ws)  # the same for both: the floor's modules are cached there too
    _wall(command, env)  # the first call writes the byte-code caches; it is nobody's usual wait
    runs = max(ws.sizes.runs, 5)
    times, floors = [], []
    for _ in range(runs):  # alternated, so a burst of load hits both alike
        times.append(_wall(command, env))
        floors.append(_wall(floor, env))
    return [
        Result(
            "cli-start",
            f"a command-line command (people --json, {DEMO_PEOPLE} demo people)",
            Target("ratio", 1.5),
            seconds=statistics.median(times),
            floor_seconds=statistics.median(floors),
            runs=runs,
            memory_kind="rss",
        )
    ]


# Runs in a second process while the first issues certificates: one small edit at a time (a
# person's preferred name, as someone at the People screen would save it), each timed from the
# moment it asks to write until it has saved; prints the longest wait and how many were made.
EDITOR = r"""
import json, sys, time
from cohort_desk.db.opening import open_database
from cohort_desk.db.models import Person
from cohort_desk.errors import UserError
db = open_database(sys.argv[1], backup=False)
stop_file = sys.argv[2]
import os
waits, refused = [], 0
with db.read() as session:
    person_id = session.query(Person.id).order_by(Person.id).first()[0]
while not os.path.exists(stop_file):
    start = time.perf_counter()
    try:
        with db.write() as session:
            person = session.get(Person, person_id)
            person.preferred_name = "Sam" if person.preferred_name != "Sam" else "Sammy"
        waits.append(time.perf_counter() - start)
    except UserError:
        refused += 1
        waits.append(time.perf_counter() - start)
    time.sleep(0.05)
print(json.dumps({"longest": max(waits, default=0.0), "edits": len(waits), "refused": refused}))
"""


def issue_lock(ws: Workspace) -> list[Result]:
    """The longest wait of a second process saving one edit while 1,000 certificates are
    issued from the command line. No floor: the goal is a wait of at most a second."""
    with feature("services.certificates.issue"):
        from cohort_desk.services.certificates import issuing  # noqa: F401
    records = records_db(ws)
    db = ws.copy_db(records.path, "issue-lock")
    stop = ws.fresh("stop")
    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(db), str(stop)],
        env=ws.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # let the editor start and save a first edit before issuing begins
    out = ws.fresh("issued")
    start = time.perf_counter()
    issued = subprocess.run(
        [sys.executable, "-m", "cohort_desk", "--db", str(db), "certificates"]
        + ["--cohort", CERTIFICATE_COHORT, "-o", str(out), "--json"],
        env=ws.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    issuing_seconds = time.perf_counter() - start
    Path(stop).write_text("")
    edits_out, edits_err = editor.communicate(timeout=300)
    result = Result(
        "issue-lock",
        f"longest wait to save one edit while {ws.sizes.certificates:,} certificates are issued",
        Target("seconds", 1.0),
        runs=1,
    )
    if issued.returncode != 0 or editor.returncode != 0:
        result.status = "error"
        result.note = (issued.stderr or edits_err).strip()[-300:]
        return [result]
    edits = json.loads(edits_out)
    count = json.loads(issued.stdout)["issued"]
    result.seconds = edits["longest"]
    result.details = {
        "issuing_s": round(issuing_seconds, 2),
        "certificates": count,
        "edits_saved": edits["edits"] - edits["refused"],
        "edits_refused": edits["refused"],
    }
    if count != ws.sizes.certificates:
        result.status = "error"
        result.note = f"expected {ws.sizes.certificates} issued, got {count}"
    return [result]
