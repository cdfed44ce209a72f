"""Real arq worker processes for the integration and fault tests, with a clock the test moves."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from mentoring.lib.clock import write_offset_file

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class WorkerFleet:
    """Starts ``mentoring worker`` processes sharing one database, one Redis DB and one queue."""

    database_url: str
    redis_url: str
    tmp: Path
    queue: str = field(default_factory=lambda: f"mentoring-test:{uuid.uuid4().hex[:8]}")
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    offset: timedelta = timedelta(0)

    @property
    def clock_file(self) -> Path:
        return self.tmp / "clock-offset"

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")}
        return {
            **base,
            "MENTORING_ENV": "test",
            "MENTORING_DATABASE_URL": self.database_url,
            "MENTORING_REDIS_URL": self.redis_url,
            "MENTORING_DATA_DIR": str(self.tmp),
            "MENTORING_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "MENTORING_JOBS_QUEUE": self.queue,
            "MENTORING_JOBS_POLL_SECONDS": "1",
            "MENTORING_CLOCK_FILE": str(self.clock_file),
            **self.extra_env,
        }

    def start(self, *, burst: bool = False) -> subprocess.Popen[bytes]:
        """Start one more worker process; its output goes to a log file in ``tmp``."""
        if not self.clock_file.exists():
            write_offset_file(self.clock_file, self.offset)
        log = (self.tmp / f"worker-{len(self.processes)}.log").open("wb")
        command = [sys.executable, "-m", "mentoring", "worker", *(["--burst"] if burst else [])]
        process = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def travel(self, delta: timedelta) -> None:
        """Move the workers' clock forward by ``delta`` (they re-read it on every call)."""
        self.offset += delta
        write_offset_file(self.clock_file, self.offset)

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no clean-up, no chance to finish the batch."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        """Stop every worker still running (SIGTERM, then SIGKILL)."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)

    def logs(self) -> str:
        """Every worker's output, for failure messages."""
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp.glob("worker-*.log")))

    def check_alive(self) -> None:
        """Fail loudly if a worker died on its own."""
        for process in self.processes:
            if process.poll() not in (None, -signal.SIGKILL):
                raise AssertionError(f"A worker exited with {process.returncode}:\n{self.logs()}")


async def eventually(
    condition: Callable[[], Awaitable[bool]], *, fleet: WorkerFleet | None = None, limit: float = 300.0
) -> None:
    """Wait until ``condition()`` holds (polling); fail with the workers' logs after ``limit`` seconds.

    The limit is a safety net for a broken build, not an assertion about speed.
    """
    deadline = time.monotonic() + limit
    while not await condition():
        if fleet is not None:
            fleet.check_alive()
        if time.monotonic() > deadline:
            raise AssertionError(
                "Condition not reached" + (f"; worker logs:\n{fleet.logs()}" if fleet else "")
            )
        await asyncio.sleep(0.05)
