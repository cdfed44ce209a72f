"""Matching rounds in the background: the API records a pending round, a worker runs it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.models import FollowUp, MatchingRound
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.registry import Due, RunContext, on_final_failure, performs
from mentoring.domain.followups.schedule import schedule
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow

ROUND_KIND = "round.run"


async def schedule_round(session: AsyncSession, round_id: UUID) -> FollowUp:
    """Run a pending round in the background, as soon as a worker is free."""
    row = await session.get(MatchingRound, round_id)
    if row is None:
        raise LookupError(f"No round {round_id}")
    return await schedule(
        session,
        kind=ROUND_KIND,
        subject="round",
        subject_id=round_id,
        key="run",
        due_at=utcnow(),
        user_id=row.run_by_id,
        program_id=row.program_id,
    )


@performs(ROUND_KIND)
async def run(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Run the round (the workflow records ``done`` or ``failed`` with the reason) and tell who started it.

    The round's start and stages commit on their own as it goes (on PostgreSQL; SQLite has one
    writer, this follow-up's transaction), so its progress shows while it runs. Its proposals and
    final status commit with this follow-up's ``done``: a worker killed meanwhile leaves the round
    ``running`` with no proposal, and the worker that reclaims the follow-up once the lease lapses
    restarts it from ``loading``. A round already finished is skipped, so nothing is written twice.
    """
    from mentoring.domain.pairings.services import run_round

    bind = session.bind
    ran = await run_round(session, due.subject_id, progress=bind if isinstance(bind, AsyncEngine) else None)
    row = await session.get(MatchingRound, due.subject_id, populate_existing=True)
    if row is None or not ran:
        return "skipped: not pending"
    if row.run_by_id is not None:
        kind = "round.failed" if row.status == "failed" else "round.finished"
        await create_notification(
            session, row.run_by_id, kind, {"round_id": row.id, "program_id": row.program_id}
        )
    return row.status


@on_final_failure(ROUND_KIND)
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
            await create_notification(session, due.user_id, "round.failed", {"round_id": due.subject_id})
