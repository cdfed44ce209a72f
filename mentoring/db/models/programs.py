"""Programmes, who coordinates them, who belongs to them, and the challenge taxonomy."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

__all__ = ["Challenge", "Program", "ProgramCoordinator", "ProgramMembership"]


class Program(UUIDAuditBase):
    """A support programme (grief, addiction recovery…) with its rules and default engagement terms."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("terms_kind IN ('formal', 'informal')", name="terms_kind_known"),
        CheckConstraint("trial_sessions BETWEEN 1 AND 2", name="trial_sessions_range"),
    )

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JsonB, default=list)
    mentors_must_be_professional: Mapped[bool] = mapped_column(Boolean, default=False)
    region_scope: Mapped[list[str]] = mapped_column(JsonB, default=list)
    terms_kind: Mapped[str] = mapped_column(String(16), default="informal")
    # Default engagement terms: frequency, session_minutes, duration_weeks, sessions, goals,
    # confidentiality_text, confidentiality_version. Validated by the programme schemas.
    terms: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    trial_sessions: Mapped[int] = mapped_column(Integer, default=1)
    proposal_deadline_days: Mapped[int] = mapped_column(Integer, default=7)
    waiting_target_days: Mapped[int] = mapped_column(Integer, default=14)
    contact_after_closure: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class ProgramCoordinator(UUIDAuditBase):
    """A coordinator of a programme: they act only within the programmes listed here."""

    __tablename__ = "program_coordinator"
    __table_args__ = (UniqueConstraint("program_id", "user_id"),)

    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)


class ProgramMembership(UUIDAuditBase):
    """A mentee or a mentor who joined a programme."""

    __tablename__ = "program_membership"
    __table_args__ = (
        UniqueConstraint("program_id", "user_id", "role"),
        CheckConstraint("role IN ('mentee', 'mentor')", name="membership_role_known"),
    )

    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class Challenge(UUIDAuditBase):
    """An entry of the hierarchical challenge taxonomy: ``addiction`` › ``addiction/alcohol``."""

    __tablename__ = "challenge"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("challenge.id"), index=True)
    label_en: Mapped[str] = mapped_column(String(200))
    label_fr: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
