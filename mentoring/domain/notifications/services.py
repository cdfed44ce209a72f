"""Notify people, and read and mark their inbox.

:func:`notify` (and :func:`create_notification`) writes the inbox row at once, in the caller's
transaction, and plans the e-mail as a follow-up of its own (sent by :mod:`.jobs` when SMTP is
configured). :func:`notify_later` plans a notification for a later time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, Notification, UserAccount
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.messages import render
from mentoring.domain.notifications.schemas import InboxPage, NotificationRead, UnreadCount
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import NotFoundError
from mentoring.lib.pagination import LimitOffset
from mentoring.outbox.schedule import plain_params, schedule

__all__ = [
    "EMAIL_KIND",
    "REMINDER_KIND",
    "InboxService",
    "create_notification",
    "notification_read",
    "notify",
    "notify_later",
]

#: The follow-up that e-mails a notification.
EMAIL_KIND = "email.send"
#: The follow-up that puts a planned notification in someone's inbox.
REMINDER_KIND = "notify.later"


async def create_notification(
    session: AsyncSession, user_id: UUID, kind: NotificationKind, params: dict[str, Any] | None = None
) -> Notification | None:
    """Put a notification in the person's inbox and plan its e-mail; nothing for an erased account."""
    account = (await session.execute(select(UserAccount.erased_at).where(UserAccount.id == user_id))).first()
    if account is None or account.erased_at is not None:
        return None
    now = utcnow()
    notification = Notification(
        user_id=user_id,
        kind=NotificationKind(kind).value,
        params=plain_params(params),
        sent_at=now,
        email_state="pending",
    )
    session.add(notification)
    await session.flush()
    await schedule(
        session,
        kind=EMAIL_KIND,
        subject="notification",
        subject_id=notification.id,
        key="email",
        due_at=now,
        user_id=user_id,
        program_id=_program_id(params),
        fresh=True,
    )
    return notification


async def notify(
    session: AsyncSession, user_id: UUID, kind: NotificationKind, params: dict[str, Any] | None = None
) -> UUID | None:
    """Put a notification in the person's inbox and plan its e-mail (sent when SMTP is configured).

    ``params`` holds ids and small values only (stored with the notification, never written into
    the e-mail). Returns the notification's id, or None when the account is erased.
    """
    notification = await create_notification(session, user_id, kind, params)
    return notification.id if notification else None


async def notify_later(
    session: AsyncSession,
    user_id: UUID,
    kind: NotificationKind,
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
        params={**(params or {}), "message": NotificationKind(kind).value},
    )


def _program_id(params: dict[str, Any] | None) -> UUID | None:
    """The programme a notification is about, when its parameters name one."""
    value = (params or {}).get("program_id")
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def notification_read(notification: Notification, language: str) -> NotificationRead:
    """Describe a notification in the reader's language."""
    message = render(notification.kind, language)
    return NotificationRead(
        id=notification.id,
        kind=notification.kind,
        subject=message.subject,
        body=message.body,
        params=notification.params,
        sent_at=notification.sent_at,
        read_at=notification.read_at,
        email_state=notification.email_state,  # type: ignore[arg-type]
    )


class InboxService:
    """A person's in-app notifications."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _unread(self, user_id: UUID) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        return int(count or 0)

    async def page(self, user: UserAccount, page: LimitOffset, *, unread_only: bool) -> InboxPage:
        """The caller's notifications, newest first, with the unread count."""
        where = [Notification.user_id == user.id]
        if unread_only:
            where.append(Notification.read_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(Notification).where(*where))
        rows = await self.session.scalars(
            select(Notification)
            .where(*where)
            .order_by(Notification.sent_at.desc(), Notification.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        return InboxPage(
            items=[notification_read(n, user.language) for n in rows],
            limit=page.limit,
            offset=page.offset,
            total=int(total or 0),
            unread=await self._unread(user.id),
        )

    async def mark_read(self, user: UserAccount, notification_id: UUID) -> NotificationRead:
        """Mark one of the caller's notifications read (idempotent); others' are a 404."""
        notification = await self.session.get(Notification, notification_id)
        if notification is None or notification.user_id != user.id:
            raise NotFoundError(f"No notification {notification_id}")
        if notification.read_at is None:
            notification.read_at = utcnow()
            await self.session.flush()
        return notification_read(notification, user.language)

    async def mark_all_read(self, user: UserAccount) -> UnreadCount:
        """Mark every notification of the caller read."""
        await self.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return UnreadCount(unread=0)
