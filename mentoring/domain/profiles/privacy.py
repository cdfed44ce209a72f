"""The profiles domain's part of a person's data export and account erasure.

The export holds both profiles with their challenges (as taxonomy slugs) and qualifications; the
erasure deletes them, with their challenges, qualifications and availability.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Qualification,
)
from mentoring.domain.accounts.privacy import columns
from mentoring.lib.privacy import PrivacySection

__all__ = ["PROFILES", "erase_profiles", "export_profiles"]


async def export_profiles(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The mentor and mentee profiles with their challenges (as taxonomy slugs) and qualifications."""
    result: dict[str, Any] = {"mentor": None, "mentee": None}
    mentor = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id))
    if mentor is not None:
        rows = await session.execute(
            select(Challenge.slug, MentorChallenge.years_ago)
            .join(Challenge, Challenge.id == MentorChallenge.challenge_id)
            .where(MentorChallenge.mentor_id == mentor.id)
            .order_by(Challenge.slug)
        )
        result["mentor"] = {
            **columns(mentor),
            "challenges": [{"slug": slug, "years_ago": years} for slug, years in rows.all()],
            "qualifications": [columns(q) for q in mentor.qualifications],
        }
    mentee = await session.scalar(select(MenteeProfile).where(MenteeProfile.user_id == user_id))
    if mentee is not None:
        slugs = await session.scalars(
            select(Challenge.slug)
            .join(MenteeChallenge, MenteeChallenge.challenge_id == Challenge.id)
            .where(MenteeChallenge.mentee_id == mentee.id)
            .order_by(Challenge.slug)
        )
        result["mentee"] = {**columns(mentee), "challenges": list(slugs)}
    return result


async def erase_profiles(session: AsyncSession, user_id: UUID) -> None:
    """Delete both profiles with their challenges, qualifications and availability."""
    mentor_ids = select(MentorProfile.id).where(MentorProfile.user_id == user_id)
    mentee_ids = select(MenteeProfile.id).where(MenteeProfile.user_id == user_id)
    for statement in (
        delete(MentorChallenge).where(MentorChallenge.mentor_id.in_(mentor_ids)),
        delete(Qualification).where(Qualification.mentor_id.in_(mentor_ids)),
        delete(MenteeChallenge).where(MenteeChallenge.mentee_id.in_(mentee_ids)),
        delete(MentorProfile).where(MentorProfile.user_id == user_id),
        delete(MenteeProfile).where(MenteeProfile.user_id == user_id),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))


PROFILES = PrivacySection("profiles", export=export_profiles, erase=erase_profiles)
