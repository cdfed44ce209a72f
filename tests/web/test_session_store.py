"""Page sessions in both stores they live in: the database table (no Redis) and Redis.

Run with ``MENTORING_TEST_DATABASE=postgres`` to check the table on PostgreSQL too.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import pytest
from litestar.stores.base import Store
from litestar.stores.redis import RedisStore
from sqlalchemy import func, select

from mentoring.db.engine import alchemy_config, session_scope
from mentoring.db.models import WebSessionRecord
from mentoring.web.routing import web_stores
from mentoring.web.sessions import SessionManager
from tests.services import REDIS_URL, require_redis

IDLE, ABSOLUTE = 600, 3600


@pytest.fixture(params=["database", "redis"])
async def store(request: pytest.FixtureRequest, settings, engine) -> AsyncIterator[Store]:
    """The store the app would use: the ``web_session`` table, or Redis when configured."""
    if request.param == "redis":
        require_redis()
        redis = RedisStore.with_client(url=REDIS_URL, namespace=f"mentoring-test:{uuid.uuid4().hex[:8]}")
        yield redis
        await redis.delete_all()
        await redis._redis.aclose()
    else:
        yield web_stores(settings, alchemy_config(settings, engine))["sessions"]


@pytest.fixture
def manager(store: Store) -> SessionManager:
    return SessionManager(store, idle_seconds=IDLE, max_seconds=ABSOLUTE)


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = time.time()
        monkeypatch.setattr("mentoring.web.sessions.time.time", lambda: self.now)


async def test_start_load_end(manager: SessionManager) -> None:
    user = uuid.uuid4()
    session_id = await manager.start(user_id=user, user_agent="Firefox")
    record = await manager.load(session_id)
    assert record is not None
    assert record.user_id == str(user)
    assert record.user_agent == "Firefox"
    await manager.end(session_id)
    assert await manager.load(session_id) is None
    assert await manager.active(user, None) == []


async def test_log_in_replaces_the_previous_session(manager: SessionManager) -> None:
    anonymous = await manager.start(user_id=None, user_agent="x", language="fr")
    assert (await manager.load(anonymous)).language == "fr"
    signed_in = await manager.start(user_id=uuid.uuid4(), user_agent="x", replacing=anonymous)
    assert signed_in != anonymous
    assert await manager.load(anonymous) is None
    assert await manager.load(signed_in) is not None


async def test_end_all_ends_every_session_of_that_person_only(manager: SessionManager) -> None:
    ada, bob = uuid.uuid4(), uuid.uuid4()
    laptop = await manager.start(user_id=ada, user_agent="laptop")
    phone = await manager.start(user_id=ada, user_agent="phone")
    bobs = await manager.start(user_id=bob, user_agent="bob")
    listed = await manager.active(ada, phone)
    assert [s.record.user_agent for s in listed] == ["phone", "laptop"]
    assert [s.current for s in listed] == [True, False]
    assert await manager.end_all(ada) == 2
    assert await manager.load(laptop) is None
    assert await manager.load(phone) is None
    assert await manager.load(bobs) is not None


async def test_a_session_written_back_after_log_out_everywhere_stays_dead(
    manager: SessionManager, store: Store
) -> None:
    """A request in flight during "log out everywhere" may write its session back: still refused."""
    ada = uuid.uuid4()
    session_id = await manager.start(user_id=ada, user_agent="x")
    from mentoring.web.sessions import _key

    raw = await store.get(_key(session_id))
    await manager.end_all(ada)
    await store.set(_key(session_id), raw, expires_in=IDLE)
    assert await manager.load(session_id) is None


async def test_idle_and_absolute_expiry(manager: SessionManager, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    user = uuid.uuid4()
    idle = await manager.start(user_id=user, user_agent="x")
    clock.now += IDLE + 1
    assert await manager.load(idle) is None, "idle too long"

    busy = await manager.start(user_id=user, user_agent="x")
    for _ in range(ABSOLUTE // (IDLE // 2)):
        clock.now += IDLE // 2
        if await manager.load(busy) is None:
            break
    assert await manager.load(busy) is None, "used all along, but past the absolute lifetime"


async def test_use_keeps_a_session_alive(manager: SessionManager, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    session_id = await manager.start(user_id=uuid.uuid4(), user_agent="x")
    for _ in range(3):
        clock.now += IDLE - 30
        assert await manager.load(session_id) is not None


async def test_the_database_store_keeps_sessions_in_the_web_session_table(settings, engine) -> None:
    manager = SessionManager(
        web_stores(settings, alchemy_config(settings, engine))["sessions"],
        idle_seconds=IDLE,
        max_seconds=ABSOLUTE,
    )
    session_id = await manager.start(user_id=uuid.uuid4(), user_agent="x")
    async with session_scope(engine) as db:
        keys = list(await db.scalars(select(WebSessionRecord.key)))
        assert len(keys) == 2  # the session and its person's index
        assert session_id not in "".join(keys), "the store keeps a hash of the id, not the id"
    await manager.end(session_id)
    async with session_scope(engine) as db:
        assert await db.scalar(select(func.count()).select_from(WebSessionRecord)) == 0


def test_with_redis_configured_sessions_go_to_redis(settings) -> None:
    assert web_stores(settings.with_overrides(redis_url=REDIS_URL), alchemy_config(settings)) == {}
    from mentoring.app import _store_factory

    assert isinstance(_store_factory(REDIS_URL)("sessions"), RedisStore)


async def test_expired_sessions_leave_the_database_table(settings, engine, monkeypatch) -> None:
    monkeypatch.setattr("mentoring.web.sessions.PURGE_EVERY_SECONDS", 0)
    store = web_stores(settings, alchemy_config(settings, engine))["sessions"]
    manager = SessionManager(store, idle_seconds=1, max_seconds=ABSOLUTE)
    await manager.start(user_id=None, user_agent="x", language="fr")
    async with session_scope(engine) as db:
        assert await db.scalar(select(func.count()).select_from(WebSessionRecord)) == 1
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    async with session_scope(engine) as db:
        await db.execute(update(WebSessionRecord).values(expires_at=datetime.now(UTC) - timedelta(seconds=5)))
    await manager.start(user_id=None, user_agent="y")  # a new session clears the expired ones
    async with session_scope(engine) as db:
        assert await db.scalar(select(func.count()).select_from(WebSessionRecord)) == 1
