"""The notifications domain's part of a person's data export and account erasure.

Erasure deletes the person's inbox and cancels the follow-ups still planned for them; the e-mail
follow-ups already performed stay as a trace, without the person's id. The sections are registered
by a domain above this one (see :mod:`mentoring.domain.pairings.privacy`): notifications import no
other domain.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Notification
from mentoring.outbox.schedule import cancel_for_user, detach_user

__all__ = ["erase_notifications", "export_notifications"]


async def export_notifications(session: AsyncSession, user_id: UUID) -> list[dict[str, Any]]:
    """The person's notifications, oldest first."""
    notifications = await session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.sent_at)
    )
    return [
        {
            "kind": n.kind,
            "params": n.params,
            "sent_at": n.sent_at,
            "read_at": n.read_at,
            "email": n.email_state,
        }
        for n in notifications
    ]


async def erase_notifications(session: AsyncSession, user_id: UUID) -> None:
    """Cancel the person's pending follow-ups and delete their inbox."""
    await cancel_for_user(session, user_id, reason="account erased")
    await detach_user(session, user_id, subject="notification")
    await session.execute(
        delete(Notification)
        .where(Notification.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
