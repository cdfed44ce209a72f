"""Without Redis, the API process performs the follow-ups itself, on the same schedule."""

from __future__ import annotations

import asyncio
import uuid

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.settings import JobSettings, Settings
from tests.conftest import People
from tests.jobs.processes import eventually
from tests.outbox.support import states


async def test_the_api_process_runs_follow_ups_when_no_redis_is_configured(
    settings: Settings, engine: AsyncEngine, people: People
) -> None:
    from mentoring.app import create_app

    embedded = settings.with_overrides(jobs=JobSettings(poll_seconds=1, in_process=True))
    mentee = await people.mentee()
    async with session_scope(engine) as session:
        await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE)
    assert await states(engine, kind="email.send") == {"pending": 1}

    async with AsyncTestClient(app=create_app(embedded)):

        async def performed() -> bool:
            return await states(engine, kind="email.send") == {"done": 1}

        await eventually(performed, limit=60)
    # The hourly sweep ran at start and planned its next round.
    assert (await states(engine, kind="system.sweep"))["pending"] == 1


async def test_the_test_app_does_not_run_follow_ups_behind_the_tests_back(
    settings: Settings, engine: AsyncEngine, people: People
) -> None:
    from mentoring.app import create_app

    assert settings.embedded_jobs
    assert not settings.jobs.in_process
    # The same settings as the first test's but for ``in_process``: a runner would act within a second.
    quick = settings.with_overrides(jobs=JobSettings(poll_seconds=1, in_process=False))
    mentee = await people.mentee()
    async with session_scope(engine) as session:  # committed before the app starts, due at once
        await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE)
    async with AsyncTestClient(app=create_app(quick)):
        await asyncio.sleep(2.5)  # more than two polls, and a runner plans the sweep as it starts
        assert await states(engine, kind="email.send") == {"pending": 1}
        assert await states(engine, kind="system.sweep") == {}
