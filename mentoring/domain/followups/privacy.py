"""The followups domain's part of a person's data export and account erasure.

Erasure deletes the person's notifications and their pending follow-ups, and blanks what they wrote in
check-ins (the concern text); the answers' figures stay, so a pairing's health remains true.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import CheckIn, FollowUp, Notification
from mentoring.lib.clock import utcnow


async def export_followups(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The person's notifications and check-ins (with what they wrote)."""
    notifications = await session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.sent_at)
    )
    check_ins = await session.scalars(
        select(CheckIn).where(CheckIn.user_id == user_id).order_by(CheckIn.asked_at)
    )
    return {
        "notifications": [
            {
                "kind": n.kind,
                "params": n.params,
                "sent_at": n.sent_at,
                "read_at": n.read_at,
                "email": n.email_state,
            }
            for n in notifications
        ],
        "check_ins": [
            {
                "pairing_id": c.pairing_id,
                "asked_at": c.asked_at,
                "answered_at": c.answered_at,
                "met": c.met,
                "rating": c.rating,
                "worried": c.worried,
                "concern": c.concern,
            }
            for c in check_ins
        ],
    }


async def erase_followups(session: AsyncSession, user_id: UUID) -> None:
    """Delete the person's inbox and pending follow-ups; blank their check-in concerns."""
    await session.execute(
        update(FollowUp)
        .where(FollowUp.user_id == user_id, FollowUp.state == "pending")
        .values(state="cancelled", outcome="account erased", finished_at=utcnow(), params={})
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(FollowUp)
        .where(FollowUp.subject == "notification", FollowUp.user_id == user_id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        delete(Notification)
        .where(Notification.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(CheckIn)
        .where(CheckIn.user_id == user_id)
        .values(concern=None)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
