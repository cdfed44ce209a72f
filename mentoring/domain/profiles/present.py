"""Turn profile rows into response bodies (with their challenge slugs and qualifications)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Qualification,
)
from mentoring.domain.profiles.schemas import (
    MenteeMatchingRead,
    MenteeProfileRead,
    MentorChallengeRead,
    MentorProfileRead,
    QualificationRead,
    Slot,
)


def _slots(raw: list[dict[str, object]]) -> list[Slot]:
    return msgspec.convert(raw, list[Slot])


def qualification_read(row: Qualification) -> QualificationRead:
    """A qualification as the mentor and coordinators see it."""
    return QualificationRead(
        id=row.id,
        title=row.title,
        issuer=row.issuer,
        document_ref=row.document_ref,
        verified_at=row.verified_at,
        verified_by_id=row.verified_by_id,
    )


async def mentee_challenge_slugs(session: AsyncSession, profile_id: UUID) -> list[str]:
    """The slugs of the challenges a mentee faces, sorted."""
    rows = await session.scalars(
        select(Challenge.slug)
        .join(MenteeChallenge, MenteeChallenge.challenge_id == Challenge.id)
        .where(MenteeChallenge.mentee_id == profile_id)
        .order_by(Challenge.slug)
    )
    return list(rows)


async def mentor_read(session: AsyncSession, profile: MentorProfile) -> MentorProfileRead:
    """The whole mentor profile with its challenges and qualifications."""
    challenges = (
        await session.execute(
            select(Challenge.slug, MentorChallenge.years_ago)
            .join(MentorChallenge, MentorChallenge.challenge_id == Challenge.id)
            .where(MentorChallenge.mentor_id == profile.id)
            .order_by(Challenge.slug)
        )
    ).all()
    qualifications = await session.scalars(
        select(Qualification)
        .where(Qualification.mentor_id == profile.id)
        .order_by(Qualification.created_at, Qualification.id)
    )
    return MentorProfileRead(
        user_id=profile.user_id,
        kind=profile.kind,
        challenges=[MentorChallengeRead(slug=slug, years_ago=years) for slug, years in challenges],
        support_offered=list(profile.support_offered),
        formats=list(profile.formats),
        region=profile.region,
        languages=list(profile.languages),
        capacity=profile.capacity,
        active_mentees=profile.active_mentees,
        timezone=profile.timezone,
        availability=_slots(profile.availability),
        paused_until=profile.paused_until,
        engagement=profile.engagement,
        bio=profile.bio,
        qualifications=[qualification_read(q) for q in qualifications],
        updated_at=profile.updated_at,
    )


async def mentee_read(session: AsyncSession, profile: MenteeProfile) -> MenteeProfileRead:
    """The whole mentee profile with its challenges."""
    return MenteeProfileRead(
        user_id=profile.user_id,
        challenges=await mentee_challenge_slugs(session, profile.id),
        support_wanted=list(profile.support_wanted),
        priorities=list(profile.priorities),
        formats=list(profile.formats),
        region=profile.region,
        languages=list(profile.languages),
        timezone=profile.timezone,
        availability=_slots(profile.availability),
        frequency=profile.frequency,
        session_minutes=profile.session_minutes,
        engagement=profile.engagement,
        mentor_kind=profile.mentor_kind,
        goals=profile.goals,
        updated_at=profile.updated_at,
    )


async def mentee_matching_read(session: AsyncSession, profile: MenteeProfile) -> MenteeMatchingRead:
    """Only what a mentee shares with a mentor they are linked to."""
    return MenteeMatchingRead(
        user_id=profile.user_id,
        challenges=await mentee_challenge_slugs(session, profile.id),
        support_wanted=list(profile.support_wanted),
        formats=list(profile.formats),
        languages=list(profile.languages),
        region=profile.region,
        timezone=profile.timezone,
        availability=_slots(profile.availability),
        goals=profile.goals,
    )
