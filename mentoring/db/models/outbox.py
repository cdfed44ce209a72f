"""The outbox's table: follow-ups the background jobs perform (see :mod:`mentoring.outbox`).

A follow-up is the durable record of something to do later: Redis only pokes the workers, this
table says what is due. Rows carry ids and states, never sensitive content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["FOLLOWUP_STATES", "FollowUp"]

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
