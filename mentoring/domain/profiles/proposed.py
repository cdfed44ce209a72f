"""What a mentee sees of a mentor they are proposed to or paired with: only what the mentor shows.

A mentee gets 403 on a mentor's whole profile (capacity, qualifications' documents, other mentees'
load are not theirs to read); this view gives them the first name, the bio, the lived experience
the mentor entered for matching, languages, formats and the weekly availability, nothing more.
"""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, MentorChallenge, MentorProfile, Pairing, Proposal, UserAccount
from mentoring.lib.errors import NotFoundError

__all__ = ["LivedExperience", "ProposedMentor", "proposed_mentor"]


class LivedExperience(msgspec.Struct, frozen=True):
    """A challenge the mentor lived through, with its labels, and how long ago if they said."""

    slug: str
    label_en: str
    label_fr: str
    years_ago: float | None


class ProposedMentor(msgspec.Struct, kw_only=True):
    """The mentor as a proposed or paired mentee sees them."""

    user_id: UUID
    first_name: str
    kind: str
    bio: str
    experience: list[LivedExperience]
    languages: list[str]
    formats: list[str]
    timezone: str
    verified: bool


async def proposed_mentor(session: AsyncSession, mentee_id: UUID, mentor_id: UUID) -> ProposedMentor:
    """The mentor's shown profile, if an offered proposal or a pairing links them to this mentee (404 otherwise)."""
    linked = await session.scalar(
        select(
            or_(
                exists().where(
                    Proposal.mentee_id == mentee_id,
                    Proposal.mentor_id == mentor_id,
                    Proposal.offered_at.is_not(None),
                ),
                exists().where(Pairing.mentee_id == mentee_id, Pairing.mentor_id == mentor_id),
            )
        )
    )
    row = (
        (
            await session.execute(
                select(MentorProfile, UserAccount.display_name)
                .join(UserAccount, UserAccount.id == MentorProfile.user_id)
                .where(MentorProfile.user_id == mentor_id, UserAccount.erased_at.is_(None))
            )
        ).first()
        if linked
        else None
    )
    if row is None:
        raise NotFoundError(f"No mentor {mentor_id} proposed to you")
    profile, name = row
    experience = (
        await session.execute(
            select(Challenge.slug, Challenge.label_en, Challenge.label_fr, MentorChallenge.years_ago)
            .join(MentorChallenge, MentorChallenge.challenge_id == Challenge.id)
            .where(MentorChallenge.mentor_id == profile.id)
            .order_by(Challenge.slug)
        )
    ).all()
    return ProposedMentor(
        user_id=mentor_id,
        first_name=(name or "").split(" ")[0],
        kind=profile.kind,
        bio=profile.bio,
        experience=[LivedExperience(s, en, fr, y) for s, en, fr, y in experience],
        languages=list(profile.languages),
        formats=list(profile.formats),
        timezone=profile.timezone,
        verified=any(q.verified_at is not None for q in profile.qualifications),
    )
