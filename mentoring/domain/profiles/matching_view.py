"""Profiles as the pairing workflow and the matching adapter need them, loaded in bulk.

Loaders run a fixed number of queries whatever the number of people (no N+1): the profiles'
columns, their challenges joined to the taxonomy, and (for mentors) their verified
qualifications. Erased people are left out. Availability comes already converted to UTC
minute-of-week intervals (see :func:`mentoring.domain.profiles.availability.to_utc_intervals`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Literal, TypeVar
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    ProgramMembership,
    Qualification,
    UserAccount,
)
from mentoring.domain.profiles.availability import to_utc_intervals

__all__ = [
    "ChallengeExperience",
    "MenteeView",
    "MentorView",
    "load_mentee_views",
    "load_mentor_views",
    "load_program_views",
    "program_member_ids",
]

#: Ids per IN (...) list, well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500
T = TypeVar("T")


class ChallengeExperience(msgspec.Struct, frozen=True):
    """A challenge a mentor overcame, and how many years ago if they said."""

    slug: str
    years_ago: float | None = None


class MentorView(msgspec.Struct, kw_only=True):
    """What matching needs to know about a mentor."""

    user_id: UUID
    kind: str
    challenges: list[ChallengeExperience]
    support_offered: list[str]
    formats: list[str]
    region: str | None
    languages: list[str]
    capacity: int
    active_mentees: int
    timezone: str
    availability_utc: list[tuple[int, int]]
    paused_until: date | None
    engagement: str
    verified_qualifications: int

    @property
    def free_places(self) -> int:
        """How many more mentees the mentor can take now."""
        return max(0, self.capacity - self.active_mentees)

    def is_paused(self, today: date) -> bool:
        """Whether the mentor is paused on ``today`` (they resume on ``paused_until``)."""
        return self.paused_until is not None and today < self.paused_until


class MenteeView(msgspec.Struct, kw_only=True):
    """What matching needs to know about a mentee (no free-text goals, no contact details)."""

    user_id: UUID
    challenges: list[str]
    support_wanted: list[str]
    priorities: list[str]
    formats: list[str]
    region: str | None
    languages: list[str]
    timezone: str
    availability_utc: list[tuple[int, int]]
    frequency: str
    session_minutes: int
    engagement: str
    mentor_kind: str


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


async def load_mentor_views(session: AsyncSession, user_ids: Iterable[UUID]) -> list[MentorView]:
    """The mentor profiles of these people (those who have one and are not erased), by user id.

    Three queries per :data:`CHUNK` ids: profiles, challenges with slugs, verified qualifications.
    """
    views: list[MentorView] = []
    for ids in _chunks(list(dict.fromkeys(user_ids))):
        profiles = (
            await session.execute(
                # Columns only: entities would drag in their selectin relationships.
                select(*MentorProfile.__table__.columns)
                .join(UserAccount, UserAccount.id == MentorProfile.user_id)
                .where(MentorProfile.user_id.in_(ids), UserAccount.erased_at.is_(None))
                .order_by(MentorProfile.user_id)
            )
        ).all()
        profile_ids = [p.id for p in profiles]
        challenges: dict[UUID, list[ChallengeExperience]] = defaultdict(list)
        for mentor_id, slug, years_ago in await session.execute(
            select(MentorChallenge.mentor_id, Challenge.slug, MentorChallenge.years_ago)
            .join(Challenge, Challenge.id == MentorChallenge.challenge_id)
            .where(MentorChallenge.mentor_id.in_(profile_ids))
            .order_by(Challenge.slug)
        ):
            challenges[mentor_id].append(ChallengeExperience(slug=slug, years_ago=years_ago))
        verified = dict(
            (
                await session.execute(
                    select(Qualification.mentor_id, func.count())
                    .where(Qualification.mentor_id.in_(profile_ids), Qualification.verified_at.is_not(None))
                    .group_by(Qualification.mentor_id)
                )
            )
            .tuples()
            .all()
        )
        views.extend(
            MentorView(
                user_id=p.user_id,
                kind=p.kind,
                challenges=challenges.get(p.id, []),
                support_offered=list(p.support_offered),
                formats=list(p.formats),
                region=p.region,
                languages=list(p.languages),
                capacity=p.capacity,
                active_mentees=p.active_mentees,
                timezone=p.timezone,
                availability_utc=to_utc_intervals(p.availability, p.timezone),
                paused_until=p.paused_until,
                engagement=p.engagement,
                verified_qualifications=verified.get(p.id, 0),
            )
            for p in profiles
        )
    return views


async def load_mentee_views(session: AsyncSession, user_ids: Iterable[UUID]) -> list[MenteeView]:
    """The mentee profiles of these people (those who have one and are not erased), by user id.

    Two queries per :data:`CHUNK` ids: profiles, challenges with slugs.
    """
    views: list[MenteeView] = []
    for ids in _chunks(list(dict.fromkeys(user_ids))):
        profiles = (
            await session.execute(
                # Columns only: entities would drag in their selectin relationships.
                select(*MenteeProfile.__table__.columns)
                .join(UserAccount, UserAccount.id == MenteeProfile.user_id)
                .where(MenteeProfile.user_id.in_(ids), UserAccount.erased_at.is_(None))
                .order_by(MenteeProfile.user_id)
            )
        ).all()
        challenges: dict[UUID, list[str]] = defaultdict(list)
        for mentee_id, slug in await session.execute(
            select(MenteeChallenge.mentee_id, Challenge.slug)
            .join(Challenge, Challenge.id == MenteeChallenge.challenge_id)
            .where(MenteeChallenge.mentee_id.in_([p.id for p in profiles]))
            .order_by(Challenge.slug)
        ):
            challenges[mentee_id].append(slug)
        views.extend(
            MenteeView(
                user_id=p.user_id,
                challenges=challenges.get(p.id, []),
                support_wanted=list(p.support_wanted),
                priorities=list(p.priorities),
                formats=list(p.formats),
                region=p.region,
                languages=list(p.languages),
                timezone=p.timezone,
                availability_utc=to_utc_intervals(p.availability, p.timezone),
                frequency=p.frequency,
                session_minutes=p.session_minutes,
                engagement=p.engagement,
                mentor_kind=p.mentor_kind,
            )
            for p in profiles
        )
    return views


async def program_member_ids(
    session: AsyncSession, program_id: UUID, role: Literal["mentee", "mentor"]
) -> list[UUID]:
    """The user ids of the programme's members in ``role``, earliest joined first."""
    rows = await session.scalars(
        select(ProgramMembership.user_id)
        .where(ProgramMembership.program_id == program_id, ProgramMembership.role == role)
        .order_by(ProgramMembership.joined_at, ProgramMembership.user_id)
    )
    return list(rows)


async def load_program_views(
    session: AsyncSession, program_id: UUID
) -> tuple[list[MentorView], list[MenteeView]]:
    """The programme's mentors and mentees, as matching sees them (seven queries in all)."""
    mentors = await load_mentor_views(session, await program_member_ids(session, program_id, "mentor"))
    mentees = await load_mentee_views(session, await program_member_ids(session, program_id, "mentee"))
    return mentors, mentees
