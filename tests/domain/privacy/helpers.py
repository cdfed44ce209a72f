"""Arrange programmes, memberships, challenges and access events straight in the database.

The programme and profile services land in parallel; until their routes exist these rows are
written through the models, the way those services will write them.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Program,
    ProgramCoordinator,
    ProgramMembership,
    Qualification,
)
from mentoring.lib.access_log import record_access
from mentoring.lib.clock import utcnow


async def make_program(engine: AsyncEngine, name: str = "Grief peer support") -> str:
    """A programme; returns its id as a string."""
    async with session_scope(engine) as session:
        program = Program(slug=f"p-{uuid.uuid4().hex[:10]}", name=name, terms_kind="informal")
        session.add(program)
        await session.flush()
        return str(program.id)


async def add_coordinator(engine: AsyncEngine, program_id: str, user_id: str) -> None:
    """Make an existing coordinator account coordinate one more programme."""
    async with session_scope(engine) as session:
        session.add(ProgramCoordinator(program_id=UUID(program_id), user_id=UUID(user_id)))


async def join(engine: AsyncEngine, program_id: str, user_id: str, role: str) -> None:
    """Add a member to a programme."""
    async with session_scope(engine) as session:
        session.add(
            ProgramMembership(
                program_id=UUID(program_id), user_id=UUID(user_id), role=role, joined_at=utcnow()
            )
        )


async def _challenge_id(session, slug: str) -> UUID:
    challenge_id = await session.scalar(select(Challenge.id).where(Challenge.slug == slug))
    assert challenge_id is not None, slug
    return challenge_id


async def give_mentee_challenges(engine: AsyncEngine, user_id: str, *slugs: str) -> None:
    """Fill a mentee profile: challenges, availability, goals."""
    async with session_scope(engine) as session:
        profile = await session.scalar(select(MenteeProfile).where(MenteeProfile.user_id == UUID(user_id)))
        assert profile is not None
        profile.availability = [{"weekday": 0, "start": "18:00", "end": "20:00"}]
        profile.goals = "Sleep through the night again"
        for slug in slugs:
            session.add(
                MenteeChallenge(mentee_id=profile.id, challenge_id=await _challenge_id(session, slug))
            )


async def give_mentor_challenges(engine: AsyncEngine, user_id: str, *slugs: str) -> None:
    """Fill a mentor profile: challenges, a qualification, availability."""
    async with session_scope(engine) as session:
        profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == UUID(user_id)))
        assert profile is not None
        profile.availability = [{"weekday": 1, "start": "09:00", "end": "11:00"}]
        profile.bio = "Ten years sober"
        for slug in slugs:
            session.add(
                MentorChallenge(
                    mentor_id=profile.id, challenge_id=await _challenge_id(session, slug), years_ago=10
                )
            )
        session.add(Qualification(mentor_id=profile.id, title="Addiction counsellor", issuer="Board"))


async def read_challenges(
    engine: AsyncEngine, actor_id: str, subject_id: str, program_id: str | None
) -> None:
    """Record that ``actor_id`` read ``subject_id``'s challenges (as the profile routes will)."""
    async with session_scope(engine) as session:
        await record_access(
            session,
            actor_id=UUID(actor_id),
            subject_id=UUID(subject_id),
            program_id=UUID(program_id) if program_id else None,
            field="challenges",
        )
