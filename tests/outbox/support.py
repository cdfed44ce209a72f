"""Fixtures and helpers of the follow-up tests: a real SMTP server, the engine, a controllable clock.

The conftest of each folder whose tests perform follow-ups imports the fixtures it needs from here.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.app import build_outbox_registry
from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp
from mentoring.lib import clock
from mentoring.lib.clock import OffsetClock
from mentoring.outbox.engine import DrainReport, FollowUpEngine
from mentoring.settings import Settings, SMTPSettings
from tests.jobs.processes import WorkerFleet


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server (aiosmtpd) on a free port, and what it received."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def test_clock() -> Iterator[OffsetClock]:
    """Every test runs on a clock of its own, starting at the real time; the previous one is put back."""
    own = OffsetClock()
    previous = clock.install(own)
    try:
        yield own
    finally:
        clock.install(previous)


def travel(delta: timedelta) -> None:
    """Move this process's clock (the test's :class:`OffsetClock`) forward by ``delta``."""
    current = clock.current()
    assert isinstance(current, OffsetClock), "the test_clock fixture is not in use"
    current.travel(delta)


def outbox(engine: AsyncEngine, settings: Settings) -> FollowUpEngine:
    """The follow-up engine with every domain's kinds, as a worker builds it."""
    return FollowUpEngine(engine, settings, build_outbox_registry())


async def drain(engine: AsyncEngine, settings: Settings, **kwargs: Any) -> DrainReport:
    """Perform everything due now, in-process, as one worker would."""
    return await outbox(engine, settings).drain(**kwargs)


async def states(engine: AsyncEngine, **where: Any) -> dict[str, int]:
    """How many follow-ups are in each state (optionally of one kind)."""
    async with session_scope(engine) as session:
        query = select(FollowUp.state, func.count()).group_by(FollowUp.state)
        for name, value in where.items():
            query = query.where(getattr(FollowUp, name) == value)
        return {state: int(n) for state, n in (await session.execute(query)).all()}


def with_smtp(settings: Settings, port: int) -> Settings:
    """The settings with the test SMTP server configured."""
    return settings.with_overrides(smtp=SMTPSettings(host="127.0.0.1", port=port))


def _redis_db() -> int:
    """A Redis database number of this pytest process's own (xdist workers and backends apart)."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    backend = os.environ.get("MENTORING_TEST_DATABASE", "sqlite").lower()
    return 1 + index % 7 + (7 if backend == "postgres" else 0)


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    """A Redis URL on a database of this test process's own, emptied before and after the test."""
    from redis.asyncio import Redis

    from tests.services import REDIS_URL, require_redis

    require_redis()
    url = (
        REDIS_URL.rsplit("/", 1)[0] + f"/{_redis_db()}"
        if REDIS_URL.count("/") >= 3
        else f"{REDIS_URL}/{_redis_db()}"
    )
    client = Redis.from_url(url)
    await client.flushdb()
    yield url
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def fleet(database_url: str, redis_url: str, engine: AsyncEngine, tmp_path: Path) -> Iterator[WorkerFleet]:
    """Real ``mentoring worker`` processes on the test database; all stopped after the test."""
    workers = WorkerFleet(database_url=database_url, redis_url=redis_url, tmp=tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()
