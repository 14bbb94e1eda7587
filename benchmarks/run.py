"""Cohort Desk's benchmark: each case beside the floor the bare libraries need, with targets.

    python3 benchmarks/run.py [--quick] [--json] [--case NAME ...] [--build] [--workdir DIR]

Builds its own data (deterministically) in a scratch folder, points the app's folders there,
and prints one row per case: median seconds of several runs, peak memory, the floor measured
in the same run, the ratio to it, and the target with PASS or MISS. Exits 1 only when a case
fails to run; a missed target is reported, not an error (CI checks that it runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from harness import MB, ROOT, FeatureMissing, Result, Sizes, Target, Workspace  # noqa: E402

Case = Callable[[Workspace], list[Result]]


def groups() -> dict[str, tuple[Case, tuple[str, ...]]]:
    """Cases that share expensive set-up run together; each yields the named rows."""
    import cases_certificates
    import cases_cli
    import cases_imports
    import cases_postgres
    import cases_reports
    import cases_window

    return {
        "startup": (
            cases_window.startup_and_memory,
            ("startup", "window-memory", "people-list-filled"),
        ),
        "people-list": (cases_window.people_list, ("filter", "sort")),
        "import": (cases_imports.imports, ("import", "reimport")),
        "undo-import": (cases_imports.undo_import, ("undo-import",)),
        "certificates": (
            cases_certificates.certificates,
            ("certificates-combined", "certificates-files", "certificates-issue"),
        ),
        "cli-start": (cases_cli.cli_start, ("cli-start",)),
        "issue-lock": (cases_cli.issue_lock, ("issue-lock",)),
        "register": (cases_reports.register, ("register", "register-service")),
        "summary": (cases_reports.summary, ("summary",)),
        "postgres": (cases_postgres.postgres, cases_postgres.ROWS),
    }


def run_group(ws: Workspace, name: str, case: Case, rows: tuple[str, ...]) -> list[Result]:
    print(f"running {name}…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        results = case(ws)
    except FeatureMissing as missing:
        results = [
            Result(row, row, Target("seconds", 0), status="skipped", note=str(missing))
            for row in rows
        ]
    except Exception as exc:  # one broken case must not hide the others' figures
        traceback.print_exc()
        note = f"{type(exc).__name__}: {exc}"[:300]
        results = [
            Result(row, row, Target("seconds", 0), status="error", note=note) for row in rows
        ]
    print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return results


def bundle(build: bool) -> dict[str, Any] | None:
    """The PyInstaller folder's size, building it first with --build."""
    info: dict[str, Any] = {}
    if build:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--clean",
                "--noconfirm",
                "--log-level",
                "WARN",
                "build.spec",
            ],
            cwd=ROOT,
            check=True,
        )
        info["build_s"] = round(time.perf_counter() - started, 1)
    folder = ROOT / "dist" / "Cohort Desk"
    if not folder.is_dir():
        return None
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    info |= {
        "path": str(folder.relative_to(ROOT)),
        "mb": round(sum(p.stat().st_size for p in files) / MB, 1),
        "files": len(files),
    }
    return info


def machine() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    memory = None
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 1024**3, 1)
    return {
        "date": time.strftime("%d/%m/%Y %H:%M"),
        "system": platform.platform(terse=True),
        "cpus": os.cpu_count(),
        "memory_gb": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "python": platform.python_version(),
        "libraries": {
            name: version(name)
            for name in (
                "PySide6-Essentials",
                "SQLAlchemy",
                "openpyxl",
                "reportlab",
                "rl_accel",
                "python-calamine",
                "segno",
                "pyinstaller",
            )
        },
    }


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _mb(value: float | None, kind: str) -> str:
    if value is None:
        return "-"
    shown = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{shown} MB" + (" rss" if kind == "rss" else "")


def table(results: list[Result]) -> str:
    """A Markdown table, so the same text goes into benchmarks/RESULTS.md."""
    lines = [
        "| case | median | floor | ratio | peak memory (floor) | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        memory = _mb(r.peak_mb, r.memory_kind)
        if r.floor_peak_mb is not None:
            memory += f" ({_mb(r.floor_peak_mb, r.memory_kind)})"
        verdict = {True: "PASS", False: "**MISS**", None: r.status.upper()}[r.passed]
        note = f" — {r.note}" if r.note else ""
        lines.append(
            f"| {r.title} | {_time(r.seconds)} | {_time(r.floor_seconds)} | {ratio} | "
            f"{memory} | {r.target.text()} | {verdict}{note} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run (for CI)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--case", action="append", metavar="NAME", help="only this case")
    parser.add_argument("--build", action="store_true", help="build the bundle and size it")
    parser.add_argument("--workdir", type=Path, help="keep data here and reuse it next time")
    parser.add_argument("--save", type=Path, metavar="FILE", help="also write the JSON here")
    parser.add_argument("--list", action="store_true", help="list the case names")
    args = parser.parse_args(argv)

    known = groups()
    if args.list:
        for name, (_, rows) in known.items():
            print(f"{name}: {', '.join(rows)}")
        return 0
    wanted = set(args.case or [])
    chosen = {n: g for n, g in known.items() if not wanted or n in wanted or wanted & set(g[1])}
    unknown = wanted - set(known) - {row for _, rows in known.values() for row in rows}
    if unknown:
        parser.error(f"unknown case {', '.join(sorted(unknown))}; see --list")

    sizes = Sizes.reduced() if args.quick else Sizes()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="cohort-desk-bench-"))
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace(folder, sizes)
    # This process's own use of the app (in-process cases) stays in the scratch folder too.
    os.environ.update({k: v for k, v in ws.env().items() if k != "PYTHONPATH"})
    about = machine()
    results: list[Result] = []
    try:
        for name, (case, rows) in chosen.items():
            results += [
                r
                for r in run_group(ws, name, case, rows)
                if not wanted or name in wanted or r.name in wanted
            ]
        packaged = bundle(args.build) if args.build or not wanted else None
    finally:
        if args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
    about["load_average_after"] = machine()["load_average"]

    document = {
        "quick": args.quick,
        "machine": about,
        "bundle": packaged,
        "results": [r.as_json() for r in results],
    }
    if args.save:
        args.save.write_text(json.dumps(document, indent=2) + "\n")
    if args.json:
        print(json.dumps(document, indent=2))
    else:
        mode = (
            "quick run: reduced sizes, one run each"
            if args.quick
            else f"median of {sizes.runs} runs"
        )
        print(f"Cohort Desk benchmark, {about['date']} ({mode})")
        print(
            f"{about['system']}, {about['cpus']} CPUs, {about['memory_gb']} GB, Python "
            f"{about['python']}, load average {about['load_average']} -> "
            f"{about['load_average_after']}"
        )
        print(", ".join(f"{k} {v}" for k, v in about["libraries"].items()))
        print()
        print(table(results))
        if packaged:
            built = f", built in {packaged['build_s']} s" if "build_s" in packaged else ""
            print(
                f"\nPyInstaller bundle {packaged['path']}: {packaged['mb']} MB in "
                f"{packaged['files']:,} files{built}"
            )
    return 1 if any(r.status == "error" for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
