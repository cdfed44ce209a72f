"""A PostgreSQL restart is a blip: requests answer 503 then succeed, follow-ups resume in seconds.

These tests restart a real server — a throwaway PostgreSQL 15 cluster of their own
(tests/pgcluster.py), never the shared one — with real ``mentoring worker`` processes and real Redis
where the claim is about processes. They print the figures the resilience note quotes (run with
``-s`` to see them).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from mentoring.app import create_app
from mentoring.db.budget import budget
from mentoring.db.engine import create_engine, session_scope
from mentoring.db.models import FollowUp, metadata
from mentoring.domain.notifications.services import REMINDER_KIND
from mentoring.settings import Settings
from tests.conftest import People, make_settings
from tests.jobs.processes import ROOT, WorkerFleet, eventually
from tests.jobs.test_worker import count, delivered, seed
from tests.outbox.support import free_port
from tests.pgcluster import Cluster, throwaway_cluster

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pg-restart")]

LEASE = 300
RESUME_LIMIT = 15.0


def figures(name: str, **values: Any) -> None:
    """Print the test's figures (``-s`` shows them), one JSON line."""
    print(f"\nFIGURES {name}: {json.dumps(values, default=str)}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for this module's tests."""
    yield from throwaway_cluster()


@pytest.fixture
async def outage_settings(cluster: Cluster, tmp_path: Path) -> AsyncIterator[Settings]:
    """Settings on a fresh database of the throwaway cluster (schema and default data in place)."""
    from mentoring.bootstrap import seed_defaults

    name = f"outage_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(cluster.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = cluster.url.rsplit("/", 1)[0] + f"/{name}"
    schema = create_async_engine(url)
    async with schema.begin() as connection:
        await connection.run_sync(metadata.create_all)
    await schema.dispose()
    settings = make_settings(url, tmp_path)
    await seed_defaults(settings)
    yield settings
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture
async def outage_engine(outage_settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine the test inspects the cluster with (its pool survives restarts like the app's)."""
    engine = create_engine(outage_settings, "cli")
    yield engine
    await engine.dispose()


async def until_up(engine: AsyncEngine) -> None:
    """Wait until the test's own engine reaches the database again (bounded)."""
    for _ in range(100):
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return
        except Exception:
            await asyncio.sleep(0.1)
    raise AssertionError("the database did not come back")


@pytest.mark.parametrize("mode", ["fast", "immediate"])
async def test_requests_during_a_restart_get_503_and_the_first_after_it_succeeds(
    cluster: Cluster, outage_settings: Settings, outage_engine: AsyncEngine, mode: str
) -> None:
    async with AsyncTestClient(app=create_app(outage_settings)) as client:
        mentee = await People(client, outage_engine).mentee()

        async def me() -> httpx.Response:
            return await client.get("/api/me", headers=mentee.headers)

        # Warm the pool with several connections, all of which the restart will close.
        warm = await asyncio.gather(*(me() for _ in range(12)))
        assert {r.status_code for r in warm} == {200}

        down_at = cluster.stop(mode)
        during: list[tuple[int, float]] = []
        for _ in range(10):
            started = time.monotonic()
            response = await (me() if len(during) % 2 else client.get("/api/taxonomy"))
            during.append((response.status_code, time.monotonic() - started))
            assert response.status_code == 503, response.text
            assert response.headers["Retry-After"] == "5"
            body = response.json()
            assert body["status_code"] == 503
            assert "try again" in body["detail"]
            assert body["extra"] == {"retry_after": 5}
            assert "Traceback" not in response.text
        up_at = cluster.start()

        first = await me()
        assert first.status_code == 200, first.text  # no stale connection fails after the restart
        after = [await me() for _ in range(20)]
        after += await asyncio.gather(*(me() for _ in range(12)))
        assert {r.status_code for r in after} == {200}

    figures(
        f"api-restart-{mode}",
        outage_seconds=round(up_at - down_at, 2),
        during=dict(Counter(status for status, _ in during)),
        slowest_during_ms=round(max(seconds for _, seconds in during) * 1000, 1),
        first_after=first.status_code,
        after=dict(Counter(r.status_code for r in after)),
    )


def full_logs(fleet: WorkerFleet) -> str:
    """Every worker's whole output (``fleet.logs()`` keeps only the tails)."""
    return "\n".join(p.read_text(errors="replace") for p in sorted(fleet.tmp.glob("worker-*.log")))


def _log_numbers(logs: str) -> tuple[int, int]:
    released = sum(int(n) for n in re.findall(r"Released (\d+) follow-up lease", logs))
    cut = sum(int(n) for n in re.findall(r"\((\d+) cut short", logs))
    return released, cut


@pytest.mark.redis
async def test_follow_ups_resume_within_seconds_after_a_restart_mid_batch(
    cluster: Cluster, outage_settings: Settings, outage_engine: AsyncEngine, redis_url: str, tmp_path: Path
) -> None:
    engine = outage_engine
    fleet = WorkerFleet(database_url=outage_settings.database_url, redis_url=redis_url, tmp=tmp_path)
    fleet.extra_env.update(MENTORING_JOBS_BATCH_SIZE="50", MENTORING_JOBS_LEASE_SECONDS=str(LEASE))
    try:
        async with AsyncTestClient(app=create_app(outage_settings)) as client:
            user_id = uuid.UUID((await People(client, engine).mentee()).id)
        total = 2550
        await seed(engine, user_id, total, due_in=timedelta(0))
        fleet.start()
        fleet.start()

        async def under_way() -> bool:
            done = await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "done")
            leased = await count(engine, FollowUp.state == "pending", FollowUp.locked_by.is_not(None))
            return done >= 100 and leased > 0

        await eventually(under_way, fleet=fleet, limit=180)
        down_at = cluster.stop("fast")
        await asyncio.sleep(0.3)
        up_at = cluster.start()
        await until_up(engine)
        leased_at_return = await count(
            engine,
            FollowUp.state == "pending",
            FollowUp.locked_by.is_not(None),
            FollowUp.locked_until.is_not(None),
        )
        back = datetime.fromtimestamp(up_at, UTC)

        async def performed_since_return() -> bool:
            return await count(engine, FollowUp.state == "done", FollowUp.finished_at >= back) > 0

        await eventually(performed_since_return, fleet=fleet, limit=60)
        resumed_after = time.time() - up_at

        async def all_done() -> bool:
            return await count(engine, FollowUp.state == "pending") == 0

        await eventually(all_done, fleet=fleet, limit=180)
        finished = time.time() - up_at
        fleet.check_alive()

        assert await delivered(engine, user_id) == list(range(total)), "lost or duplicated"
        assert await count(engine, FollowUp.state == "failed") == 0
        async with session_scope(engine) as session:
            first_done = await session.scalar(
                select(func.min(FollowUp.finished_at)).where(FollowUp.finished_at >= back)
            )
        first_after = (first_done - back).total_seconds() if first_done else None
        logs = full_logs(fleet)
        released, cut = _log_numbers(logs)
        assert resumed_after < RESUME_LIMIT, f"resumed {resumed_after:.1f}s after the return\n{logs}"
        assert finished < LEASE / 2, "rows waited out their lease"
        assert "Traceback" not in logs, logs
        assert released == leased_at_return, "every lease held through the outage is released"
        assert cut > 0, "the rows cut short are retried after a short back-off"
        figures(
            "workers-restart",
            follow_ups=total,
            lease_seconds=LEASE,
            outage_seconds=round(up_at - down_at, 2),
            leased_when_back=leased_at_return,
            first_performed_after_return_s=round(first_after, 2) if first_after is not None else None,
            resume_seen_by_test_s=round(resumed_after, 2),
            all_done_after_return_s=round(finished, 1),
            released=released,
            cut_short_retried=cut,
            outage_log_lines=logs.count("unavailable ("),
        )
    finally:
        fleet.stop_all()


@pytest.mark.redis
async def test_a_worker_started_during_an_outage_waits_and_then_works(
    cluster: Cluster, outage_settings: Settings, outage_engine: AsyncEngine, redis_url: str, tmp_path: Path
) -> None:
    engine = outage_engine
    fleet = WorkerFleet(database_url=outage_settings.database_url, redis_url=redis_url, tmp=tmp_path)
    try:
        async with AsyncTestClient(app=create_app(outage_settings)) as client:
            user_id = uuid.UUID((await People(client, engine).mentee()).id)
        await seed(engine, user_id, 50, due_in=timedelta(0))
        down_at = cluster.stop("fast")
        worker = fleet.start()

        async def waiting() -> bool:
            return "unavailable" in fleet.logs() and "Starting worker" in fleet.logs()

        await eventually(waiting, fleet=fleet, limit=120)
        await asyncio.sleep(3)  # a few pokes meet the outage too
        assert worker.poll() is None, fleet.logs()
        up_at = cluster.start()
        await until_up(engine)

        async def all_done() -> bool:
            return await count(engine, FollowUp.state == "pending") == 0

        await eventually(all_done, fleet=fleet, limit=60)
        done_after = time.time() - up_at
        fleet.check_alive()
        assert worker.poll() is None
        assert await delivered(engine, user_id) == list(range(50))
        logs = full_logs(fleet)
        assert "Traceback" not in logs, logs
        outage_lines = [line for line in logs.splitlines() if "unavailable (" in line]
        assert len(outage_lines) == 1, logs  # logged once, not once per poke
        assert "Start-up tasks deferred" in logs
        assert await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "done") == 50
        figures(
            "worker-started-during-outage",
            outage_seconds=round(up_at - down_at, 1),
            worker_alive=worker.poll() is None,
            all_done_after_return_s=round(done_after, 2),
            outage_log_lines=len(outage_lines),
        )
    finally:
        fleet.stop_all()


@pytest.mark.redis
async def test_connections_in_use_at_the_compose_scale_fit_the_budget(
    cluster: Cluster, outage_settings: Settings, outage_engine: AsyncEngine, redis_url: str, tmp_path: Path
) -> None:
    """Four API processes and a worker, as docker-compose.yml runs them, under 64 concurrent clients."""
    async with AsyncTestClient(app=create_app(outage_settings)) as client:
        mentee = await People(client, outage_engine).mentee()
    fleet = WorkerFleet(database_url=outage_settings.database_url, redis_url=redis_url, tmp=tmp_path)
    port = free_port()
    env = {**fleet.env(), "MENTORING_API_PROCESSES": "4"}
    log = (tmp_path / "api.log").open("wb")
    api = subprocess.Popen(  # noqa: ASYNC220 (the API processes run beside the test)
        [
            sys.executable,
            "-m",
            "mentoring",
            "serve",
            "--port",
            str(port),
            "--workers",
            "4",
            "--no-migrate",
            "--no-demo",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        fleet.start()
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            for _ in range(900):  # four processes importing the app on a busy machine
                try:
                    if (await http.get("/api/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
            headers = {"Authorization": f"Bearer {mentee.token}"}
            statuses: Counter[int] = Counter()
            peak: dict[str, int] = {}

            async def client_loop(deadline: float) -> None:
                while time.monotonic() < deadline:
                    statuses[(await http.get("/api/me", headers=headers)).status_code] += 1

            async def sample(deadline: float) -> None:
                while time.monotonic() < deadline:
                    async with outage_engine.connect() as connection:
                        rows = (
                            await connection.execute(
                                text(
                                    "SELECT application_name, count(*) FROM pg_stat_activity "
                                    "WHERE application_name LIKE 'mentoring-%' GROUP BY 1"
                                )
                            )
                        ).all()
                    for name, n in rows:
                        peak[name] = max(peak.get(name, 0), int(n))
                    await asyncio.sleep(0.2)

            deadline = time.monotonic() + 8
            await asyncio.gather(sample(deadline), *(client_loop(deadline) for _ in range(64)))
        mine = f":{os.getpid()}"  # this test process's own app and engine are not the deployment's
        peak = {name: n for name, n in peak.items() if not name.endswith(mine)}
        per_api = {name: n for name, n in peak.items() if name.startswith("mentoring-api:")}
        per_worker = {name: n for name, n in peak.items() if name.startswith("mentoring-worker:")}
        planned = budget(outage_settings.with_overrides(redis_url=redis_url), api_processes=4)
        assert statuses, "no request was answered"
        assert set(statuses) == {200}, statuses
        assert len(per_api) == 4, peak
        assert max(per_api.values()) <= planned.per_api_process
        assert all(n <= planned.per_worker for n in per_worker.values())
        assert sum(per_api.values()) + sum(per_worker.values()) <= planned.total
        assert planned.fits, planned.describe()
        assert "Connection budget fits" in (tmp_path / "api.log").read_text()
        figures(
            "compose-scale-connections",
            requests=dict(statuses),
            peak_per_process=peak,
            api_total=sum(per_api.values()),
            budget=planned.describe(),
        )
    finally:
        os.killpg(api.pid, signal.SIGTERM)
        try:
            api.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(api.pid, signal.SIGKILL)
            api.wait(timeout=10)
        fleet.stop_all()
