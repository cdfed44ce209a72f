"""Benchmark the follow-up workers on PostgreSQL + Redis, beside arq's own ceiling for a no-op job.

Run: ``uv run python bench/followups.py [--count 10000] [--workers 1 2]``.

For each number of worker processes (``mentoring worker``, started for real):

* **follow-ups**: ``count`` reminders fall due at the same instant; each one writes an inbox
  notification and plans its e-mail, itself a follow-up (performed as "no SMTP configured"). The
  clock stops when none is left pending, so ``2 × count`` follow-ups were performed.
* **arq no-op**: ``count`` arq jobs that do nothing become runnable at the same instant; the clock
  stops when arq's queue is empty. This is the ceiling of arq itself on this machine.

Needs PostgreSQL and Redis (``MENTORING_TEST_POSTGRES_URL``, ``MENTORING_TEST_REDIS_URL``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != str(ROOT / "bench")]
sys.path.insert(0, str(ROOT))

from arq import create_pool  # noqa: E402
from arq.connections import RedisSettings  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from mentoring.db.engine import session_scope  # noqa: E402
from mentoring.db.models import FollowUp, UserAccount, metadata  # noqa: E402
from mentoring.domain.notifications.services import REMINDER_KIND  # noqa: E402
from mentoring.lib.clock import utcnow  # noqa: E402
from tests.services import POSTGRES_URL, REDIS_URL  # noqa: E402

LEAD = 3.0  # seconds between "everything is queued" and "everything falls due"
CONCURRENCY = 4


def redis_url(db: int = 15) -> str:
    return REDIS_URL.rsplit("/", 1)[0] + f"/{db}"


def start_workers(n: int, database_url: str, queue: str, logs: Path) -> list[subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")}
    env.update(
        MENTORING_ENV="test",
        MENTORING_DATABASE_URL=database_url,
        MENTORING_REDIS_URL=redis_url(),
        MENTORING_DATA_DIR=str(logs),
        MENTORING_SECRET_KEY="bench-secret-key-that-is-long-enough-0123456789",  # noqa: S106
        MENTORING_JOBS_QUEUE=queue,
        MENTORING_JOBS_POLL_SECONDS="1",
        MENTORING_JOBS_BATCH_SIZE="100",
        MENTORING_JOBS_CONCURRENCY=str(CONCURRENCY),
    )
    processes = []
    for i in range(n):
        out = (logs / f"{queue.replace(':', '-')}-{i}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "mentoring", "worker"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        texts = [(logs / f"{queue.replace(':', '-')}-{i}.log").read_text(errors="replace") for i in range(n)]
        if all("Starting worker" in t for t in texts):
            return processes
        time.sleep(0.1)
    stop(processes)
    raise SystemExit("workers did not start")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for p in processes:
        p.send_signal(signal.SIGTERM)
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


async def bench_followups(database_url: str, count: int, workers: int, logs: Path) -> float:
    """Follow-ups performed per second with ``workers`` processes (reminders and their e-mails)."""
    engine = create_async_engine(database_url)
    async with session_scope(engine) as session:
        await session.execute(text("TRUNCATE follow_up, notification CASCADE"))
        user_id = await session.scalar(select(UserAccount.id).limit(1))
    processes = start_workers(workers, database_url, f"bench:{uuid.uuid4().hex[:6]}", logs)
    try:
        due = utcnow() + timedelta(seconds=LEAD + 2)
        rows = [
            {
                "id": uuid.uuid4(),
                "kind": REMINDER_KIND,
                "subject": "user",
                "subject_id": uuid.uuid4(),
                "key": f"bench:{n}",
                "user_id": user_id,
                "due_at": due,
                "state": "pending",
                "attempts": 0,
                "params": {"message": "checkin.due", "n": n},
            }
            for n in range(count)
        ]
        async with session_scope(engine) as session:
            await session.execute(insert(FollowUp), rows)
        wait = (due - utcnow()).total_seconds()
        await asyncio.sleep(max(0.0, wait))
        started = time.perf_counter()
        while True:
            async with session_scope(engine) as session:
                left = await session.scalar(
                    select(func.count())
                    .select_from(FollowUp)
                    .where(FollowUp.state == "pending", FollowUp.kind != "system.sweep")
                )
            if not left:
                break
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        async with session_scope(engine) as session:
            done = await session.scalar(
                select(func.count())
                .select_from(FollowUp)
                .where(FollowUp.state == "done", FollowUp.kind != "system.sweep")
            )
        assert done == 2 * count, f"expected {2 * count} follow-ups performed, found {done}"
        return 2 * count / elapsed
    finally:
        stop(processes)
        await engine.dispose()


async def bench_noop(database_url: str, count: int, workers: int, logs: Path) -> float:
    """arq's own ceiling: no-op jobs per second with ``workers`` processes."""
    queue = f"bench-noop:{uuid.uuid4().hex[:6]}"
    processes = start_workers(workers, database_url, queue, logs)
    redis = await create_pool(RedisSettings.from_dsn(redis_url()), default_queue_name=queue)
    try:
        # Let the workers' start-up pokes finish so the queue holds only the no-ops.
        await asyncio.sleep(2)
        start_at = time.time() + LEAD + 2
        from datetime import UTC, datetime

        defer = datetime.fromtimestamp(start_at, UTC)
        for _ in range(count):
            await redis.enqueue_job("noop", _queue_name=queue, _defer_until=defer)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        started = time.perf_counter()
        # Jobs due and not finished (the workers' own pokes, deferred to their next second, are not due).
        while await redis.zcount(queue, "-inf", int(time.time() * 1000)) > 0:  # noqa: ASYNC110 (polls Redis)
            await asyncio.sleep(0.02)
        return count / (time.perf_counter() - started)
    finally:
        await redis.aclose()
        stop(processes)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"mentoring_bench_{uuid.uuid4().hex[:8]}"
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = create_async_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    async with session_scope(engine) as session:
        session.add(UserAccount(email="bench@example.org", password_hash="x", display_name="Bench"))  # noqa: S106
    await engine.dispose()

    print(f"{args.count} follow-ups falling due at once; workers of {CONCURRENCY} job slots, batches of 100")
    print(f"{'workers':>8} {'follow-ups/s':>14} {'arq no-op jobs/s':>18}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in args.workers:
                followups = await bench_followups(database_url, args.count, n, Path(tmp))
                noop = await bench_noop(database_url, args.count, n, Path(tmp))
                print(f"{n:>8} {followups:>14.0f} {noop:>18.0f}", flush=True)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
