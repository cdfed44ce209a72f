"""Follow-ups that failed after their last attempt: list them, put one back in the queue.

Who may see or retry which failure is the caller's business (the programs domain scopes them to a
coordinator's programmes); these functions only query and update the rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp

__all__ = ["get_followup", "list_failed", "pending_twin", "retry_failed"]


async def list_failed(
    session: AsyncSession, program_ids: Collection[UUID], *, limit: int, offset: int
) -> tuple[Sequence[FollowUp], int]:
    """A page of the failed follow-ups of these programmes, latest first, and their total."""
    where = (FollowUp.state == "failed", FollowUp.program_id.in_(list(program_ids)))
    total = await session.scalar(select(func.count()).select_from(FollowUp).where(*where))
    rows = await session.scalars(
        select(FollowUp)
        .where(*where)
        .order_by(FollowUp.finished_at.desc(), FollowUp.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total or 0)


async def get_followup(session: AsyncSession, followup_id: UUID) -> FollowUp | None:
    """One follow-up, or None."""
    return await session.get(FollowUp, followup_id)


async def pending_twin(session: AsyncSession, row: FollowUp) -> UUID | None:
    """The pending follow-up with the same subject and key (planned again meanwhile), if any."""
    return await session.scalar(
        select(FollowUp.id).where(
            FollowUp.subject_id == row.subject_id, FollowUp.key == row.key, FollowUp.state == "pending"
        )
    )


async def retry_failed(session: AsyncSession, followup_id: UUID, now: datetime) -> bool:
    """Put a failed follow-up back in the queue, due ``now``, with fresh attempts.

    Returns False when it is no longer failed (someone else retried it meanwhile).
    """
    result = await session.execute(
        update(FollowUp)
        .where(FollowUp.id == followup_id, FollowUp.state == "failed")
        .values(state="pending", attempts=0, due_at=now, locked_by=None, locked_until=None, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
