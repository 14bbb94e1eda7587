"""A throwaway PostgreSQL server for the benchmark: initdb in a temporary folder, started on a
free port of 127.0.0.1 (and a socket in that folder), stopped and removed at the end. As root
it runs as the `postgres` user, as PostgreSQL insists."""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from harness import FeatureMissing


def binaries() -> Path | None:
    """The folder of pg_ctl and initdb: on the PATH, else Debian's newest."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent

    def version(folder: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", folder))

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``with Server() as pg: pg.url("name")``; FeatureMissing without PostgreSQL."""

    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise FeatureMissing("PostgreSQL is not installed (no pg_ctl or initdb found)")
        self.bin = bin_dir
        self.folder = Path()  # made on entering
        self.port = _free_port()
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if self.as_root and shutil.which("runuser") is None:
            raise FeatureMissing("PostgreSQL cannot run as root, and runuser is missing")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run(
            [*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def __enter__(self) -> Server:
        # Its own folder under the system's temporary one: the benchmark's workspace may be
        # private to this user, where the postgres user cannot reach.
        self.folder = Path(tempfile.mkdtemp(prefix="cohort-desk-pg-"))
        try:
            self._start()
        except (OSError, LookupError, subprocess.CalledProcessError) as exc:
            # A machine whose PostgreSQL cannot start here (no postgres user, a locked-down
            # temporary folder) skips these rows, saying why, rather than failing the run.
            shutil.rmtree(self.folder, ignore_errors=True)
            said = getattr(exc, "stderr", b"") or b""
            reason = (said.decode(errors="replace").strip().splitlines() or [str(exc)])[-1]
            raise FeatureMissing(f"a PostgreSQL server could not start here: {reason}") from None
        return self

    def _start(self) -> None:
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        if not self.data.exists():
            initdb = str(self.bin / "initdb")
            self._run(initdb, "-N", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        # Without fsync, as SQLite in WAL mode (synchronous=NORMAL) commits without one: the
        # cases compare the work each database does, not the disk's flushes.
        options = f"-k {self.folder} -h 127.0.0.1 -p {self.port} -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
            "-o", options, "start",
        )  # fmt: skip

    def __exit__(self, *_exc: object) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create(self, database: str, template: str | None = None) -> str:
        """A new database (a copy of ``template``, which must have no one connected)."""
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            copy = f' TEMPLATE "{template}"' if template else ""
            connection.execute(f'CREATE DATABASE "{database}"{copy}')
        return self.url(database)
