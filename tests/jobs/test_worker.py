"""A real arq worker process against the real Redis: follow-ups come due and happen once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, Notification
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import REMINDER_KIND, notify_later
from mentoring.domain.profiles.jobs import SWEEP_KIND
from mentoring.lib.clock import utcnow
from tests.conftest import People
from tests.jobs.processes import WorkerFleet, eventually

pytestmark = [pytest.mark.redis, pytest.mark.slow]


async def seed(
    engine: AsyncEngine, user_id: uuid.UUID, count: int, *, due_in: timedelta, start: int = 0
) -> None:
    """``count`` reminders to ``user_id``, numbered from ``start``, due ``due_in`` from now."""
    async with session_scope(engine) as session:
        for n in range(start, start + count):
            await notify_later(
                session,
                user_id,
                NotificationKind.CHECKIN_DUE,
                utcnow() + due_in,
                key=f"reminder:{n}",
                params={"n": n},
            )


async def delivered(engine: AsyncEngine, user_id: uuid.UUID) -> list[int]:
    """The reminder numbers delivered to the user's inbox, one entry per notification."""
    async with session_scope(engine) as session:
        params = await session.scalars(select(Notification.params).where(Notification.user_id == user_id))
        return sorted(int(p["n"]) for p in params)


async def count(engine: AsyncEngine, *where: object) -> int:
    """How many follow-ups match, leaving out the hourly sweep (always one pending)."""
    query = select(func.count()).select_from(FollowUp).where(FollowUp.kind != SWEEP_KIND, *where)  # type: ignore[arg-type]
    async with session_scope(engine) as session:
        return int(await session.scalar(query) or 0)


async def test_follow_ups_come_due_with_the_clock_and_happen_once(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, fleet: WorkerFleet
) -> None:
    mentee = await people.mentee()
    user_id = uuid.UUID(mentee.id)
    await seed(engine, user_id, 1, due_in=timedelta(0))
    await seed(engine, user_id, 20, due_in=timedelta(hours=1), start=1)
    fleet.start()

    async def first_delivered() -> bool:
        return await delivered(engine, user_id) == [0]

    await eventually(first_delivered, fleet=fleet)
    # The worker's clock has not reached the others yet.
    assert await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "pending") == 20

    fleet.travel(timedelta(hours=2))

    async def all_delivered() -> bool:
        return (
            len(await delivered(engine, user_id)) >= 21
            and await count(engine, FollowUp.state == "pending") == 0
        )

    await eventually(all_delivered, fleet=fleet)
    assert await delivered(engine, user_id) == list(range(21))
    assert (
        await count(engine, FollowUp.kind == REMINDER_KIND, FollowUp.state == "done", FollowUp.attempts == 1)
        == 21
    )
    inbox = (await client.get("/api/inbox?limit=50", headers=mentee.headers)).json()
    assert inbox["total"] == 21


async def test_burst_worker_performs_what_is_due_and_exits(
    people: People, engine: AsyncEngine, fleet: WorkerFleet
) -> None:
    mentee = await people.mentee()
    user_id = uuid.UUID(mentee.id)
    await seed(engine, user_id, 5, due_in=timedelta(0))
    process = fleet.start(burst=True)
    assert process.wait(timeout=120) == 0, fleet.logs()
    assert await delivered(engine, user_id) == list(range(5))
