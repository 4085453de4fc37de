"""A PostgreSQL server for the store tests: the one CI started (FORMKIT_TEST_PG_URL, see .ci/run), else
one started here from the distribution's binaries in a temporary folder, stopped at the end.

Each test gets a database of its own (created and dropped here), so tests never see each other's rows.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ENV = "FORMKIT_TEST_PG_URL"  # postgresql+psycopg://USER@/DB?host=SOCKET-DIR&port=PORT (or host:port)
INSTALL = "apt-get install postgresql (or set FORMKIT_TEST_PG_URL to a server's URL)"


def _binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb") and shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(folders[-1]) if folders else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user the package made."""
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no postgres user to start the server as") from None
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def local_server() -> Iterator[str]:
    """Start a throw-away server on a Unix socket in a temp folder; yield its admin URL."""
    bin_dir = _binaries()
    if bin_dir is None:
        raise RuntimeError(f"no PostgreSQL server binaries (initdb, pg_ctl): {INSTALL}")
    folder = Path(tempfile.mkdtemp(prefix="formkit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", 55000 + os.getpid() % 1000
    run = _as_server_user
    subprocess.run(run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True, timeout=120)
    subprocess.run(run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                        f"-k {folder} -p {port} -c listen_addresses= -c fsync=off", "start"]),
                   check=True, capture_output=True, timeout=120)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run(run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def unavailable(reason: str) -> None:
    """Skip, saying why; on CI (CI=true) fail instead: .ci/run must provide the server."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed on CI: {reason}")
    pytest.skip(f"needs a PostgreSQL server: {reason}")


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server; its URL. Dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "formkit_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
