"""A plain scheduled notification: at ``due_at``, put ``params["message"]`` in someone's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.registry import Due, RunContext, performs
from mentoring.domain.followups.schedule import schedule

REMINDER_KIND = "notify.later"


async def notify_later(
    session: AsyncSession,
    user_id: UUID,
    kind: str,
    due_at: datetime,
    *,
    key: str,
    subject_id: UUID | None = None,
    program_id: UUID | None = None,
    params: dict[str, Any] | None = None,
) -> FollowUp:
    """Plan a notification of ``kind`` to ``user_id`` at ``due_at`` (one pending per subject and key)."""
    return await schedule(
        session,
        kind=REMINDER_KIND,
        subject="user",
        subject_id=subject_id or user_id,
        key=key,
        due_at=due_at,
        user_id=user_id,
        program_id=program_id,
        params={**(params or {}), "message": kind},
    )


@performs(REMINDER_KIND)
async def perform_reminder(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Deliver the planned notification."""
    assert due.user_id is not None
    params = {k: v for k, v in due.params.items() if k != "message"}
    notification = await create_notification(session, due.user_id, str(due.params["message"]), params)
    return "notified" if notification else "skipped: account erased"
