"""The profiles domain's follow-ups: the end of a mentor's pause, and the hourly sweep backing it up.

:func:`plan_mentor_followups` (called by the profile services after pausing or resuming) plans the
end of a pause; :func:`register` adds the performers and the sweep's start-up task to the outbox
registry (called by :func:`mentoring.app.build_outbox_registry`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, MentorProfile
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import create_notification
from mentoring.lib.clock import utcnow
from mentoring.outbox.registry import Due, OutboxRegistry, RunContext
from mentoring.outbox.schedule import cancel, schedule

__all__ = [
    "PAUSE_END_KIND",
    "SWEEP_KIND",
    "SYSTEM_ID",
    "ensure_sweep",
    "plan_mentor_followups",
    "register",
]

PAUSE_END_KIND = "mentor.pause_end"
SWEEP_KIND = "system.sweep"
#: The subject of the sweep (a constant: there is one sweep, whatever the number of workers).
SYSTEM_ID = UUID("00000000-0000-4000-8000-00000000f011")
SWEEP_EVERY = timedelta(hours=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


async def plan_mentor_followups(session: AsyncSession, mentor_user_id: UUID) -> None:
    """A paused mentor has a follow-up at the end of the pause that restores their availability."""
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor_user_id))
    if profile is None or profile.paused_until is None:
        await cancel(session, mentor_user_id, kinds=[PAUSE_END_KIND], reason="not paused")
        return
    await schedule(
        session,
        kind=PAUSE_END_KIND,
        subject="mentor",
        subject_id=mentor_user_id,
        key="pause_end",
        due_at=_midnight(profile.paused_until),
        user_id=mentor_user_id,
    )


async def pause_end(session: AsyncSession, due: Due, context: RunContext) -> str:
    """The pause is over: the mentor is available again (and told so)."""
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == due.subject_id))
    if profile is None or profile.paused_until is None:
        return "skipped: not paused"
    if profile.paused_until > context.now.date():
        await plan_mentor_followups(session, due.subject_id)
        return "skipped: pause extended"
    profile.paused_until = None
    await create_notification(session, due.subject_id, NotificationKind.MENTOR_PAUSE_ENDED)
    return "resumed"


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
        await create_notification(session, profile.user_id, NotificationKind.MENTOR_PAUSE_ENDED)
    await schedule(
        session,
        kind=SWEEP_KIND,
        subject="system",
        subject_id=SYSTEM_ID,
        key="sweep",
        due_at=context.now + SWEEP_EVERY,
    )
    return f"resumed {len(ended)}"


def register(registry: OutboxRegistry) -> None:
    """Add the profiles domain's follow-ups, and the sweep's planning at start-up, to ``registry``."""
    registry.register(PAUSE_END_KIND, pause_end)
    registry.register(SWEEP_KIND, sweep)
    registry.on_startup(ensure_sweep)
