"""People: one account per person, whatever roles they hold."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

if TYPE_CHECKING:
    from mentoring.db.models.profiles import MenteeProfile, MentorProfile

__all__ = ["UserAccount"]


class UserAccount(UUIDAuditBase):
    """A person. Roles come from what they hold: a mentee profile, a mentor profile, coordination."""

    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="en")
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    erased_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    mentee_profile: Mapped[MenteeProfile | None] = relationship(
        back_populates="user", lazy="noload", uselist=False, cascade="all, delete-orphan"
    )
    mentor_profile: Mapped[MentorProfile | None] = relationship(
        back_populates="user", lazy="noload", uselist=False, cascade="all, delete-orphan"
    )
