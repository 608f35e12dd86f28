"""A throw-away PostgreSQL cluster for the tests: initdb + pg_ctl, 127.0.0.1, a free port.

The Debian package's binaries (``/usr/lib/postgresql/<version>/bin``) are used; as root
(CI), the server runs as ``nobody`` through ``runuser`` (PostgreSQL refuses to run as
root), in a fresh directory that user owns. Password authentication (scram-sha-256) is
on, so a wrong password is refused as by a real server. ``CI=true`` (or
``XLKPI_REQUIRE_POSTGRES=1``, which ``.ci/run`` sets) makes a missing PostgreSQL a
failure, never a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "xlkpi"
PASSWORD = "pg-Secret-7f3a9c"  # a distinctive secret: tests assert it never shows


@dataclass
class Cluster:
    root: Path
    port: int
    bin: Path

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import ibis

        return ibis.postgres.connect(
            host="127.0.0.1", port=self.port, user=USER, password=PASSWORD, database=database
        )

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"')
        return name


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (None when there is none)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version(path: str) -> float:
    try:
        return float(Path(path).parts[-3])
    except ValueError:
        return 0.0


def start_or_skip() -> Cluster:
    """Start a cluster; skip (fail under CI=true) when PostgreSQL is not installed."""
    bin_dir = binaries()
    if bin_dir is None:
        message = "PostgreSQL is not installed (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() == "true" or os.environ.get("XLKPI_REQUIRE_POSTGRES"):
            pytest.fail(message + "; CI must run the PostgreSQL tests")
        pytest.skip(message)
    return start(bin_dir)


def start(bin_dir: Path) -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="xlkpi-pg-"))
    (root / "pw").write_text(PASSWORD + "\n", encoding="utf-8")
    if os.geteuid() == 0:  # postgres refuses root: hand the directory to nobody
        shutil.chown(root, "nobody")
        shutil.chown(root / "pw", "nobody")
    port = _free_port()
    _run(bin_dir / "initdb", "-D", str(root / "data"), "-U", USER, "--pwfile", str(root / "pw"),
         "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run(bin_dir / "pg_ctl", "-D", str(root / "data"), "-o", options,
         "-l", str(root / "log"), "-w", "-t", "60", "start")  # fmt: skip
    cluster = Cluster(root, port, bin_dir)
    _wait(cluster)
    return cluster


def stop(cluster: Cluster) -> None:
    try:
        _run(cluster.bin / "pg_ctl", "-D", str(cluster.root / "data"), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)


def _run(*command) -> None:
    argv = [str(c) for c in command]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "nobody", "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd="/")
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stdout}{done.stderr}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(cluster: Cluster, timeout: float = 30.0) -> None:
    stop_at = time.monotonic() + timeout
    while time.monotonic() < stop_at:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", cluster.port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not listen on port {cluster.port}")


def load(cluster: Cluster, database: str, tables: dict) -> str:
    """Create ``database`` holding ``{name: DataFrame}``; its URL (with the password)."""
    cluster.create_database(database)
    con = cluster.connect(database)
    try:
        for name, frame in tables.items():
            con.create_table(name, frame, overwrite=True)
    finally:
        con.disconnect()
    return cluster.url(database)
