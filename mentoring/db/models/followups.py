"""Follow-ups the background jobs perform, the notifications people receive, and check-ins.

A follow-up is the durable record of something to do later: Redis only pokes the workers, this
table says what is due. Rows carry ids and states, never sensitive content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["CheckIn", "FollowUp", "Notification"]

FOLLOWUP_STATES = ("pending", "done", "cancelled", "failed")


class FollowUp(UUIDAuditBase):
    """Something to do at ``due_at`` about a subject (a pairing, a proposal, a notification…).

    ``pending`` rows are claimed by a worker, which sets a lease (``locked_until``/``locked_by``);
    the effect and the move to ``done`` commit together. A failure pushes ``due_at`` back; after
    the last attempt (``MENTORING_JOBS_MAX_ATTEMPTS``) the row is ``failed`` with ``last_error`` for coordinators to see.
    """

    __tablename__ = "follow_up"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'done', 'cancelled', 'failed')", name="follow_up_state_known"),
        Index("ix_follow_up_state_due", "state", "due_at"),
        # One pending occurrence per subject and key: re-planning never duplicates a follow-up.
        Index(
            "ux_follow_up_pending_key",
            "subject_id",
            "key",
            unique=True,
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[UUID] = mapped_column(index=True)
    key: Mapped[str] = mapped_column(String(80))
    program_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("program.id", ondelete="SET NULL"), index=True, default=None
    )
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, default=None
    )
    due_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    locked_by: Mapped[str | None] = mapped_column(String(64), default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    outcome: Mapped[str | None] = mapped_column(String(60), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # Ids and small values only (never challenges, notes or concerns).
    params: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)


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
