"""A mentor's pause plans its own end, so availability comes back on time without waiting for a sweep."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, MentorProfile
from mentoring.lib import clock
from mentoring.settings import Settings
from tests.conftest import People, Person
from tests.outbox.support import drain, travel


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    previous = clock.install(clock.OffsetClock())
    yield
    clock.install(previous)


async def pause_ends(engine: AsyncEngine, mentor: Person) -> list[tuple[str, object]]:
    async with session_scope(engine) as session:
        rows = await session.execute(
            select(FollowUp.state, FollowUp.due_at).where(
                FollowUp.kind == "mentor.pause_end", FollowUp.subject_id == uuid.UUID(mentor.id)
            )
        )
        return [(state, due.date()) for state, due in rows.all()]


async def test_a_pause_is_lifted_by_its_planned_followup_when_it_ends(
    client, people: People, engine: AsyncEngine, settings: Settings
) -> None:
    """Regression: pausing planned nothing, so the pause's end waited for the hourly sweep."""
    mentor = await people.mentor()
    until = (clock.utcnow() + timedelta(days=10)).date()
    response = await client.put(
        "/api/me/mentor-profile/pause", json={"until": until.isoformat()}, headers=mentor.headers
    )
    assert response.status_code == 200, response.text
    assert await pause_ends(engine, mentor) == [("pending", until)]

    travel(timedelta(days=11))
    await drain(engine, settings)
    assert await pause_ends(engine, mentor) == [("done", until)]
    async with session_scope(engine) as session:
        paused = await session.scalar(
            select(MentorProfile.paused_until).where(MentorProfile.user_id == uuid.UUID(mentor.id))
        )
    assert paused is None
    profile = (await client.get("/api/me/mentor-profile", headers=mentor.headers)).json()
    assert profile["paused_until"] is None


async def test_resuming_cancels_the_planned_end_of_the_pause(
    client, people: People, engine: AsyncEngine
) -> None:
    mentor = await people.mentor()
    until = (clock.utcnow() + timedelta(days=10)).date().isoformat()
    await client.put("/api/me/mentor-profile/pause", json={"until": until}, headers=mentor.headers)
    resumed = await client.delete("/api/me/mentor-profile/pause", headers=mentor.headers)
    assert resumed.status_code == 200, resumed.text
    assert [state for state, _ in await pause_ends(engine, mentor)] == ["cancelled"]
