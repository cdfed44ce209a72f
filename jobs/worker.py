"""The arq worker: ``mentoring worker`` runs one; any number may run at once, on any machines.

Redis only carries pokes (``process_due``, no arguments); the database holds every follow-up with its
due time, lease and outcome, so a flushed Redis or a killed worker loses nothing.
"""

from __future__ import annotations

import asyncio
import logging.config
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.logs import default_log_config
from arq.worker import Worker, func

from jobs.tasks import DRAIN_SECONDS, noop, process_due
from mentoring.app import build_outbox_registry
from mentoring.db.budget import check_budget
from mentoring.db.engine import create_engine
from mentoring.lib import clock
from mentoring.outbox.engine import FollowUpEngine
from mentoring.outbox.registry import OutboxRegistry
from mentoring.outbox.supervisor import OutboxSupervisor
from mentoring.settings import Settings


def build_worker(
    settings: Settings, *, burst: bool = False, registry: OutboxRegistry | None = None, **overrides: Any
) -> Worker:
    """An arq worker for these settings (not started), performing the kinds of ``registry``.

    The registry is :func:`mentoring.app.build_outbox_registry`'s unless one is given.
    """
    if settings.redis_url is None:
        raise ValueError("The arq worker needs MENTORING_REDIS_URL")
    jobs = settings.jobs
    registry = registry or build_outbox_registry()

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["engine"] = create_engine(settings, "worker")
        ctx["followups"] = FollowUpEngine(ctx["engine"], settings, registry)
        ctx["supervisor"] = OutboxSupervisor(ctx["followups"])
        await ctx["supervisor"].start()  # a database away at start-up is waited for, not fatal
        if burst:  # no cron in burst mode: one poke drains what is due, then the worker exits
            await ctx["redis"].enqueue_job("process_due", _queue_name=jobs.queue_name)

    async def shutdown(ctx: dict[str, Any]) -> None:
        if "supervisor" in ctx:
            await ctx["supervisor"].close()
        if "engine" in ctx:
            await ctx["engine"].dispose()

    timeout = DRAIN_SECONDS + jobs.lease_seconds
    options: dict[str, Any] = {
        "functions": [
            func(process_due, keep_result=0, timeout=timeout, max_tries=3),
            func(noop, keep_result=0),
        ],
        # Every worker pokes itself every poll_seconds; ids are random (unique=False) so none blocks.
        "cron_jobs": []
        if burst
        else [
            cron(
                process_due,
                name="cron:process_due",
                second=set(range(0, 60, min(jobs.poll_seconds, 59))),
                run_at_startup=True,
                unique=False,
                timeout=timeout,
                keep_result=0,
            )
        ],
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "queue_name": jobs.queue_name,
        "max_jobs": jobs.concurrency,
        "keep_result": 0,
        "poll_delay": 0.2,
        "burst": burst,
        "on_startup": startup,
        "on_shutdown": shutdown,
        "health_check_key": f"{jobs.queue_name}:health-check",
    }
    options.update(overrides)
    return Worker(**options)


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    """Run the arq worker until stopped (or, with ``burst``, until the queue is empty)."""
    config = default_log_config(verbose=settings.debug)
    # The mentoring.* loggers (outages, released leases, the connection budget) beside arq's.
    config["loggers"]["mentoring"] = {**config["loggers"]["arq"], "propagate": False}
    logging.config.dictConfig(config)
    clock.configure(settings)
    asyncio.run(check_budget(settings))
    build_worker(settings, burst=burst).run()
