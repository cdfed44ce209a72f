"""The inbox and the failed follow-ups coordinators look after."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, Notification, UserAccount
from mentoring.domain.followups.messages import render
from mentoring.domain.followups.schemas import (
    FailedFollowUp,
    FailedFollowUpPage,
    FollowUpRead,
    InboxPage,
    NotificationRead,
    UnreadCount,
)
from mentoring.domain.programs.scope import coordinated_program_ids, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError


def notification_read(notification: Notification, language: str) -> NotificationRead:
    """Describe a notification in the reader's language."""
    message = render(notification.kind, language, notification.params)
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

    async def page(self, user: UserAccount, *, unread_only: bool, limit: int, offset: int) -> InboxPage:
        """The caller's notifications, newest first."""
        where = [Notification.user_id == user.id]
        if unread_only:
            where.append(Notification.read_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(Notification).where(*where))
        rows = await self.session.scalars(
            select(Notification)
            .where(*where)
            .order_by(Notification.sent_at.desc(), Notification.id)
            .limit(limit)
            .offset(offset)
        )
        return InboxPage(
            items=[notification_read(n, user.language) for n in rows],
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


def failed_read(row: FollowUp) -> FailedFollowUp:
    """Describe a failed follow-up."""
    return FailedFollowUp(
        id=row.id,
        kind=row.kind,
        subject=row.subject,
        subject_id=row.subject_id,
        program_id=row.program_id,
        user_id=row.user_id,
        due_at=row.due_at,
        attempts=row.attempts,
        last_error=row.last_error,
        finished_at=row.finished_at,
    )


class FailedFollowUpService:
    """Failed follow-ups of the programmes a coordinator runs: list them, try one again."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, user: UserAccount, *, program_id: UUID | None, limit: int, offset: int
    ) -> FailedFollowUpPage:
        """Failed follow-ups of the caller's programmes (or of one of them), latest first."""
        if program_id is not None:
            await require_coordinator_of(self.session, user, program_id)
            programs = {program_id}
        else:
            programs = await coordinated_program_ids(self.session, user.id)
        where = (FollowUp.state == "failed", FollowUp.program_id.in_(programs))
        total = await self.session.scalar(select(func.count()).select_from(FollowUp).where(*where))
        rows = await self.session.scalars(
            select(FollowUp)
            .where(*where)
            .order_by(FollowUp.finished_at.desc(), FollowUp.id)
            .limit(limit)
            .offset(offset)
        )
        return FailedFollowUpPage(items=[failed_read(r) for r in rows], total=int(total or 0))

    async def retry(self, user: UserAccount, followup_id: UUID) -> FollowUpRead:
        """Put a failed follow-up back in the queue, due now, with fresh attempts."""
        row = await self.session.get(FollowUp, followup_id)
        programs = await coordinated_program_ids(self.session, user.id)
        if row is None or row.program_id not in programs:
            raise NotFoundError(f"No follow-up {followup_id}")
        if row.state != "failed":
            raise ConflictError(f"Only a failed follow-up can be retried: it is {row.state}")
        if not user.is_coordinator:
            raise ForbiddenError("Only coordinators may do this")
        replanned = await self.session.scalar(
            select(FollowUp.id).where(
                FollowUp.subject_id == row.subject_id, FollowUp.key == row.key, FollowUp.state == "pending"
            )
        )
        if replanned is not None:
            raise ConflictError("This follow-up was planned again meanwhile: nothing to retry")
        now = utcnow()
        result = await self.session.execute(
            update(FollowUp)
            .where(FollowUp.id == followup_id, FollowUp.state == "failed")
            .values(
                state="pending", attempts=0, due_at=now, locked_by=None, locked_until=None, finished_at=None
            )
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            raise ConflictError("The follow-up changed meanwhile: try again")
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="follow_up",
            entity_id=followup_id,
            action="retry",
            kind=row.kind,
        )
        await self.session.refresh(row)
        return FollowUpRead(
            id=row.id,
            kind=row.kind,
            state=row.state,  # type: ignore[arg-type]
            due_at=row.due_at,
            attempts=row.attempts,
            last_error=row.last_error,
        )
