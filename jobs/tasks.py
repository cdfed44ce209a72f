"""The arq tasks. They carry no arguments: the database says what is due, Redis only wakes workers."""

from __future__ import annotations

from typing import Any

from arq.connections import ArqRedis

from mentoring.outbox.supervisor import OutboxSupervisor

#: How long one poke drains before handing over to a fresh one (keeps jobs well under their timeout).
DRAIN_SECONDS = 60.0


async def process_due(ctx: dict[str, Any]) -> int:
    """Perform the follow-ups that are due, batch after batch; returns how many were performed.

    On a backlog (a full batch), it enqueues one more poke so idle job slots and other workers help.
    While the database is away one poke per worker waits for it (the others return at once).
    """
    supervisor: OutboxSupervisor = ctx["supervisor"]
    followups = supervisor.followups
    redis: ArqRedis = ctx["redis"]
    queue = followups.settings.jobs.queue_name

    async def help_wanted() -> None:
        await redis.enqueue_job("process_due", _queue_name=queue)

    report = await supervisor.drain(max_seconds=DRAIN_SECONDS, on_full_batch=help_wanted)
    if report.more and not report.unavailable:
        await help_wanted()
    return report.done


async def noop(ctx: dict[str, Any]) -> None:
    """Does nothing: the benchmark measures arq's own ceiling with it."""
