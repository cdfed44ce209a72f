"""Workers killed mid-batch, Redis flushed, two workers at once: every follow-up happens exactly once.

The effect of a follow-up and its move to ``done`` commit in one transaction; a claimed row has a
lease that lapses if its worker dies. These tests run real worker processes on the run's database
(SQLite and PostgreSQL: on SQLite the writers take turns, on PostgreSQL they claim with SKIP LOCKED).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp
from mentoring.domain.notifications.services import REMINDER_KIND
from tests.conftest import People
from tests.jobs.processes import WorkerFleet, eventually
from tests.jobs.test_worker import count, delivered, seed

pytestmark = [pytest.mark.redis, pytest.mark.slow]

LEASE = 300


def started(fleet: WorkerFleet, n: int) -> bool:
    logs = sorted(Path(fleet.tmp).glob("worker-*.log"))
    return len(logs) >= n and all("Starting worker" in p.read_text(errors="replace") for p in logs[:n])


async def nothing_pending(engine: AsyncEngine) -> bool:
    return await count(engine, FollowUp.state == "pending") == 0


async def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, fleet: WorkerFleet
) -> None:
    fleet.extra_env.update(MENTORING_JOBS_BATCH_SIZE="20", MENTORING_JOBS_LEASE_SECONDS=str(LEASE))
    user_id = uuid.UUID((await people.mentee()).id)
    total = 1000
    await seed(engine, user_id, total, due_in=timedelta(0))
    first = fleet.start()

    async def under_way() -> bool:
        done = await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "done")
        leased = await count(engine, FollowUp.state == "pending", FollowUp.locked_by.is_not(None))
        return done >= 100 and leased > 0

    await eventually(under_way, fleet=fleet)
    fleet.kill(first)
    stranded = await count(engine, FollowUp.state == "pending", FollowUp.locked_by.is_not(None))
    assert stranded > 0, "the worker should have died holding a claimed batch"
    assert len(await delivered(engine, user_id)) < total

    fleet.start()

    async def only_stranded_left() -> bool:
        return await count(engine, FollowUp.state == "pending", FollowUp.locked_by.is_(None)) == 0

    await eventually(only_stranded_left, fleet=fleet)
    # The dead worker's lease still holds its batch…
    assert await count(engine, FollowUp.state == "pending") > 0
    # …until it lapses.
    fleet.travel(timedelta(seconds=LEASE + 1))
    await eventually(lambda: nothing_pending(engine), fleet=fleet)

    assert await delivered(engine, user_id) == list(range(total))
    assert await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "done") == total
    assert await count(engine, FollowUp.attempts != 1) == 0


async def test_flushing_redis_while_follow_ups_are_pending_loses_nothing(
    people: People, engine: AsyncEngine, fleet: WorkerFleet, redis_url: str
) -> None:
    user_id = uuid.UUID((await people.mentee()).id)
    await seed(engine, user_id, 300, due_in=timedelta(0))
    await seed(engine, user_id, 300, due_in=timedelta(hours=1), start=300)
    fleet.start()

    async def some_done() -> bool:
        return len(await delivered(engine, user_id)) > 0

    await eventually(some_done, fleet=fleet)
    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()  # the queue, the pokes, the in-progress markers: all gone
    finally:
        await redis.aclose()
    fleet.travel(timedelta(hours=2))

    async def all_done() -> bool:
        return await nothing_pending(engine) and len(await delivered(engine, user_id)) >= 600

    await eventually(all_done, fleet=fleet)
    assert await delivered(engine, user_id) == list(range(600))


async def test_two_workers_at_once_never_perform_a_follow_up_twice(
    people: People, engine: AsyncEngine, fleet: WorkerFleet
) -> None:
    fleet.extra_env.update(MENTORING_JOBS_BATCH_SIZE="25")
    user_id = uuid.UUID((await people.mentee()).id)
    fleet.start()
    fleet.start()

    async def both_started() -> bool:
        return started(fleet, 2)

    await eventually(both_started, fleet=fleet)
    total = 1000
    await seed(engine, user_id, total, due_in=timedelta(0))
    await eventually(lambda: nothing_pending(engine), fleet=fleet)

    assert await delivered(engine, user_id) == list(range(total))
    async with session_scope(engine) as session:
        workers = await session.scalar(
            select(func.count(distinct(FollowUp.locked_by))).where(FollowUp.kind == REMINDER_KIND)
        )
    assert workers == 2, "both workers should have performed some of the follow-ups"
