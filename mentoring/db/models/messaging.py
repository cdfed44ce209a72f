"""Messages between the two members of a pairing, the contact details they share, concern excerpts.

A pairing is its own thread: its messages name it. Only its mentee and mentor read them; a member
may attach some messages to a concern they raise, and only those are shown to coordinators.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["ConcernMessage", "ContactShare", "PairingMessage"]

#: The longest message, in characters (checked by the schema and by the table).
MESSAGE_MAX_LENGTH = 4000


class PairingMessage(UUIDAuditBase):
    """A text message one member sent the other; ``read_at`` is the other member's read receipt."""

    __tablename__ = "pairing_message"
    __table_args__ = (
        CheckConstraint(f"length(body) BETWEEN 1 AND {MESSAGE_MAX_LENGTH}", name="message_body_length"),
        Index("ix_pairing_message_thread", "pairing_id", "sent_at"),
        Index("ix_pairing_message_sender", "sender_id", "sent_at"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    # NULL once the sender's account is erased (their messages are erased with it).
    sender_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class ContactShare(UUIDAuditBase):
    """A contact detail one member chose to show the other (deleted when they revoke it)."""

    __tablename__ = "contact_share"
    __table_args__ = (
        UniqueConstraint("pairing_id", "user_id"),
        CheckConstraint("kind IN ('email', 'phone')", name="contact_kind_known"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(320))
    shared_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class ConcernMessage(UUIDAuditBase):
    """A message a member attached to a concern: the only part of a thread a coordinator may read."""

    __tablename__ = "concern_message"
    __table_args__ = (UniqueConstraint("concern_id", "message_id"),)

    concern_id: Mapped[UUID] = mapped_column(ForeignKey("concern.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[UUID] = mapped_column(ForeignKey("pairing_message.id", ondelete="CASCADE"), index=True)
    attached_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
