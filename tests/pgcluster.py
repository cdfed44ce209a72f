"""A throwaway PostgreSQL 15 cluster a test may stop, crash and restart (never the shared server).

Made with ``initdb`` in a temporary directory owned by ``postgres``, listening on a free port of
127.0.0.1 with trust authentication, run with ``pg_ctl`` as the ``postgres`` OS user, removed at the
end. Without root or the binaries the tests skip, saying how to enable them; under ``CI=true`` they
fail instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.services import in_ci

BIN = Path(os.environ.get("MENTORING_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOW = (
    "run the tests as root on a machine with PostgreSQL 15's server binaries in "
    f"{BIN} (apt-get install postgresql-15), or point MENTORING_TEST_PG_BIN at them"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_cluster_support() -> None:
    """Skip (fail under CI) unless a throwaway cluster can be made here."""
    problems = []
    if not (BIN / "initdb").exists() or not (BIN / "pg_ctl").exists():
        problems.append(f"no initdb/pg_ctl in {BIN}")
    if os.geteuid() != 0:
        problems.append("not root (the cluster runs as the postgres OS user)")
    elif shutil.which("runuser") is None:
        problems.append("no runuser")
    if problems:
        message = f"Restart tests need a throwaway PostgreSQL cluster ({'; '.join(problems)}): {HOW}."
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)


@dataclass
class Cluster:
    """One throwaway cluster; :meth:`stop` and :meth:`start` restart the real server."""

    root: Path
    port: int = field(default_factory=_free_port)
    log: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}\n{self.server_log()}")

    def init(self) -> None:
        self._pg(
            str(BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )
        options = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root}'",
            "max_connections": "100",
            # Fast but crash-safe for what the tests do: a killed server (``-m immediate``) must keep
            # every committed row, so commits write their WAL before answering (synchronous_commit);
            # only a machine crash could lose it (no fsync), and the cluster is thrown away anyway.
            "fsync": "off",
            "synchronous_commit": "on",
            "full_page_writes": "off",
            "shared_buffers": "32MB",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in options.items())

    def start(self) -> float:
        """Start the server and wait until it accepts connections; the wall time it came back."""
        self._pg(
            str(BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return time.time()

    def stop(self, mode: str = "fast") -> float:
        """Stop the server (``fast``: a clean shutdown; ``immediate``: a crash); the wall time it stopped."""
        self._pg(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        return time.time()

    def server_log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self._pg(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def throwaway_cluster() -> Iterator[Cluster]:
    """Make, start and finally remove a cluster (the body of a fixture)."""
    require_cluster_support()
    root = Path(tempfile.mkdtemp(prefix="mentoring-pg-"))
    shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    cluster = Cluster(root)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
