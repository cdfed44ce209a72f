"""Notifications: the inbox row is written at once, the e-mail is a follow-up of its own."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any
from uuid import UUID

import aiosmtplib
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Notification, UserAccount
from mentoring.domain.followups.messages import email_text
from mentoring.domain.followups.registry import Due, RunContext, on_final_failure, performs
from mentoring.domain.followups.schedule import _plain, schedule
from mentoring.lib.clock import utcnow
from mentoring.settings import Settings

EMAIL_KIND = "email.send"


async def create_notification(
    session: AsyncSession, user_id: UUID, kind: str, params: dict[str, Any] | None = None
) -> Notification | None:
    """Put a notification in the person's inbox and plan its e-mail; nothing for an erased account."""
    account = (await session.execute(select(UserAccount.erased_at).where(UserAccount.id == user_id))).first()
    if account is None or account.erased_at is not None:
        return None
    now = utcnow()
    notification = Notification(
        user_id=user_id, kind=kind, params=_plain(params), sent_at=now, email_state="pending"
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


def _program_id(params: dict[str, Any] | None) -> UUID | None:
    """The programme a notification is about, when its parameters name one."""
    value = (params or {}).get("program_id")
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def build_email(settings: Settings, to: str, kind: str, language: str) -> EmailMessage:
    """The e-mail of a notification, in the recipient's language, with no sensitive content."""
    text = email_text(kind, language, settings.public_url)
    message = EmailMessage()
    message["From"] = settings.smtp.sender
    message["To"] = to
    message["Subject"] = text.subject
    message.set_content(text.body)
    message["Content-Language"] = language  # after set_content, which resets Content-* headers
    return message


async def send_email(settings: Settings, message: EmailMessage) -> None:
    """Hand the message to the configured SMTP server."""
    smtp = settings.smtp
    await aiosmtplib.send(
        message,
        hostname=smtp.host,
        port=smtp.port,
        username=smtp.username,
        password=smtp.password,
        use_tls=smtp.use_tls,
        start_tls=smtp.start_tls,
        timeout=30,
    )


@performs(EMAIL_KIND)
async def perform_email(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Send a notification's e-mail (at least once: a crash after sending and before commit resends)."""
    notification = await session.get(Notification, due.subject_id)
    if notification is None:
        return "skipped: notification gone"
    user = await session.get(UserAccount, notification.user_id)
    if context.settings.smtp.host is None:
        notification.email_state = "skipped"
        return "skipped: no SMTP"
    if user is None or user.erased_at is not None:
        notification.email_state = "skipped"
        return "skipped: account erased"
    message = build_email(context.settings, user.email, notification.kind, user.language)
    await send_email(context.settings, message)
    notification.email_state = "sent"
    return "sent"


@on_final_failure(EMAIL_KIND)
async def email_failed(session: AsyncSession, due: Due, reason: str, now: Any) -> None:
    """The e-mail could not be sent: say so on the notification (the inbox still has it)."""
    notification = await session.get(Notification, due.subject_id)
    if notification is not None:
        notification.email_state = "failed"
