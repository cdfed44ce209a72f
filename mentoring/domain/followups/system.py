"""Housekeeping follow-ups every worker makes sure exist: the hourly sweep of mentors' pauses."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, MentorProfile
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.registry import Due, RunContext, performs
from mentoring.domain.followups.schedule import schedule
from mentoring.lib.clock import utcnow

SWEEP_KIND = "system.sweep"
#: The subject of system follow-ups (a constant: there is one sweep, whatever the number of workers).
SYSTEM_ID = UUID("00000000-0000-4000-8000-00000000f011")
SWEEP_EVERY = timedelta(hours=1)


async def ensure_sweep(engine: AsyncEngine) -> None:
    """Plan the sweep if nobody did (several workers starting at once: one wins, the others see it)."""
    try:
        async with session_scope(engine) as session:
            found = await session.scalar(
                select(FollowUp.id).where(FollowUp.subject_id == SYSTEM_ID, FollowUp.state == "pending")
            )
            if found is None:
                await schedule(
                    session,
                    kind=SWEEP_KIND,
                    subject="system",
                    subject_id=SYSTEM_ID,
                    key="sweep",
                    due_at=utcnow(),
                )
    except IntegrityError:
        pass  # another worker planned it at the same moment


@performs(SWEEP_KIND)
async def sweep(session: AsyncSession, due: Due, context: RunContext) -> str:
    """End the pauses of mentors whose pause is over (they are told), then plan the next sweep."""
    ended = list(
        await session.scalars(
            select(MentorProfile).where(
                MentorProfile.paused_until.is_not(None), MentorProfile.paused_until <= context.now.date()
            )
        )
    )
    for profile in ended:
        profile.paused_until = None
        await create_notification(session, profile.user_id, "mentor.pause_ended")
    await schedule(
        session,
        kind=SWEEP_KIND,
        subject="system",
        subject_id=SYSTEM_ID,
        key="sweep",
        due_at=context.now + SWEEP_EVERY,
    )
    return f"resumed {len(ended)}"
