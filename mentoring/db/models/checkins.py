"""Check-ins of pairings: a question put to one party, and the answer."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["CheckIn"]


class CheckIn(UUIDAuditBase):
    """A question put to one party of a pairing: did you meet, how was it (1–5), anything worrying?

    The concern text is sensitive: it is shown to the person who wrote it and to the programme's
    coordinators only, and never leaves the database in an e-mail or a job.
    """

    __tablename__ = "check_in"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="check_in_rating_range"),
        Index("ix_check_in_pairing_asked", "pairing_id", "asked_at"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("program.id", ondelete="SET NULL"), index=True, default=None
    )
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # mentee, mentor or coordinator: who is asked.
    role: Mapped[str] = mapped_column(String(16))
    followup_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="SET NULL"), unique=True, default=None
    )
    asked_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    met: Mapped[bool | None] = mapped_column(Boolean, default=None)
    rating: Mapped[int | None] = mapped_column(Integer, default=None)
    worried: Mapped[bool | None] = mapped_column(Boolean, default=None)
    concern: Mapped[str | None] = mapped_column(Text, default=None)
    # Set when the answer raised an alert (low rating or a concern), for idempotent alerting.
    alerted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
