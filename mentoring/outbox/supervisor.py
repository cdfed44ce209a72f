"""Drains that outlive a database outage: what the arq worker and the in-process runner both run.

A worker that loses the database neither dies nor logs a traceback per poke: the first error shuts
the process's :class:`~mentoring.db.availability.DatabaseGate` (logged once), one poke waits for it
to open again (the others return at once), then releases the leases the interrupted drain still
holds and carries on. Start-up tasks that meet an outage are deferred to the first drain after it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from mentoring.db.availability import DatabaseGate, is_unavailable
from mentoring.outbox.engine import DrainReport, FollowUpEngine

__all__ = ["OutboxSupervisor"]

log = logging.getLogger("mentoring.outbox")


class OutboxSupervisor:
    """Start-up tasks and drains of one worker process, waiting out database outages."""

    def __init__(self, followups: FollowUpEngine, *, max_delay: float = 2.0) -> None:
        self.followups = followups
        self.gate = DatabaseGate(followups.engine, name="Database (follow-ups)", max_delay=max_delay)
        self._started = False
        self._waiting = 0

    async def start(self) -> None:
        """Run the registry's start-up tasks; if the database is away, defer them and return."""
        try:
            await self._ensure_started()
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            self.gate.mark_down(exc)
            log.warning("Start-up tasks deferred until the database is back")

    async def _ensure_started(self) -> None:
        if not self._started:
            await self.followups.registry.startup(self.followups.engine)
            self._started = True

    async def drain(
        self, *, max_seconds: float, on_full_batch: Callable[[], Awaitable[None]] | None = None
    ) -> DrainReport:
        """Drain for up to ``max_seconds``; through an outage, wait (one poke per process) and go on.

        ``report.unavailable`` says the database was still away when the time ran out.
        """
        deadline = time.monotonic() + max_seconds
        report = DrainReport()
        while (remaining := deadline - time.monotonic()) > 0:
            if not self.gate.is_up:
                if self._waiting:  # another poke already waits to resume: leave it to that one
                    report.unavailable = True
                    return report
                self._waiting += 1
                try:
                    if not await self.gate.wait(remaining):
                        report.unavailable = True
                        return report
                finally:
                    self._waiting -= 1
                continue
            try:
                await self._ensure_started()
                await self.followups.release_held()
                drained = await self.followups.drain(max_seconds=remaining, on_full_batch=on_full_batch)
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                self.gate.mark_down(exc)
                report.held = len(self.followups.held)
                continue
            drained.held = report.held
            return drained
        report.unavailable = not self.gate.is_up
        report.more = True
        return report

    async def close(self) -> None:
        """Stop probing for the database."""
        await self.gate.close()
