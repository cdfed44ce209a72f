"""Who may act in which programme: the checks and queries every domain uses.

Coordinators act only within the programmes they coordinate (table ``program_coordinator``);
mentees and mentors act within the programmes they joined (table ``program_membership``).
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Program, ProgramCoordinator, ProgramMembership, UserAccount
from mentoring.domain.programs.terms import program_default_terms
from mentoring.lib.errors import ForbiddenError, NotFoundError

__all__ = [
    "coordinated_program_ids",
    "coordinator_ids",
    "coordinator_shares_program_with",
    "get_program",
    "is_coordinator_of",
    "program_default_terms",
    "require_coordinator_of",
    "require_member",
    "shared_program_id",
]


async def get_program(session: AsyncSession, program_id: UUID) -> Program:
    """The programme, or a 404."""
    program = await session.get(Program, program_id)
    if program is None:
        raise NotFoundError(f"No programme {program_id}")
    return program


async def coordinated_program_ids(session: AsyncSession, user_id: UUID) -> set[UUID]:
    """The ids of the programmes this person coordinates (empty for anyone else)."""
    rows = await session.scalars(
        select(ProgramCoordinator.program_id).where(ProgramCoordinator.user_id == user_id)
    )
    return set(rows)


async def is_coordinator_of(session: AsyncSession, user_id: UUID, program_id: UUID) -> bool:
    """Whether this person coordinates this programme."""
    found = await session.scalar(
        select(ProgramCoordinator.id).where(
            ProgramCoordinator.user_id == user_id, ProgramCoordinator.program_id == program_id
        )
    )
    return found is not None


async def require_coordinator_of(session: AsyncSession, user: UserAccount, program_id: UUID) -> Program:
    """The programme if ``user`` coordinates it: 404 if there is no such programme, 403 otherwise."""
    program = await get_program(session, program_id)
    if not user.is_coordinator or not await is_coordinator_of(session, user.id, program_id):
        raise ForbiddenError("You do not coordinate this programme")
    return program


async def shared_program_id(
    session: AsyncSession,
    coordinator_id: UUID,
    person_id: UUID,
    role: Literal["mentee", "mentor"] | None = None,
) -> UUID | None:
    """The earliest-joined programme the coordinator coordinates and the person belongs to
    (in ``role``, when given); ``None`` when there is none."""
    query = (
        select(ProgramMembership.program_id)
        .join(ProgramCoordinator, ProgramCoordinator.program_id == ProgramMembership.program_id)
        .where(ProgramCoordinator.user_id == coordinator_id, ProgramMembership.user_id == person_id)
        .order_by(ProgramMembership.joined_at, ProgramMembership.program_id)
        .limit(1)
    )
    if role is not None:
        query = query.where(ProgramMembership.role == role)
    return await session.scalar(query)


async def coordinator_shares_program_with(
    session: AsyncSession, coordinator_id: UUID, person_id: UUID
) -> bool:
    """Whether the person is a member (mentee or mentor) of a programme the coordinator coordinates."""
    return await shared_program_id(session, coordinator_id, person_id) is not None


async def require_member(
    session: AsyncSession, user_id: UUID, program_id: UUID, role: str
) -> ProgramMembership:
    """The person's membership in the programme with that role.

    Raises:
        NotFoundError: there is no such programme.
        ForbiddenError: the person has not joined it with that role.
    """
    await get_program(session, program_id)
    membership = await session.scalar(
        select(ProgramMembership).where(
            ProgramMembership.user_id == user_id,
            ProgramMembership.program_id == program_id,
            ProgramMembership.role == role,
        )
    )
    if membership is None:
        raise ForbiddenError(f"You have not joined this programme as a {role}")
    return membership


async def coordinator_ids(session: AsyncSession, program_id: UUID) -> list[UUID]:
    """The programme's live coordinators (erased accounts excluded), longest-serving first."""
    rows = await session.scalars(
        select(ProgramCoordinator.user_id)
        .join(UserAccount, UserAccount.id == ProgramCoordinator.user_id)
        .where(ProgramCoordinator.program_id == program_id, UserAccount.erased_at.is_(None))
        .order_by(ProgramCoordinator.created_at)
    )
    return list(rows)
