"""Mentor and mentee profiles: what they lived through, what they offer or want, when they are free.

Lists of plain values (languages, formats, availability slots) are JSON columns validated by the
profile schemas; challenges are rows referring to the taxonomy so matching can compare them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

if TYPE_CHECKING:
    from mentoring.db.models.accounts import UserAccount

__all__ = ["MenteeChallenge", "MenteeProfile", "MentorChallenge", "MentorProfile", "Qualification"]


class MentorProfile(UUIDAuditBase):
    """A mentor: a peer who overcame a challenge, or a professional."""

    __tablename__ = "mentor_profile"
    __table_args__ = (
        CheckConstraint("kind IN ('peer', 'professional')", name="mentor_kind_known"),
        CheckConstraint("capacity >= 0 AND capacity <= 50", name="mentor_capacity_range"),
        # The invariant behind "a mentor's capacity is never exceeded": every start of a pairing
        # increments active_mentees with a conditional update, and this check refuses the rest.
        CheckConstraint(
            "active_mentees >= 0 AND active_mentees <= capacity", name="mentor_load_within_capacity"
        ),
        CheckConstraint("engagement IN ('formal', 'informal', 'either')", name="mentor_engagement_known"),
    )

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="peer")
    bio: Mapped[str] = mapped_column(Text, default="")
    support_offered: Mapped[list[str]] = mapped_column(JsonB, default=list)
    formats: Mapped[list[str]] = mapped_column(JsonB, default=list)
    region: Mapped[str | None] = mapped_column(String(80), default=None)
    languages: Mapped[list[str]] = mapped_column(JsonB, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    active_mentees: Mapped[int] = mapped_column(Integer, default=0)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    availability: Mapped[list[dict[str, Any]]] = mapped_column(JsonB, default=list)
    paused_until: Mapped[date | None] = mapped_column(Date, default=None)
    engagement: Mapped[str] = mapped_column(String(16), default="either")

    user: Mapped[UserAccount] = relationship(back_populates="mentor_profile", lazy="noload")
    challenges: Mapped[list[MentorChallenge]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="MentorChallenge.created_at"
    )
    qualifications: Mapped[list[Qualification]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Qualification.created_at"
    )


class MentorChallenge(UUIDAuditBase):
    """A challenge a mentor overcame, optionally how many years ago."""

    __tablename__ = "mentor_challenge"
    __table_args__ = (UniqueConstraint("mentor_id", "challenge_id"),)

    mentor_id: Mapped[UUID] = mapped_column(ForeignKey("mentor_profile.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[UUID] = mapped_column(ForeignKey("challenge.id", ondelete="RESTRICT"), index=True)
    years_ago: Mapped[float | None] = mapped_column(Float, default=None)


class Qualification(UUIDAuditBase):
    """A professional qualification a coordinator can mark verified."""

    __tablename__ = "qualification"

    mentor_id: Mapped[UUID] = mapped_column(ForeignKey("mentor_profile.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200))
    document_ref: Mapped[str] = mapped_column(String(200), default="")
    verified_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    verified_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class MenteeProfile(UUIDAuditBase):
    """A mentee: what they face, the support they want and how, and what matters most to them."""

    __tablename__ = "mentee_profile"
    __table_args__ = (
        CheckConstraint("mentor_kind IN ('peer', 'professional', 'any')", name="mentee_mentor_kind_known"),
        CheckConstraint("engagement IN ('formal', 'informal', 'either')", name="mentee_engagement_known"),
        CheckConstraint("frequency IN ('weekly', 'biweekly', 'monthly')", name="mentee_frequency_known"),
    )

    user_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    support_wanted: Mapped[list[str]] = mapped_column(JsonB, default=list)
    priorities: Mapped[list[str]] = mapped_column(JsonB, default=list)
    formats: Mapped[list[str]] = mapped_column(JsonB, default=list)
    region: Mapped[str | None] = mapped_column(String(80), default=None)
    languages: Mapped[list[str]] = mapped_column(JsonB, default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    availability: Mapped[list[dict[str, Any]]] = mapped_column(JsonB, default=list)
    frequency: Mapped[str] = mapped_column(String(16), default="weekly")
    session_minutes: Mapped[int] = mapped_column(Integer, default=60)
    engagement: Mapped[str] = mapped_column(String(16), default="either")
    mentor_kind: Mapped[str] = mapped_column(String(16), default="any")
    goals: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[UserAccount] = relationship(back_populates="mentee_profile", lazy="noload")
    challenges: Mapped[list[MenteeChallenge]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="MenteeChallenge.created_at"
    )


class MenteeChallenge(UUIDAuditBase):
    """A challenge a mentee faces."""

    __tablename__ = "mentee_challenge"
    __table_args__ = (UniqueConstraint("mentee_id", "challenge_id"),)

    mentee_id: Mapped[UUID] = mapped_column(ForeignKey("mentee_profile.id", ondelete="CASCADE"), index=True)
    challenge_id: Mapped[UUID] = mapped_column(ForeignKey("challenge.id", ondelete="RESTRICT"), index=True)
