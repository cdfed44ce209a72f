"""Matching rounds in the background: the API records a pending round and plans it
(:func:`.planners.plan_round`); a worker runs it with :func:`round_performer`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.models import MatchingRound
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import create_notification
from mentoring.domain.pairings.services.rounds import StageObserver, run_round
from mentoring.lib.audit import record_audit
from mentoring.outbox.registry import Due, Performer, RunContext

__all__ = ["round_failed", "round_performer"]


def round_performer(on_stage: StageObserver | None = None) -> Performer:
    """The performer of ``round.run``; ``on_stage(round_id, stage)`` is awaited at each recorded stage."""

    async def run(session: AsyncSession, due: Due, context: RunContext) -> str:
        """Run the round (the workflow records ``done`` or ``failed`` with the reason) and tell who started it.

        The round's start and stages commit on their own as it goes (on PostgreSQL; SQLite has one
        writer, this follow-up's transaction), so its progress shows while it runs. Its proposals and
        final status commit with this follow-up's ``done``: a worker killed meanwhile leaves the round
        ``running`` with no proposal, and the worker that reclaims the follow-up once the lease lapses
        restarts it from ``loading``. A round already finished is skipped, so nothing is written twice.
        """
        bind = session.bind
        ran = await run_round(
            session,
            due.subject_id,
            progress=bind if isinstance(bind, AsyncEngine) else None,
            on_stage=on_stage,
        )
        row = await session.get(MatchingRound, due.subject_id, populate_existing=True)
        if row is None or not ran:
            return "skipped: not pending"
        if row.run_by_id is not None:
            kind = (
                NotificationKind.ROUND_FAILED if row.status == "failed" else NotificationKind.ROUND_FINISHED
            )
            await create_notification(
                session, row.run_by_id, kind, {"round_id": row.id, "program_id": row.program_id}
            )
        return row.status

    return run


async def round_failed(session: AsyncSession, due: Due, reason: str, now: datetime) -> None:
    """The job itself kept failing: the round is marked failed with the reason, never left pending."""
    result = await session.execute(
        update(MatchingRound)
        .where(MatchingRound.id == due.subject_id, MatchingRound.status.in_(("pending", "running")))
        .values(status="failed", stage="finished", progress_at=now, error=reason, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0):
        await record_audit(
            session, actor_id=None, entity="round", entity_id=due.subject_id, action="fail", to="failed"
        )
        if due.user_id is not None:
            await create_notification(
                session, due.user_id, NotificationKind.ROUND_FAILED, {"round_id": due.subject_id}
            )
