"""Response bodies of the inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from mentoring.lib.pagination import OffsetPagination
from mentoring.lib.schema import Output

__all__ = ["InboxPage", "NotificationRead", "UnreadCount"]


class NotificationRead(Output):
    """A message of the caller's inbox, in their language."""

    id: UUID
    kind: str
    subject: str
    body: str
    params: dict[str, Any]
    sent_at: datetime
    read_at: datetime | None
    email_state: Literal["none", "pending", "sent", "skipped", "failed"]


@dataclass
class InboxPage(OffsetPagination[NotificationRead]):
    """A page of the inbox, newest first, with how many of all the caller's notifications are unread."""

    unread: int


class UnreadCount(Output):
    """How many notifications are unread."""

    unread: int
