"""What the platform remembers about access and change: never the sensitive content itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["AccessEvent", "AuditEvent"]


class AccessEvent(UUIDAuditBase):
    """Someone read a person's sensitive fields (their challenges): who, whose, what, when."""

    __tablename__ = "access_event"

    actor_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    subject_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    program_id: Mapped[UUID | None] = mapped_column(ForeignKey("program.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(64))
    accessed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class AuditEvent(UUIDAuditBase):
    """A state change (a proposal approved, a pairing closed…), written in the change's transaction."""

    __tablename__ = "audit_event"

    actor_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[UUID] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(60))
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    # Ids and states only: never challenges, notes or concerns.
    data: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
