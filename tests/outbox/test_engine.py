"""The outbox on its own: a registry object, scheduling rows, and the engine performing through it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.app import build_outbox_registry
from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp
from mentoring.domain.notifications.services import EMAIL_KIND, REMINDER_KIND
from mentoring.domain.pairings.planning.plan import PairingFacts, plan
from mentoring.domain.pairings.planning.planners import EXPIRE_KIND, ROUND_KIND, WAITING_KIND
from mentoring.domain.pairings.planning.planners import REMINDER_KIND as PROPOSAL_REMINDER_KIND
from mentoring.domain.profiles.jobs import PAUSE_END_KIND, SWEEP_KIND
from mentoring.lib.clock import utcnow
from mentoring.outbox.engine import FollowUpEngine
from mentoring.outbox.registry import Due, OutboxRegistry, RunContext
from mentoring.outbox.schedule import already_done, cancel, schedule
from mentoring.settings import JobSettings, Settings
from tests.outbox.support import states, travel


async def _noop(session: AsyncSession, due: Due, context: RunContext) -> str:
    return "ok"


def test_a_kind_is_registered_once_unless_replaced() -> None:
    registry = OutboxRegistry()
    registry.register("test.kind", _noop)
    with pytest.raises(ValueError, match="twice"):
        registry.register("test.kind", _noop)
    registry.register("test.kind", _noop, replace=True)
    assert registry.kinds() == ["test.kind"]
    assert registry.failure_hook_for("test.kind") is None
    with pytest.raises(LookupError, match=r"test\.other"):
        registry.performer_for("test.other")


def test_the_composition_root_registers_every_kind_the_domains_plan() -> None:
    """A kind planned with no performer would fail every time: each domain registers its own."""
    start = datetime(2025, 1, 6, tzinfo=utcnow().tzinfo)
    planned: set[str] = set()
    for status, terms_kind in [
        ("trial", "formal"),
        ("active", "formal"),
        ("active", "informal"),
        ("ended", "formal"),
    ]:
        facts = PairingFacts(
            id=uuid.uuid4(),
            program_id=uuid.uuid4(),
            mentee_id=uuid.uuid4(),
            mentor_id=uuid.uuid4(),
            status=status,
            terms_kind=terms_kind,
            terms={"frequency": "weekly", "sessions": 12},
            trial_sessions=2,
            created_at=start,
            started_at=start,
            ends_on=(start + timedelta(days=180)).date(),
            ended_at=start + timedelta(days=30),
            last_contact_at=None,
        )
        planned |= {spec.kind for spec in plan(facts, start, set()).values()}
    planned |= {EMAIL_KIND, REMINDER_KIND, PROPOSAL_REMINDER_KIND, EXPIRE_KIND, WAITING_KIND, ROUND_KIND}
    planned |= {PAUSE_END_KIND, SWEEP_KIND}
    assert set(build_outbox_registry().kinds()) == planned


async def test_re_planning_moves_the_pending_row_and_cancel_keeps_what_is_asked(engine: AsyncEngine) -> None:
    subject = uuid.uuid4()
    async with session_scope(engine) as session:
        first = await schedule(
            session, kind="test.a", subject="test", subject_id=subject, key="a", due_at=utcnow()
        )
        later = utcnow() + timedelta(days=1)
        again = await schedule(
            session, kind="test.a", subject="test", subject_id=subject, key="a", due_at=later
        )
        assert again.id == first.id
        assert again.due_at == later
        await schedule(session, kind="test.b", subject="test", subject_id=subject, key="b", due_at=utcnow())
        assert await cancel(session, subject, keep=["a"], reason="test") == 1
    assert await states(engine, subject_id=subject) == {"pending": 1, "cancelled": 1}


async def test_the_engine_performs_through_its_registry_retries_then_runs_the_final_failure_hook(
    engine: AsyncEngine, settings: Settings
) -> None:
    """A failing performer's writes roll back; the hook runs once, at the last attempt, in its transaction."""
    subject = uuid.uuid4()
    hooked: list[tuple[uuid.UUID, str]] = []

    async def boom(session: AsyncSession, due: Due, context: RunContext) -> str:
        await schedule(
            session,
            kind="test.side",
            subject="test",
            subject_id=due.subject_id,
            key="side",
            due_at=context.now,
        )
        raise RuntimeError("boom")

    async def on_final_failure(session: AsyncSession, due: Due, reason: str, now: datetime) -> None:
        hooked.append((due.id, reason))

    registry = OutboxRegistry()
    registry.register("test.boom", boom, on_final_failure=on_final_failure)
    registry.register("test.ok", _noop)
    twice = settings.with_overrides(jobs=JobSettings(max_attempts=2, backoff_seconds=60))
    async with session_scope(engine) as session:
        row = await schedule(
            session, kind="test.boom", subject="test", subject_id=subject, key="boom", due_at=utcnow()
        )
        boom_id = row.id
        await schedule(session, kind="test.ok", subject="test", subject_id=subject, key="ok", due_at=utcnow())
        await schedule(
            session, kind="test.unknown", subject="test", subject_id=subject, key="unknown", due_at=utcnow()
        )

    outbox = FollowUpEngine(engine, twice, registry)
    first = await outbox.drain()
    assert (first.done, first.retried, first.failed) == (1, 2, 0)
    assert hooked == []
    travel(timedelta(seconds=61))
    second = await outbox.drain()
    assert (second.done, second.retried, second.failed) == (0, 0, 2)
    assert hooked == [(boom_id, "RuntimeError: boom")]
    async with session_scope(engine) as session:
        rows = {
            r.key: r for r in await session.scalars(select(FollowUp).where(FollowUp.subject_id == subject))
        }
        assert await already_done(session, subject, "ok")
    assert set(rows) == {"boom", "ok", "unknown"}  # the failing performer's write rolled back
    assert (rows["boom"].state, rows["boom"].attempts) == ("failed", 2)
    assert rows["unknown"].last_error == "LookupError: No performer for follow-up kind 'test.unknown'"
