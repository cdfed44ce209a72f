"""The notifications domain's table: people's in-app inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["Notification"]


class Notification(UUIDAuditBase):
    """A message in a person's in-app inbox; rendered in their language when read or e-mailed."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_sent", "user_id", "sent_at"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    sent_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # none (no e-mail wanted), pending, sent, skipped (no SMTP, erased account) or failed.
    email_state: Mapped[str] = mapped_column(String(16), default="pending")
