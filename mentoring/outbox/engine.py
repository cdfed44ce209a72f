"""Claim due follow-ups and perform them, each exactly once in effect.

The protocol, safe with many workers on many machines and with workers killed at any moment:

1. **Claim** (one short transaction): take up to ``batch_size`` pending rows that are due and not
   leased (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers), set a lease
   (``locked_by``, ``locked_until``), commit.
2. **Perform** (one transaction per row): a conditional update moves the row to ``done`` only if
   it is still pending and still ours — that update also locks it — then the performer writes its
   effect; both commit together. A worker killed before the commit leaves the row pending and
   leased; once the lease lapses another worker claims it again.
3. **Fail**: if the performer raises, its writes roll back; a new transaction counts the attempt,
   keeps the reason and pushes ``due_at`` back exponentially, or marks the row ``failed`` and runs
   the kind's final-failure hook in that same transaction.
4. **Database away**: if the database goes away mid-batch, recording the failure fails too. The
   drain stops cleanly (:class:`~mentoring.db.availability.DatabaseUnavailable`) and the worker
   *holds* the rest of its batch; as soon as the database answers again it releases those leases
   (the row cut short is due again ``jobs.outage_retry_seconds`` later, without spending an
   attempt) and carries on. A worker that dies instead still leaves leases that lapse.

The engine performs kinds through the :class:`~mentoring.outbox.registry.OutboxRegistry` it is given
(built by :func:`mentoring.app.build_outbox_registry`); a kind nobody registered fails like any error.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mentoring.db.availability import DatabaseUnavailable, describe, is_unavailable, lost_connection
from mentoring.db.models import FollowUp
from mentoring.lib.clock import utcnow
from mentoring.outbox.registry import Due, OutboxRegistry, RunContext
from mentoring.settings import Settings

log = logging.getLogger("mentoring.outbox")

__all__ = ["DrainReport", "FollowUpEngine", "backoff", "pending_due", "worker_name"]


def worker_name() -> str:
    """A name for this worker process, unique across machines: host, pid and a random suffix."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(settings: Settings, attempts: int) -> timedelta:
    """How long to wait before the next attempt after ``attempts`` failed ones (doubling, ≤ 1 day)."""
    seconds = settings.jobs.backoff_seconds * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, 86_400))


@dataclass
class DrainReport:
    """What one drain did."""

    claimed: int = 0
    done: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0
    more: bool = False
    #: Rows left unperformed because the database went away (held, released once it is back).
    held: int = 0
    unavailable: bool = False


class FollowUpEngine:
    """Claims and performs due follow-ups against one database."""

    def __init__(
        self, engine: AsyncEngine, settings: Settings, registry: OutboxRegistry, worker: str | None = None
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.registry = registry
        self.worker = worker or worker_name()
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        # Claimed rows a drain could not perform because the database went away: id -> the row
        # cut short (True) or never started (False). Released by :meth:`release_held`.
        self.held: dict[uuid.UUID, bool] = {}
        self.released = 0
        self.retried_after_outage = 0

    async def claim(self, now: datetime | None = None, limit: int | None = None) -> list[Due]:
        """Lease up to ``limit`` due follow-ups to this worker and return them."""
        now = now or utcnow()
        limit = limit or self.settings.jobs.batch_size
        candidates = (
            select(FollowUp.id)
            .where(
                FollowUp.state == "pending",
                FollowUp.due_at <= now,
                or_(FollowUp.locked_until.is_(None), FollowUp.locked_until < now),
            )
            .order_by(FollowUp.due_at)
            .limit(limit)
        )
        if self.engine.dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        statement = (
            update(FollowUp)
            .where(FollowUp.id.in_(candidates.scalar_subquery()))
            .values(
                locked_by=self.worker, locked_until=now + timedelta(seconds=self.settings.jobs.lease_seconds)
            )
            .returning(
                FollowUp.id,
                FollowUp.kind,
                FollowUp.subject,
                FollowUp.subject_id,
                FollowUp.key,
                FollowUp.user_id,
                FollowUp.program_id,
                FollowUp.due_at,
                FollowUp.attempts,
                FollowUp.params,
            )
            .execution_options(synchronize_session=False)
        )
        async with self.sessions() as session, session.begin():
            rows = (await session.execute(statement)).all()
        claimed = [Due(*row) for row in rows]
        claimed.sort(key=lambda due: due.due_at)
        return claimed

    async def perform(self, due: Due, now: datetime | None = None) -> str:
        """Perform one claimed follow-up; returns ``done``, ``retried``, ``failed`` or ``lost``."""
        now = now or utcnow()
        context = RunContext(settings=self.settings, now=now, worker=self.worker)
        try:
            async with self.sessions() as session, session.begin():
                if not await self._take(session, due, now):
                    return "lost"
                outcome = await self.registry.performer_for(due.kind)(session, due, context)
                if outcome:
                    await session.execute(
                        update(FollowUp)
                        .where(FollowUp.id == due.id)
                        .values(outcome=outcome[:60])
                        .execution_options(synchronize_session=False)
                    )
            return "done"
        except Exception as exc:  # the performer's writes are rolled back; keep the reason
            if lost_connection(exc):  # the database's fault, not the effect's
                try:
                    return await self._record_outage(due, exc)
                except Exception as again:
                    raise DatabaseUnavailable(describe(again)) from again
            if not is_unavailable(exc):  # an outage is logged once, by the supervisor's gate
                log.warning("Follow-up %s (%s) failed: %r", due.id, due.kind, exc)
            try:
                return await self._record_failure(due, exc, now)
            except Exception as again:
                if is_unavailable(again):
                    raise DatabaseUnavailable(describe(again)) from again
                raise

    async def _take(self, session: AsyncSession, due: Due, now: datetime) -> bool:
        """Move the row to done if it is still pending and ours (this also locks it)."""
        result = await session.execute(
            update(FollowUp)
            .where(
                FollowUp.id == due.id,
                FollowUp.state == "pending",
                FollowUp.locked_by == self.worker,
            )
            .values(
                state="done",
                finished_at=now,
                attempts=FollowUp.attempts + 1,
                locked_until=None,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def _record_failure(self, due: Due, exc: Exception, now: datetime) -> str:
        attempts = due.attempts + 1
        reason = f"{type(exc).__name__}: {exc}"[:500]
        final = attempts >= self.settings.jobs.max_attempts
        values: dict[str, object] = {
            "attempts": attempts,
            "last_error": reason,
            "locked_until": None,
            "locked_by": None,
        }
        if final:
            values.update(state="failed", finished_at=now)
        else:
            values["due_at"] = now + backoff(self.settings, attempts)
        async with self.sessions() as session, session.begin():
            result = await session.execute(
                update(FollowUp)
                .where(
                    FollowUp.id == due.id,
                    FollowUp.state == "pending",
                    FollowUp.locked_by == self.worker,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if not getattr(result, "rowcount", 0):
                return "lost"
            hook = self.registry.failure_hook_for(due.kind) if final else None
            if hook is not None:
                await hook(session, due, reason, now)
        return "failed" if final else "retried"

    async def _record_outage(self, due: Due, exc: Exception) -> str:
        """The row was cut short by a lost connection: due again shortly, no attempt spent."""
        await self._release([due.id], cut_short={due.id}, reason=describe(exc))
        self.retried_after_outage += 1
        return "retried"

    async def _release(self, ids: list[uuid.UUID], *, cut_short: set[uuid.UUID], reason: str) -> int:
        """Give up this worker's leases on ``ids`` (still pending); the cut-short ones wait a little."""
        retry_at = utcnow() + timedelta(seconds=self.settings.jobs.outage_retry_seconds)
        mine = and_(FollowUp.state == "pending", FollowUp.locked_by == self.worker)
        released = 0
        async with self.sessions() as session, session.begin():
            if cut := [i for i in ids if i in cut_short]:
                result = await session.execute(
                    update(FollowUp)
                    .where(FollowUp.id.in_(cut), mine)
                    .values(locked_by=None, locked_until=None, due_at=retry_at, last_error=reason[:500])
                    .execution_options(synchronize_session=False)
                )
                released += int(getattr(result, "rowcount", 0) or 0)
            if rest := [i for i in ids if i not in cut_short]:
                result = await session.execute(
                    update(FollowUp)
                    .where(FollowUp.id.in_(rest), mine)
                    .values(locked_by=None, locked_until=None)
                    .execution_options(synchronize_session=False)
                )
                released += int(getattr(result, "rowcount", 0) or 0)
        return released

    async def release_held(self) -> int:
        """Release the leases a drain interrupted by an outage still holds; how many were released.

        Raises :class:`DatabaseUnavailable` (and keeps holding them) if the database is still away.
        """
        if not self.held:
            return 0
        held = dict(self.held)
        try:
            released = await self._release(
                list(held), cut_short={i for i, cut in held.items() if cut}, reason="database unavailable"
            )
        except Exception as exc:
            if is_unavailable(exc):
                raise DatabaseUnavailable(describe(exc)) from exc
            raise
        for row in held:
            self.held.pop(row, None)
        self.released += released
        self.retried_after_outage += sum(1 for cut in held.values() if cut)
        log.warning(
            "Released %d follow-up lease(s) held through the database outage (%d cut short, due again in %ss)",
            released,
            sum(1 for cut in held.values() if cut),
            self.settings.jobs.outage_retry_seconds,
        )
        return released

    async def drain(
        self,
        now: datetime | None = None,
        *,
        max_batches: int | None = None,
        max_seconds: float | None = None,
        on_full_batch: Callable[[], Awaitable[None]] | None = None,
    ) -> DrainReport:
        """Claim and perform batches until nothing is due, or ``max_batches``/``max_seconds`` are spent.

        ``report.more`` says whether it stopped with work possibly left. ``on_full_batch`` is awaited
        once, on the first full batch, so a worker can ask others to help with a backlog.
        """
        report = DrainReport()
        batches = 0
        started = time.monotonic()
        while True:
            if (max_batches is not None and batches >= max_batches) or (
                max_seconds is not None and time.monotonic() - started >= max_seconds
            ):
                report.more = True
                break
            try:
                batch = await self.claim(now)
            except Exception as exc:
                if is_unavailable(exc):
                    raise DatabaseUnavailable(describe(exc)) from exc
                raise
            if not batch:
                break
            batches += 1
            report.claimed += len(batch)
            if len(batch) >= self.settings.jobs.batch_size and on_full_batch is not None:
                await on_full_batch()
                on_full_batch = None  # fan out once per drain
            for index, due in enumerate(batch):
                try:
                    result = await self.perform(due, now)
                except DatabaseUnavailable:
                    # Hold what is left of the batch: released as soon as the database answers.
                    self.held[due.id] = True
                    for rest in batch[index + 1 :]:
                        self.held.setdefault(rest.id, False)
                    report.held = len(batch) - index
                    raise
                setattr(report, result, getattr(report, result) + 1)
        return report


async def pending_due(engine: AsyncEngine, now: datetime | None = None) -> int:
    """How many follow-ups are due and waiting (for tests and health checks)."""
    now = now or utcnow()
    async with async_sessionmaker(engine)() as session:
        count = await session.scalar(
            select(func.count()).where(and_(FollowUp.state == "pending", FollowUp.due_at <= now))
        )
    return int(count or 0)
