"""Follow-ups in-process, for the embedded mode (no Redis): the same drain, on the same schedule.

:func:`mentoring.app.create_app` adds :func:`outbox_lifespan` with the registry it built; the runner
only starts when the settings ask for it (``settings.embedded_jobs and settings.jobs.in_process``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

from litestar import Litestar

from mentoring.db.engine import create_engine
from mentoring.outbox.engine import FollowUpEngine
from mentoring.outbox.registry import OutboxRegistry
from mentoring.outbox.supervisor import OutboxSupervisor
from mentoring.settings import Settings

__all__ = ["EmbeddedRunner", "outbox_lifespan"]

log = logging.getLogger("mentoring.jobs")


class EmbeddedRunner:
    """Drains due follow-ups every ``poll_seconds`` in a background task of the API process."""

    def __init__(self, settings: Settings, registry: OutboxRegistry) -> None:
        self.settings = settings
        self.registry = registry
        self.engine = create_engine(settings, "runner")
        self.followups = FollowUpEngine(self.engine, settings, registry)
        self.supervisor = OutboxSupervisor(self.followups)
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        try:
            await self.supervisor.start()  # deferred, not lost, if the database is away
        except Exception:
            log.exception("The outbox's start-up tasks failed")
        while True:
            try:
                report = await self.supervisor.drain(max_seconds=60)
                if report.claimed:
                    log.info(
                        "Follow-ups: %s done, %s retried, %s failed",
                        report.done,
                        report.retried,
                        report.failed,
                    )
                if report.more and not report.unavailable:
                    continue
            except Exception:  # keep the loop alive: the next round tries again
                log.exception("Follow-up drain failed")
            await asyncio.sleep(self.settings.jobs.poll_seconds)

    def start(self) -> None:
        """Start the background loop."""
        self._task = asyncio.create_task(self._loop(), name="mentoring-followups")

    async def stop(self) -> None:
        """Stop the loop (a follow-up cut short stays pending and is performed later) and close."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.supervisor.close()
        await self.engine.dispose()


def outbox_lifespan(registry: OutboxRegistry) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """An app lifespan running the follow-ups in-process when no Redis is configured (and it is wanted)."""

    @contextlib.asynccontextmanager
    async def embedded_jobs(app: Litestar) -> AsyncIterator[None]:
        settings: Settings = app.state["settings"]
        if not (settings.embedded_jobs and settings.jobs.in_process):
            yield
            return
        runner = EmbeddedRunner(settings, registry)
        runner.start()
        log.info("Follow-ups run in-process every %ss (no Redis configured)", settings.jobs.poll_seconds)
        try:
            yield
        finally:
            await runner.stop()

    return embedded_jobs
