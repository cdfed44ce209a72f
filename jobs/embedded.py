"""Follow-ups in-process, for the embedded mode (no Redis): the same drain, on the same schedule."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from litestar import Litestar

from mentoring.db.engine import create_engine
from mentoring.domain.followups.engine import FollowUpEngine
from mentoring.domain.followups.system import ensure_sweep
from mentoring.settings import Settings

log = logging.getLogger("mentoring.jobs")


class EmbeddedRunner:
    """Drains due follow-ups every ``poll_seconds`` in a background task of the API process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_engine(settings)
        self.followups = FollowUpEngine(self.engine, settings)
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        try:
            await ensure_sweep(self.engine)
        except Exception:
            log.exception("Could not plan the hourly sweep")
        while True:
            try:
                report = await self.followups.drain(max_seconds=60)
                if report.claimed:
                    log.info(
                        "Follow-ups: %s done, %s retried, %s failed",
                        report.done,
                        report.retried,
                        report.failed,
                    )
                if report.more:
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
        await self.engine.dispose()


@contextlib.asynccontextmanager
async def embedded_jobs(app: Litestar) -> AsyncIterator[None]:
    """App lifespan: run the follow-ups in-process when no Redis is configured (and it is wanted)."""
    settings: Settings = app.state["settings"]
    if not (settings.embedded_jobs and settings.jobs.in_process):
        yield
        return
    runner = EmbeddedRunner(settings)
    runner.start()
    log.info("Follow-ups run in-process every %ss (no Redis configured)", settings.jobs.poll_seconds)
    try:
        yield
    finally:
        await runner.stop()
