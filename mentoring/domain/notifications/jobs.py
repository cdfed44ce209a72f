"""The notifications domain's follow-ups: e-mail a notification, deliver a planned one.

:func:`register` adds them to the outbox registry (called by :func:`mentoring.app.build_outbox_registry`).
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Notification, UserAccount
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.links import page_path
from mentoring.domain.notifications.messages import email_text
from mentoring.domain.notifications.services import EMAIL_KIND, REMINDER_KIND, create_notification
from mentoring.outbox.registry import Due, OutboxRegistry, RunContext
from mentoring.settings import Settings

__all__ = ["build_email", "register", "send_email"]


def build_email(settings: Settings, to: str, kind: str, language: str, path: str = "/") -> EmailMessage:
    """The e-mail of a notification, in the recipient's language, with no sensitive content.

    ``path`` is the page concerned (site-relative), joined to ``settings.public_url`` for the link.
    """
    text = email_text(kind, language, settings.public_url, path)
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
    path = page_path(notification.params)
    message = build_email(context.settings, user.email, notification.kind, user.language, path)
    await send_email(context.settings, message)
    notification.email_state = "sent"
    return "sent"


async def email_failed(session: AsyncSession, due: Due, reason: str, now: datetime) -> None:
    """The e-mail could not be sent: say so on the notification (the inbox still has it)."""
    notification = await session.get(Notification, due.subject_id)
    if notification is not None:
        notification.email_state = "failed"


async def deliver_later(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Deliver a notification planned with :func:`~.services.notify_later`."""
    assert due.user_id is not None
    params = {k: v for k, v in due.params.items() if k != "message"}
    kind = NotificationKind(str(due.params["message"]))
    notification = await create_notification(session, due.user_id, kind, params)
    return "notified" if notification else "skipped: account erased"


def register(registry: OutboxRegistry) -> None:
    """Add the notifications domain's follow-ups to ``registry``."""
    registry.register(EMAIL_KIND, perform_email, on_final_failure=email_failed)
    registry.register(REMINDER_KIND, deliver_later)
