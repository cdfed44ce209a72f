"""``mentoring clock``: demos move time forward, and a running server performs what became due."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, Notification
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import REMINDER_KIND, notify_later
from mentoring.lib import clock
from mentoring.lib.clock import parse_duration, read_offset_file
from mentoring.settings import JobSettings, Settings
from tests.conftest import People
from tests.jobs.processes import eventually


def run_clock(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``mentoring clock ARGS`` in a development set-up whose data lives under ``tmp_path``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")}
    base.update(MENTORING_DATA_DIR=str(tmp_path / "var"), COLUMNS="200", **env)
    return subprocess.run(
        [sys.executable, "-m", "mentoring", "clock", *args],
        capture_output=True,
        text=True,
        env=base,
        timeout=120,
    )


def test_advance_adds_up_show_tells_and_reset_goes_back(tmp_path: Path) -> None:
    offset_file = tmp_path / "var" / "clock-offset"  # development's default, beside the data
    assert run_clock(tmp_path, "advance", "7d").returncode == 0
    assert read_offset_file(offset_file) == timedelta(days=7)
    assert run_clock(tmp_path, "advance", "2h").returncode == 0
    assert run_clock(tmp_path, "advance", "30m").returncode == 0
    assert read_offset_file(offset_file) == timedelta(days=7, hours=2, minutes=30)
    shown = run_clock(tmp_path, "show")
    assert shown.returncode == 0, shown.stderr
    assert "ahead of the real time by 7 days, 2:30:00" in shown.stderr
    expected = datetime.now(UTC) + timedelta(days=7, hours=2, minutes=30)
    assert f"{expected:%Y-%m-%d}" in shown.stderr
    reset = run_clock(tmp_path, "reset")
    assert reset.returncode == 0
    assert read_offset_file(offset_file) == timedelta(0)
    assert "ahead of the real time by 0:00:00" in reset.stderr


@pytest.mark.parametrize("duration", ["7x", "7", "d", "-1d", "1.5d"])
def test_a_duration_it_cannot_read_is_refused_and_changes_nothing(tmp_path: Path, duration: str) -> None:
    result = run_clock(tmp_path, "advance", "--", duration)
    assert result.returncode == 2
    assert "is not a duration like 7d, 2h, 30m" in result.stderr
    assert not (tmp_path / "var" / "clock-offset").exists()


def test_the_clock_cannot_be_moved_in_production(tmp_path: Path) -> None:
    for command in (("advance", "7d"), ("reset",), ("show",)):
        result = run_clock(tmp_path, *command, MENTORING_ENV="production", MENTORING_SECRET_KEY="p" * 48)
        assert result.returncode == 2, command
        assert "cannot be moved in production" in result.stderr
    assert not (tmp_path / "var" / "clock-offset").exists()


def test_durations() -> None:
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("1d12h") == timedelta(days=1, hours=12)
    assert parse_duration(" 90M ") == timedelta(minutes=90)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("")


async def test_a_running_server_performs_what_the_advanced_clock_made_due(
    tmp_path: Path, settings: Settings, engine: AsyncEngine, people: People
) -> None:
    """The in-process follow-up runner reads the moved clock without a restart."""
    from litestar.testing import AsyncTestClient

    from mentoring.app import create_app

    mentee = await people.mentee()
    user_id = uuid.UUID(mentee.id)
    real_now = datetime.now(UTC)  # the development clock is the real time plus the file's offset
    async with session_scope(engine) as session:
        for key, due_in in (("now", timedelta(0)), ("in-3-days", timedelta(days=3))):
            await notify_later(
                session, user_id, NotificationKind.CHECKIN_DUE, real_now + due_in, key=key, params={"k": key}
            )

    async def delivered() -> set[str]:
        async with session_scope(engine) as session:
            rows = await session.scalars(select(Notification.params).where(Notification.user_id == user_id))
            return {str(params["k"]) for params in rows}

    async def has(key: str) -> bool:
        return key in await delivered()

    async def pending_reminders() -> int:
        async with session_scope(engine) as session:
            rows = await session.scalars(
                select(FollowUp.id).where(FollowUp.kind == REMINDER_KIND, FollowUp.state == "pending")
            )
            return len(list(rows))

    offset_file = tmp_path / "clock-offset"
    served = settings.with_overrides(
        jobs=JobSettings(poll_seconds=1, in_process=True), clock_file=offset_file
    )
    previous = clock.current()
    try:
        async with AsyncTestClient(app=create_app(served)):
            await eventually(lambda: has("now"), limit=60)
            assert await delivered() == {"now"}  # the runner has drained: the other is not due yet
            assert await pending_reminders() == 1

            moved = run_clock(tmp_path, "advance", "4d", MENTORING_CLOCK_FILE=str(offset_file))
            assert moved.returncode == 0, moved.stderr

            await eventually(lambda: has("in-3-days"), limit=60)
            assert await pending_reminders() == 0
    finally:
        clock.install(previous)
